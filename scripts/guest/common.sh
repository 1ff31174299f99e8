# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest's jobs: reporting to the host and the debug kernel's leak scan.

# result NAME ok|fail [DETAIL]: one result line for the host.
result() {
	echo "KTP-RESULT $*" > "$KTP_RESULTS"
}

# Scans for leaks when the kernel has kmemleak; reports go to the console,
# where the host's scan finds them. kmemleak ignores objects younger than 5 s.
kmemleak_scan() {
	[ -e /sys/kernel/debug/kmemleak ] || return 0
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
}

# Forgets leaks the kernel had before the job started, so only the job's count.
kmemleak_baseline() {
	[ -e /sys/kernel/debug/kmemleak ] || return 0
	echo scan > /sys/kernel/debug/kmemleak
	echo clear > /sys/kernel/debug/kmemleak
}
