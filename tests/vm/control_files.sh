#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp's control files against their native twins: the same writes give the same errno and read-back.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
check "load" insmod /ktp/modules/ktp.ko
# Native's buffer is sized lazily: any set_event write expands it, as a user's first enable would.
echo > $N/set_event

# put FILE VALUE: the write's error text (empty on success).
put() {
	sh -c 'echo -n "$1" > "$2"' _ "$2" "$1" 2>&1 | sed 's/.*write error: //'
}

# same NATIVE_FILE KTP_FILE VALUE...: each value gives the same errno and read-back in both.
same() {
	nf=$1
	kf=$2
	shift 2
	for v in "$@"; do
		ne=$(put $nf "$v")
		ke=$(put $kf "$v")
		check_eq "errno of '$v' > ${kf#$K/}" "$ne" "$ke"
		check_eq "read-back after '$v' > ${kf#$K/}" "$(cat $nf)" "$(cat $kf)"
	done
}

nl='
'
VALUES="0 1 2 10 -1 x +1 01 1$nl 1$nl$nl  1 1  0x1 99999999999999999999"
# shellcheck disable=SC2086
same $N/tracing_on $K/tracing_on $VALUES "" 1
same $N/options/overwrite $K/options/overwrite $VALUES 1
same $N/events/sched/sched_switch/enable $K/events/ktp_sample/sample_ints/enable $VALUES 0
same $N/events/sched/enable $K/events/ktp_sample/enable 0 2 x -1 " 1" 0
same $N/events/enable $K/events/enable 2 x -1 " 1" 0
same $N/buffer_size_kb $K/buffer_size_kb 1 4 7 8 100 2000 0 -1 x " 4" 99999999999 99999999999999999999 1408
same $N/per_cpu/cpu0/buffer_size_kb $K/per_cpu/cpu0/buffer_size_kb 100 0 x 99999999999
check_eq "top reads X when CPUs differ, as native" "$(cat $N/buffer_size_kb)" "$(cat $K/buffer_size_kb)"
check_eq "total is the sum, as native" "$(cat $N/buffer_total_size_kb)" "$(cat $K/buffer_total_size_kb)"
same $N/buffer_size_kb $K/buffer_size_kb 1408
check_eq "buffer_total_size_kb refuses writes as native" "$(put $N/buffer_total_size_kb 100)" "$(put $K/buffer_total_size_kb 100)"
same $N/saved_cmdlines_size $K/saved_cmdlines_size 1 128 32768 0 32769 99999 -1 x " 5" 128

# set_event: the same tokens (native's sched:sched_switch is ktp's ktp_sample:sample_ints).
map() { echo "$1" | sed 's/sched_switch/sample_ints/g; s/sched_wakeup/sample_strings/g; s/sched/ktp_sample/g'; }
for v in 'sched:sched_switch' 'sched_switch' ':sched_switch' '*:sched_switch' '  sched:sched_switch  ' \
	'sched:sched_switch nosuch:event sched:sched_wakeup' 'nosuch:event sched:sched_wakeup' \
	'sched:sched_switch !sched:sched_switch' '!sched:sched_switch' 'nosuch:event' 'sched:nosuch' 'nosuch' \
	'*' 'sched:sched_*' 'SCHED:SCHED_SWITCH' 'sched:sched_switch:x' '!' '! sched:sched_switch' ''; do
	kv=$(map "$v")
	ne=$(put $N/set_event "$v")
	ke=$(put $K/set_event "$kv")
	check_eq "set_event errno of '$v'" "$ne" "$ke"
	check_eq "set_event read-back after '$v'" "$(map "$(cat $N/set_event)")" "$(cat $K/set_event)"
done
check "sched: enables the whole system" sh -c "echo ktp_sample: > $K/set_event"
check_eq "all five" 5 "$(wc -l < $K/set_event)"
check_eq "system enable reads 1" 1 "$(cat $K/events/ktp_sample/enable)"
check ">> appends, ! disables" sh -c "echo '!ktp_sample:sample_ints' >> $K/set_event"
check_eq "four left" 4 "$(wc -l < $K/set_event)"
check_eq "system reads X" X "$(cat $K/events/ktp_sample/enable)"
check "> truncates" sh -c "echo ktp_sample:sample_ints > $K/set_event"
check_eq "only the one" "ktp_sample:sample_ints" "$(cat $K/set_event)"
check "top enable 0 clears" sh -c "echo 0 > $K/events/enable"
check_eq "empty set_event" "" "$(cat $K/set_event)"
check_eq "a long list in one write" "" "$(put $K/set_event "$(for i in $(seq 1 300); do printf 'ktp_sample:sample_ints '; done)ktp_sample:sample_strings")"
check_eq "both enabled" 2 "$(wc -l < $K/set_event)"
check_eq "an over-long token is EINVAL, as native" "$(put $N/set_event "sched:$(head -c 200 /dev/zero | tr '\0' a)")" \
	"$(put $K/set_event "ktp_sample:$(head -c 200 /dev/zero | tr '\0' a)")"
echo > $K/set_event
echo > $N/set_event

# Writes from several CPUs at once leave a consistent state.
for c in 0 1; do
	taskset -c $c sh -c "for i in \$(seq 1 50); do echo 1 > $K/events/ktp_sample/enable; echo 0 > $K/events/ktp_sample/sample_ints/enable; echo ktp_sample:sample_from_c >> $K/set_event; done" &
done
wait
check_eq "concurrent writers: enable files agree with set_event" "$(cat $K/set_event | wc -l)" \
	"$(grep -l 1 $K/events/ktp_sample/*/enable | wc -l)"
echo 0 > $K/events/enable

check_eq "saved_cmdlines lists pids as native" "" "$(grep -v '^[0-9]* ' $K/saved_cmdlines)"
check "unload" rmmod ktp
finish
