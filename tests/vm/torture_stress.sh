#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Torture: 6*KTP_SCALE s of every control change beside writers and readers on two CPUs, then an exact count per CPU: written = read + overrun + in buffer + dropped.
. /ktp/tests/vm/torture_lib.sh
seconds=$((6 * SCALE))
S=$K/events/ktp_sample

check "load ktp" insmod /ktp/modules/ktp.ko
check "two CPUs online" test "$(grep -c ^processor /proc/cpuinfo)" -ge 2
echo 64 > $K/buffer_size_kb
echo 1 > $S/enable

# Writers: every ktp_sample event and trace_marker, on each CPU.
writer() {
	i=0
	while running; do
		echo 20 > $K/sample_fire
		echo "torture mark $i" > $K/trace_marker
		i=$((i + 1))
	done
}
# Enable and disable: ktp_sample's events one by one, set_event tokens, the mirror events.
toggler() {
	while running; do
		echo 0 > $S/sample_ints/enable
		echo '!ktp_sample:sample_strings' >> $K/set_event
		echo 1 > $K/events/sched/sched_switch/enable
		echo 'raw_syscalls:*' >> $K/set_event
		echo 1 > $S/sample_ints/enable
		echo 'ktp_sample:sample_strings' >> $K/set_event
		echo 0 > $K/events/sched/sched_switch/enable
		echo '!raw_syscalls:*' >> $K/set_event
	done
}
# Filters and triggers swapped in and out.
swapper() {
	while running; do
		echo 's32 > 0 && u8 != 3' > $S/sample_ints/filter
		echo 'seq & 1' > $S/sample_strings/filter
		echo 'enable_event:ktp_sample:sample_value_second' > $S/sample_value_first/trigger
		echo 'stacktrace:3 if which == 1' > $S/sample_value_first/trigger
		echo 'traceoff:1' > $S/sample_from_c/trigger
		echo 0 > $S/sample_ints/filter
		echo 0 > $S/sample_strings/filter
		echo '!enable_event:ktp_sample:sample_value_second' > $S/sample_value_first/trigger
		echo '!stacktrace:3 if which == 1' > $S/sample_value_first/trigger
		echo '!traceoff:1' > $S/sample_from_c/trigger
		echo 1 > $K/tracing_on
	done
}
# Resizes (all CPUs, one CPU) and O_TRUNC clears.
resizer() {
	while running; do
		echo 16 > $K/buffer_size_kb
		: > $K/trace
		echo 128 > $K/per_cpu/cpu1/buffer_size_kb
		echo 64 > $K/buffer_size_kb
		: > $K/per_cpu/cpu0/trace
		sleep 1
	done
}
# The second module: loaded (its init fires for a second), its events enabled and recorded, removed while enabled.
moduler() {
	while running; do
		insmod /ktp/modules/ktp_test_events.ko stress_seconds=1 hold_probe=0 &
		ins=$!
		wait_for 1 test -e $K/events/ktp_test/enable
		echo 1 > $K/events/ktp_test/enable
		wait $ins
		grep -q '^ktp_test_events ' /proc/modules && echo x >> /tmp/torture.modloads
		rmmod ktp_test_events 2>/dev/null
	done
}
# Non-consuming readers.
catter() {
	while running; do
		cat $K/trace > /dev/null
		cat $K/per_cpu/cpu1/trace $K/per_cpu/cpu0/stats $K/static_keys > /dev/null
	done
}

# pinned FUNCTION CPU: a worker on one CPU.
pinned() {
	in_background "$1"
	taskset -pc "$2" "$!" > /dev/null
}

rm -f /tmp/torture.modloads
pinned writer 0
pinned writer 1
pinned toggler 0
pinned swapper 1
pinned resizer 0
pinned moduler 1
pinned catter 1
$T read $K/trace_pipe block "$seconds" > /tmp/r.pipe &
r1=$!
$T read $K/per_cpu/cpu0/trace_pipe poll "$seconds" > /tmp/r.cpu0 &
r2=$!
$T read $K/per_cpu/cpu1/trace_pipe_raw raw "$seconds" 1 > /tmp/r.raw1 &
r3=$!
sleep "$seconds"
stop_workers
check "the blocking trace_pipe reader ends" wait $r1
check "the polling cpu0 reader ends" wait $r2
check "the raw cpu1 reader ends" wait $r3
chaos_reads="$(cat /tmp/r.pipe) / $(cat /tmp/r.cpu0) / $(cat /tmp/r.raw1)"
echo "chaos readers: $chaos_reads"
check "the readers read records" grep -q 'cpu[01]=[1-9]' /tmp/r.pipe /tmp/r.cpu0 /tmp/r.raw1
modloads=$(cat /tmp/torture.modloads 2>/dev/null | wc -l)
check "the second module was loaded and removed" test "$modloads" -gt 0
check "the second module is gone" sh -c "! grep -q '^ktp_test_events ' /proc/modules"
check "its events are gone" test ! -e $K/events/ktp_test
check "no record of a removed module decodes as an unknown type" sh -c "! grep -q 'Unknown type' $K/trace"

# After the chaos, with tracing stopped: each CPU's entries are the records its trace shows.
echo 0 > $K/tracing_on
echo 0 > $K/events/enable
for t in '!enable_event:ktp_sample:sample_value_second' '!stacktrace:3 if which == 1'; do echo "$t" > $S/sample_value_first/trigger 2>/dev/null; done
echo '!traceoff:1' > $S/sample_from_c/trigger 2>/dev/null
for f in $S/*/filter; do echo 0 > "$f"; done
check "no trigger left" sh -c "! cat $S/*/trigger | grep -v '^#' | grep -q ."
for cpu in 0 1; do
	shown=$(field "$(records $K/per_cpu/cpu$cpu/trace)" cpu$cpu)
	check_eq "cpu$cpu: stats entries are the records in its buffer after the chaos" "$shown" "$(cpu_stat $cpu entries)"
done

# The counted run: known writes on each CPU, three concurrent readers, a resize in the middle.
: > $K/trace
for cpu in 0 1; do
	check_eq "cpu$cpu: a clear zeroes entries" 0 "$(cpu_stat $cpu entries)"
	check_eq "cpu$cpu: a clear zeroes overrun" 0 "$(cpu_stat $cpu overrun)"
	check_eq "cpu$cpu: a clear zeroes read events" 0 "$(cpu_stat $cpu 'read events')"
done
echo 0 > $S/sample_ints/filter
echo 1 > $S/sample_ints/enable
echo 1 > $K/options/overwrite
echo 1 > $K/tracing_on
rounds=$((20 * SCALE))
counted() {
	while [ ! -e /tmp/torture.go ]; do usleep 1000; done
	i=0
	while [ $i -lt $rounds ]; do
		echo 200 > $K/sample_fire
		echo "counted mark $i" > $K/trace_marker
		i=$((i + 1))
	done
}
rs=$((3 * SCALE + 4))
$T read $K/trace_pipe poll "$rs" > /tmp/c.pipe &
r1=$!
$T read $K/per_cpu/cpu0/trace_pipe block "$rs" > /tmp/c.cpu0 &
r2=$!
$T read $K/per_cpu/cpu1/trace_pipe_raw raw "$rs" 1 > /tmp/c.raw1 &
r3=$!
pinned counted 0
pinned counted 1
touch /tmp/torture.go
sleep 1
echo 8 > $K/buffer_size_kb
for p in $workers; do wait "$p"; done
workers=
echo 0 > $K/tracing_on
wait $r1 $r2 $r3
echo "counted readers: $(cat /tmp/c.pipe) / $(cat /tmp/c.cpu0) / $(cat /tmp/c.raw1)"
lost_total=0
dropped_total=0
for cpu in 0 1; do
	written=$((rounds * 201))
	read=0
	for f in /tmp/c.pipe /tmp/c.cpu0 /tmp/c.raw1; do
		n=$(field "$(cat $f)" cpu$cpu)
		read=$((read + ${n:-0}))
	done
	overrun=$(cpu_stat $cpu overrun)
	entries=$(cpu_stat $cpu entries)
	shown=$(field "$(records $K/per_cpu/cpu$cpu/trace)" cpu$cpu)
	echo "cpu$cpu: written $written, read $read, overrun $overrun, entries $entries, shown $shown, $(cpu_stat $cpu 'dropped events') dropped"
	check_eq "cpu$cpu: stats read events are what the readers got" "$read" "$(cpu_stat $cpu 'read events')"
	check_eq "cpu$cpu: stats entries are the records in its buffer" "$shown" "$entries"
	# Overwrite mode drops only what the resize's pause refuses, and counts it.
	dropped=$(cpu_stat $cpu 'dropped events')
	check_eq "cpu$cpu: written = read + overrun + in buffer + dropped" "$written" "$((read + overrun + shown + dropped))"
	lost_total=$((lost_total + written - read - shown - overrun - dropped))
	dropped_total=$((dropped_total + dropped))
done

echo 1 > $K/tracing_on
check "unload the module" rmmod ktp
figure "stress seconds=$seconds module_loads=$modloads counted_writes=$((2 * rounds * 201)) counted_records=$((2 * rounds * 201 - lost_total - dropped_total)) dropped_in_resize=$dropped_total lost=$lost_total"
finish
