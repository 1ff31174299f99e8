#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp.ko loads and unloads 20 times, creating and removing its debugfs tree each time and logging its version.
. /ktp/tests/vm/lib.sh

KTP_DIR=/sys/kernel/debug/ktp
check "no ktp tree before the first load" test ! -e $KTP_DIR
i=1
while [ $i -le 20 ]; do
	dmesg -c > /dev/null
	check "load $i" insmod /ktp/modules/ktp.ko
	check "tree exists after load $i" test -d $KTP_DIR
	check "module listed after load $i" grep -q '^ktp ' /proc/modules
	check_eq "one version line at load $i" 1 "$(dmesg | grep -c 'ktp: version [0-9][0-9.]* loaded')"
	check "unload $i" rmmod ktp
	check "tree gone after unload $i" test ! -e $KTP_DIR
	check "module gone after unload $i" sh -c '! grep -q "^ktp " /proc/modules'
	i=$((i + 1))
done
check "native tracing untouched" test -f /sys/kernel/tracing/available_events

# The buffer's size at load is a module parameter, read back as native reads back the same size.
N=/sys/kernel/tracing
native_kb() { echo "$1" > $N/buffer_size_kb; cat $N/buffer_size_kb; }
check "load with buffer_size_kb=64" insmod /ktp/modules/ktp.ko buffer_size_kb=64
check_eq "every CPU starts with 64 KB, as native's 64 reads" "$(native_kb 64)" "$(cat $KTP_DIR/buffer_size_kb)"
check "unload" rmmod ktp
check "load with the default" insmod /ktp/modules/ktp.ko
check_eq "the default is native's expanded 1408 KB" "$(native_kb 1408)" "$(cat $KTP_DIR/buffer_size_kb)"
check "unload" rmmod ktp
check "an impossible size refuses the load" sh -c "! insmod /ktp/modules/ktp.ko buffer_size_kb=4294967295 2>/dev/null"
check "no tree after a refused load" test ! -e $KTP_DIR
finish
