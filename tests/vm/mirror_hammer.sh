#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: both trees switch the mirror events' tracepoints on and off from two CPUs at once, with filters and triggers, while tasks fork, exec and make system calls.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
[ -d $N/events ] || N=/sys/kernel/debug/tracing
case $(uname -r) in *debug*) seconds=40 ;; *) seconds=20 ;; esac
check "load ktp" insmod /ktp/modules/ktp.ko
check "two CPUs online" test "$(grep -c ^processor /proc/cpuinfo)" -ge 2
echo > $N/set_event

# put VALUE FILE: a write whose failure is expected for some values.
put() { sh -c 'echo "$1" > "$2"' _ "$1" "$2" 2>/dev/null; }

# The workload: forks, execs and system calls until told to stop.
work() {
	while [ ! -e /tmp/hammer.stop ]; do
		/bin/true
		sh -c 'ls / >/dev/null; exit 0'
	done
}

# One CPU's writer: the same values to native's file, then to ktp's twin, until told to stop.
writer() {
	r=0
	while [ ! -e /tmp/hammer.stop ]; do
		for f in events/sched/sched_switch/enable events/sched/enable events/raw_syscalls/enable \
			events/raw_syscalls/sys_enter/enable events/sched/sched_process_exec/enable; do
			for v in 1 0 1 2 x 0; do put $v $N/$f; put $v $K/$f; done
		done
		put 'sched:sched_process_exec raw_syscalls:sys_exit' $N/set_event
		put 'sched:sched_process_exec raw_syscalls:sys_exit' $K/set_event
		put 'id != 0 && id < 500' $N/events/raw_syscalls/sys_enter/filter
		put 'id != 0 && id < 500' $K/events/raw_syscalls/sys_enter/filter
		put 'filename ~ "*sh*"' $K/events/sched/sched_process_exec/filter
		put 'stacktrace:3 if pid > 1' $K/events/sched/sched_process_exec/trigger
		put 'enable_event:sched:sched_switch:2' $K/events/raw_syscalls/sys_exit/trigger
		put 1 $K/events/enable
		put 1 $N/events/raw_syscalls/enable
		put 0 $K/events/raw_syscalls/enable
		put 0 $N/events/raw_syscalls/enable
		put 0 $K/events/enable
		put '!stacktrace:3' $K/events/sched/sched_process_exec/trigger
		put '!enable_event:sched:sched_switch:2' $K/events/raw_syscalls/sys_exit/trigger
		put 0 $K/events/raw_syscalls/sys_enter/filter
		put 0 $K/events/sched/sched_process_exec/filter
		put 0 $N/events/raw_syscalls/sys_enter/filter
		put '' $N/set_event
		put '' $K/set_event
		r=$((r + 1))
	done
	echo "writer: $r rounds"
}

rm -f /tmp/hammer.stop
work & w=$!
writer & a=$!
writer & b=$!
sleep $seconds
touch /tmp/hammer.stop
wait $a
wait $b
wait $w
echo 0 > $N/events/enable
echo 0 > $K/events/enable
check_eq "every ktp event off" 0 "$(cat $K/events/enable)"
check_eq "every native event off" 0 "$(cat $N/events/enable)"

# Afterwards both trees still record the same mirror events.
echo 1 > $K/events/sched/sched_process_exec/enable
echo 1 > $N/events/sched/sched_process_exec/enable
: > $K/trace
: > $N/trace
/bin/true
echo 0 > $K/events/sched/sched_process_exec/enable
echo 0 > $N/events/sched/sched_process_exec/enable
check "ktp recorded an exec" grep -q 'filename=/bin/true' $K/trace
check_eq "as many execs as native" "$(grep -c sched_process_exec: $N/trace)" "$(grep -c sched_process_exec: $K/trace)"
check "unload ktp" rmmod ktp
finish
