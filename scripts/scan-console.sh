#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fails when a VM console log holds a kernel report: BUG, WARNING, oops, panic, KASAN, lockdep, sleep-in-atomic, kmemleak.
#
# usage: scan-console.sh CONSOLE.log      prints each report's first lines
#
# The one exception: between the lines "ktp-torture: fault injection on" and
# "... off" (tests/vm/torture_faults.sh), the kernel's own allocation-failure
# warnings (warn_alloc: "page allocation failure", "vmalloc error", with
# their stack dump up to "</TASK>") answer injected faults and are dropped;
# any other report there still fails the run. The same holds for the kernel's
# WARN_ON_ONCE in event_define_fields (up to its "---[ end trace" line): a
# module's native trace events (ktp's, for perf and BPF, or any TRACE_EVENT)
# get their fields at load, and an injected -ENOMEM there warns.
set -uo pipefail
log=${1:?usage: scan-console.sh CONSOLE.log}
patterns='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|lock held when returning|bad unlock balance|suspicious RCU usage|sleeping function called from invalid context|scheduling while atomic|unreferenced object|kmemleak: .*leak|Call Trace:|list_add corruption|list_del corruption'
scanned=$(mktemp)
trap 'rm -f "$scanned"' EXIT
awk '/ktp-torture: fault injection on/ { window = 1 }
     /ktp-torture: fault injection off/ { window = 0 }
     window && /(page allocation failure|vmalloc error): / { dropping = 1 }
     window && /WARNING: .* event_define_fields/ { warn = 1 }
     window && warn && /------------\[ cut here \]------------/ { next }
     { print (dropping || warn ? "[dropped: kernel warning under fault injection]" : $0) }
     dropping && /<\/TASK>/ { dropping = 0 }
     warn && /---\[ end trace/ { warn = 0 }' "$log" > "$scanned"
if grep -a -n -E "$patterns" "$scanned" > /dev/null; then
	echo "kernel reports in $log:"
	grep -a -n -E -A12 "$patterns" "$scanned" | head -n 80
	exit 1
fi
exit 0
