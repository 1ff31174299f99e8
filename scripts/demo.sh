#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo [SERIES=S]: boots Debian's kernel of a series in the VM, loads ktp and shows its tree beside native tracing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/series.sh"

series=$(ktp_series_one "")
out=$KTP_BUILD/vm/demo$([ "$series" = 6.1 ] || echo "-$series")
mkdir -p "$KTP_BUILD/vm"
ktp_log "booting Debian's $series kernel under QEMU with ktp (first run builds what is missing)"
status=0
"$KTP_ROOT/scripts/vm.sh" --series "$series" --out "$out" --timeout 300 "${KTP_DEMO_KERNEL:-debian}" demo >"$out.log" 2>&1 || status=$?
[ -f "$out/results.log" ] && tr -d '\r' < "$out/results.log" | grep -v '^KTP-'
if [ $status != 0 ]; then
	cat "$out.log" >&2
	ktp_die "the demo VM run failed (status $status; console: $out/console.log)"
fi
