#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: one CPU registers and unregisters a probe while another fires the event: 20 s on the debug kernel, 5 s elsewhere.
. /ktp/tests/vm/lib.sh
case $(uname -r) in *debug*) seconds=20 ;; *) seconds=5 ;; esac
check "load ktp" insmod /ktp/modules/ktp.ko
check "two CPUs online" test "$(grep -c ^processor /proc/cpuinfo)" -ge 2
check "toggle for ${seconds}s while firing, no late probe call" insmod /ktp/modules/ktp_test_events.ko stress_seconds=$seconds hold_probe=0
dmesg | grep 'ktp_test_events: stress' | tail -n 1
check "unload the test module" rmmod ktp_test_events
check "unload ktp" rmmod ktp
finish
