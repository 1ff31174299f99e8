#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# make profile's report: symbolises a stepped instruction trace with the guest's kallsyms and
# prints instructions per function (self), most first, and the total.
#
# usage: profile-report.py KALLSYMS STEPS TRACE_OUT
import bisect
import sys


def main():
    syms = []
    for line in open(sys.argv[1]):
        parts = line.split()
        if len(parts) >= 3:
            mod = parts[3] if len(parts) > 3 else ""
            syms.append((int(parts[0], 16), parts[2] + (" " + mod if mod else "")))
    syms.sort()
    addrs = [a for a, _ in syms]
    steps = [int(l, 16) for l in open(sys.argv[2]) if l.strip()]
    counts, order = {}, []
    with open(sys.argv[3], "w") as trace:
        for pc in steps:
            i = bisect.bisect_right(addrs, pc) - 1
            name = syms[i][1] if i >= 0 else "?"
            off = pc - syms[i][0] if i >= 0 else pc
            trace.write("%x %s+0x%x\n" % (pc, name, off))
            if name not in counts:
                order.append(name)
                counts[name] = 0
            counts[name] += 1
    for name in sorted(order, key=lambda n: -counts[n]):
        print("%6d  %s" % (counts[name], name))
    print("%6d  total" % len(steps))


main()
