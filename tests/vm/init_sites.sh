#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: a call site in __init code is forgotten once the init text is freed, and a system outlives the module that named it.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
E=$K/events/ktp_test/test_init_call
check "load ktp" insmod /ktp/modules/ktp.ko
check "load ktp_test_events (it names the ktp_test system)" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
check "load ktp_init_events (a site in its __init function)" insmod /ktp/modules/ktp_init_events.ko
grep test_init_call $K/static_keys
check "live: the init-text site is gone, the lasting one left" \
	grep -q '^  ktp_test:test_init_call  *0  *1 disabled match$' $K/static_keys
check "enable the event after load" sh -c "echo 1 > $E/enable"
grep test_init_call $K/static_keys
check "one site patched, its code as expected" grep -q '^  ktp_test:test_init_call  *1  *1 enabled  *match$' $K/static_keys
echo 3 > /sys/module/ktp_init_events/parameters/fire
check_eq "the lasting site records" 3 "$(grep -c 'test_init_call: step=2$' $K/trace)"
check "disable it" sh -c "echo 0 > $E/enable"
check "sites back to NOP" grep -q '^  ktp_test:test_init_call  *0  *1 disabled match$' $K/static_keys

# The module that named ktp_test goes while ktp_init_events' event is still in it.
check "trigger aimed at the event" sh -c "echo enable_event:ktp_test:test_init_call > $K/events/ktp_sample/sample_ints/trigger"
check "remove the module that named the system" rmmod ktp_test_events
check "available_events" grep -q '^ktp_test:test_init_call$' $K/available_events
check "static_keys" grep -q '^  ktp_test:test_init_call ' $K/static_keys
check "set_event takes the system's name" sh -c "echo 'ktp_test:*' > $K/set_event"
check_eq "set_event reads it back" "ktp_test:test_init_call" "$(grep ktp_test $K/set_event)"
check_eq "the system's enable file" 1 "$(cat $K/events/ktp_test/enable)"
check "the system's filter file" sh -c "echo 'step > 1' > $K/events/ktp_test/filter"
check_eq "the event took it" "step > 1" "$(cat $E/filter)"
check "the trigger reads back" grep -q '^enable_event:ktp_test:test_init_call:unlimited$' $K/events/ktp_sample/sample_ints/trigger
check "the system's directory is still there" test -d $K/events/ktp_test
check "remove the trigger" sh -c "echo '!enable_event:ktp_test:test_init_call' > $K/events/ktp_sample/sample_ints/trigger"
check "remove ktp_init_events" rmmod ktp_init_events
check "the system went with its last event" sh -c "! grep -q ktp_test $K/available_events"
check "unload ktp" rmmod ktp
finish
