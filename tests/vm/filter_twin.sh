#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: a native event and a ktp event with identical fields take the same filters alike:
# same format fields, and for every expression of data/twin_filters.txt the same errno and read-back,
# and the same set of recorded events when both twins fire with the same arguments.
. /ktp/tests/vm/lib.sh
check "load ktp" insmod /ktp/modules/ktp.ko
check "load the twins" insmod /ktp/modules/ktp_filter_twin.ko
N=/sys/kernel/tracing/events/ktp_twin_native/twin
K=/sys/kernel/debug/ktp/events/ktp_twin/twin
check_eq "identical field lines in both formats" "$(grep 'field:' $N/format)" "$(grep 'field:' $K/format)"
NT=/sys/kernel/tracing
KT=/sys/kernel/debug/ktp
echo 1 > $N/enable
echo 1 > $K/enable
# The records of one round: the print text of each, in order.
records() { grep -o ' twin: .*' "$1"; }
same=0
total=0
recorded_alike=0
nonempty=0
while IFS= read -r expr; do
	total=$((total + 1))
	nerr=$(sh -c 'echo "$1" > "$2"' _ "$expr" $N/filter 2>&1 | sed 's/.*write error: //')
	kerr=$(sh -c 'echo "$1" > "$2"' _ "$expr" $K/filter 2>&1 | sed 's/.*write error: //')
	nback=$(sed '/^$/,$d' $N/filter)
	kback=$(sed '/^$/,$d' $K/filter)
	if [ "$nerr" = "$kerr" ] && [ "$nback" = "$kback" ]; then
		same=$((same + 1))
	else
		fail "[$expr]: native '$nerr' / ktp '$kerr'"
		echo "native:"; cat $N/filter; echo "ktp:"; cat $K/filter
	fi
	: > $NT/trace
	: > $KT/trace
	echo 76 > /sys/kernel/debug/ktp_twin_fire
	nrec=$(records $NT/trace)
	krec=$(records $KT/trace)
	if [ "$nrec" = "$krec" ]; then
		recorded_alike=$((recorded_alike + 1))
		[ -n "$nrec" ] && nonempty=$((nonempty + 1))
	else
		fail "[$expr]: native recorded $(echo "$nrec" | grep -c twin), ktp $(echo "$krec" | grep -c twin)"
	fi
	echo 0 > $N/filter
	echo 0 > $K/filter
done < /ktp/tests/vm/data/twin_filters.txt
echo "$same of $total expressions alike; $recorded_alike recorded the same events ($nonempty of them some)"
check_eq "every expression recorded the same events" "$total" "$recorded_alike"
check "and many selected something" test "$nonempty" -ge 100
echo 0 > $N/enable
echo 0 > $K/enable
check "at least 150 expressions compared" test "$total" -ge 150
check_eq "every expression alike" "$total" "$same"
check "unload the twins" rmmod ktp_filter_twin
check "unload ktp" rmmod ktp
finish
