#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: every level of ktp's tests, counted, ending with one line "N passed, N failed".
#
# Stages (each counts its own tests):
#   tree     the core's layering, the README's folder list, clang's thread-safety analysis, function lengths, shellcheck
#   host     GoogleTest suites of the core under ASan+UBSan (with allocation-failure injection), ktp-cmd's preload library
#   fuzz     the libFuzzer targets for a bounded time each (KTP_FUZZ_SECONDS, default 20)
#   build    per series: ktp.ko against Debian's headers and both test kernels; broken fixtures must fail
#   kunit    per series: KUnit suites on the debug kernel, judged by the kernel's kunit.py parse
#   vm       per series: VM scenarios (tests/vm/*.sh) on Debian's kernel and the debug kernel (6.1: and the test kernel)
#   demo     per series: make demo as a new user runs it: an empty build tree, both trace_pipes, verdict SAME
#   harness  planted bugs on the 6.1 debug kernel must fail their run
#   bench    per series: a short benchmark, no ktp figure more than 10% above tests/bench/baseline.txt
#   torture  the short form of make torture's VM campaigns, all in one 6.1 debug-kernel boot
#   package  make deb, lintian, ktp-dkms and make install in a fresh Debian 12 root (DKMS for 6.1, then
#            autoinstall for 6.12), removal leaves nothing, the installed ktp.ko in the VM (scripts/package-test.sh)
# KTP_TEST_STAGES="host build" runs a subset; KTP_SERIES="6.12 7.3" the kernel
# series of the per-series stages (default: every series, scripts/series.sh).
# With both kunit and vm, a series' debug kernel boots once for both.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/series.sh"

series_list=$(ktp_series_selected) || { echo "0 passed, 1 failed"; exit 1; }
stages=${KTP_TEST_STAGES:-tree host host_tsan fuzz build kunit vm torture demo harness bench package}
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
# has_stage NAME: make test runs stage NAME.
has_stage() { case " $stages " in *" $1 "*) return 0 ;; esac; return 1; }
# tested S KERNEL: make test runs series S on KERNEL (kbuild/series/S.conf).
tested() { case " $(ktp_series_get "$1" tested_kernels) " in *" $2 "*) return 0 ;; esac; return 1; }
selected() { case " $series_list " in *" $1 "*) return 0 ;; esac; return 1; }
# Seconds a stage took, printed after it (the README's figures come from these).
timed() {
	local start=$SECONDS
	"$@"
	printf '  (%s: %ds)\n' "$*" $((SECONDS - start))
}

run_tree() {
	stage "the tree's structure"
	local check
	for check in check-layers.sh check-layout.py check-thread-safety.sh check-function-length.py check-shell.sh; do
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
	local s k kdir release
	for s in $series_list; do
		stage "module builds, $s"
		for k in $(ktp_series_get "$s" tested_kernels); do
			if read -r _ kdir release < <("$KTP_ROOT/scripts/kernel.sh" --series "$s" "$k" 2>"$logs/kernel-$s-$k.log"); then
				if "$KTP_ROOT/scripts/build-module.sh" "$kdir" module >/dev/null 2>"$logs/build-$s-$k.log" &&
				   [ -f "$KTP_BUILD/$release/ktp.ko" ]; then
					pass "$s: ktp.ko builds warning-free for $release"
				else
					tail -n 40 "$logs/build-$s-$k.log"; fail "$s: ktp.ko build for $release (log: $logs/build-$s-$k.log)"
				fi
			else
				cat "$logs/kernel-$s-$k.log"; fail "$s: $k kernel"
			fi
		done
	done
	# The fixtures are refused by the checks of the tree, not by a kernel: one series shows it.
	stage "module builds that must fail"
	local debian_kdir
	read -r _ debian_kdir release < <("$KTP_ROOT/scripts/kernel.sh" --series "${series_list%% *}" debian)
	local fixture
	for fixture in "$KTP_ROOT"/tests/build/*/; do
		fixture=${fixture%/}
		local name=${fixture##*/}
		local log=$logs/broken-$name.log
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

# debug_run S: boots S's debug kernel once for the kunit and vm stages
# (the job kunit_scenarios when both run); its status in $logs/debug-S.status.
debug_run() {
	local s=$1 out=$KTP_BUILD/vm/debug-$1-matrix
	[ -f "$logs/debug-$s.status" ] && return
	local mode=scenarios args=all timeout=900
	# Each stage looked up on its own: "kunit vm" side by side share a space.
	if has_stage kunit && has_stage vm; then
		mode=kunit_scenarios timeout=1500
	elif has_stage kunit; then
		mode=kunit args='' timeout=600
	fi
	local status=0
	"$KTP_ROOT/scripts/vm.sh" --series "$s" --out "$out" --timeout $timeout debug $mode $args >"$logs/debug-$s.log" 2>&1 || status=$?
	echo $status > "$logs/debug-$s.status"
}

run_kunit() {
	local s
	for s in $series_list; do
		if tested "$s" debug; then
			timed kunit_series "$s"
		else
			stage "KUnit on the $s debug kernel"
			echo "  not in make test: $s's tested_kernels (kbuild/series/$s.conf) has no debug kernel yet"
		fi
	done
}

kunit_series() {
	local s=$1
	stage "KUnit on the $s debug kernel"
	debug_run "$s"
	local out=$KTP_BUILD/vm/debug-$s-matrix log=$logs/debug-$s.log
	local vm_status
	vm_status=$(cat "$logs/debug-$s.status")
	# The combined job fails with 1 when a scenario fails: the vm stage reports those.
	[ "$vm_status" = 1 ] && grep -q '^KTP-RESULT .* fail' <(tr -d '\r' < "$out/results.log") && vm_status=0
	local src
	src=$(ktp_series_source "$s")
	local suites
	suites=$(python3 "$KTP_ROOT/scripts/ktap.py" "$out/results.log" "$out/kunit.ktap" 2>>"$log") || suites=0
	python3 "$src/tools/testing/kunit/kunit.py" parse "$out/kunit.ktap" >"$logs/kunit-parse-$s.log" 2>&1
	local parse_status=$?
	sed 's/^\[[0-9:]*\] //' "$logs/kunit-parse-$s.log" | grep -E 'PASSED|FAILED|CRASHED|SKIPPED|Testing complete' | sed 's/^/    /'
	local ran p f
	ran=$(sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p' "$logs/kunit-parse-$s.log")
	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' "$logs/kunit-parse-$s.log")
	f=$(( ${ran:-0} - ${p:-0} ))
	[ "${p:-0}" -gt 0 ] && pass "$s: KUnit: ${p} cases in $suites suites" "$p"
	[ $f -gt 0 ] && fail "$s: KUnit: $f cases failed or crashed" "$f"
	if [ "$vm_status" != 0 ]; then
		tail -n 40 "$log"; fail "$s: KUnit VM run (status $vm_status; console: $out/console.log)"
	elif [ $parse_status != 0 ] || [ "${p:-0}" = 0 ]; then
		fail "$s: KUnit results did not parse as passing (kunit.py exit $parse_status)"
	fi
}

run_vm() {
	local s k
	for s in $series_list; do
		for k in $(ktp_series_get "$s" tested_kernels); do
			timed vm_series "$s" "$k"
		done
	done
}

vm_series() {
	local s=$1 k=$2
	stage "VM scenarios on the $s $k kernel"
	local out=$KTP_BUILD/vm/$k-$s-scenarios log=$logs/vm-$s-$k.log status=0
	if [ "$k" = debug ]; then
		debug_run "$s"
		out=$KTP_BUILD/vm/debug-$s-matrix log=$logs/debug-$s.log status=$(cat "$logs/debug-$s.status")
	else
		"$KTP_ROOT/scripts/vm.sh" --series "$s" --out "$out" --timeout 900 "$k" scenarios all >"$log" 2>&1 || status=$?
	fi
	local seen=0 name verdict
	while read -r _ name verdict; do
		seen=1
		if [ "$verdict" = ok ]; then pass "$s $k: $name"; else fail "$s $k: $name"; fi
	done < <(tr -d '\r' < "$out/results.log" 2>/dev/null | grep '^KTP-RESULT ')
	if [ $seen = 0 ] || { [ "$status" != 0 ] && [ "$status" != 1 ]; }; then
		tail -n 40 "$log"; fail "$s $k: VM run (status $status; console: $out/console.log)"
	elif [ "$status" = 1 ]; then
		grep -a 'FAIL' "$out/console.log" | head -n 20
	fi
}

run_torture() {
	stage "torture campaigns, short form, on the 6.1 debug kernel"
	selected 6.1 || { echo "  (6.1 not selected)"; return; }
	local out=$KTP_BUILD/vm/debug-torture log=$logs/torture.log c names=
	for c in hostile stress unload faults hotplug; do names=$names${names:+,}torture_$c; done
	"$KTP_ROOT/scripts/vm.sh" --series 6.1 --out "$out" --timeout 900 --scale 1 debug scenarios "$names" >"$log" 2>&1
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
	local s
	for s in $series_list; do
		timed demo_series "$s"
	done
}

demo_series() {
	local s=$1
	stage "make demo SERIES=$s from an empty build tree"
	local fresh log=$logs/demo-$s.log
	fresh=$(mktemp -d)
	if ! KTP_BUILD=$fresh make -s -C "$KTP_ROOT" demo SERIES="$s" >"$log" 2>&1; then
		tail -n 30 "$log"
		fail "$s demo: make demo failed from an empty build tree"
	elif ! grep -q "^== kernel.*$(ktp_series_release "$s")" "$log"; then
		grep '^== kernel' "$log"
		fail "$s demo: the == kernel line does not name Debian's $(ktp_series_release "$s")"
	elif ! grep -q '^native: /sys/kernel/tracing/trace_pipe .*| ktp: /sys/kernel/debug/ktp/trace_pipe' "$log"; then
		fail "$s demo: the two trace_pipes are not shown side by side"
	elif ! grep -q '^verdict: SAME' "$log"; then
		grep '^verdict' "$log"
		fail "$s demo: the trees did not record the same events"
	else
		pass "$s demo: both trace_pipes, $(grep -o 'the same [0-9]* events' "$log")"
	fi
	rm -rf "$fresh"
}

run_harness() {
	stage "harness: planted bugs must fail the 6.1 debug-kernel run"
	selected 6.1 || { echo "  (6.1 not selected)"; return; }
	# One CPU: the bugs need no second one, and its bring-up is the boot's
	# most timing-sensitive step under TCG.
	local bug expect
	while read -r bug expect; do
		local out=$KTP_BUILD/vm/planted-$bug log=$logs/planted-$bug.log
		"$KTP_ROOT/scripts/vm.sh" --series 6.1 --smp 1 --out "$out" --timeout 300 debug planted "$bug" >"$log" 2>&1
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
	stage "benchmark regression guard (QEMU icount, Debian's kernel of each series)"
	local log=$logs/bench.log n
	n=$(echo $series_list | wc -w)
	if "$KTP_ROOT/scripts/bench.sh" --series "$series_list" --iterations 20000 --check >"$log" 2>&1; then
		sed 's/^/    /' "$log"
		pass "no ktp figure more than 10% above the baseline, on $series_list"
	else
		cat "$log"
		fail "benchmark regression (log: $log)"
	fi
	# The report: a markdown row per case and series, a plotted ratio for each.
	local cases rows bars
	cases=$(grep -c '^bench ' "$log" || true)
	rows=$(grep -c '^| [a-z_0-9]* | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* |$' "$KTP_BUILD/bench.md" || true)
	bars=$(awk 'NR > 1 { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9.]+$/) b++ } END { print b + 0 }' "$KTP_BUILD/bench.dat")
	if [ "$cases" -ge $((10 * n)) ] && [ "$rows" = "$cases" ] && [ "$bars" = "$cases" ] &&
		file "$KTP_BUILD/bench.png" | grep -q 'PNG image data'; then
		pass "build/bench.md ($rows rows) and the ratio plot build/bench.png, series side by side"
	else
		fail "benchmark report: $cases cases, $rows markdown rows, $bars plotted ratios, $(file -b "$KTP_BUILD/bench.png" 2>&1)"
	fi
	# The guard itself: the same figures against a baseline 20% tighter must fail.
	local tight=$logs/tight-baseline.txt
	awk '/^[a-z]/ { printf "%s %s %s %.2f\n", $1, $2, $3, $4 * 0.8; next } { print }' \
		"$KTP_ROOT/tests/bench/baseline.txt" > "$tight"
	if "$KTP_ROOT/scripts/bench.sh" --series "$series_list" --reuse --check --baseline "$tight" >"$log.tight" 2>&1; then
		fail "the benchmark guard accepted figures 25% above a baseline"
	else
		pass "the benchmark guard rejects a regression ($(grep -c '^regression' "$log.tight") cases flagged)"
	fi
}

run_package() {
	stage "packages: make deb, DKMS and make install in a fresh Debian 12 root, the installed module in the VM"
	local log=$logs/package.log line
	"$KTP_ROOT/scripts/package-test.sh" >"$log" 2>&1
	local status=$?
	while read -r line; do
		case $line in
		"PASS "*) pass "package: ${line#PASS }" ;;
		"FAIL "*) fail "package: ${line#FAIL }" ;;
		esac
	done < "$log"
	if [ $status != 0 ] && ! grep -q '^FAIL ' "$log"; then
		tail -n 20 "$log"; fail "package: scripts/package-test.sh exited $status (log: $log)"
	fi
}

for s in $stages; do
	timed "run_$s"
done

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
	echo "logs: $logs"
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
