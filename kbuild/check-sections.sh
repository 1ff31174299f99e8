#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fails (and deletes the object) when an object carries sections a module must not have.
#
# .init_array/.ctors: a global with a dynamic initializer; the 6.1 loader
# runs none of them when CONFIG_CONSTRUCTORS is off, so the object would stay
# silently zero. .eh_frame: unwind tables, which nothing in the kernel reads.
set -e
obj=$1
bad=$(${OBJDUMP:-objdump} -h "$obj" | awk '{print $2}' | grep -E '^(\.init_array|\.ctors|\.dtors|\.fini_array|\.eh_frame)' || true)
if [ -n "$bad" ]; then
	for s in $bad; do
		echo "$obj: error: forbidden section $s (dynamic initializer, global destructor or unwind table)" >&2
	done
	rm -f "$obj"
	exit 1
fi
