#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: trace_pipe readers: blocking and wake-up, O_NONBLOCK, poll, signals, two readers at once, resize under load.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
E=$K/events/ktp_sample
check "load" insmod /ktp/modules/ktp.ko
check "enable sample_from_c" sh -c "echo 1 > $E/sample_from_c/enable"

check_eq "O_NONBLOCK on an empty buffer: EAGAIN, as native" EAGAIN "$(ktp-io nonblock $K/trace_pipe)"
check_eq "poll on an empty buffer times out" timeout "$(ktp-io poll $K/trace_pipe 300)"
check_eq "a signal interrupts a blocked read" EINTR "$(ktp-io signal $K/trace_pipe)"

# A reader blocks, then a write wakes it.
cat $K/trace_pipe > /tmp/pipe.out &
reader=$!
check "the reader blocks" wait_for 10 asleep $reader
check_eq "the blocked reader got nothing yet" 0 "$(wc -c < /tmp/pipe.out)"
echo 3 > $K/sample_fire
wait_for 10 sh -c "[ \$(grep -c 'sample_from_c:' /tmp/pipe.out) -ge 3 ]"
check_eq "woken by the writer" 3 "$(grep -c 'sample_from_c:' /tmp/pipe.out)"
kill $reader
wait $reader 2>/dev/null

echo 2 > $K/sample_fire
check_eq "poll sees data" ready "$(ktp-io poll $K/trace_pipe 300)"
check "O_NONBLOCK reads it" sh -c "ktp-io nonblock $K/trace_pipe | grep -q '^data [1-9]'"

# Two readers at once: every event reaches exactly one of them.
cat $K/trace_pipe > /tmp/r1.out &
r1=$!
cat $K/trace_pipe > /tmp/r2.out &
r2=$!
for c in 0 1; do taskset -c $c sh -c "echo 1000 > $K/sample_fire" & done
wait %3 %4 2>/dev/null
wait_for 20 sh -c "[ \$(cat /tmp/r1.out /tmp/r2.out | grep -c 'sample_from_c:') -ge 2000 ]"
kill $r1 $r2
wait 2>/dev/null
total=$(cat /tmp/r1.out /tmp/r2.out | grep -c 'sample_from_c:')
unique=$(cat /tmp/r1.out /tmp/r2.out | grep 'sample_from_c:' | sed 's/^ *[^ ]* *\[\([0-9]*\)\].*seq=\([0-9]*\).*/\1 \2/' | sort -u | wc -l)
check_eq "2000 events read in all" 2000 "$total"
check_eq "none twice" 2000 "$unique"
for c in 0 1; do
	check_eq "cpu$c: all read" "entries: 0" "$(sed -n 1p $K/per_cpu/cpu$c/stats)"
done

# Resizing while writers run: no half-valid buffer, the counters stay exact.
: > $K/trace
for c in 0 1; do taskset -c $c sh -c "for i in \$(seq 1 40); do echo 200 > $K/sample_fire; done" & done
for kb in 8 64 4 1410 16 300 1410; do
	check "resize to $kb under load" sh -c "echo $kb > $K/buffer_size_kb"
	cat $K/trace > /dev/null
done
wait
for c in 0 1; do
	st=$K/per_cpu/cpu$c/stats
	w=$(( $(sed -n 's/^entries: //p' $st) + $(sed -n 's/^overrun: //p' $st) + $(sed -n 's/^read events: //p' $st) + $(sed -n 's/^dropped events: //p' $st) ))
	check_eq "cpu$c: every event of the resize phase is accounted for" 8000 "$w"
done
check_eq "trace still reads" "# tracer: nop" "$(head -n 1 $K/trace)"
echo 0 > $E/sample_from_c/enable
check "unload" rmmod ktp
finish
