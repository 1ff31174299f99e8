#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs clang's thread-safety analysis over the core: every lock-protected member and "lock held" function is annotated (module/core/ktl/thread_safety.h).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
while read -r src; do
	clang++ -std=gnu++20 -fsyntax-only -DKTP_HOSTED -fno-exceptions -fno-rtti \
		-I"$root/include" -I"$root/module/core" \
		-Wthread-safety -Wthread-safety-beta -Werror=thread-safety -Werror=thread-safety-beta \
		-Wno-unused-private-field "$src" || status=1
done < <(find "$root/module/core" -name '*.cpp' ! -name runtime.cpp | sort)
exit $status
