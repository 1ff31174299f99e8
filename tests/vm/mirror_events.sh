#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp's mirror events (sched:*, raw_syscalls:*) have native's fields and record exactly
# what native records under the same filters, on every CPU; loading ktp does not disturb native tracing.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
MIRRORS="sched/sched_switch sched/sched_wakeup sched/sched_process_fork sched/sched_process_exec sched/sched_process_exit raw_syscalls/sys_enter raw_syscalls/sys_exit"

echo > $N/set_event
# Native tracing of a tracepoint runs before ktp is loaded, and goes on unchanged through load and unload.
echo 'comm == "ktp-work"' > $N/events/raw_syscalls/sys_exit/filter
echo 1 > $N/events/raw_syscalls/sys_exit/enable
ktp-work 2
before=$(grep -c 'sys_exit:' $N/trace)
check "load" insmod /ktp/modules/ktp.ko
for ev in $MIRRORS; do
	check_eq "$ev: the same fields as native" "$(grep 'field:' $N/events/$ev/format)" "$(grep 'field:' $K/events/$ev/format)"
done
ktp-work 2
check "unload" rmmod ktp
ktp-work 2
check_eq "native recorded the same through ktp's load and unload" "$((before * 3))" "$(grep -c 'sys_exit:' $N/trace)"
echo 0 > $N/events/raw_syscalls/sys_exit/enable
echo 0 > $N/events/raw_syscalls/sys_exit/filter
check "load again" insmod /ktp/modules/ktp.ko

# The records of a tree, per CPU: pid, CPU, flags and the event's text (comm
# names and timestamps aside: each tree resolves comms from its own cache; and
# need-resched, which an interrupt may set between native's probe and ktp's;
# and a dying task's last state, Z or X as its parent reaps it meanwhile).
records() {
	for c in $(seq 0 $(($(nproc) - 1))); do
		sed -n -e 's/prev_state=[XZ]/prev_state=X|Z/' -e 's/^ *.*-\([0-9]*\) *\(\[[0-9]*\]\) \(.\).\(...\) *[0-9.]*: \(.*\)$/\1 \2 \3_\4 \5/p' $1/per_cpu/cpu$c/trace
	done
}

# compare EVENT FILTER: enable in both trees with the filter, run the workload, compare.
compare() {
	ev=$1
	filter=$2
	: > $N/trace
	: > $K/trace
	echo "$filter" > $N/events/$ev/filter
	echo "$filter" > $K/events/$ev/filter
	echo 1 > $N/events/$ev/enable
	echo 1 > $K/events/$ev/enable
	ktp-work 3
	echo 0 > $N/events/$ev/enable
	echo 0 > $K/events/$ev/enable
	echo 0 > $N/events/$ev/filter
	echo 0 > $K/events/$ev/filter
	n=$(records $N)
	k=$(records $K)
	count=$(echo "$n" | grep -c .)
	check "$ev [$filter]: native recorded something" test "$count" -gt 0
	check_eq "$ev [$filter]: the same $count records on every CPU" "$n" "$k"
}
compare sched/sched_switch 'prev_comm == "ktp-work" || next_comm == "ktp-work"'
compare sched/sched_switch 'next_comm == "ktp-work" && prev_state == 0'
compare sched/sched_switch 'prev_comm ~ "ktp-w*" && prev_state != 0'
compare sched/sched_wakeup 'comm == "ktp-work"'
compare sched/sched_process_fork 'parent_comm == "ktp-work"'
compare sched/sched_process_exit 'comm == "ktp-work"'
compare sched/sched_process_exec 'filename ~ "*ktp-work"'
compare raw_syscalls/sys_enter 'comm == "ktp-work"'
compare raw_syscalls/sys_enter 'comm == "ktp-work" && (id == 39 || id == 110)'
compare raw_syscalls/sys_exit 'comm == "ktp-work" && ret >= 0'
compare raw_syscalls/sys_exit 'COMM == "ktp-work" && id != 24'
check "unload" rmmod ktp
finish
