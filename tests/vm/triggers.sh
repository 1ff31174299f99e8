#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: event triggers (traceon, traceoff, enable_event, disable_event, stacktrace) with counts and
# filters: the same read-back and errors as native, the right number of runs, soft mode as native.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
E=$K/events/ktp_sample
NT=$N/events/sched/sched_switch/trigger
KT=$E/sample_ints/trigger
check "load" insmod /ktp/modules/ktp.ko
put() { sh -c 'echo "$1" > "$2"' _ "$2" "$1" 2>&1 | sed 's/.*write error: //'; }
# Native's help lists snapshot and hist triggers when configured, which ktp has not.
map() { echo "$1" | sed 's/sched:sched_wakeup/ktp_sample:sample_strings/g; s/^# traceon .*/# traceon traceoff stacktrace enable_event disable_event/'; }

check_eq "an empty trigger file reads as native's" "$(map "$(cat $NT)")" "$(cat $KT)"
check_eq "mode as native" "$(ls -l $NT | cut -c1-10)" "$(ls -l $KT | cut -c1-10)"
# (Native's sched_switch fires all the time: counted triggers get a filter that never passes.)
for t in 'traceon' 'traceoff:5 if common_pid < 0' 'stacktrace:3 if common_pid < 0' 'enable_event:sched:sched_wakeup' \
	'disable_event:sched:sched_wakeup:2 if common_pid < 0' 'traceon:0' 'traceon:' 'stacktrace:1:2 if common_pid < 0' \
	'traceoff:0x10 if common_pid < 0' 'traceoff:010 if common_pid < 0' 'traceoff:10000000000 if common_pid < 0' \
	'traceoff:18446744073709551615 if common_pid < 0' 'traceoff:9223372036854775808 if common_pid < 0'; do
	check_eq "errno of '$t'" "$(put $NT "$t")" "$(put $KT "$(map "$t")")"
	check_eq "read-back after '$t'" "$(map "$(cat $NT)")" "$(cat $KT)"
	check_eq "errno of '!$t'" "$(put $NT "!$t")" "$(put $KT "!$(map "$t")")"
done
for t in 'bogus' 'traceon:x' 'enable_event:nosuch:event' 'enable_event:sched' \
	'traceon if nosuch == 1' 'traceon if' 'traceoff:18446744073709551616' 'traceoff:1x' 'traceoff:0x'; do
	check_eq "errno of bad '$t'" "$(put $NT "$t")" "$(put $KT "$(map "$t")")"
	check_eq "nothing set by '$t'" "$(map "$(cat $NT)")" "$(cat $KT)"
	echo "!$t" > $NT 2>/dev/null
done
# Removing a trigger that is not there succeeds silently, as native's.
for t in '!traceoff' '!stacktrace:3' '!enable_event:sched:sched_wakeup'; do
	check_eq "errno of '$t' with no such trigger" "$(put $NT "$t")" "$(put $KT "$(map "$t")")"
	check_eq "and no trigger after it" "$(map "$(cat $NT)")" "$(cat $KT)"
done
# Native keeps a target a removed enable_event left on: put native back as it was.
echo > $N/set_event
check_eq "a duplicate: same errno as native" "$(put $NT traceon; put $NT traceon)" "$(put $KT traceon; put $KT traceon)"
echo '!traceon' > $NT
echo '!traceon' > $KT

# traceoff stops ktp's buffer, not native's, and runs as many times as its count.
echo 1 > $E/sample_ints/enable
check "traceoff:1" sh -c "echo traceoff:1 > $KT"
check_eq "the event is in soft mode" "1*" "$(cat $E/sample_ints/enable)"
echo 5 > $K/sample_fire
check_eq "ktp's tracing is off" 0 "$(cat $K/tracing_on)"
check_eq "native's is not" 1 "$(cat $N/tracing_on)"
check_eq "nothing recorded (the trigger runs before the record, as native)" 0 "$(grep -c sample_ints: $K/trace)"
check_eq "its count is used up" "traceoff:count=0" "$(cat $KT)"
echo 1 > $K/tracing_on
echo 3 > $K/sample_fire
check_eq "a used-up trigger does nothing" 3 "$(grep -c sample_ints: $K/trace)"
echo '!traceoff' > $KT
check_eq "removed: out of soft mode" 1 "$(cat $E/sample_ints/enable)"
: > $K/trace

# traceon runs while tracing is off (the event is not muted at its site), as native.
check "traceon" sh -c "echo traceon > $KT"
echo 0 > $K/tracing_on
echo 1 > $K/sample_fire
check_eq "traceon turned ktp's tracing back on" 1 "$(cat $K/tracing_on)"
echo '!traceon' > $KT
: > $K/trace

# enable_event: the target is soft-disabled until the trigger runs, then records.
check "enable_event with a count" sh -c "echo enable_event:ktp_sample:sample_strings:1 > $KT"
check_eq "target in soft mode, disabled" "0*" "$(cat $E/sample_strings/enable)"
check_eq "listed in set_event, as native" 2 "$(grep -c 'sample_ints\|sample_strings' $K/set_event)"
echo 4 > $K/sample_fire
check_eq "target enabled by the trigger" "1*" "$(cat $E/sample_strings/enable)"
check "target records after the first trigger run" test "$(grep -c sample_strings: $K/trace)" -ge 3
echo '!enable_event:ktp_sample:sample_strings' > $KT
check_eq "removed: the target stays enabled, as native" 1 "$(cat $E/sample_strings/enable)"
echo 0 > $E/sample_strings/enable
: > $K/trace

# disable_event on an enabled target, with a filter on the trigger.
echo 1 > $E/sample_strings/enable
check "disable_event if" sh -c "echo 'disable_event:ktp_sample:sample_strings if u32v == 2' > $KT"
echo 5 > $K/sample_fire
check_eq "target disabled from the third round" "0*" "$(cat $E/sample_strings/enable)"
check_eq "two rounds recorded before" 2 "$(grep -c sample_strings: $K/trace)"
echo '!disable_event:ktp_sample:sample_strings' > $KT
check_eq "removed: out of soft mode, disabled" 0 "$(cat $E/sample_strings/enable)"
: > $K/trace

# stacktrace:2 records two stacks.
check "stacktrace:2" sh -c "echo stacktrace:2 > $KT"
echo 4 > $K/sample_fire
check_eq "two stacks" 2 "$(grep -c '<stack trace>' $K/trace)"
check "with the firing function in them" grep -q ' => ktp_sample_fire' $K/trace
echo '!stacktrace' > $KT

# A long firing under a stacktrace trigger yields the CPU and stops on a signal.
check "unlimited stacktrace" sh -c "echo stacktrace > $KT"
check_eq "stacktrace set" "stacktrace:unlimited" "$(cat $KT)"
sh -c "echo 10000000 > $K/sample_fire" &
fire=$!
wait_for 10 grep -q '<stack trace>' $K/trace
check "the firing runs" kill -0 $fire
kill -TERM $fire
check "a signal stops sample_fire within 10 s" wait_for 10 sh -c "! kill -0 $fire 2>/dev/null"
wait $fire 2>/dev/null
: > $K/trace
echo '!stacktrace' > $KT
echo 0 > $E/sample_ints/enable

# A trigger aimed at a module's event goes away with the module.
check "load the test events" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
T=$(ls -d $K/events/ktp_test/*/ | head -n 1)
check "a trigger aimed at it" sh -c "echo enable_event:ktp_test:$(basename $T) > $KT"
check "unload that module" rmmod ktp_test_events
check_eq "the trigger went with it" "$(map "$(cat $NT)")" "$(cat $KT)"
check_eq "and the soft mode" 0 "$(cat $E/sample_ints/enable)"
echo > $N/set_event
check "unload" rmmod ktp
finish
