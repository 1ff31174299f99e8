#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: two shells switch every ktp event (mirror events included) on and off at once while tasks fork, exec and make system calls; the tree works afterwards.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
check "load ktp" insmod /ktp/modules/ktp.ko
check "two CPUs online" test "$(grep -c ^processor /proc/cpuinfo)" -ge 2

toggle() {
	i=0
	while [ $i -lt 30 ]; do
		echo 1 > $K/events/enable || return 1
		echo 0 > $K/events/enable || return 1
		i=$((i + 1))
	done
}

rm -f /tmp/race.stop
( while [ ! -e /tmp/race.stop ]; do /bin/true; sh -c 'exit 0'; done ) & w=$!
toggle & a=$!
toggle & b=$!
wait $a; ra=$?
wait $b; rb=$?
touch /tmp/race.stop
wait $w
check_eq "first toggler's writes" 0 "$ra"
check_eq "second toggler's writes" 0 "$rb"
check_eq "every event off at the end" 0 "$(grep -c '^1' $K/events/sched/sched_switch/enable $K/events/raw_syscalls/sys_enter/enable | awk -F: '{s+=$2} END {print s+0}')"

# The tree still records: one exec recorded after the race.
echo > $K/trace
echo 1 > $K/events/sched/sched_process_exec/enable
/bin/true
echo 0 > $K/events/sched/sched_process_exec/enable
check "an exec recorded after the race" grep -q 'sched_process_exec: filename=/bin/true' $K/trace
check "unload" rmmod ktp
finish
