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

finish() {
	echo "$KTP_CHECKS checks, $KTP_FAILURES failed"
	[ "$KTP_FAILURES" -eq 0 ] && [ "$KTP_CHECKS" -gt 0 ]
}
