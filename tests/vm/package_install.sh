#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario (package stage only): ktp.ko loads with modprobe from where DKMS and make install put it, reporting the packaged version.
#
# scripts/package-test.sh carries installed trees into the initramfs
# (KTP_INITRAMFS_TREE) and lists them in /ktp/package/RELEASE.trees, one
# "NAME ROOT MODULE" line each, e.g. "dkms / updates/dkms/ktp.ko": ROOT's
# lib/modules is bound over /lib/modules, and modprobe must find MODULE
# there. /ktp/package/version is include/ktp/version.h's version.
. /ktp/tests/vm/lib.sh

KTP_DIR=/sys/kernel/debug/ktp
rel=$(uname -r)
version=$(cat /ktp/package/version)
trees=/ktp/package/$rel.trees

# load_installed NAME MODULE: modprobe ktp text_patching=0 from /lib/modules as it is now.
load_installed() {
	check "$1: ktp.ko at $2" test -f "/lib/modules/$rel/$2"
	check_eq "$1: modules.dep names it" "$2:" "$(grep -o '^[^ ]*ktp.ko[^ ]*:' "/lib/modules/$rel/modules.dep")"
	check_eq "$1: modinfo's version" "$version" "$(modinfo -F version ktp)"
	check "$1: modprobe ktp" modprobe ktp
	check_eq "$1: text patching on" Y "$(cat /sys/module/ktp/parameters/text_patching)"
	check "$1: modprobe -r ktp" modprobe -r ktp
	dmesg -c > /dev/null
	check "$1: modprobe ktp text_patching=0" modprobe ktp text_patching=0
	check "$1: loaded" grep -q '^ktp ' /proc/modules
	check_eq "$1: text_patching parameter" N "$(cat /sys/module/ktp/parameters/text_patching)"
	check_eq "$1: /sys/module/ktp/version" "$version" "$(cat /sys/module/ktp/version)"
	check "$1: version line" sh -c "dmesg | grep -q 'ktp: version $version loaded'"
	check "$1: static_keys says patching is unavailable" grep -q '^# patching: unavailable' $KTP_DIR/static_keys
	check "$1: sample events fire" sh -c "echo 1 > $KTP_DIR/events/ktp_sample/enable && echo 2 > $KTP_DIR/sample_fire && grep -q ' sample_ints: ' $KTP_DIR/trace"
	check "$1: modprobe -r ktp" modprobe -r ktp
	check "$1: unloaded" sh -c '! grep -q "^ktp " /proc/modules'
}

check "installed trees listed for $rel" test -s "$trees"
while read -r name root module; do
	[ "$root" = / ] || mount --bind "$root/lib/modules" /lib/modules
	load_installed "$name" "$module"
	[ "$root" = / ] || umount /lib/modules
done < "$trees"
finish
