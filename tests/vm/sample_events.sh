#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: ktp's own sample events are registered at load, their sites patched to NOP, and firing them is harmless.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
check "load" insmod /ktp/modules/ktp.ko
cat $K/static_keys
check "static_keys lists the five sample events" test "$(grep -c '^  ktp_sample:' $K/static_keys)" -eq 5
check "every sample key disabled, code matching" test "$(grep '^  ktp_sample:' $K/static_keys | grep -c ' disabled match$')" -eq 5
check "fire 1000 rounds" sh -c "echo 1000 > $K/sample_fire"
check "bad count refused" sh -c "! echo junk > $K/sample_fire 2>/dev/null"
check "unload" rmmod ktp

# The fallback: without text patching every site keeps its jmp and tests the flag.
check "load without text patching" insmod /ktp/modules/ktp.ko text_patching=0
check "static_keys says patching is unavailable" grep -q '^# patching: unavailable' $K/static_keys
check "sites keep their compiled jmp (match)" test "$(grep '^  ktp_sample:' $K/static_keys | grep -c ' disabled match$')" -eq 5
check "dmesg says so once" test "$(dmesg | grep -c 'ktp: text patching switched off')" -eq 1
check "fire 1000 rounds through the flag tests" sh -c "echo 1000 > $K/sample_fire"
check "unload" rmmod ktp
finish
