#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the options of a C compiler command line that the C++ compiler rejects or ignores for C++, by asking it.
#
# usage: cxx-flags.sh CXX OPTION...
#
# Compiles an empty C++ file with the options, as many times as it takes:
# each run names the options it refuses ("unrecognized command-line option
# '-mfoo'", which stops the run) or ignores for C++ ("command-line option
# '-Wstrict-prototypes' is valid for C/ObjC but not for C++", "'-Werror='
# argument '-Werror=implicit-int' is not valid for C++"); those are printed
# and left out of the next run. kbuild/cxx.mk filters them out of Kbuild's flags.
cxx=$1
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'int ktp_cxx_flags_probe;\n' >"$dir/probe.cpp"
flags=" $* "
rejected=
for _ in 1 2 3 4 5 6 7 8; do
	# shellcheck disable=SC2086 # the options are words
	out=$(LC_ALL=C $cxx $flags -c "$dir/probe.cpp" -o "$dir/probe.o" 2>&1)
	bad=$(printf '%s\n' "$out" | sed -n \
		-e "s/.*unrecognized command-line option '\([^']*\)'.*/\1/p" \
		-e "s/.*command-line option '\([^']*\)' is valid for .* but not for C++.*/\1/p" \
		-e "s/.*'-Werror=' argument '\([^']*\)' is not valid for C++.*/\1/p" | sort -u)
	[ -n "$bad" ] || break
	for b in $bad; do
		rejected="$rejected $b"
		flags=$(printf '%s\n' "$flags" | awk -v b="$b" '{ out = ""; for (i = 1; i <= NF; i++) if ($i != b) out = out " " $i; print out " " }')
	done
done
# shellcheck disable=SC2086 # one line of words
echo $rejected
