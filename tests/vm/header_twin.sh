#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: the common header agrees with native's in every context: a native event and its ktp
# twin fire side by side at preempt depths 0..20, with irqs off, bottom halves off, migration
# disabled, a reschedule pending, in a softirq and in a hardirq; each pair of records shows the
# same latency columns (irqs-off, need-resched, hardirq/softirq, preempt depth, migrate depth).
. /ktp/tests/vm/lib.sh
check "load ktp" insmod /ktp/modules/ktp.ko
check "load the twins" insmod /ktp/modules/ktp_filter_twin.ko
N=/sys/kernel/tracing
K=/sys/kernel/debug/ktp
echo 1 > $N/events/ktp_twin_native/twin/enable
echo 1 > $K/events/ktp_twin/twin/enable
: > $N/trace
: > $K/trace
check "fire both twins in every context" sh -c 'echo 1 > /sys/kernel/debug/ktp_twin_contexts'
# One line per record: its context tag, then the latency columns (the field after "[cpu]").
columns() {
	awk '/ twin: / { for (i = 1; i < NF; i++) if ($i ~ /^\[[0-9]+\]$/) { cols = $(i + 1); break }
		match($0, /s8v=-?[0-9]+ u8v=[0-9]+ s16v=-?[0-9]+/); tag = substr($0, RSTART, RLENGTH)
		sub(/.*s16v=/, "", tag); print tag, cols }' "$1"
}
native=$(columns $N/trace)
ktp=$(columns $K/trace)
echo "native:"; echo "$native" | tr '\n' ' '; echo
echo "ktp:"; echo "$ktp" | tr '\n' ' '; echo
check_eq "one record per context in each tree" "$(echo "$native" | wc -l)" 32
check_eq "the same latency columns, context by context" "$ktp" "$native"
# The contexts must really differ, or the comparison proves little.
check "irqs off, hardirq, softirq, bh off, resched and migration disabled all seen" sh -c '
	echo "$1" | grep -q "^2000 d" && echo "$1" | grep -q "^2003 d.h" && echo "$1" | grep -q "^2001 ..s" &&
	echo "$1" | grep -q "^2006 b" && echo "$1" | grep -q "^2010 .N" && echo "$1" | grep -q "^2009 .n" &&
	echo "$1" | grep -q "^2007 ....2"' _ "$native"
# A kernel without preemption counting (the test kernel) shows no depth at all.
if echo "$native" | grep -q "^1001 ...1"; then
	check "depths past 15 seen (capped)" sh -c 'echo "$1" | grep -q "^1020 ...[ef]"' _ "$native"
else
	echo "this kernel does not count preemption levels: depths are all 0"
fi
echo 0 > $N/events/ktp_twin_native/twin/enable
echo 0 > $K/events/ktp_twin/twin/enable
check "unload the twins" rmmod ktp_filter_twin
check "unload ktp" rmmod ktp
finish
