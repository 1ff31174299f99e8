#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs objtool on an object, then gives ktp's call-site entries a section of their own and checks the object.
#
# usage: objtool-ktp.sh OBJTOOL [OBJTOOL ARGS...] OBJECT
#
# ktp's sites sit in __jump_table in the kernel's entry format so that
# objtool follows both edges of each site and writes ORC for both paths (see
# include/ktp/site.h). Once objtool has run, an object whose __jump_table
# holds only ktp entries (every key is an __ktp_event_* symbol) has the
# section renamed to ktp_jump_table, out of sight of the kernel's jump-label
# code; an object that holds only kernel static keys is left alone; an
# object that mixes both is refused: its ktp sites would be lost or the
# kernel's keys hijacked.
#
# Kbuild runs objtool per object, or, on kernels built with
# CONFIG_X86_KERNEL_IBT (Debian's 6.12 and 7.3) or CONFIG_LTO_CLANG, once on
# the linked module (objtool --link), whose __jump_table also holds the
# kernel static keys of the module's inline kernel helpers (copy_*_user's
# usercopy check, ...). There kbuild/ktp-sites-linked.lds has kept the sites
# in __jump_table for objtool, and, once objtool has run,
# kbuild/ktp-split-jump-table.c (built here with the host compiler) moves
# ktp's entries to ktp_jump_table and leaves the kernel's where they were.
# Then kbuild/check-indirect-calls.sh and kbuild/check-sections.sh vet the object.
set -e
linked=0
for obj; do [ "$obj" = --link ] && linked=1; done
"$@"
here=$(dirname "$0")
sections=$(${OBJDUMP:-objdump} -h "$obj" | awk '{print $2}')
fail() {
	echo "$obj: error: $*" >&2
	rm -f "$obj"
	exit 1
}
# jump_keys SECTION: the key symbol of each 16-byte entry (its relocation at offset 8).
jump_keys() {
	${READELF:-readelf} -rW "$obj" | awk -v rela="'.rela$1'" '
		/^Relocation section/ { in_jt = ($3 == rela); next }
		in_jt && $1 ~ /^[0-9a-f]+$/ && NF >= 5 {
			if (substr($1, length($1)) == "8") print $5
		}'
}
if [ "$linked" = 1 ] && printf '%s\n' "$sections" | grep -qx 'ktp_jump_table'; then
	fail "linked with kbuild/ktp-sites-object.lds, but objtool runs on the linked module: kbuild/cxx.mk chose the wrong call-site script"
fi
if printf '%s\n' "$sections" | grep -qx '__jump_table'; then
	keys=$(jump_keys __jump_table)
	ktp=$(printf '%s\n' "$keys" | grep -c '^__ktp_event_' || true)
	total=$(printf '%s\n' "$keys" | grep -c . || true)
	if [ "$linked" = 1 ] && { [ "$ktp" -gt 0 ] || ${NM:-nm} "$obj" | grep -q ' __start_ktp_jump_table$'; }; then
		split=$(dirname "$obj")/.ktp-split-jump-table
		if ! [ -x "$split" ] || [ -n "$(find "$here/ktp-split-jump-table.c" -newer "$split")" ]; then
			if ! ${HOSTCC:-cc} -O2 -Wall -o "$split.$$" "$here/ktp-split-jump-table.c" || ! mv "$split.$$" "$split"; then
				fail "cannot build kbuild/ktp-split-jump-table.c with ${HOSTCC:-cc}"
			fi
		fi
		"$split" "$obj" || fail "cannot move ktp's call sites to ktp_jump_table"
	elif [ "$ktp" -gt 0 ] && [ "$ktp" -ne "$total" ]; then
		other=$(printf '%s\n' "$keys" | grep -v '^__ktp_event_' | sort -u | tr '\n' ' ')
		fail "mixes ktp call sites with kernel static keys ($other) in one object; move the trace_*() calls of ktp events into a file without kernel static branches"
	elif [ "$ktp" -gt 0 ]; then
		${OBJCOPY:-objcopy} --rename-section __jump_table=ktp_jump_table "$obj"
	fi
fi
# No indirect call where kernel addresses are resolved at run time, checked
# on each object (the linked module's members, listed in its .mod file).
members=$obj
if [ "$linked" = 1 ] && [ -f "${obj%.o}.mod" ]; then
	members=$(cat "${obj%.o}.mod")
fi
# shellcheck disable=SC2086 # the .mod file is a list of words
"$here/check-indirect-calls.sh" $members || fail "an indirect call to a run-time-resolved kernel function (see kbuild/check-indirect-calls.sh)"
exec "$here/check-sections.sh" "$obj"
