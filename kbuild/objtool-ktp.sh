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
# the linked module (objtool --link). There the rule covers the whole module:
# a module with ktp events uses no kernel static branch (pr_debug under
# dynamic debug, static_branch_*(), a native trace_*() call) anywhere.
# Then kbuild/check-sections.sh vets the object.
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
	if [ "$ktp" -gt 0 ] && [ "$ktp" -ne "$total" ]; then
		other=$(printf '%s\n' "$keys" | grep -v '^__ktp_event_' | sort -u | tr '\n' ' ')
		if [ "$linked" = 1 ]; then
			fail "mixes ktp call sites with kernel static keys ($other) in one module, which objtool checks once linked on this kernel (IBT): a module with ktp events must not use kernel static branches"
		fi
		fail "mixes ktp call sites with kernel static keys ($other) in one object; move the trace_*() calls of ktp events into a file without kernel static branches"
	fi
	if [ "$ktp" -gt 0 ]; then
		${OBJCOPY:-objcopy} --rename-section __jump_table=ktp_jump_table "$obj"
	fi
fi
exec "$here/check-sections.sh" "$obj"
