# SPDX-License-Identifier: GPL-2.0
# gdb script for make profile: stops at ktp_bench_profile_mark, then steps, instruction by
# instruction, until execution is back in the function that called the profile function
# (the mark's return, the second event call, the profile function's epilogue), and writes
# every executed address (one hex number per line) to $KTP_PROFILE_OUT.
#
# Environment: KTP_PROFILE_PORT (QEMU's gdb stub), KTP_PROFILE_MARK (the mark's address),
# KTP_PROFILE_GO (the address of ktp_bench's profile_go flag), KTP_PROFILE_STOP
# ("lo hi": the address range of the profile function's caller).
import os

import gdb

port = os.environ["KTP_PROFILE_PORT"]
mark = int(os.environ["KTP_PROFILE_MARK"], 16)
go = int(os.environ["KTP_PROFILE_GO"], 16)
stop_lo, stop_hi = (int(x, 16) for x in os.environ["KTP_PROFILE_STOP"].split())
out = os.environ["KTP_PROFILE_OUT"]
limit = int(os.environ.get("KTP_PROFILE_LIMIT", "100000"))

gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("target remote 127.0.0.1:%s" % port)
gdb.execute("hbreak *0x%x" % mark)
gdb.execute("set *(int *)0x%x = 1" % go)
gdb.execute("continue")
steps = []
for _ in range(limit):
    pc = int(gdb.selected_frame().read_register("rip"))
    if stop_lo <= pc < stop_hi:
        break
    steps.append(pc)
    gdb.execute("stepi", to_string=True)
with open(out, "w") as f:
    f.write("".join("%x\n" % pc for pc in steps))
gdb.execute("delete")
gdb.execute("detach")
