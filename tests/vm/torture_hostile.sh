#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Torture: every writable file of ktp's tree gets random bytes, oversized writes, NULs and writes at offsets, alone and from both CPUs at once; a rejected write changes nothing.
. /ktp/tests/vm/torture_lib.sh

check "load ktp" insmod /ktp/modules/ktp.ko
check "load the second module" insmod /ktp/modules/ktp_test_events.ko hold_probe=0
start=$(date +%s)
files=$(find $K -type f -perm -200 | sort)
check "writable files found" test "$(echo "$files" | wc -l)" -gt 20
# make test's short form writes to one event's files only (every system's and the top's still).
[ "$SCALE" -lt 5 ] && files=$(echo "$files" | grep -v -E '/events/[^/]+/[^/]+/' ; echo "$files" | grep '/events/ktp_sample/sample_ints/')

# Every readable file of the tree's state: not what recording changes on its own (buffers, stats,
# saved comms: an accepted write may have enabled events), and not a filter's own file when it is
# the one written (a rejected filter shows its error there, as native's does).
# make test's short form leaves out the files no write can change (format, id, header_*, README).
if [ "$SCALE" -ge 5 ]; then
	readable=$(find $K -type f -perm -400 ! -name 'trace_pipe*' ! -name trace ! -name stats ! -name saved_cmdlines | sort)
else
	readable=$(find $K -type f -perm -400 ! -name 'trace_pipe*' ! -name trace ! -name stats ! -name saved_cmdlines \
		! -name format ! -name id ! -name 'header_*' ! -name README | sort)
fi
snapshot() {
	case $2 in
	*/filter) grep -H '' $readable 2>&1 | grep -v "^$2:" > "$1" ;;
	*) grep -H '' $readable > "$1" 2>&1 ;;
	esac
}

# The hostile writes, one per line: SET KIND ARG [OFFSET]; make test's short form (KTP_SCALE < 5) takes set "s" only.
cat > /tmp/hostile.all <<'LIST'
- random 64
- random 5000
s random 1100000
s zeros 16
- zeros 5000
- digits 100
- text \0
s text 1\0garbage
- text 0\0\0\0
- text \0\n1
s text 1 4096
- text 0 1
- random 32 100000
LIST
if [ "$SCALE" -ge 5 ]; then
	cut -d' ' -f2- /tmp/hostile.all > /tmp/hostile.writes
else
	grep '^s ' /tmp/hostile.all | cut -d' ' -f2- > /tmp/hostile.writes
fi

writes=0 rejected=0 accepted=0 compared=0
for f in $files; do
	snapshot /tmp/snap.before "$f"
	while read -r kind arg off; do
		r=$($T write "$f" "$kind" "$arg" $off)
		writes=$((writes + 1))
		case $r in
		err*)
			rejected=$((rejected + 1))
			snapshot /tmp/snap.after "$f"
			compared=$((compared + 1)) KTP_CHECKS=$((KTP_CHECKS + 1))
			if ! cmp -s /tmp/snap.before /tmp/snap.after; then
				fail "$f: the rejected write '$kind $arg $off' ($r) changed the tree"
				diff /tmp/snap.before /tmp/snap.after | head -n 10
			fi ;;
		ok*)
			# An accepted write may change the tree: the next comparison starts from here.
			accepted=$((accepted + 1))
			snapshot /tmp/snap.before "$f" ;;
		*) fail "$f: '$kind $arg $off' gave '$r'" ;;
		esac
	done < /tmp/hostile.writes
done
echo "sequential: $(($(date +%s) - start)) s, $writes writes, $rejected rejected, $accepted accepted, $compared snapshots compared"

# Both CPUs at once: random writes to random files, with a reader beside them.
spray() {
	cpu=$1
	set -- $files
	count=$#
	n=0
	while running; do
		pick=$(( $(od -An -N2 -tu2 /dev/urandom) % count + 1 ))
		eval "f=\${$pick}"
		case $((n % 4)) in
		0) $T write "$f" random 200 > /dev/null ;;
		1) $T write "$f" random 6000 > /dev/null ;;
		2) $T write "$f" text '1\0x' > /dev/null ;;
		3) $T write "$f" random 8 4097 > /dev/null ;;
		esac
		n=$((n + 1))
	done
	echo $n > /tmp/spray.$cpu
}
for cpu in 0 1; do
	spray $cpu &
	workers="$workers $!"
	taskset -pc $cpu $! > /dev/null
done
$T read $K/trace_pipe poll $((5 * SCALE)) > /dev/null &
reader=$!
sleep $((5 * SCALE))
stop_workers
echo 0 > $K/tracing_on
check "the reader ends" wait $reader
concurrent=$(( $(cat /tmp/spray.0) + $(cat /tmp/spray.1) ))
echo "concurrent: $concurrent writes from two CPUs"

# The tree still works: back to a known state, one event enabled, fired, read.
echo 0 > $K/tracing_on
echo 0 > $K/events/enable
find $K/events -name trigger | while read -r f; do
	grep -v '^#' "$f" | while read -r t _; do echo "!${t%%:*}" > "$f" 2>/dev/null; done
done
find $K/events -name filter | while read -r f; do echo 0 > "$f"; done
check "reset the buffer size" sh -c "echo 64 > $K/buffer_size_kb"
echo 1 > $K/options/overwrite
: > $K/trace
check "enable an event" sh -c "echo 1 > $K/events/ktp_sample/sample_ints/enable"
check "tracing on" sh -c "echo 1 > $K/tracing_on"
check "fire it" sh -c "echo 5 > $K/sample_fire"
check_eq "trace shows the 5 records" 5 "$(grep -c 'sample_ints: ' $K/trace)"
check "remove the second module" rmmod ktp_test_events
check "unload ktp" rmmod ktp
check "the tree is gone" test ! -e $K
figure "hostile files=$(echo "$files" | wc -l) writes=$((writes + concurrent)) rejected=$rejected accepted=$accepted snapshots=$compared concurrent=$concurrent"
finish
