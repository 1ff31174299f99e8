#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: events/<sys>/<event>/{id,format,filter} in ktp's tree, with native's formats, modes, errors and carets.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
E=$K/events/ktp_sample
N=/sys/kernel/tracing/events/sched/sched_switch
check "load" insmod /ktp/modules/ktp.ko
check "one directory per sample event" test "$(ls -d $E/*/ | wc -l)" -eq 5
for ev in $(cd $E && ls -d */ | tr -d /); do
	check "$ev has id, format, filter" test -f $E/$ev/id -a -f $E/$ev/format -a -f $E/$ev/filter
done
check_eq "ids are unique" 5 "$(cat $E/*/id | sort -u | wc -l)"
check_eq "file modes as native (filter, format, id)" "-rw-r----- -r--r----- -r--r-----" \
	"$(ls -l $E/sample_ints/id $E/sample_ints/format $E/sample_ints/filter | cut -c1-10 | tr '\n' ' ' | sed 's/ $//')"
id=$(cat $E/sample_strings/id)
check_eq "format header" "name: sample_strings|ID: $id|format:" "$(head -n 3 $E/sample_strings/format | tr '\n' '|' | sed 's/|$//')"
check "common fields as native" grep -qF "$(printf '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;')" $E/sample_strings/format
# char's signedness is the kernel's (unsigned from 6.2 on): native's own char fields say which.
NF=/sys/kernel/tracing/events/sched
char_signed=$(sed -n 's/.*field:char prev_comm\[16\];.*signed:\([01]\);.*/\1/p' $NF/sched_switch/format)
loc_signed=$(sed -n 's/.*field:__data_loc char\[\] filename;.*signed:\([01]\);.*/\1/p' $NF/sched_process_exec/format)
check "native's char fields read" test -n "$char_signed" -a -n "$loc_signed"
check "arrays print as native" grep -qF "$(printf '\tfield:char tag[16];\toffset:8;\tsize:16;\tsigned:%s;' "$char_signed")" $E/sample_strings/format
check "dynamic strings print as native" grep -qF "$(printf '\tfield:__data_loc char[] label;\toffset:24;\tsize:4;\tsigned:%s;' "$loc_signed")" $E/sample_strings/format
check "print fmt with REC->" grep -qF 'print fmt: "tag=%s label=%s ptr=0x%lx seq=%u", REC->tag, __get_str(label), (unsigned long)REC->ptr, REC->seq' $E/sample_strings/format
cat $E/sample_strings/format

F=$E/sample_ints/filter
check_eq "no filter reads none" none "$(cat $F)"
check "a valid filter" sh -c "echo 's32v < 0 && flag == 1' > $F"
check_eq "read back as written" "s32v < 0 && flag == 1" "$(cat $F)"
err=$(sh -c "echo 's32v == \"x\"' > $F" 2>&1)
check "a bad filter fails with EINVAL" sh -c "echo '$err' | grep -q 'Invalid argument'"
check "native's message" grep -q '^parse_error: Expecting numeric field$' $F
check "and ktp keeps the old filter" grep -q '^ktp: the write was refused; the filter in force is still: s32v < 0 && flag == 1$' $F
check "0 clears" sh -c "echo 0 > $F"
check_eq "cleared" none "$(cat $F)"
check "oversize writes refused" sh -c "! head -c 5000 /dev/zero | tr '\\0' 'a' > $F"

# Expressions on fields both events have (the common and generic ones): the
# same errno and the same text as native, caret included.
for expr in 'xyz == 1' '(common_pid == 1' 'common_pid == 1)' '!' 'a b' '  && common_pid == 1' \
	'common_pid ==' 'common_pid = 1' '((common_pid' 'common_pid == 1 ||' 'comm == 1' 'cpu ~ "a"' \
	'common_pid == 08' 'common_flags == 256 && CPU > -1' 'COMM ~ "[a-" || common_type < 0x'; do
	nerr=$(sh -c 'echo "$1" > "$2"' _ "$expr" $N/filter 2>&1 | sed 's/.*write error: //')
	kerr=$(sh -c 'echo "$1" > "$2"' _ "$expr" $F 2>&1 | sed 's/.*write error: //')
	check_eq "errno of [$expr]" "$nerr" "$kerr"
	check_eq "read-back of [$expr]" "$(sed '/^$/,$d' $N/filter)" "$(sed '/^$/,$d' $F)"
	echo 0 > $N/filter
	echo 0 > $F
done

# The system's filter: applied to every event that has the fields.
S=$K/events/ktp_sample/filter
check "system filter reads native's message" grep -q '^### global filter ###$' $S
check "events with the field take a system filter" sh -c "echo 'seq > 3' > $S"
check_eq "sample_strings has seq" "seq > 3" "$(cat $E/sample_strings/filter)"
check_eq "sample_from_c has seq" "seq > 3" "$(cat $E/sample_from_c/filter)"
check "events without it show native's subsystem error" grep -q "^parse_error: Couldn't find or set field in one of a subsystem's events$" $E/sample_ints/filter
check "and keep what they had" grep -q '^ktp: the write was refused; no filter is in force$' $E/sample_ints/filter
check "0 on the system clears them all" sh -c "echo 0 > $S"
check_eq "cleared" "none none" "$(cat $E/sample_strings/filter $E/sample_from_c/filter | tr '\n' ' ' | sed 's/ $//')"

check_eq "available_events lists every event directory but ftrace's (no enable file), as native" \
	"$(cd $K/events && ls -d */*/ | sed 's|/$||' | grep -v '^ftrace/' | sort)" "$(sort $K/available_events | tr : /)"
check "the tree explains itself" grep -q '^ktp: out-of-tree tracepoints' $K/README
for f in trace trace_pipe trace_marker tracing_on set_event buffer_size_kb options/overwrite saved_cmdlines per_cpu/cpuN/ \
	events/header_page trigger; do
	check "README explains $f" grep -qF "$f" $K/README
done
check "available_events as native: system:event lines" grep -q '^ktp_sample:sample_ints$' $K/available_events

check "a second module's events appear" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
check "with their files" test -f $K/events/ktp_test/test_tick/format
check "remove it" rmmod ktp_test_events
check "its system directory is gone" test ! -e $K/events/ktp_test
# ktp_twin_clash:filter is named like its system's filter file: no directory for it, and its
# system, made for it alone, goes at once (it stayed, leaked, with no event in it).
check "load the twins" insmod /ktp/modules/ktp_filter_twin.ko
check "an event whose directory cannot be made leaves no system behind" test ! -e $K/events/ktp_twin_clash
check "the other twin has its files" test -f $K/events/ktp_twin/twin/format
check "unload the twins" rmmod ktp_filter_twin
check "nothing of theirs is left" test ! -e $K/events/ktp_twin
check "unload" rmmod ktp
finish
