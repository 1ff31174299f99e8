#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make torture: the reliability campaigns (fuzzing on the host, then the debug kernel's VM campaigns), one figure line per campaign.
#
# usage: torture.sh [--scale N] [CAMPAIGN...]
#   campaigns: fuzz hostile stress unload faults hotplug (default: all); --scale 10 (default) is
#   the full campaign (10^7 inputs to each parser target, stress 60 s, 100 unload cycles, every
#   fault), 1 is make test's short form. fuzz runs on the host; the others boot the debug kernel.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

scale=10
if [ "${1:-}" = --scale ]; then scale=$2; shift 2; fi
campaigns=("$@")
[ ${#campaigns[@]} -gt 0 ] || campaigns=(fuzz hostile stress unload faults hotplug)

figures=()
failed=0
# The libFuzzer targets: 10^6 * scale inputs each to the filter compiler and the
# trigger parser, and 60 s * scale of control-file sequences (a persistent core).
fuzz_campaign() {
	local log=$KTP_BUILD/torture-fuzz.log runs=$((1000000 * scale)) seconds=$((60 * scale)) f
	ktp_log "campaign fuzz (scale $scale) on the host"
	if make -s -C "$KTP_ROOT/tests/fuzz" torture RUNS=$runs SECONDS=$seconds >"$log" 2>&1; then
		f=$(sed -n 's/^fuzz //p' "$log" | tr '\n' ' ')
		figures+=("ok    fuzz ${f% } crashes=0")
	else
		failed=1
		grep -E 'ERROR|SUMMARY|runtime error|_fuzz:' "$log" | head -n 20
		figures+=("FAIL  fuzz (log: $log)")
	fi
}

for c in "${campaigns[@]}"; do
	if [ "$c" = fuzz ]; then
		fuzz_campaign
		continue
	fi
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
