#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scenario: a native event and a ktp event with identical fields take the same filters alike:
# same format fields, and for every expression of data/twin_filters.txt the same errno and read-back.
. /ktp/tests/vm/lib.sh
check "load ktp" insmod /ktp/modules/ktp.ko
check "load the twins" insmod /ktp/modules/ktp_filter_twin.ko
N=/sys/kernel/tracing/events/ktp_twin_native/twin
K=/sys/kernel/debug/ktp/events/ktp_twin/twin
check_eq "identical field lines in both formats" "$(grep 'field:' $N/format)" "$(grep 'field:' $K/format)"
same=0
total=0
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
	echo 0 > $N/filter
	echo 0 > $K/filter
done < /ktp/tests/vm/data/twin_filters.txt
echo "$same of $total expressions alike"
check "at least 150 expressions compared" test "$total" -ge 150
check_eq "every expression alike" "$total" "$same"
check "unload the twins" rmmod ktp_filter_twin
check "unload ktp" rmmod ktp
finish
