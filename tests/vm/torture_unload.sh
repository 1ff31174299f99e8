#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Torture: 10*KTP_SCALE cycles of rmmod ktp and of ktp_test_events while events fire, readers wait in trace_pipe and writers write.
. /ktp/tests/vm/torture_lib.sh
cycles=$((10 * SCALE))

# Writers that outlive every cycle: their opens fail while ktp is out.
writer() {
	while running; do
		echo 10 > $K/sample_fire
		echo "unload mark" > $K/trace_marker
		echo 1 > $K/events/ktp_sample/enable
	done 2>/dev/null
}
writer &
workers="$workers $!"
taskset -pc 0 $! > /dev/null
writer &
workers="$workers $!"
taskset -pc 1 $! > /dev/null

# rmmod_outcome MODULE: "ok", "busy" (in use) or the error text.
rmmod_outcome() {
	msg=$(rmmod "$1" 2>&1) && { echo ok; return; }
	case $msg in
	*"Resource temporarily unavailable"*|*"Device or resource busy"*) echo busy ;;
	*) echo "$msg" ;;
	esac
}

busy=0 unloads=0 i=1
while [ $i -le $cycles ]; do
	check "cycle $i: load ktp" insmod /ktp/modules/ktp.ko
	echo 1 > $K/events/sched/sched_switch/enable
	echo 'raw_syscalls:sys_enter' >> $K/set_event
	cat $K/trace_pipe > /dev/null 2>&1 &
	r1=$!
	cat $K/per_cpu/cpu1/trace_pipe > /dev/null 2>&1 &
	r2=$!
	check "cycle $i: load the second module" insmod /ktp/modules/ktp_test_events.ko
	echo 1 > $K/events/ktp_test/enable
	check_eq "cycle $i: rmmod ktp with a module using it is refused as busy" busy "$(rmmod_outcome ktp)"
	check_eq "cycle $i: rmmod ktp_test_events with its events enabled" ok "$(rmmod_outcome ktp_test_events)"
	# Readers are waiting in trace_pipe: rmmod either goes through or says busy, as native's modules do.
	o=$(rmmod_outcome ktp)
	case $o in
	ok) unloads=$((unloads + 1)) ;;
	busy) busy=$((busy + 1)) ;;
	*) fail "cycle $i: rmmod ktp with readers waiting: $o" ;;
	esac
	kill $r1 $r2 2>/dev/null
	wait $r1 $r2 2>/dev/null
	# Writers open files for an instant: a busy rmmod is retried.
	n=0
	while grep -q '^ktp ' /proc/modules && [ $n -lt 50 ]; do
		o=$(rmmod_outcome ktp)
		case $o in ok) unloads=$((unloads + 1)) ;; busy) busy=$((busy + 1)); usleep 20000 ;; *) fail "cycle $i: rmmod ktp: $o"; break ;; esac
		n=$((n + 1))
	done
	check "cycle $i: ktp is gone" sh -c "! grep -q '^ktp ' /proc/modules"
	check "cycle $i: its tree is gone" test ! -e $K
	i=$((i + 1))
done
stop_workers
check "native tracing untouched" test -f /sys/kernel/tracing/available_events
check_eq "every cycle unloaded ktp" "$cycles" "$unloads"
figure "unload cycles=$cycles unloads=$unloads busy_refusals=$busy oops=0"
finish
