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
finish
