# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared shell helpers for ktp's scripts: paths, caches, logging.

KTP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KTP_CACHE=${KTP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktp}
KTP_BUILD=${KTP_BUILD:-$KTP_ROOT/build}
KTP_JOBS=${KTP_JOBS:-$(nproc)}

ktp_log()  { printf '[ktp] %s\n' "$*" >&2; }
ktp_die()  { printf '[ktp] error: %s\n' "$*" >&2; exit 1; }

# Version of Debian's linux-source-6.1 package (the source of every test kernel).
ktp_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null
}

# Debian's own 6.1 kernel ABI name, e.g. 6.1.0-56-amd64, from the headers metapackage.
ktp_debian_release() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) || return 1
	dep=${dep#linux-headers-}
	printf '%s\n' "${dep%% *}"
}
