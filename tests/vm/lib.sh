# SPDX-License-Identifier: GPL-2.0
# Assertions for VM scenarios: each failed check prints why; finish exits non-zero if any failed.
KTP_CHECKS=0
KTP_FAILURES=0

fail() {
	KTP_FAILURES=$((KTP_FAILURES + 1))
	echo "FAIL: $*"
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1
	shift
	KTP_CHECKS=$((KTP_CHECKS + 1))
	"$@" || fail "$desc"
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	KTP_CHECKS=$((KTP_CHECKS + 1))
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# wait_for SECONDS COMMAND...: runs the command every 50 ms until it
# succeeds (0) or SECONDS have passed (1). A scenario waits for what it
# needs with it, never for a fixed time.
wait_for() {
	wait_for_tries=$(($1 * 20))
	shift
	until "$@"; do
		[ "$wait_for_tries" -gt 0 ] || return 1
		wait_for_tries=$((wait_for_tries - 1))
		usleep 50000
	done
}

# asleep PID: the process sleeps (blocked in a read, a poll, a wait).
asleep() { grep -q '^State:.*S (sleeping)' "/proc/$1/status" 2>/dev/null; }

finish() {
	echo "$KTP_CHECKS checks, $KTP_FAILURES failed"
	[ "$KTP_FAILURES" -eq 0 ] && [ "$KTP_CHECKS" -gt 0 ]
}
