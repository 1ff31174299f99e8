#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: every level of ktp's tests, counted, ending with one line "N passed, N failed".
#
# Stages (each counts its own tests):
#   tree     the core's layering, the README's folder list, clang's thread-safety analysis, function lengths
#   host     GoogleTest suites of the core under ASan+UBSan (with allocation-failure injection), ktp-cmd's preload library
#   fuzz     the libFuzzer targets for a bounded time each (KTP_FUZZ_SECONDS, default 20)
#   build    ktp.ko against Debian's headers and both test kernels; broken fixtures must fail
#   kunit    KUnit suites on the debug kernel, judged by the kernel's kunit.py parse
#   vm       VM scenarios (tests/vm/*.sh) on Debian's kernel, the test kernel and the debug kernel
#   demo     make demo as a new user runs it: an empty build tree, both trace_pipes, verdict SAME
#   harness  planted bugs on the debug kernel must fail their run
#   bench    a short benchmark: no ktp figure more than 10% above tests/bench/baseline.txt
#   torture  the short form of make torture's VM campaigns, all in one debug-kernel boot
# KTP_TEST_STAGES="host build" runs a subset.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

stages=${KTP_TEST_STAGES:-tree host host_tsan fuzz build kunit vm torture demo harness bench}
logs=$KTP_BUILD/test-logs
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
failures=()

pass() { passed=$((passed + ${2:-1})); printf '  ok    %s\n' "$1"; }
fail() { failed=$((failed + ${2:-1})); failures+=("$1"); printf '  FAIL  %s\n' "$1"; }
stage() { printf '\n== %s\n' "$1"; }

"$KTP_ROOT/scripts/deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

run_tree() {
	stage "the tree's structure"
	local check
	for check in check-layers.sh check-layout.py check-thread-safety.sh check-function-length.py; do
		if out=$("$KTP_ROOT/scripts/$check" 2>&1); then
			pass "$check"
		else
			printf '%s\n' "$out" | head -n 20
			fail "$check"
		fi
	done
}

run_host() {
	stage "host unit tests (ASan+UBSan)"
	local log=$logs/host.log bin=$KTP_BUILD/host/asan/ktp_host_tests
	if ! make -s -C "$KTP_ROOT/tests/host" -j"$KTP_JOBS" SAN=asan >"$log" 2>&1; then
		cat "$log"
		fail "host tests build"
		return
	fi
	"$bin" --gtest_brief=1 >>"$log" 2>&1
	local n_pass n_fail
	n_pass=$(grep -c '^\[       OK \]' "$log")
	n_fail=$(grep -c '^\[  FAILED  \] [A-Za-z_]*\.[A-Za-z_]* ' "$log")
	n_pass=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\{0,1\}\./\1/p' "$log")
	n_fail=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) tests\{0,1\}, listed below:/\1/p' "$log")
	n_pass=${n_pass:-0} n_fail=${n_fail:-0}
	if [ "$n_pass" -gt 0 ] && [ "$n_fail" = 0 ] && ! grep -q 'ERROR: AddressSanitizer\|runtime error:' "$log"; then
		pass "host: $n_pass GoogleTest cases" "$n_pass"
	else
		grep -E 'FAILED|Failure|ERROR|runtime error' "$log" | head -n 40
		pass "host: passing cases" "$n_pass"
		fail "host: $n_fail failing cases (log: $log)" "$(( n_fail > 0 ? n_fail : 1 ))"
	fi
	if "$KTP_ROOT/scripts/test-ktp-cmd.sh" >"$logs/ktp-cmd.log" 2>&1; then
		pass "host: ktp-cmd's preload library"
	else
		cat "$logs/ktp-cmd.log"
		fail "host: ktp-cmd's preload library (log: $logs/ktp-cmd.log)"
	fi
}

run_host_tsan() {
	stage "host ring-buffer tests under ThreadSanitizer"
	local log=$logs/host-tsan.log bin=$KTP_BUILD/host/tsan/ktp_host_tests
	if ! make -s -C "$KTP_ROOT/tests/host" -j"$KTP_JOBS" SAN=tsan >"$log" 2>&1; then
		cat "$log"
		fail "host TSan build"
		return
	fi
	if "$bin" --gtest_brief=1 --gtest_filter='RingBuffer.*' >>"$log" 2>&1 && ! grep -q 'WARNING: ThreadSanitizer' "$log"; then
		pass "host (TSan): $(sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\{0,1\}\./\1/p' "$log") ring-buffer cases, no race"
	else
		grep -E 'FAILED|Failure' "$log" | head -n 20
		# The first report with its two access stacks, frames trimmed.
		grep -A 24 -m 1 'WARNING: ThreadSanitizer' "$log" | grep -E 'WARNING|^  [A-Z][a-z]+ (write|read|of)|^  (Write|Read)|^ +#[0-3] '
		fail "host (TSan): ring-buffer cases (log: $log)"
	fi
}

run_fuzz() {
	stage "fuzzing the filter compiler, the trigger parser and the control files"
	local seconds=${KTP_FUZZ_SECONDS:-20} target log
	for target in filter trigger control; do
		log=$logs/fuzz-$target.log
		if make -s -C "$KTP_ROOT/tests/fuzz" run-$target SECONDS="$seconds" >"$log" 2>&1; then
			pass "$target fuzzer: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") inputs in ${seconds}s, no crash"
		else
			grep -E 'ERROR|SUMMARY|runtime error|Test unit|control_fuzz:' "$log" | head -n 20
			fail "$target fuzzer found a crash (log: $log)"
		fi
	done
}

run_build() {
	stage "module builds"
	local k image kdir release
	for k in debian test debug; do
		if read -r image kdir release < <("$KTP_ROOT/scripts/kernel.sh" "$k" 2>"$logs/kernel-$k.log"); then
			if "$KTP_ROOT/scripts/build-module.sh" "$kdir" module >/dev/null 2>"$logs/build-$k.log" &&
			   [ -f "$KTP_BUILD/$release/ktp.ko" ]; then
				pass "ktp.ko builds warning-free for $release"
			else
				cat "$logs/build-$k.log"; fail "ktp.ko build for $release"
			fi
		else
			cat "$logs/kernel-$k.log"; fail "$k kernel"
		fi
	done
	local debian_kdir
	read -r image debian_kdir release < <("$KTP_ROOT/scripts/kernel.sh" debian)
	local fixture
	for fixture in "$KTP_ROOT"/tests/build/*/; do
		fixture=${fixture%/}
		local name=${fixture##*/} log=$logs/broken-$(basename "$fixture").log
		rm -rf "${KTP_BUILD:?}/$release/$name" # always from scratch
		if "$KTP_ROOT/scripts/build-module.sh" "$debian_kdir" "tests/build/$name" >"$log" 2>&1; then
			fail "broken build '$name' was accepted"
		elif grep -q -E -f "$fixture/expect" "$log"; then
			pass "broken build '$name' rejected: $(grep -m1 -o -E -f "$fixture/expect" "$log")"
		else
			tail -n 20 "$log"; fail "broken build '$name' failed for another reason"
		fi
	done
}

run_kunit() {
	stage "KUnit on the debug kernel"
	local out=$KTP_BUILD/vm/debug-kunit log=$logs/kunit.log
	"$KTP_ROOT/scripts/vm.sh" --out "$out" --timeout 600 debug kunit >"$log" 2>&1
	local vm_status=$?
	local src
	src=$(ls -d "$KTP_CACHE"/src/linux-source-6.1-* | head -n 1)
	local suites
	suites=$(python3 "$KTP_ROOT/scripts/ktap.py" "$out/results.log" "$out/kunit.ktap" 2>>"$log") || suites=0
	python3 "$src/tools/testing/kunit/kunit.py" parse "$out/kunit.ktap" >"$logs/kunit-parse.log" 2>&1
	local parse_status=$?
	sed 's/^\[[0-9:]*\] //' "$logs/kunit-parse.log" | grep -E 'PASSED|FAILED|CRASHED|SKIPPED|Testing complete' | sed 's/^/    /'
	local ran p f
	ran=$(sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p' "$logs/kunit-parse.log")
	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' "$logs/kunit-parse.log")
	f=$(( ${ran:-0} - ${p:-0} ))
	[ "${p:-0}" -gt 0 ] && pass "KUnit: ${p} cases in $suites suites" "$p"
	[ $f -gt 0 ] && fail "KUnit: $f cases failed or crashed" "$f"
	if [ $vm_status != 0 ]; then
		tail -n 40 "$log"; fail "KUnit VM run (status $vm_status; console: $out/console.log)"
	elif [ $parse_status != 0 ] || [ "${p:-0}" = 0 ]; then
		fail "KUnit results did not parse as passing (kunit.py exit $parse_status)"
	fi
}

run_vm() {
	local k
	for k in debian test debug; do
		stage "VM scenarios on the $k kernel"
		local out=$KTP_BUILD/vm/$k-scenarios log=$logs/vm-$k.log
		"$KTP_ROOT/scripts/vm.sh" --out "$out" --timeout 900 "$k" scenarios all >"$log" 2>&1
		local status=$? line seen=0
		while read -r _ name verdict; do
			seen=1
			if [ "$verdict" = ok ]; then pass "$k: $name"; else fail "$k: $name"; fi
		done < <(tr -d '\r' < "$out/results.log" | grep '^KTP-RESULT ')
		if [ $seen = 0 ] || { [ $status != 0 ] && [ $status != 1 ]; }; then
			tail -n 40 "$log"; fail "$k: VM run (status $status; console: $out/console.log)"
		elif [ $status = 1 ]; then
			grep -a 'FAIL' "$out/console.log" | head -n 20
		fi
	done
}

run_torture() {
	stage "torture campaigns, short form, on the debug kernel"
	local out=$KTP_BUILD/vm/debug-torture log=$logs/torture.log c names=
	for c in hostile stress unload faults hotplug; do names=$names${names:+,}torture_$c; done
	"$KTP_ROOT/scripts/vm.sh" --out "$out" --timeout 900 --scale 1 debug scenarios "$names" >"$log" 2>&1
	local status=$? seen=0 verdict figure
	for c in hostile stress unload faults hotplug; do
		verdict=$(tr -d '\r' < "$out/results.log" | sed -n "s/^KTP-RESULT torture_$c //p")
		figure=$(tr -d '\r' < "$out/results.log" | sed -n "s/^TORTURE \($c .*\)/\1/p" | tail -n 1)
		[ -n "$verdict" ] && seen=1
		if [ "$verdict" = ok ] && [ -n "$figure" ]; then pass "torture: $figure"; else fail "torture: $c (${figure:-no figures})"; fi
	done
	if [ $seen = 0 ] || { [ $status != 0 ] && [ $status != 1 ]; }; then
		tail -n 40 "$log"; fail "torture: VM run (status $status; console: $out/console.log)"
	elif [ $status = 1 ]; then
		grep -a 'FAIL' "$out/console.log" | head -n 20
	fi
}

run_demo() {
	stage "make demo from an empty build tree"
	local fresh log=$logs/demo.log
	fresh=$(mktemp -d)
	if ! KTP_BUILD=$fresh make -s -C "$KTP_ROOT" demo >"$log" 2>&1; then
		tail -n 30 "$log"
		fail "demo: make demo failed from an empty build tree"
	elif ! grep -q '^native: /sys/kernel/tracing/trace_pipe .*| ktp: /sys/kernel/debug/ktp/trace_pipe' "$log"; then
		fail "demo: the two trace_pipes are not shown side by side"
	elif ! grep -q '^verdict: SAME' "$log"; then
		grep '^verdict' "$log"
		fail "demo: the trees did not record the same events"
	else
		pass "demo: both trace_pipes, $(grep -o 'the same [0-9]* events' "$log")"
	fi
	rm -rf "$fresh"
}

run_harness() {
	stage "harness: planted bugs must fail the debug-kernel run"
	# One CPU: the bugs need no second one, and its bring-up is the boot's
	# most timing-sensitive step under TCG.
	local bug expect
	while read -r bug expect; do
		local out=$KTP_BUILD/vm/planted-$bug log=$logs/planted-$bug.log
		"$KTP_ROOT/scripts/vm.sh" --smp 1 --out "$out" --timeout 300 debug planted "$bug" >"$log" 2>&1
		local status=$?
		if [ "$bug" = none ]; then
			if [ $status = 0 ]; then pass "harness: a clean run passes"; else tail -n 30 "$log"; fail "harness: the clean control run failed ($status)"; fi
		elif [ $status = 125 ] && grep -q -E "$expect" "$out/console.log"; then
			pass "harness: planted $bug fails the run ($(grep -m1 -o -E "$expect" "$out/console.log"))"
		else
			tail -n 30 "$log"; fail "harness: planted $bug was not caught (status $status)"
		fi
	done <<'LIST'
none -
use_after_free BUG: KASAN: [a-z-]+
lock_inversion possible circular locking dependency
sleep_in_atomic sleeping function called from invalid context
leak unreferenced object
LIST
}

run_bench() {
	stage "benchmark regression guard (QEMU icount, Debian's kernel)"
	local log=$logs/bench.log
	if "$KTP_ROOT/scripts/bench.sh" --iterations 20000 --check >"$log" 2>&1; then
		sed 's/^/    /' "$log"
		pass "no ktp figure more than 10% above the baseline"
	else
		cat "$log"
		fail "benchmark regression (log: $log)"
	fi
	# The report: a markdown row and a plotted ratio for every measured case.
	local cases rows bars
	cases=$(grep -c '^bench ' "$log" || true)
	rows=$(grep -c '^| [a-z_0-9]* | [0-9.]* | [0-9.]* | [0-9.]* |$' "$KTP_BUILD/bench.md" || true)
	bars=$(grep -c '^[a-z_0-9]* [0-9.]*$' "$KTP_BUILD/bench.dat" || true)
	if [ "$cases" -ge 10 ] && [ "$rows" = "$cases" ] && [ "$bars" = "$cases" ] &&
		file "$KTP_BUILD/bench.png" | grep -q 'PNG image data'; then
		pass "build/bench.md ($rows rows) and the ratio plot build/bench.png"
	else
		fail "benchmark report: $cases cases, $rows markdown rows, $bars plotted ratios, $(file -b "$KTP_BUILD/bench.png" 2>&1)"
	fi
	# The guard itself: the same figures against a baseline 20% tighter must fail.
	local tight=$logs/tight-baseline.txt
	awk '/^[a-z]/ { printf "%s %s %.2f\n", $1, $2, $3 * 0.8; next } { print }' \
		"$KTP_ROOT/tests/bench/baseline.txt" > "$tight"
	if "$KTP_ROOT/scripts/bench.sh" --reuse --check --baseline "$tight" >"$log.tight" 2>&1; then
		fail "the benchmark guard accepted figures 25% above a baseline"
	else
		pass "the benchmark guard rejects a regression ($(grep -c '^regression' "$log.tight") cases flagged)"
	fi
}

for s in $stages; do
	"run_$s"
done

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
	echo "logs: $logs"
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
