#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Torture: CPU 1 goes offline and back 3*KTP_SCALE times while both CPUs record; afterwards both record and every event is accounted for.
. /ktp/tests/vm/torture_lib.sh
cycles=$((3 * SCALE))
ONLINE=/sys/devices/system/cpu/cpu1/online

check "load ktp" insmod /ktp/modules/ktp.ko
check "CPU 1 can go offline" test -w $ONLINE
echo 4096 > $K/buffer_size_kb
echo 1 > $K/events/ktp_sample/sample_ints/enable
: > $K/trace

# Each writer counts its events (one sample_ints per fired round) into its own file.
writer() {
	n=0
	while running; do
		echo 10 > $K/sample_fire && n=$((n + 10))
	done
	echo $n > /tmp/hotplug.$1
}
writer a &
workers="$workers $!"
taskset -pc 1 $! > /dev/null
writer b &
workers="$workers $!"
writer c &
workers="$workers $!"
taskset -pc 0 $! > /dev/null

i=1
while [ $i -le $cycles ]; do
	check "cycle $i: CPU 1 offline" sh -c "echo 0 > $ONLINE"
	check_eq "cycle $i: CPU 1 reads offline" 0 "$(cat $ONLINE)"
	cat $K/per_cpu/cpu1/stats > /dev/null
	usleep 300000
	check "cycle $i: CPU 1 online" sh -c "echo 1 > $ONLINE"
	check_eq "cycle $i: CPU 1 reads online" 1 "$(cat $ONLINE)"
	usleep 300000
	i=$((i + 1))
done
stop_workers
written=$(( $(cat /tmp/hotplug.a) + $(cat /tmp/hotplug.b) + $(cat /tmp/hotplug.c) ))
accounted=0
for cpu in 0 1; do
	shown=$(field "$(records $K/per_cpu/cpu$cpu/trace)" cpu$cpu)
	check_eq "cpu$cpu: stats entries are the records in its buffer" "$shown" "$(cpu_stat $cpu entries)"
	accounted=$((accounted + shown + $(cpu_stat $cpu overrun) + $(cpu_stat $cpu 'read events') + $(cpu_stat $cpu 'dropped events')))
	echo "cpu$cpu: $shown in buffer, $(cpu_stat $cpu overrun) overrun, $(cpu_stat $cpu 'dropped events') dropped"
done
check_eq "every event written across the hotplugs is in a buffer or counted" "$written" "$accounted"

# Both CPUs record afterwards.
for cpu in 0 1; do
	before=$(cpu_stat $cpu entries)
	taskset -c $cpu sh -c "echo 7 > $K/sample_fire"
	check_eq "cpu$cpu records after the hotplugs" $((before + 7)) "$(cpu_stat $cpu entries)"
done
check "unload ktp" rmmod ktp
figure "hotplug cycles=$cycles written=$written records=$accounted lost=$((written - accounted))"
finish
