#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make profile: where one call of a benchmark case spends its instructions, stepped in the VM.
#
# usage: profile.sh CASE [native|ktp]     (CASE: enabled, tracing_off, filter_reject,
#                                          filter_1in16, string_glob, disabled)
# perf does not work under TCG, so this boots Debian's kernel under QEMU with its gdb stub,
# sets the case up as make bench does, and has gdb single-step the second of two
# calls of the event (the first warms the path; the call's own site included). It
# prints the instructions spent in each function (self) and writes the full
# instruction trace, symbolised, to build/profile/<case>-<tree>.trace.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_name=${1:?usage: profile.sh CASE [native|ktp]}
tree=${2:-ktp}
command -v gdb >/dev/null || ktp_die "gdb is not installed (apt-get install gdb)"
out=$KTP_BUILD/profile
mkdir -p "$out"
rm -rf "$out/vm" # an old run's results must not look like this run's
port=$((20000 + RANDOM % 20000))
"$KTP_ROOT/scripts/vm.sh" --icount --gdb "$port" --out "$out/vm" --timeout 600 debian profile \
	"$case_name,$tree" >"$out/vm.log" 2>&1 &
vm=$!
results=$out/vm/results.log
for ((i = 0; i < 600; i++)); do
	grep -q '^KTP-PROFILE-READY' "$results" 2>/dev/null && break
	kill -0 $vm 2>/dev/null || { cat "$out/vm.log" >&2; ktp_die "the VM stopped before the profile was ready"; }
	sleep 1
done
read -r _ mark go < <(tr -d '\r' < "$results" | grep '^KTP-PROFILE-READY')
[ -n "$mark" ] && [ -n "$go" ] || ktp_die "the guest sent no mark address"
tr -d '\r' < "$results" | sed -n '/^KTP-PROFILE-SYMS/,/^KTP-PROFILE-READY/p' | grep -v '^KTP-' |
	sort > "$out/kallsyms"
# Stepping stops back in the caller of the profile function.
stop=$(awk '$3 == "ktp_bench_run_write" { found = 1; lo = $1; next } found { print lo, $1; exit }' "$out/kallsyms")
[ -n "$stop" ] || ktp_die "ktp_bench_run_write is not in the guest's symbols"
KTP_PROFILE_PORT=$port KTP_PROFILE_MARK=$mark KTP_PROFILE_GO=$go KTP_PROFILE_STOP=$stop KTP_PROFILE_OUT=$out/steps \
	gdb -nx -batch -x "$KTP_ROOT/scripts/profile-steps.py" >"$out/gdb.log" 2>&1 ||
	{ cat "$out/gdb.log" >&2; kill $vm; ktp_die "gdb failed"; }
wait $vm || ktp_die "the profile VM run failed (console: $out/vm/console.log)"
python3 "$KTP_ROOT/scripts/profile-report.py" "$out/kallsyms" "$out/steps" "$out/$case_name-$tree.trace"
