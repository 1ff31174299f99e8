#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Host test of ktp-cmd's preload library: builds it and tests/host/ktp_cmd_preload_test.c, runs them; prints "ok N".
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$KTP_BUILD/tools
mkdir -p "$out"
gcc -O2 -Wall -Wextra -Werror -fPIC -shared -o "$out/ktp-cmd-preload.so" "$KTP_ROOT/tools/ktp-cmd-preload.c" -ldl
gcc -O2 -Wall -Wextra -Werror -rdynamic -o "$out/ktp_cmd_preload_test" "$KTP_ROOT/tests/host/ktp_cmd_preload_test.c"
# With another library preloaded too (libc itself, harmless): it must stay in LD_PRELOAD.
other=$(ldd "$out/ktp_cmd_preload_test" | grep -o '/[^ ]*libc\.so[^ ]*' | head -n 1)
KTP_TRACING_DIR=/some/where KTP_EXPECT_DIR=/some/where KTP_EXPECT_PRELOAD="$other" \
	LD_PRELOAD="$out/ktp-cmd-preload.so:$other" "$out/ktp_cmd_preload_test"
# A program without libtracefs is refused (status 127), not run pointing nowhere.
status=0
LD_PRELOAD="$out/ktp-cmd-preload.so" /bin/true 2>/dev/null || status=$?
[ "$status" = 127 ] || ktp_die "a program without tracefs_set_tracing_dir ran (status $status)"
echo "ok: refused a program without libtracefs"
# Pointed at native's own tree, the library guards the other native files only.
KTP_TRACING_DIR=/sys/kernel/tracing KTP_EXPECT_DIR=/sys/kernel/tracing KTP_EXPECT_PRELOAD='' \
	LD_PRELOAD="$KTP_BUILD/tools/ktp-cmd-preload.so" "$KTP_BUILD/tools/ktp_cmd_preload_test"
