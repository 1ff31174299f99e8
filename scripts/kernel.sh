#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Resolves a kernel name of one series to what the other scripts need, building or fetching it first.
#
# usage: kernel.sh [--series S] debian|test|debug    prints "IMAGE KDIR RELEASE"
# The series is S, else KTP_SERIES when it names one, else 6.1 (scripts/series.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/series.sh"

series=
while [ $# -gt 0 ]; do
	case $1 in
	--series) series=${2:?--series needs a series}; shift 2 ;;
	*) break ;;
	esac
done
series=$(ktp_series_one "$series")
case ${1:?usage: kernel.sh [--series S] debian|test|debug} in
debian)
	image=$(ktp_series_image "$series")
	release=$(ktp_series_release "$series")
	kdir=$(ktp_series_headers "$series")
	;;
test|debug)
	kdir=$("$KTP_ROOT/scripts/build-kernel.sh" "$1" --series "$series")
	image=$kdir/arch/x86/boot/bzImage
	release=$(cat "$kdir/include/config/kernel.release")
	;;
*) ktp_die "unknown kernel '$1' (debian, test or debug)" ;;
esac
echo "$image $kdir $release"
