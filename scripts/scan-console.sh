#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fails when a VM console log holds a kernel report: BUG, WARNING, oops, panic, KASAN, lockdep, sleep-in-atomic, kmemleak.
#
# usage: scan-console.sh CONSOLE.log      prints each report's first lines
set -uo pipefail
log=${1:?usage: scan-console.sh CONSOLE.log}
patterns='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|lock held when returning|bad unlock balance|suspicious RCU usage|sleeping function called from invalid context|scheduling while atomic|unreferenced object|kmemleak: .*leak|Call Trace:|list_add corruption|list_del corruption'
if grep -a -n -E "$patterns" "$log" > /dev/null; then
	echo "kernel reports in $log:"
	grep -a -n -E -A12 "$patterns" "$log" | head -n 80
	exit 1
fi
exit 0
