#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp's control files against their native twins: the same writes give the same errno and read-back.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
check "load" insmod /ktp/modules/ktp.ko
# Empty files open and read as empty, as native's: nothing enabled, nothing recorded yet.
check_eq "set_event with nothing enabled reads empty" "" "$(cat $K/set_event 2>&1)"
check_eq "saved_cmdlines before any record reads empty" "" "$(cat $K/saved_cmdlines 2>&1)"
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
# Native's sched:sched_switch stands for ktp's ktp_sample:sample_ints.
map() { echo "$1" | sed 's/sched_switch/sample_ints/g; s/sched_wakeup/sample_strings/g; s/sched/ktp_sample/g'; }
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

# A value followed by a NUL reads as kstrtoul_from_user reads it (the first 66 bytes, up to the NUL).
zeros=0000000000000000000000000000000000000000000000000000000000000000
for v in '0\0xyz' '1\0' '1\n\0' '\0' '\01' '1 \0' "${zeros}01" "${zeros}001" "1\\0$zeros$zeros"; do
	for f in tracing_on options/overwrite buffer_size_kb events/sched/enable events/sched/sched_switch/enable; do
		kf=$(map "$f")
		check_eq "errno of '$v' > $kf" "$(ktp-io write $N/$f "$v")" "$(ktp-io write $K/$kf "$v")"
		check_eq "read-back after '$v' > $kf" "$(cat $N/$f)" "$(cat $K/$kf)"
	done
done
echo 1 > $N/tracing_on; echo 1 > $K/tracing_on
echo 1 > $N/options/overwrite; echo 1 > $K/options/overwrite
echo 1408 > $N/buffer_size_kb; echo 1408 > $K/buffer_size_kb
echo 0 > $N/events/sched/enable; echo 0 > $K/events/ktp_sample/enable

# set_event: the same tokens (native's sched:sched_switch is ktp's ktp_sample:sample_ints).
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
check_eq "a long list in one write" "" "$(put $K/set_event "$(for _ in $(seq 1 300); do printf 'ktp_sample:sample_ints '; done)ktp_sample:sample_strings")"
check_eq "both enabled" 2 "$(wc -l < $K/set_event)"
check_eq "an over-long token is EINVAL, as native" "$(put $N/set_event "sched:$(head -c 200 /dev/zero | tr '\0' a)")" \
	"$(put $K/set_event "ktp_sample:$(head -c 200 /dev/zero | tr '\0' a)")"
echo > $K/set_event
echo > $N/set_event

# A long write is taken a bounded chunk per call, as native's (host tests check the chunking);
# a write past a megabyte is taken, as native takes it.
tokens() { yes "$1" | head -n 20000 | tr '\n' ' '; }
nl_list=$(tokens sched:sched_switch)
kl_list=$(tokens ktp_sample:sample_ints)
echo "$nl_list" > $N/set_event
echo "$kl_list" > $K/set_event
# shellcheck disable=SC2320 # the echo's status is the write's
written=$?
check_eq "20000 tokens in one write" 0 "$written"
check_eq "and the event is enabled" "ktp_sample:sample_ints" "$(cat $K/set_event)"
head -c 1200000 /dev/zero | tr '\0' ' ' > /tmp/spaces
echo > $N/set_event
echo > $K/set_event
check_eq "1.2 MB of white space and a token: same errno as native" "$(sh -c "{ cat /tmp/spaces; echo sched:sched_switch; } > $N/set_event" 2>&1)" \
	"$(sh -c "{ cat /tmp/spaces; echo ktp_sample:sample_ints; } > $K/set_event" 2>&1)"
check_eq "and the same read-back" "$(map "$(cat $N/set_event)")" "$(cat $K/set_event)"
rm -f /tmp/spaces
echo > $K/set_event
echo > $N/set_event

# Enabled events listed in native's order: the newest module first, each module's events in reverse
# order of definition (the mirror events stand for native's own; the twins are a later module).
check "load the twins" insmod /ktp/modules/ktp_filter_twin.ko
for e in raw_syscalls:sys_exit sched:sched_switch raw_syscalls:sys_enter sched:sched_process_exec sched:sched_wakeup \
	sched:sched_process_fork sched:sched_process_exit; do
	echo "$e" >> $N/set_event
	echo "$e" >> $K/set_event
done
echo ktp_twin_native:twin >> $N/set_event
echo ktp_twin:twin >> $K/set_event
check_eq "set_event lists enabled events in native's order" "$(cat $N/set_event | sed 's/ktp_twin_native:/ktp_twin:/')" "$(cat $K/set_event)"
echo > $K/set_event
echo > $N/set_event
check "unload the twins" rmmod ktp_filter_twin

# Writes from several CPUs at once leave a consistent state.
for c in 0 1; do
	taskset -c $c sh -c "for i in \$(seq 1 50); do echo 1 > $K/events/ktp_sample/enable; echo 0 > $K/events/ktp_sample/sample_ints/enable; echo ktp_sample:sample_from_c >> $K/set_event; done" &
done
wait
check_eq "concurrent writers: enable files agree with set_event" "$(cat $K/set_event | wc -l)" \
	"$(grep -l 1 $K/events/ktp_sample/*/enable | wc -l)"
echo 0 > $K/events/enable

# saved_cmdlines after both trees recorded this shell: the same "pid comm" line for it in both.
echo 1 > $N/events/sched/sched_switch/enable
echo 1 > $K/events/ktp_sample/sample_ints/enable
echo 1 > $K/sample_fire
wait_for 5 grep -q "^$$ " $N/saved_cmdlines
echo 0 > $N/events/sched/sched_switch/enable
echo 0 > $K/events/ktp_sample/sample_ints/enable
check "saved_cmdlines lists this shell, as native" grep -q "^$$ sh\$" $K/saved_cmdlines
check_eq "its line as native's" "$(grep "^$$ " $N/saved_cmdlines)" "$(grep "^$$ " $K/saved_cmdlines)"
check_eq "every line is 'pid comm', as native's" "" "$(grep -v '^[0-9][0-9]* [^ ]' $K/saved_cmdlines)"
check "unload" rmmod ktp
finish
