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
weak=$(echo "$symbols" | awk '$2 == "W" || $2 == "V" {print $3; exit}')
[ -z "$weak" ] || fail "weak definition $weak (missing from the module's kallsyms: give it internal linkage)"
exit 0
