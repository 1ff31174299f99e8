#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse from the cache) a ktp test kernel from Debian's linux-source-6.1.
#
# usage: build-kernel.sh test|debug     prints the build directory on stdout
#
# The build directory is keyed by the source package version and the hash of
# the config fragments and of this script, so a changed config builds anew and
# an unchanged one is reused from $KTP_CACHE/kernels/. ccache makes a rebuild
# of a new key cheap.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:?usage: build-kernel.sh test|debug}
case $flavour in
test)  fragments=("$KTP_ROOT/kbuild/config/test.config") ;;
debug) fragments=("$KTP_ROOT/kbuild/config/test.config" "$KTP_ROOT/kbuild/config/debug.config") ;;
*) ktp_die "unknown kernel flavour '$flavour' (test or debug)" ;;
esac

srcver=$(ktp_source_version)
[ -n "$srcver" ] || ktp_die "linux-source-6.1 is not installed (run scripts/deps.sh)"
key=$( { echo "$srcver"; cat "${fragments[@]}" "$0"; } | sha256sum | cut -c1-16)
src=$KTP_CACHE/src/linux-source-6.1-$srcver
out=$KTP_CACHE/kernels/$flavour-$key

if [ -f "$out/.ktp-complete" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$KTP_CACHE/src" "$KTP_CACHE/kernels" "$KTP_CACHE/ccache"
if [ ! -f "$src/.ktp-extracted" ]; then
	ktp_log "extracting linux-source-6.1 $srcver into $src"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf /usr/src/linux-source-6.1.tar.xz
	touch "$src.tmp/.ktp-extracted"
	mv "$src.tmp" "$src"
fi

ktp_log "building the $flavour kernel in $out (a few minutes; cached afterwards)"
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
[ $missing -eq 0 ] || ktp_die "the $flavour kernel config lacks requested options"

kmake -j"$KTP_JOBS" bzImage modules >"$out/build.log" 2>&1 || { tail -40 "$out/build.log" >&2; ktp_die "kernel build failed (log: $out/build.log)"; }
kmake INSTALL_MOD_PATH="$out/modinst" INSTALL_MOD_STRIP=1 modules_install >/dev/null
touch "$out/.ktp-complete"
echo "$out"
