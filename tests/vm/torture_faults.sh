#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Torture: the Nth allocation fails (/proc/thread-self/fail-nth) in insmod, enable, filter and trigger writes, resize and a module's registration, for N = 1, 2, ... until one succeeds untouched.
. /ktp/tests/vm/torture_lib.sh
S=$K/events/ktp_sample
FS=/sys/kernel/debug/failslab
FP=/sys/kernel/debug/fail_page_alloc

check "the kernel injects faults" test -e /proc/self/fail-nth -a -d $FS -a -d $FP
# Sleeping allocations and order-0 pages too; no report per injected fault.
echo N > $FS/ignore-gfp-wait
echo N > $FP/ignore-gfp-wait
echo 0 > $FP/min-order
echo 0 > $FS/verbose
echo 0 > $FP/verbose
# Every N on a long run; every 13th on a short one.
stride=1
[ "$SCALE" -lt 5 ] && stride=13

injected=0
# campaign NAME SETUP VERIFY UNDO -- OPERATION...: fails allocation N of OPERATION for N = 1, 1+stride, ...
# SETUP makes the previous state; after a failed operation VERIFY must find it; after a successful one UNDO restores it.
campaign() {
	name=$1 setup=$2 verify=$3 undo=$4
	shift 5
	n=1 faults=0 last_fail=0
	$setup
	echo "ktp-torture: fault injection on ($name)" > /dev/kmsg
	while :; do
		r=$($T failnth $n "$@")
		case $r in
		"ok clean")
			break ;;
		"ok injected")
			faults=$((faults + 1))
			check "$name: undo after a success with fault $n" $undo ;;
		"err ENOMEM injected")
			faults=$((faults + 1))
			last_fail=$n
			check "$name: fault $n left the previous state in force" $verify ;;
		*)
			fail "$name: fault $n gave '$r'"
			break ;;
		esac
		if [ $n -gt 50000 ]; then
			fail "$name: still allocating at fault $n"
			break
		fi
		n=$((n + stride))
	done
	echo "ktp-torture: fault injection off ($name)" > /dev/kmsg
	check "$name: the operation succeeded without a fault" test "$r" = "ok clean"
	check "$name: undo" $undo
	echo "$name: $faults faults injected, the last failure at allocation $last_fail, success at $n"
	check "$name: at least one failure" test $last_fail -gt 0
	injected=$((injected + faults))
}

no_ktp() { ! grep -q '^ktp ' /proc/modules && test ! -e $K; }
unload_ktp() { rmmod ktp; }
noop() { :; }
campaign insmod noop no_ktp unload_ktp -- insmod /ktp/modules/ktp.ko

check "load ktp" insmod /ktp/modules/ktp.ko

enable_off() { echo 0 > $S/sample_ints/enable; }
enable_is_off() {
	test "$(cat $S/sample_ints/enable)" = 0 &&
	grep -q '^  ktp_sample:sample_ints  *0  *[0-9]* disabled match$' $K/static_keys
}
campaign enable enable_off enable_is_off enable_off -- write $S/sample_ints/enable 1

mirror_off() { echo 0 > $K/events/sched/sched_switch/enable; }
mirror_is_off() { test "$(cat $K/events/sched/sched_switch/enable)" = 0; }
campaign mirror_enable mirror_off mirror_is_off mirror_off -- write $K/events/sched/sched_switch/enable 1

filter_set() { echo 's32v > 5' > $S/sample_ints/filter; }
filter_kept() { test "$(cat $S/sample_ints/filter)" = 's32v > 5'; }
campaign filter filter_set filter_kept filter_set -- write $S/sample_ints/filter 's8v < 3 && u64v != 7 || s16v == 2'

trigger_none() { echo '!stacktrace' > $S/sample_ints/trigger 2>/dev/null; cat $S/sample_ints/trigger > /tmp/trigger.before; }
trigger_kept() { cat $S/sample_ints/trigger | cmp -s - /tmp/trigger.before; }
campaign trigger trigger_none trigger_kept trigger_none -- write $S/sample_ints/trigger 'stacktrace:2 if s32v > 1'

# 64 KB reads back rounded to whole pages, as native's.
size_set() { echo 64 > $K/buffer_size_kb; cat $K/buffer_size_kb > /tmp/size.before; }
size_kept() { cat $K/buffer_size_kb | cmp -s - /tmp/size.before; }
campaign resize size_set size_kept size_set -- write $K/buffer_size_kb 256

no_second() {
	! grep -q '^ktp_test_events ' /proc/modules && test ! -e $K/events/ktp_test && ! grep -q 'ktp_test:' $K/static_keys
}
unload_second() { rmmod ktp_test_events; }
campaign registration noop no_second unload_second -- insmod /ktp/modules/ktp_test_events.ko hold_probe=0

# Afterwards the tree works.
echo 1 > $S/sample_ints/enable
echo 0 > $S/sample_ints/filter
: > $K/trace
echo 3 > $K/sample_fire
check_eq "three records after the campaign" 3 "$(grep -c 'sample_ints: ' $K/trace)"
check "unload ktp" rmmod ktp
figure "faults injected=$injected operations=7 stride=$stride"
finish
