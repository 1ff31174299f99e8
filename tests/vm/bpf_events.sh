#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: a BPF_PROG_TYPE_TRACEPOINT program (tests/vm/tools/ktp-bpf.c) on ktp's events reads fields at the format's offsets, for every call.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
# The offset of FIELD in ktp's format file of sys/event.
offset() {
	sed -n "s/.*field:.* $3;.*offset:\([0-9]*\);.*/\1/p" $K/events/$1/$2/format
}
check "load ktp" insmod /ktp/modules/ktp.ko
ID=$(cat $N/events/ktp_sample/sample_ints/id)
OFF=$(offset ktp_sample sample_ints u32v)
check "u32v has an offset" test -n "$OFF"
check "empty ktp's buffer" sh -c ": > $K/trace"
check "enable sample_ints in ktp's tree too" sh -c "echo 1 > $K/events/ktp_sample/sample_ints/enable"
OUT=$(ktp-bpf "$ID" "$OFF" $K/sample_fire 1200)
echo "bpf: $OUT"
check "disable it" sh -c "echo 0 > $K/events/ktp_sample/sample_ints/enable"
# u32v is i % 1000 for i in 0..1199: the same sum, taken from the records ktp kept.
SUM=$(grep ' sample_ints: ' $K/trace | sed 's/.* u32=\([0-9]*\) .*/\1/' | awk '{s += $1} END {print s}')
check_eq "the program ran for every call" "count=1200 sum=$SUM" "$OUT"
check "the sum is not trivial" test "${SUM:-0}" -gt 100000
check "perf and BPF are gone: the sites are off" grep -q '^  ktp_sample:sample_ints  *0 .* disabled match$' $K/static_keys
# Another module's event: a string-free record at its own offsets.
check "load the events' module" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
ID=$(cat $N/events/ktp_test/test_tick/id)
OFF=$(offset ktp_test test_tick seq)
OUT=$(ktp-bpf "$ID" "$OFF" /sys/module/ktp_test_events/parameters/fire 100)
check_eq "its seq field, 1..100" "count=100 sum=5050" "$OUT"
check "unload it" rmmod ktp_test_events
check "ktp unloads" rmmod ktp
finish
