#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: another module's events appear when it registers and vanish when it unloads, even while enabled.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
check "load ktp" insmod /ktp/modules/ktp.ko
check "no ktp_test events yet" sh -c "! grep -q ktp_test: $K/static_keys"
check "load the second module" insmod /ktp/modules/ktp_test_events.ko
cat $K/static_keys
check "its two events are listed" test "$(grep -c '^  ktp_test:' $K/static_keys)" -eq 2
check "the held probe enables test_name, sites patched" grep -q '^  ktp_test:test_name  *1  *[0-9]* enabled  *match$' $K/static_keys
check "test_tick stays disabled, sites NOP" grep -q '^  ktp_test:test_tick  *0  *[0-9]* disabled match$' $K/static_keys
check "ktp cannot unload while the module uses it" sh -c "! rmmod ktp 2>/dev/null"
check "filter one of its events" sh -c "echo 'seq > 10 && cpu >= 0' > $K/events/ktp_test/test_tick/filter"
check_eq "the filter is in force" "seq > 10 && cpu >= 0" "$(cat $K/events/ktp_test/test_tick/filter)"
check "remove the module with its events enabled and filtered" rmmod ktp_test_events
check "its files are gone" test ! -e $K/events/ktp_test
check "its events are gone" sh -c "! grep -q ktp_test: $K/static_keys"
check "ktp's own events are intact" test "$(grep -c '^  ktp_sample:' $K/static_keys)" -eq 5
check "load it again" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
check "listed again, all disabled" test "$(grep '^  ktp_test:' $K/static_keys | grep -c ' disabled match$')" -eq 2
check "remove it again" rmmod ktp_test_events
check "unload ktp" rmmod ktp
finish
