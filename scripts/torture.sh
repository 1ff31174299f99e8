#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make torture: issue 13's VM campaigns on the debug kernel, one boot each, one figure line per campaign.
#
# usage: torture.sh [--scale N] [CAMPAIGN...]
#   campaigns: hostile stress unload faults hotplug (default: all); --scale 10 (default) is
#   the full campaign (stress 60 s, 100 unload cycles, every fault), 1 is make test's short form.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

scale=10
if [ "${1:-}" = --scale ]; then scale=$2; shift 2; fi
campaigns=("$@")
[ ${#campaigns[@]} -gt 0 ] || campaigns=(hostile stress unload faults hotplug)

figures=()
failed=0
for c in "${campaigns[@]}"; do
	[ -f "$KTP_ROOT/tests/vm/torture_$c.sh" ] || ktp_die "no campaign '$c' (tests/vm/torture_$c.sh)"
	out=$KTP_BUILD/vm/torture-$c
	log=$KTP_BUILD/vm/torture-$c.log
	mkdir -p "$KTP_BUILD/vm"
	ktp_log "campaign $c (scale $scale) on the debug kernel"
	"$KTP_ROOT/scripts/vm.sh" --out "$out" --timeout $((600 + 240 * scale)) --scale "$scale" \
		debug scenarios "torture_$c" >"$log" 2>&1
	status=$?
	line=$(tr -d '\r' < "$out/results.log" 2>/dev/null | grep -a "^TORTURE $c " | tail -n 1)
	verdict=$(tr -d '\r' < "$out/results.log" 2>/dev/null | sed -n "s/^KTP-RESULT torture_$c //p")
	if [ $status = 0 ] && [ "$verdict" = ok ] && [ -n "$line" ]; then
		figures+=("ok    ${line#TORTURE }")
	else
		failed=1
		figures+=("FAIL  ${line:-TORTURE $c (no figures)} (status $status; console: $out/console.log)")
		grep -a '^FAIL' "$out/console.log" | head -n 20
		tail -n 20 "$log"
	fi
done
echo
printf '%s\n' "${figures[@]}"
exit $failed
