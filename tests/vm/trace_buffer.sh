#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: recording into ktp's buffer and reading it back (trace, trace_pipe, per_cpu, markers, overflow) beside native.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
E=$K/events/ktp_sample
check "load" insmod /ktp/modules/ktp.ko

# Headers of the page format, byte for byte as native's.
check_eq "header_page as native" "$(cat $N/events/header_page)" "$(cat $K/events/header_page)"
check_eq "header_event as native" "$(cat $N/events/header_event)" "$(cat $K/events/header_event)"
check_eq "modes as native" \
	"$(cd $N && ls -l trace trace_pipe trace_marker tracing_on set_event buffer_size_kb buffer_total_size_kb saved_cmdlines saved_cmdlines_size options/overwrite events/enable events/header_page | cut -c1-10 | tr '\n' ' ')" \
	"$(cd $K && ls -l trace trace_pipe trace_marker tracing_on set_event buffer_size_kb buffer_total_size_kb saved_cmdlines saved_cmdlines_size options/overwrite events/enable events/header_page | cut -c1-10 | tr '\n' ' ')"

# An empty buffer: the same header as native's, line for line.
echo > $N/trace
check_eq "empty trace header as native" "$(cat $N/trace)" "$(cat $K/trace)"

# Record 10 rounds of the sample events (one enabled event: 10 records).
check "enable one event" sh -c "echo 1 > $E/sample_ints/enable"
check_eq "enable reads 1" 1 "$(cat $E/sample_ints/enable)"
check_eq "system reads X" X "$(cat $E/enable)"
echo 10 > $K/sample_fire
check_eq "ten records, header counts" "# entries-in-buffer/entries-written: 10/10   #P:$(nproc)" "$(sed -n 3p $K/trace)"
check_eq "ten lines" 10 "$(grep -c 'sample_ints: s8=' $K/trace)"
line=$(grep -m1 'sample_ints:' $K/trace)
echo "$line"
check "native line layout" sh -c "echo '$line' | grep -Eq '^ {0,15}[^ ].{0,15}-[0-9]+ +\[[0-9]{3}\] [.dDbXnNpHhsZz.0-9a-f]{5} +[0-9]+\.[0-9]{6}: sample_ints: s8=0 s16=0 s32=0 s64=0 u8=0'"
check "the comm is the writer's" sh -c "echo '$line' | grep -q '^ *sh-[0-9]'"
check_eq "trace does not consume" 10 "$(grep -c 'sample_ints:' $K/trace)"
expect=$(grep -o 'sample_ints: s8=[-0-9]*' $K/trace | head -n 3 | tr '\n' ' ')
# A read takes as many whole lines as fit, as native's: head drains all ten.
check_eq "trace_pipe consumes in order" "$expect" "$(head -n 3 $K/trace_pipe | grep -o 'sample_ints: s8=[-0-9]*' | tr '\n' ' ')"
check_eq "all consumed" "# entries-in-buffer/entries-written: 0/0   #P:$(nproc)" "$(sed -n 3p $K/trace)"
check "O_TRUNC on trace clears" sh -c ": > $K/trace"
check_eq "cleared" "# entries-in-buffer/entries-written: 0/0   #P:$(nproc)" "$(sed -n 3p $K/trace)"

# trace_marker: the same line text as native.
echo hello > $N/trace_marker
echo hello > $K/trace_marker
check_eq "marker line as native" "$(grep -o 'tracing_mark_write: hello$' $N/trace)" "$(grep -o 'tracing_mark_write: hello$' $K/trace)"
check_eq "marker format as native (but the id)" "$(sed 1,2d $N/events/ftrace/print/format)" "$(sed 1,2d $K/events/ftrace/print/format)"
check "no enable file for print, as native" test ! -e $K/events/ftrace/print/enable
: > $K/trace

# tracing_on 0 stops writes only: the event stays enabled.
check "tracing_on 0" sh -c "echo 0 > $K/tracing_on"
echo 5 > $K/sample_fire
check_eq "nothing recorded while off" 0 "$(grep -c 'sample_ints:' $K/trace)"
check_eq "still enabled" 1 "$(cat $E/sample_ints/enable)"
err=$(sh -c "echo x > $K/trace_marker" 2>&1)
check "marker refused with EBADF while off, as native" sh -c "echo '$err' | grep -q 'Bad file descriptor'"
check "tracing_on 1" sh -c "echo 1 > $K/tracing_on"
echo 5 > $K/sample_fire
check_eq "recording again" 5 "$(grep -c 'sample_ints:' $K/trace)"
: > $K/trace

# per_cpu: every CPU has its files; records land on the CPU that wrote them.
for c in $(seq 0 $(($(nproc) - 1))); do
	check "cpu$c files" test -f $K/per_cpu/cpu$c/trace -a -f $K/per_cpu/cpu$c/trace_pipe -a -f $K/per_cpu/cpu$c/trace_pipe_raw -a -f $K/per_cpu/cpu$c/stats -a -f $K/per_cpu/cpu$c/buffer_size_kb
done
taskset -c 1 sh -c "echo 4 > $K/sample_fire"
check_eq "cpu1 holds them" 4 "$(grep -c 'sample_ints:' $K/per_cpu/cpu1/trace)"
check_eq "cpu0 has none" 0 "$(grep -c 'sample_ints:' $K/per_cpu/cpu0/trace)"
check_eq "stats entries" "entries: 4" "$(sed -n 1p $K/per_cpu/cpu1/stats)"
check_eq "stats layout as native" "$(sed 's/:.*//' $N/per_cpu/cpu1/stats | tr '\n' ,)" "$(sed 's/:.*//' $K/per_cpu/cpu1/stats | tr '\n' ,)"
: > $K/trace

# Overflow in overwrite mode: exact counts and a LOST line in trace_pipe only.
check "a small buffer" sh -c "echo 8 > $K/buffer_size_kb"
check_eq "rounded as native" 11 "$(cat $K/buffer_size_kb)"
taskset -c 0 sh -c "echo 3000 > $K/sample_fire"
overrun=$(sed -n 's/^overrun: //p' $K/per_cpu/cpu0/stats)
entries=$(sed -n 's/^entries: //p' $K/per_cpu/cpu0/stats)
check "some were overwritten" test "$overrun" -gt 0
check_eq "written = entries + overrun" 3000 $((overrun + entries))
check_eq "trace shows no LOST line, as native" 0 "$(grep -c LOST $K/trace)"
check_eq "header counts" "# entries-in-buffer/entries-written: $entries/3000   #P:$(nproc)" "$(sed -n 3p $K/trace)"
first=$(head -n 1 $K/per_cpu/cpu0/trace_pipe)
check_eq "trace_pipe reports the loss first" "CPU:0 [LOST $overrun EVENTS]" "$first"
: > $K/trace

# Drop mode: new events are refused and counted, the oldest kept, no LOST line.
check "overwrite 0" sh -c "echo 0 > $K/options/overwrite"
taskset -c 0 sh -c "echo 3000 > $K/sample_fire"
dropped=$(sed -n 's/^dropped events: //p' $K/per_cpu/cpu0/stats)
entries=$(sed -n 's/^entries: //p' $K/per_cpu/cpu0/stats)
check_eq "written + dropped = fired" 3000 $((dropped + entries))
check_eq "no overrun" "overrun: 0" "$(sed -n 2p $K/per_cpu/cpu0/stats)"
check "the oldest kept" sh -c "grep -m1 sample_ints: $K/per_cpu/cpu0/trace | grep -q 's8=0 '"
check_eq "no LOST line" 0 "$(head -n 3 $K/per_cpu/cpu0/trace_pipe | grep -c LOST)"
echo 1 > $K/options/overwrite
echo 1410 > $K/buffer_size_kb
echo 0 > $E/sample_ints/enable
: > $K/trace

check "unload" rmmod ktp
finish
