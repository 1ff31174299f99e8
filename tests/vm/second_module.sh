#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: another module's events appear when it registers and vanish when it unloads, even while enabled; its records go as native's do.
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

# Its records: removing a module whose events were ever enabled clears the
# whole buffer (native 6.1 does, so none prints as "Unknown type N").
check "load it to record" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
check "empty the buffer" sh -c ": > $K/trace"
check "enable test_tick" sh -c "echo ktp_test:test_tick > $K/set_event"
echo 100 > /sys/module/ktp_test_events/parameters/fire
check_eq "its records are in trace" 100 "$(grep -c 'test_tick: seq=' $K/trace)"
check "disable it (it was enabled: that is enough)" sh -c "echo '!ktp_test:test_tick' > $K/set_event"
echo before-removal > $K/trace_marker
check "remove the module" rmmod ktp_test_events
check "no Unknown type in trace" sh -c "! grep -q 'Unknown type' $K/trace"
check_eq "the whole buffer is cleared" 0 "$(grep -vc '^#' $K/trace)"
check "a module never enabled leaves the buffer alone" insmod /ktp/modules/ktp_test_events.ko
echo 10 > /sys/module/ktp_test_events/parameters/fire
echo kept > $K/trace_marker
check "remove it" rmmod ktp_test_events
check_eq "the buffer kept its records" 1 "$(grep -c 'tracing_mark_write: kept$' $K/trace)"

# The same on native and ktp twins in one module (ktp_filter_twin.ko).
N=/sys/kernel/tracing
check "load the twins" insmod /ktp/modules/ktp_filter_twin.ko
check "empty both buffers" sh -c ": > $N/trace && : > $K/trace"
check "enable the native twin" sh -c "echo 1 > $N/events/ktp_twin_native/twin/enable"
check "enable the ktp twin" sh -c "echo 1 > $K/events/ktp_twin/twin/enable"
echo 5 > /sys/kernel/debug/ktp_twin_fire
check_eq "native recorded" 5 "$(grep -c ' twin: ' $N/trace)"
check_eq "ktp recorded" 5 "$(grep -c ' twin: ' $K/trace)"
echo 0 > $N/events/ktp_twin_native/twin/enable
echo 0 > $K/events/ktp_twin/twin/enable
echo before-removal > $N/trace_marker
echo before-removal > $K/trace_marker
check "remove the twins" rmmod ktp_filter_twin
check_eq "native: its records are gone" 0 "$(grep -cE ' twin: |Unknown type' $N/trace)"
check_eq "native: the whole buffer is cleared" 0 "$(grep -c before-removal $N/trace)"
check_eq "ktp: its records are gone" 0 "$(grep -cE ' twin: |Unknown type' $K/trace)"
check_eq "ktp: the whole buffer is cleared, as native" 0 "$(grep -c before-removal $K/trace)"
check "load the twins, never enabled" insmod /ktp/modules/ktp_filter_twin.ko
echo kept > $N/trace_marker
echo kept > $K/trace_marker
check "remove them" rmmod ktp_filter_twin
check_eq "native kept its buffer" 1 "$(grep -c 'tracing_mark_write: kept$' $N/trace)"
check_eq "ktp kept its buffer, as native" 1 "$(grep -c 'tracing_mark_write: kept$' $K/trace)"
check "unload ktp" rmmod ktp
finish
