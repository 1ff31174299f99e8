#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fails (and deletes the object) when an object carries code or sections a module must not have.
#
# - a C++ dynamic initializer or global destructor (_GLOBAL__sub_I_/_D_ in
#   .init_array/.fini_array): the 6.1 loader runs constructors only when
#   CONFIG_CONSTRUCTORS is on (KASAN and GCOV kernels), so the global would
#   silently stay zero on every other kernel;
# - .ctors/.dtors, and .init_array/.fini_array entries of any kind except the
#   sanitizer's own global-registration constructors (KASAN kernels emit
#   _sub_I_65535_* calling __asan_register_globals for C and C++ alike);
# - .eh_frame: unwind tables, which nothing in the kernel reads;
# - a weak definition (an out-of-line template instantiation or inline
#   function emitted for the linker to merge): the module loader leaves weak
#   symbols out of kallsyms, so a backtrace through one names whatever
#   function precedes it. Give such code internal linkage (an unnamed namespace).
# - in a linked module, a call-site table that __start_ktp_jump_table and
#   __stop_ktp_jump_table do not bracket exactly: one ktp_jump_table section,
#   start at its offset 0, stop at its end. Anything else means sites ktp
#   would never patch, or kernel static-key entries it would take for sites.
obj=$1
fail() {
	echo "$obj: error: $*" >&2
	rm -f "$obj"
	exit 1
}
sections=$(${OBJDUMP:-objdump} -h "$obj" | awk 'NR > 5 && $2 ~ /^\./ {print $2}')
symbols=$(${NM:-nm} "$obj")
for s in $sections; do
	case $s in
	.ctors*|.dtors*) fail "forbidden section $s (a global constructor or destructor)" ;;
	.eh_frame*) fail "forbidden section $s (unwind tables: build with -fno-asynchronous-unwind-tables)" ;;
	.init_array*|.fini_array*)
		echo "$symbols" | grep -q ' _GLOBAL__sub_[ID]_' &&
			fail "forbidden section $s (a global with a dynamic initializer or destructor: use constinit and explicit init/exit)"
		echo "$symbols" | grep -q ' U __asan_register_globals$' ||
			fail "forbidden section $s (a constructor that is not the sanitizer's)"
		;;
	esac
done
# jump_keys SECTION: the key symbol of each 16-byte entry (its relocation at offset 8).
jump_keys() {
	${READELF:-readelf} -rW "$obj" | awk -v rela="'.rela$1'" '
		/^Relocation section/ { in_jt = ($3 == rela); next }
		in_jt && $1 ~ /^[0-9a-f]+$/ && NF >= 5 {
			if (substr($1, length($1)) == "8") print $5
		}'
}
all_sections=" $(${OBJDUMP:-objdump} -h "$obj" | awk 'NR > 5 && $1 ~ /^[0-9]+$/ {print $2}' | tr '\n' ' ') "
case $all_sections in
*" __jump_table "*)
	site=$(jump_keys __jump_table | grep -m1 '^__ktp_event_' || true)
	[ -z "$site" ] || fail "a ktp call site ($site) in __jump_table, where the kernel's jump labels would take its event for a static key"
	;;
esac
case $all_sections in
*" ktp_jump_table "*)
	key=$(jump_keys ktp_jump_table | grep -v -m1 '^__ktp_event_' || true)
	[ -z "$key" ] || fail "ktp_jump_table holds an entry keyed by $key, not a ktp event"
	;;
esac
start=$(${READELF:-readelf} -sW "$obj" | awk '$8 == "__start_ktp_jump_table" && $7 != "UND" {print $7 ":" $2}')
if [ -n "$start" ]; then
	stop=$(${READELF:-readelf} -sW "$obj" | awk '$8 == "__stop_ktp_jump_table" && $7 != "UND" {print $7 ":" $2}')
	table=$(${READELF:-readelf} -SW "$obj" | sed -n 's/^ *\[ *\([0-9]*\)\] ktp_jump_table  *[A-Z]*  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1 \2/p')
	[ "$(printf '%s\n' "$table" | grep -c .)" = 1 ] ||
		fail "$(printf '%s\n' "$table" | grep -c .) ktp_jump_table sections where one is due (the call-site script and the objtool wrapper disagree)"
	index=${table% *}
	size=$((0x${table#* }))
	if [ "$start" != "$index:$(printf '%016x' 0)" ] || [ "$stop" != "$index:$(printf '%016x' "$size")" ]; then
		fail "__start/__stop_ktp_jump_table ($start, $stop) do not bracket ktp_jump_table (section $index, $size bytes): sites would go unpatched or kernel static keys be taken for sites"
	fi
fi
weak=$(echo "$symbols" | awk '$2 == "W" || $2 == "V" {print $3; exit}')
[ -z "$weak" ] || fail "weak definition $weak (missing from the module's kallsyms: give it internal linkage)"
exit 0
