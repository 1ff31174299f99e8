# SPDX-License-Identifier: GPL-2.0
# The tree comparison, sourced by guest jobs (demo, compare): the same commands to both trees, one workload,
# then the records compared per CPU, event by event (common_type, comm names and timestamps aside).
KTP_N=/sys/kernel/tracing
KTP_K=/sys/kernel/debug/ktp

# tree_records TREE: "pid [cpu] flags event: text" for each record, CPU by CPU, in order
# (the need-resched flag is masked: an interrupt may set it between the two trees' probes).
tree_records() {
	for c in $(seq 0 $(($(nproc) - 1))); do
		sed -n -e 's/prev_state=[XZ]/prev_state=X|Z/' -e 's/^ *.*-\([0-9]*\) *\(\[[0-9]*\]\) \(.\).\(...\) *[0-9.]*: \(.*\)$/\1 \2 \3_\4 \5/p' "$1/per_cpu/cpu$c/trace"
	done
}

# both_trees CMD...: runs a command for each tree, with $T set to the tree's root.
both_trees() {
	for T in $KTP_N $KTP_K; do
		eval "$*"
	done
}

# compare_trees NAME EVENTS FILTER WORKLOAD: prints one result row, "same" or "DIFFERENT".
# EVENTS: set_event lines (space separated); FILTER: applied to each of them ("" for none).
compare_trees() {
	name=$1 events=$2 filter=$3 workload=$4
	for T in $KTP_N $KTP_K; do
		echo > $T/set_event
		: > $T/trace
		for ev in $events; do
			[ -n "$filter" ] && echo "$filter" > "$T/events/$(echo "$ev" | tr : /)/filter"
			echo "$ev" >> $T/set_event
		done
	done
	sh -c "$workload" > /dev/null 2>&1
	for T in $KTP_N $KTP_K; do
		echo > $T/set_event
		for ev in $events; do echo 0 > "$T/events/$(echo "$ev" | tr : /)/filter"; done
	done
	tree_records $KTP_N > /tmp/compare.native
	tree_records $KTP_K > /tmp/compare.ktp
	n=$(wc -l < /tmp/compare.native)
	k=$(wc -l < /tmp/compare.ktp)
	if cmp -s /tmp/compare.native /tmp/compare.ktp && [ "$n" -gt 0 ]; then
		verdict=same
	else
		verdict=DIFFERENT
	fi
	printf '%-28s native=%-6s ktp=%-6s %s\n' "$name" "$n" "$k" "$verdict"
	if [ $verdict != same ]; then
		diff /tmp/compare.native /tmp/compare.ktp | head -n 6 | sed 's/^/    /'
	fi
	[ $verdict = same ]
}
