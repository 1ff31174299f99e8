#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds what a VM run needs (kernel, modules, initramfs) and runs one guest job on it.
#
# usage: vm.sh [--series S] [run-vm options] debian|test|debug MODE [ARGS]
# MODE is a job of scripts/guest/ (scenarios, kunit, shell, planted, ...).
# The kernel is of series S, else of KTP_SERIES when it names one, else 6.1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/series.sh"

opts=()
series=
while [ $# -gt 0 ]; do
	case $1 in
	--series) series=$2; shift 2 ;;
	--interactive|--icount) opts+=("$1"); shift ;;
	--out|--timeout|--smp|--memory|--gdb|--scale) opts+=("$1" "$2"); shift 2 ;;
	*) break ;;
	esac
done
name=${1:?usage: vm.sh [options] debian|test|debug MODE [ARGS]}
mode=${2:?missing MODE}
args=${3:-}
series=$(ktp_series_one "$series")

read -r image kdir _ < <("$KTP_ROOT/scripts/kernel.sh" --series "$series" "$name")
moddirs=(module tests/modules/test_events tests/modules/callback_demo tests/modules/init_events tests/modules/filter_twin tests/bench/bench_module)
# KUnit and the planted-bug module need a kernel with KUnit (not Debian's).
if grep -q '^CONFIG_KUNIT=y' "$kdir/include/config/auto.conf"; then
	moddirs+=(tests/kunit tests/harness/planted_bugs)
fi
out=$("$KTP_ROOT/scripts/build-module.sh" "$kdir" "${moddirs[@]}")
mods=()
for d in "${moddirs[@]}"; do
	for ko in "$out/$(basename "$d")"/*.ko; do mods+=("$ko"); done
done
"$KTP_ROOT/scripts/mkinitramfs.sh" "$out/initramfs.cpio.gz" "${mods[@]}"
case " ${opts[*]} " in *" --out "*) ;; *) opts+=(--out "$KTP_BUILD/vm/$name$([ "$series" = 6.1 ] || echo "-$series")-$mode") ;; esac
exec "$KTP_ROOT/scripts/run-vm.sh" "${opts[@]}" "$image" "$out/initramfs.cpio.gz" "$mode" "$args"
