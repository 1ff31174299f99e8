#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots a kernel with an initramfs under QEMU TCG, runs one guest job, and judges the run.
#
# usage: run-vm.sh [options] KERNEL_IMAGE INITRAMFS MODE [ARGS]
#   --out DIR         where console.log and results.log go (default: a temp dir)
#   --timeout SEC     hard limit for the whole run (default 300)
#   --smp N           CPUs (default 2)
#   --icount          -icount shift=0 (guest ns = instructions; forces -smp 1)
#   --memory MB       guest memory (default 1024)
#   --interactive     console on this terminal, no judging (make vm)
#   --gdb PORT        QEMU's gdb stub on localhost:PORT (make profile steps the guest)
#   --scale N         ktp.scale=N on the kernel command line (KTP_SCALE in the guest: how long torture scenarios run)
#
# Results come over the guest's second serial port (results.log). The run
# fails when QEMU times out, when the guest job exits non-zero, when no
# "KTP-EXIT" line arrives (a crash), or when the console holds a kernel
# report (see scan-console.sh). The exit status is the guest job's status,
# or 124 on timeout, or 125 for a kernel report or a missing exit line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out= timeout=300 smp=2 icount=0 memory=1024 interactive=0 gdb= scale=
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--memory) memory=$2; shift 2 ;;
	--gdb) gdb=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--) shift; break ;;
	-*) ktp_die "unknown option $1" ;;
	*) break ;;
	esac
done
kernel=${1:?usage: run-vm.sh [options] KERNEL INITRAMFS MODE [ARGS]}
initrd=${2:?missing INITRAMFS}
mode=${3:?missing MODE}
args=${4:-}
command -v qemu-system-x86_64 >/dev/null || ktp_die "qemu-system-x86 is not installed (run scripts/deps.sh)"

[ -n "$out" ] || out=$(mktemp -d)
mkdir -p "$out"
console=$out/console.log results=$out/results.log
: > "$console"; : > "$results"

# no_timer_check: on a busy host the IO-APIC timer check can see too few
# ticks under TCG and panic before anything of ktp has run.
# watchdog_thresh=60 and a 300 s RCU stall timeout (both the kernel's
# maxima): under TCG the guest's clocks follow the host's, so on a saturated
# host a CPU-heavy boot step (Debian 6.12's jitterentropy self-test: "soft
# lockup ... stuck for 22s") or a starved timer (7.3: "rcu_preempt kthread
# starved for 31888 jiffies") looks like a lockup; a real one still ends the
# run, by the report after the longer limit or by the run's timeout.
append="console=ttyS0 panic=-1 oops=panic kasan_multi_shot loglevel=6 nokaslr no_timer_check watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300 ktp.mode=$mode"
[ -n "$args" ] && append="$append ktp.args=$args"
[ -n "$scale" ] && append="$append ktp.scale=$scale"
# Single-threaded TCG: with multi-threaded TCG a vCPU can still execute a
# stale INT3 after text_poke_bp has finished on another vCPU (seen as an
# unhandled int3 trap in ktp's concurrent patching tests, never with
# thread=single); the guest still sees two CPUs that interleave.
qemu=(qemu-system-x86_64 -accel tcg,thread=single -m "$memory" -kernel "$kernel" -initrd "$initrd"
      -nodefaults -display none -no-reboot)
if [ $icount = 1 ]; then
	qemu+=(-smp 1 -icount shift=0)
else
	qemu+=(-smp "$smp")
fi

[ -n "$gdb" ] && qemu+=(-gdb "tcp:127.0.0.1:$gdb")

if [ $interactive = 1 ]; then
	append="${append/console=ttyS0 /console=ttyS0 } quiet"
	exec "${qemu[@]}" -append "$append" -serial mon:stdio -serial "file:$results"
fi

# A boot that never reaches userspace (the guest's init announces itself
# with KTP-BOOTED) within boot_limit seconds, or dies before it, is retried. Under TCG the
# guest's clocks follow the host's, so on a busy host the debug kernel's
# early boot can stall before any of ktp's code has run (seen: timer
# calibration against the PIT failing, then no progress; the second CPU
# missing its bring-up deadline). A healthy debug boot takes 20-35 s on an
# idle host and up to 80 s on a saturated one. Everything after the
# announcement is judged strictly.
boot_limit=${KTP_BOOT_LIMIT:-90}
attempt=1
while :; do
	: > "$console"; : > "$results"
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" -append "$append" \
		-serial "file:$console" -serial "file:$results" </dev/null &
	qpid=$!
	booted=0
	for ((waited = 0; waited < boot_limit; waited++)); do
		if grep -q '^KTP-BOOTED' "$results" 2>/dev/null; then booted=1; break; fi
		kill -0 $qpid 2>/dev/null || break
		sleep 1
	done
	if [ $booted = 0 ] && [ $attempt -lt 3 ] && ! grep -q '^KTP-BOOTED' "$results" 2>/dev/null; then
		echo "VM boot attempt $attempt did not reach userspace in ${boot_limit}s; retrying" \
			"(last console line: $(tail -n 1 "$console"))" >&2
		kill $qpid 2>/dev/null
		wait $qpid 2>/dev/null
		cp "$console" "$out/console.boot-hang-$attempt.log"
		attempt=$((attempt + 1))
		continue
	fi
	set +e
	wait $qpid
	qstatus=$?
	set -e
	break
done

if [ $qstatus = 124 ] || [ $qstatus = 137 ]; then
	echo "VM run timed out after ${timeout}s (console: $console)" >&2
	tail -n 30 "$console" >&2
	exit 124
fi
if ! "$KTP_ROOT/scripts/scan-console.sh" "$console" >&2; then
	exit 125
fi
exit_line=$(tr -d '\r' < "$results" | sed -n 's/^KTP-EXIT \([0-9]*\)$/\1/p' | tail -n 1)
if [ -z "$exit_line" ]; then
	echo "VM run ended without an exit status: the guest crashed (console: $console)" >&2
	tail -n 30 "$console" >&2
	exit 125
fi
exit "$exit_line"
