#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make compare: runs the tree comparison scenarios (scripts/guest/compare) in the VM and prints the table.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$KTP_BUILD/vm/compare
mkdir -p "$KTP_BUILD/vm"
status=0
"$KTP_ROOT/scripts/vm.sh" --out "$out" --timeout 300 "${KTP_COMPARE_KERNEL:-debian}" compare >"$out.log" 2>&1 || status=$?
tr -d '\r' < "$out/results.log" | grep -v '^KTP-'
[ $status = 0 ] || ktp_die "some scenarios differ, or the VM run failed (console: $out/console.log)"
