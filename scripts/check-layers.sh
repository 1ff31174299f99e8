#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks the core's layering: ring/ and filter/ use nothing of the core but ktl/ and the text helpers, and only the shim includes kernel headers.
#
# The rule, folder by folder (a quoted include names a file of module/core):
#   ring/    ktl/ and ring/
#   filter/  ktl/, filter/ and output/text.h
#   events/  anything but the tracer and abi/ (the registry reaches the layers above it through its hooks)
#   all      no <linux/...> or <asm/...> header
# and the shim (module/kernel/) includes nothing from ../ (module/core/, module/samples/): only its own headers and include/ktp/.
set -uo pipefail
cd "$(dirname "$0")/../module/core" || exit 1
status=0

# allowed FOLDER PATTERN: every quoted include of FOLDER's files matches PATTERN.
allowed() {
	local folder=$1 pattern=$2 f inc
	for f in "$folder"/*.h "$folder"/*.cpp; do
		[ -e "$f" ] || continue
		while read -r inc; do
			if ! [[ $inc =~ $pattern ]]; then
				echo "module/core/$f includes \"$inc\": $folder/ may use only ${pattern//|/, }" >&2
				status=1
			fi
		done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
	done
}
allowed ring '^(ktl/|ring/)'
allowed filter '^(ktl/|filter/|output/text\.h$)'
allowed events '^(ktl/|filter/|ring/|events/|output/)'

if grep -rn '#include <\(linux\|asm\)/' . >&2; then
	echo "the core includes kernel headers: it reaches the kernel only through include/ktp/abi.h" >&2
	status=1
fi
if grep -rn '#include "\.\./' ../kernel >&2; then
	echo "the shim includes another folder's header: what it uses of the rest goes through include/ktp/" >&2
	status=1
fi
exit $status
