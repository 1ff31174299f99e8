#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse from the cache) a ktp test kernel of one series from Debian's linux-source package.
#
# usage: build-kernel.sh test|debug [--series S]     prints the build directory on stdout
#
# The config is tinyconfig, then kbuild/config/test.config (shared by every
# series), kbuild/config/series-<S>.config (options named or chosen per
# series) and, for the debug kernel, kbuild/config/debug.config. The build
# directory is keyed by the series, the source package version and the hash
# of the fragments and of this script, so a changed config builds anew and an
# unchanged one is reused from $KTP_CACHE/kernels/. Every series builds with
# the host's gcc; ccache makes a rebuild of a new key cheap.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/series.sh"

flavour=${1:?usage: build-kernel.sh test|debug [--series S]}
shift
series=
while [ $# -gt 0 ]; do
	case $1 in
	--series) series=${2:?--series needs a series}; shift 2 ;;
	*) ktp_die "unknown argument '$1'" ;;
	esac
done
series=$(ktp_series_one "$series")
config=$KTP_ROOT/kbuild/config
fragments=("$config/test.config" "$config/series-$series.config")
case $flavour in
test)  ;;
debug) fragments+=("$config/debug.config") ;;
*) ktp_die "unknown kernel flavour '$flavour' (test or debug)" ;;
esac

srcver=$(ktp_series_source_version "$series")
key=$( { echo "$series $srcver"; cat "${fragments[@]}" "$0"; } | sha256sum | cut -c1-16)
out=$KTP_CACHE/kernels/$flavour-$series-$key

if [ -f "$out/.ktp-complete" ]; then
	echo "$out"
	exit 0
fi

src=$(ktp_series_source "$series")
mkdir -p "$KTP_CACHE/kernels" "$KTP_CACHE/ccache"
ktp_log "building the $series $flavour kernel in $out (a few minutes; cached afterwards)"
rm -rf "$out"
mkdir -p "$out"
export CCACHE_DIR=$KTP_CACHE/ccache CCACHE_BASEDIR=$src CCACHE_NOHASHDIR=1
kmake() { make -s -C "$src" O="$out" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

kmake tinyconfig >/dev/null
(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m .config "${fragments[@]}" >"$out/merge_config.log" 2>&1)
kmake olddefconfig >/dev/null

# Every option a fragment asks for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%%=*}
		if grep -q "^$opt=" "$out/.config"; then ktp_log "$opt should be off"; missing=1; fi ;;
	CONFIG_*=*)
		if ! grep -qxF "$line" "$out/.config"; then
			ktp_log "requested '$line' but .config has '$(grep "^${line%%=*}=" "$out/.config" || echo unset)'"
			missing=1
		fi ;;
	esac
done < <(cat "${fragments[@]}" | sed -n 's/^\(CONFIG_[A-Z0-9_]*=.*\)$/\1/p' | tac | awk -F= '!seen[$1]++')
[ $missing -eq 0 ] || ktp_die "the $series $flavour kernel config lacks requested options"

kmake -j"$KTP_JOBS" bzImage modules >"$out/build.log" 2>&1 || { tail -40 "$out/build.log" >&2; ktp_die "kernel build failed (log: $out/build.log)"; }
kmake INSTALL_MOD_PATH="$out/modinst" INSTALL_MOD_STRIP=1 modules_install >/dev/null
touch "$out/.ktp-complete"
echo "$out"
