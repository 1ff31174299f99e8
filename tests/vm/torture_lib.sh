# SPDX-License-Identifier: GPL-2.0
# Helpers of the torture campaigns: their scale (KTP_SCALE from ktp.scale=, 1 in make test, 10 in make torture), figure lines, stats.
. /ktp/tests/vm/lib.sh
K=/sys/kernel/debug/ktp
# shellcheck disable=SC2034 # read by the campaigns that source this file
SCALE=${KTP_SCALE:-1}
T=ktp-torture

# figure NAME KEY=VALUE...: the campaign's figures, on the console and to the host.
figure() {
	echo "TORTURE $*"
	[ -n "${KTP_RESULTS:-}" ] && echo "TORTURE $*" > "$KTP_RESULTS"
	return 0
}

# cpu_stat CPU FIELD: one number of per_cpu/cpuN/stats ("entries", "overrun", "read events", "dropped events").
cpu_stat() {
	sed -n "s/^$2: //p" $K/per_cpu/cpu$1/stats
}

# records FILE: the records in a non-consuming file, by CPU ("records cpu0=A cpu1=B ...").
records() {
	$T read "$1" poll 0
}

# field "records cpu0=A ..." KEY: one value of a reader's count line.
field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# in_background COMMAND...: a worker whose pid joins $workers.
workers=
in_background() {
	"$@" &
	workers="$workers $!"
}

stop_workers() {
	touch /tmp/torture.stop
	for p in $workers; do wait "$p"; done
	workers=
	rm -f /tmp/torture.stop
}

running() {
	[ ! -e /tmp/torture.stop ]
}
