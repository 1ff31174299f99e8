#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp's events as native trace events for perf: listed, the same format, perf record/script field by field against ktp's trace on one workload, and unloading while perf holds them.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
export PATH=$PATH:/usr/bin
check "load ktp" insmod /ktp/modules/ktp.ko
check "perf is in the VM" perf --version
for e in sample_ints sample_strings sample_value_first sample_value_second sample_from_c; do
	check "native lists ktp_sample:$e" test -r $N/events/ktp_sample/$e/format
	# The same format but the id (native's own id space).
	check_eq "$e: native's format is ktp's" "$(grep -v '^ID:' $K/events/ktp_sample/$e/format)" \
		"$(grep -v '^ID:' $N/events/ktp_sample/$e/format)"
done
check "no native enable file (ktp's tree records them)" test ! -e $N/events/ktp_sample/sample_ints/enable
check "no native filter file" test ! -e $N/events/ktp_sample/sample_ints/filter
check "not in native's available_events" sh -c "! grep -q ktp_sample $N/available_events"
check "perf list shows them" sh -c "perf list tracepoint 2>/dev/null | grep -q 'ktp_sample:sample_ints'"

# One workload, recorded by ktp's tree and by perf at once.
check "empty ktp's buffer" sh -c ": > $K/trace"
check "enable two events in ktp's tree" sh -c "echo ktp_sample:sample_ints > $K/set_event && echo ktp_sample:sample_strings >> $K/set_event"
check "perf record" perf record -q -a -e ktp_sample:sample_ints -e ktp_sample:sample_strings -o /tmp/perf.data \
	sh -c "echo 40 > $K/sample_fire"
check "disable them in ktp's tree" sh -c "echo > $K/set_event"
# perf 6.1's libtraceevent prints a 1- or 2-byte signed field under %d
# zero-extended (s8=218 for -38), native's fields as ktp's: read back as
# the field's own width.
perf script -i /tmp/perf.data -F event,trace 2>/dev/null | sed 's/^ *//' | awk '{
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^s8=/ && substr($i, 4) + 0 > 127) $i = "s8=" substr($i, 4) - 256
		if ($i ~ /^s16=/ && substr($i, 5) + 0 > 32767) $i = "s16=" substr($i, 5) - 65536
	}
	print }' > /tmp/perf.txt
for e in sample_ints sample_strings; do
	grep " $e: " $K/trace | sed "s/.* $e: //" | sort > /tmp/ktp.$e
	grep "^ktp_sample:$e: " /tmp/perf.txt | sed "s/^ktp_sample:$e: *//" | sort > /tmp/perf.$e
	check_eq "$e: ktp recorded every call" 40 "$(wc -l < /tmp/ktp.$e)"
	check_eq "$e: perf recorded every call" 40 "$(wc -l < /tmp/perf.$e)"
	check "$e: perf script shows ktp's field values" cmp /tmp/ktp.$e /tmp/perf.$e
	cmp -s /tmp/ktp.$e /tmp/perf.$e || diff /tmp/ktp.$e /tmp/perf.$e | grep "^[-+][a-z]" | sed -n "1,3p;41,43p"
done
check "perf's filter works on ktp's fields" perf record -q -a -e ktp_sample:sample_ints --filter 'u32v >= 30' \
	-o /tmp/perf2.data sh -c "echo 40 > $K/sample_fire"
check_eq "perf kept the filtered records" 10 "$(perf script -i /tmp/perf2.data -F trace 2>/dev/null | grep -c 'u32=')"
check_eq "ktp's tree, disabled, recorded nothing more" 40 "$(grep -c ' sample_ints: ' $K/trace)"

# perf holds the owning module: rmmod fails while it is attached.
# perf's workload runs until told to stop (a background job ignores SIGINT in sh).
echo 'while [ ! -e /tmp/stop ]; do sleep 0.2; done' > /tmp/hold.sh
rm -f /tmp/stop
perf stat -a -x, -o /tmp/perf3.stat -e ktp_sample:sample_value_first sh /tmp/hold.sh &
PERF=$!
sleep 3
check "ktp's sites switched on by perf" grep -q '^  ktp_sample:sample_value_first  *1 .* enabled  *match$' $K/static_keys
check "rmmod ktp fails while perf is attached" sh -c "! rmmod ktp 2>/dev/null"
check "ktp is still there" test -d $K/events
touch /tmp/stop
wait $PERF
check "perf detached: the sites are off again" grep -q '^  ktp_sample:sample_value_first  *0 .* disabled match$' $K/static_keys
# Another module's events: pinned by perf the same way.
check "load the events' module" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
check "native lists its events" test -r $N/events/ktp_test/test_tick/format
rm -f /tmp/stop
perf stat -a -x, -o /tmp/perf4.stat -e ktp_test:test_tick sh /tmp/hold.sh &
PERF=$!
sleep 3
echo 25 > /sys/module/ktp_test_events/parameters/fire
check "rmmod of the events' module fails while perf is attached" sh -c "! rmmod ktp_test_events 2>/dev/null"
touch /tmp/stop
wait $PERF
check_eq "perf counted its calls" 25 "$(sed -n 's/^\([0-9]*\),.*ktp_test:test_tick.*/\1/p' /tmp/perf4.stat)"
check "then it unloads" rmmod ktp_test_events
check "its native events are gone" test ! -e $N/events/ktp_test
check "ktp unloads" rmmod ktp
check "ktp's native events are gone" test ! -e $N/events/ktp_sample
finish
