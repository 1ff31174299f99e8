#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs objtool on an object, then gives ktp's call-site entries a section of their own and checks the object.
#
# usage: objtool-ktp.sh OBJTOOL [OBJTOOL ARGS...] OBJECT
#
# ktp's sites are recorded in __jump_table in the kernel's entry format so
# that objtool follows both edges of each site and writes ORC for both paths
# (see include/ktp/site.h). Once objtool has run, an object whose
# __jump_table holds only ktp entries (every key is an __ktp_event_* symbol)
# has the section renamed to ktp_jump_table, out of sight of the kernel's
# jump-label code; an object that holds only kernel static keys is left
# alone; an object that mixes both is refused: its ktp sites would be lost or
# the kernel's keys hijacked. Then kbuild/check-sections.sh vets the object.
set -e
for obj; do :; done
"$@"
here=$(dirname "$0")
if ${OBJDUMP:-objdump} -h "$obj" | awk '{print $2}' | grep -qx '__jump_table'; then
	# Key relocations sit at offset 8 of each 16-byte entry.
	keys=$(${READELF:-readelf} -rW "$obj" | awk '
		/^Relocation section/ { in_jt = ($3 == "'"'"'.rela__jump_table'"'"'") ; next }
		in_jt && $1 ~ /^[0-9a-f]+$/ && NF >= 5 {
			if (substr($1, length($1)) == "8") print $5
		}')
	ktp=$(printf '%s\n' "$keys" | grep -c '^__ktp_event_' || true)
	total=$(printf '%s\n' "$keys" | grep -c . || true)
	if [ "$ktp" -gt 0 ] && [ "$ktp" -ne "$total" ]; then
		echo "$obj: error: mixes ktp call sites with kernel static keys in one object; move the trace_*() calls of ktp events into a file without kernel static branches" >&2
		rm -f "$obj"
		exit 1
	fi
	if [ "$ktp" -gt 0 ]; then
		${OBJCOPY:-objcopy} --rename-section __jump_table=ktp_jump_table "$obj"
	fi
fi
exec "$here/check-sections.sh" "$obj"
