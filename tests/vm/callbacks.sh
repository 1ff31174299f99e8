#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: a plain C module's record and raw callbacks on another module's event: what they see, the event's key, the filter, and either module going first.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
P=/sys/module/ktp_callback_demo/parameters
F=/sys/module/ktp_test_events/parameters/fire
check "load ktp" insmod /ktp/modules/ktp.ko
check "load the events' module" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
check "test_tick is off, sites NOP" grep -q '^  ktp_test:test_tick  *0  *[0-9]* disabled match$' $K/static_keys
check "no callback on an unknown event" sh -c "! insmod /ktp/modules/ktp_callback_demo.ko event=no_such_event 2>/dev/null"
check "load the consumer" insmod /ktp/modules/ktp_callback_demo.ko system=ktp_test event=test_tick
check "its two probes switch the sites on" grep -q '^  ktp_test:test_tick  *2  *[0-9]* enabled  *match$' $K/static_keys
check_eq "ktp's tree does not record it" 0 "$(cat $K/events/ktp_test/test_tick/enable)"
echo 100 > $F
check_eq "record callback: every call" 100 "$(cat $P/records)"
check_eq "raw callback: every call" 100 "$(cat $P/raw_calls)"
check_eq "the record's seq field" 100 "$(cat $P/record_seq)"
check_eq "the first argument, widened" 100 "$(cat $P/raw_seq)"
check_eq "no short record" 0 "$(cat $P/bad_sizes)"
check "the record's pid is the writer's" test "$(cat $P/record_pid)" -gt 0
check "filter the event" sh -c "echo 'seq > 40' > $K/events/ktp_test/test_tick/filter"
echo 50 > $F
check_eq "record callbacks see only what passes the filter" 110 "$(cat $P/records)"
check_eq "raw callbacks see every call" 150 "$(cat $P/raw_calls)"
check "clear the filter" sh -c "echo 0 > $K/events/ktp_test/test_tick/filter"
check "empty the buffer" sh -c ": > $K/trace"
check "enable recording too" sh -c "echo 1 > $K/events/ktp_test/test_tick/enable"
echo 30 > $F
check_eq "the buffer got every record" 30 "$(grep -c 'test_tick: seq=' $K/trace)"
check_eq "and so did the callback" 140 "$(cat $P/records)"
check "disable recording" sh -c "echo 0 > $K/events/ktp_test/test_tick/enable"
check "the callbacks keep the sites on" grep -q '^  ktp_test:test_tick  *2  *[0-9]* enabled  *match$' $K/static_keys
check "unload the consumer" rmmod ktp_callback_demo
check "the sites are off again" grep -q '^  ktp_test:test_tick  *0  *[0-9]* disabled match$' $K/static_keys
echo 10 > $F
check "load the consumer again" insmod /ktp/modules/ktp_callback_demo.ko
echo 5 > $F
check_eq "a fresh consumer counts from zero" 5 "$(cat $P/records)"
check "the events' module goes first, callbacks attached" rmmod ktp_test_events
check "the consumer's unregistering finds nothing and unloads" rmmod ktp_callback_demo
check "the event's unregistering said ENOENT" sh -c "dmesg | grep -q 'ktp_callback_demo: unregistered: -2 -2'"
check "ktp unloads" rmmod ktp
finish
