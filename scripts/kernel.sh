#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Resolves a kernel name to what the other scripts need, building or fetching it first.
#
# usage: kernel.sh debian|test|debug    prints "IMAGE KDIR RELEASE"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case ${1:?usage: kernel.sh debian|test|debug} in
debian)
	image=$("$KTP_ROOT/scripts/fetch-debian-kernel.sh")
	release=$(ktp_debian_release)
	kdir=/usr/src/linux-headers-$release
	[ -d "$kdir" ] || ktp_die "$kdir is missing (run scripts/deps.sh)"
	;;
test|debug)
	kdir=$("$KTP_ROOT/scripts/build-kernel.sh" "$1")
	image=$kdir/arch/x86/boot/bzImage
	release=$(cat "$kdir/include/config/kernel.release")
	;;
*) ktp_die "unknown kernel '$1' (debian, test or debug)" ;;
esac
echo "$image $kdir $release"
