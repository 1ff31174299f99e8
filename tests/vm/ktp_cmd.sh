#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp-cmd runs Debian's trace-cmd on ktp's tree: record (splice and --nosplice, -e SYS, -e SYS:EVENT -f,
# -b, -C, --date), extract, stream, show, events toggled while recording; reports match ktp's own trace; native's files unchanged.
. /ktp/tests/vm/lib.sh
export PATH=$PATH:/usr/bin
K=/sys/kernel/debug/ktp
N=/sys/kernel/tracing
W=/tmp/kc
mkdir -p $W
cd $W || exit 1
# Native's state, before and after: the files trace-cmd would write there.
native_state() {
	for f in tracing_on events/enable trace_clock buffer_size_kb current_tracer set_event tracing_cpumask \
		set_event_pid options/event-fork events/sched/filter; do
		printf '%s=%s\n' "$f" "$(cat $N/$f 2>&1 | tr '\n' ' ')"
	done
	for f in ftrace_enabled kptr_restrict; do printf '%s=%s\n' "$f" "$(cat /proc/sys/kernel/$f)"; done
}
# Two settings native does not have by default, so that a write to them would show.
echo 0 > /proc/sys/kernel/ftrace_enabled 2>/dev/null
echo 1 > $N/options/event-fork
before=$(native_state)
check "load" insmod /ktp/modules/ktp.ko
check_eq "trace_clock lists ktp's clock" "[local]" "$(cat $K/trace_clock)"
check "trace_clock takes local" sh -c "echo local > $K/trace_clock"
check_eq "trace_clock refuses global as native refuses a clock it lacks" "1" "$(if echo global > $K/trace_clock 2>/dev/null; then echo 0; else echo 1; fi)"
# trace-cmd 3.1.6 loses a recording whose command ends before the recorders
# reach their loop (SIGUSR1 then comes before tracecmd_start_recording, which
# clears the stop flag, and the recorder exits without its final flush): the
# recorded commands first sleep a second, as the recorders start in about 50 ms.
printf 'taskset -c 0 sh -c "echo 30 > %s"\ntaskset -c 1 sh -c "echo 30 > %s"\n' $K/sample_fire $K/sample_fire > $W/fire.sh
printf 'sleep 1\nsh %s\n' $W/fire.sh > $W/work.sh
printf 'sleep 1\necho 5 > %s\n' $K/sample_fire > $W/five.sh
fire() { sh $W/fire.sh; }
# "name fields" of each sample record (s8/s16 are shown unsigned by libtraceevent: sample_ints keeps its unsigned part).
norm() { sed -n 's/.*: \(sample_[a-z_]*\): *\(.*\)/\1 \2/p' "$1" | sed 's/^\(sample_ints\) .*\(u8=.*\)/\1 \2/'; }
noerr() { grep -iE 'warn|fail|error|could not' "$1"; }
# The reference: ktp's own trace of the same workload.
echo ktp_sample: > $K/set_event
fire
cat $K/trace > ref.txt
echo > $K/set_event
check_eq "300 reference records" 300 "$(grep -c ': sample_' ref.txt)"
norm ref.txt | sort > ref.norm

# record, splicing (the default) and not.
for mode in splice nosplice; do
	opt=; [ $mode = nosplice ] && opt=--nosplice
	check "$mode: record" sh -c "ktp-cmd record $opt -e ktp_sample -o $mode.dat sh $W/work.sh > $mode.log 2>&1"
	cat $mode.log
	check "$mode: report" sh -c "trace-cmd report -i $mode.dat > $mode.txt 2> $mode.err"
	check_eq "$mode: report without complaints" "" "$(noerr $mode.err)"
	check_eq "$mode: every record" 300 "$(grep -c ': sample_' $mode.txt)"
	check_eq "$mode: the same records as ktp's trace" "$(cat ref.norm)" "$(norm $mode.txt | sort)"
	check_eq "$mode: comms from saved_cmdlines" 300 "$(grep ': sample_' $mode.txt | grep -c '^ *sh-')"
	check_eq "$mode: CPU 0's share" 150 "$(grep -c '\[000\].*: sample_' $mode.txt)"
	check_eq "$mode: not recorded into native's buffer" 0 "$(grep -c sample_ $N/trace)"
done
head -n 8 splice.txt

# extract after the workload: the report is ktp's trace, timestamp for timestamp.
check "start" ktp-cmd start -e ktp_sample
fire
cat $K/trace > ex-ref.txt
check "extract" sh -c "ktp-cmd extract -o ex.dat > ex.log 2>&1"
check "stop" ktp-cmd stop
check_eq "stop: ktp's tracing_on is off" 0 "$(cat $K/tracing_on)"
echo 1 > $K/tracing_on
trace-cmd report -i ex.dat > ex.txt 2> ex.err
check_eq "extract: report without complaints" "" "$(noerr ex.err)"
check_eq "extract: the same records in the same order" "$(norm ex-ref.txt)" "$(norm ex.txt)"
stamps() { grep -o '[0-9]*\.[0-9]*: sample_' "$1" | cut -d: -f1 | tr '\n' ' '; }
check_eq "extract: the same timestamps" "$(stamps ex-ref.txt)" "$(stamps ex.txt)"
comms() { grep ': sample_' "$1" | sed 's/^ *\([^ ]*\) .*/\1/' | tr '\n' ' '; }
check_eq "extract: the same comm-pid of every record" "$(comms ex-ref.txt)" "$(comms ex.txt)"
echo > $K/set_event

# -e SYS:EVENT -f FILTER: the filter is ktp's, and so are the records.
check "filter record" sh -c "ktp-cmd record -e ktp_sample:sample_value_first -f 'value > 20' -o f.dat sh -c 'sleep 1; echo 30 > $K/sample_fire' > f.log 2>&1"
trace-cmd report -i f.dat > f.txt 2> f.err
cat f.log f.err
check_eq "filter: report without complaints" "" "$(noerr f.err)"
check_eq "filter: only sample_value_first" "$(grep -c ': sample_' f.txt)" "$(grep -c ': sample_value_first' f.txt)"
check_eq "filter: 9 records (value 21..29)" 9 "$(grep -c ': sample_value_first' f.txt)"
check_eq "filter: every value over 20" "" "$(grep ': sample_value_first' f.txt | grep -v 'value=2[1-9]$')"

# -b: ktp's buffer takes the size; -C local works, -C global is refused.
check "-b 64" sh -c "ktp-cmd record -b 64 -e ktp_sample -o b.dat sh $W/five.sh > b.log 2>&1"
check_eq "-b: 25 records" 25 "$(trace-cmd report -i b.dat 2>/dev/null | grep -c ': sample_')"
echo 64 > $K/buffer_size_kb
check_eq "-b: ktp's per-CPU size" "$(cat $K/per_cpu/cpu0/buffer_size_kb)" "$(cat $K/per_cpu/cpu1/buffer_size_kb)"
check "-C local" sh -c "ktp-cmd record -C local -e ktp_sample -o c.dat sh $W/five.sh > c.log 2>&1"
check_eq "-C local: 25 records" 25 "$(trace-cmd report -i c.dat 2>/dev/null | grep -c ': sample_')"
check_eq "-C global: refused" 1 "$(ktp-cmd record -C global -e ktp_sample -o g.dat true > g.log 2>&1; [ $? != 0 ] && grep -qi 'not supported' g.log && echo 1)"
check "--date" sh -c "ktp-cmd record --date -e ktp_sample -o d.dat sh $W/five.sh > d.log 2>&1"
check_eq "--date: 25 records" 25 "$(trace-cmd report -i d.dat 2>/dev/null | grep -c ': sample_')"

# Events toggled while recording (until SIGINT, no command).
ktp-cmd record -e ktp_sample -o t.dat > t.log 2>&1 &
rec=$!
# Until trace-cmd has enabled the events and turned tracing on (slow on the debug kernel), then its recorders' start.
i=0
while [ $i -lt 600 ] && [ "$(cat $K/events/ktp_sample/sample_value_first/enable)$(cat $K/tracing_on)" != 11 ]; do
	usleep 100000
	i=$((i + 1))
done
sleep 1
for i in 1 2 3 4 5; do
	echo 0 > $K/events/ktp_sample/sample_ints/enable
	echo 4 > $K/sample_fire
	echo 1 > $K/events/ktp_sample/sample_ints/enable
	echo 4 > $K/sample_fire
done
sleep 1
kill -INT $rec
wait $rec
check_eq "toggled: record ended well" 0 $?
trace-cmd report -i t.dat > t.txt 2> t.err
check_eq "toggled: report without complaints" "" "$(noerr t.err)"
check_eq "toggled: sample_value_first, always on" 40 "$(grep -c ': sample_value_first' t.txt)"
check_eq "toggled: sample_ints, on half the time" 20 "$(grep -c ': sample_ints' t.txt)"

# stream: records printed as pages fill. Its final flush races with the main
# process's last read (trace-cmd's), so the last partly filled page of each CPU may be missing.
timeout 60 ktp-cmd stream -e ktp_sample sh -c "sleep 1; echo 200 > $K/sample_fire; sleep 1" > s.txt 2> s.err
n=$(grep -c ': sample_' s.txt)
check "stream: at least 700 of the 1000 records ($n)" test "$n" -ge 700 -a "$n" -le 1000
check_eq "stream: in order" "$(grep -o 'sample_value_first: *which=1 value=[0-9]*' s.txt | sed 's/.*value=//' | sort -n | tr '\n' ' ')" \
	"$(grep -o 'sample_value_first: *which=1 value=[0-9]*' s.txt | sed 's/.*value=//' | tr '\n' ' ')"

# show reads ktp's trace.
echo ktp_sample: > $K/set_event
echo 2 > $K/sample_fire
check_eq "show: ktp's trace" "$(grep -c ': sample_' $K/trace)" "$(ktp-cmd show | grep -c ': sample_')"
echo > $K/set_event

check_eq "native's files unchanged" "$before" "$(native_state)"
check "unload" rmmod ktp
finish
