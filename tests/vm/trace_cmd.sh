#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: Debian's trace-cmd reads ktp's tree and raw pages: restore builds a trace.dat from ktp's format
# files and per_cpu/cpuN/trace_pipe_raw, and report shows every record ktp's trace shows.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
TC=/usr/bin/trace-cmd
check "trace-cmd is in the VM" test -x $TC
check "load" insmod /ktp/modules/ktp.ko
check "enable the sample system" sh -c "echo ktp_sample: > $K/set_event"
taskset -c 0 sh -c "echo 30 > $K/sample_fire"
taskset -c 1 sh -c "echo 30 > $K/sample_fire"
W=/tmp/tc
mkdir -p $W
cat $K/trace > $W/ktp.txt
check "restore -c builds a header from ktp's tree" sh -c "cd $W && $TC restore -c -t $K -o head.dat > restore-c.log 2>&1"
cat $W/restore-c.log
check_eq "libtraceevent parsed every format without a complaint" "" "$(grep -iE 'warn|fail|error' $W/restore-c.log)"
files=
for c in $(seq 0 $(($(nproc) - 1))); do
	# Whole pages until the CPU's buffer is empty (the read would then block).
	# read(2), which also hands out the partly filled page (cat may splice: whole pages only).
	timeout 3 dd if=$K/per_cpu/cpu$c/trace_pipe_raw of=$W/cpu$c bs=4096 2>/dev/null
	files="$files cpu$c"
done
check_eq "pages are whole" 0 $(( $(cat $W/cpu* | wc -c) % 4096 ))
check "restore -i assembles trace.dat" sh -c "cd $W && $TC restore -i head.dat -o trace.dat $files > restore-i.log 2>&1"
check "report reads it" sh -c "cd $W && $TC report -i trace.dat > report.txt 2> report.err"
check_eq "report without complaints" "" "$(grep -iE 'warn|fail|error' $W/report.err)"
head -n 12 $W/report.txt
# The same records: event names and print text in the same order (s8/s16 are shown
# unsigned by libtraceevent, so sample_ints is compared on its unsigned fields).
norm() { sed -n 's/.*: \(sample_[a-z_]*\): *\(.*\)/\1 \2/p' "$1" | sed 's/^\(sample_ints\) .*\(u8=.*\)/\1 \2/'; }
check_eq "as many records" "$(grep -c ': sample_' $W/ktp.txt)" "$(grep -c ': sample_' $W/report.txt)"
check_eq "300 of them (60 rounds of 5 events)" 300 "$(grep -c ': sample_' $W/ktp.txt)"
check_eq "the same records in the same order" "$(norm $W/ktp.txt)" "$(norm $W/report.txt)"
check_eq "the same timestamps (to the microsecond)" \
	"$(grep -o '[0-9]*\.[0-9]*: sample_' $W/ktp.txt | cut -d: -f1 | tr '\n' ' ')" \
	"$(grep -o '[0-9]*\.[0-9]*: sample_' $W/report.txt | cut -d: -f1 | tr '\n' ' ')"
echo > $K/set_event
check "unload" rmmod ktp
finish
