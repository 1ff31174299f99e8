#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds out-of-tree modules of this repository against one kernel tree.
#
# usage: build-module.sh KDIR MODDIR [MODDIR...]
#
# MODDIR is a repository directory holding a Kbuild file (module/,
# tests/kunit/, ...). Each is built in build/<kernel release>/<name>/, a tree
# of symlinks to the sources, so that builds against different kernels never
# share objects. A file MODDIR/sources.list may name further repository
# paths to link in ("REPO_PATH LINK_PATH" per line). The .ko files land in
# build/<kernel release>/. Any compiler, objtool or modpost warning fails the
# build. Prints the output directory on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/series.sh"

kdir=${1:?usage: build-module.sh KDIR MODDIR...}
shift
[ $# -gt 0 ] || ktp_die "usage: build-module.sh KDIR MODDIR..."
kdir=$(cd "$kdir" && pwd) || ktp_die "no kernel tree at $1"
[ -f "$kdir/include/generated/utsrelease.h" ] || ktp_die "$kdir is not a configured kernel tree or headers package"
[ -f "$kdir/Module.symvers" ] || ktp_die "$kdir has no Module.symvers: build the kernel first"

release=$(sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' "$kdir/include/generated/utsrelease.h")
cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\{0,1\}\([^ "]*\).*/\1/p' "$kdir/include/config/auto.conf")
# Debian's headers of some series build only in that series' build root.
series=$(ktp_series_of_kdir "$kdir")
out=$KTP_BUILD/$release
mkdir -p "$out"

for moddir in "$@"; do
	src=$KTP_ROOT/$moddir
	[ -f "$src/Kbuild" ] || ktp_die "$moddir has no Kbuild file"
	name=$(basename "$moddir")
	farm=$out/$name
	mkdir -p "$farm"
	# Refresh the symlink farm: links only, objects and .cmd files stay.
	find "$farm" -type l -delete
	cp -rs "$src/." "$farm/"
	if [ -f "$src/sources.list" ]; then
		while read -r from to; do
			case $from in ''|'#'*) continue ;; esac
			mkdir -p "$(dirname "$farm/$to")"
			if [ -d "$KTP_ROOT/$from" ]; then
				mkdir -p "$farm/$to"
				cp -rs "$KTP_ROOT/$from/." "$farm/$to/"
			else
				ln -sfn "$KTP_ROOT/$from" "$farm/$to"
			fi
		done < "$src/sources.list"
	fi
	log=$out/$name.build.log
	ktp_log "building $moddir against $release"
	extra=()
	# Modules that call ktp.ko's exports resolve them through its Module.symvers.
	if [ -f "$src/needs-ktp" ]; then
		[ -f "$out/module/Module.symvers" ] || ktp_die "$moddir needs ktp.ko: build module first"
		extra=(KBUILD_EXTRA_SYMBOLS="$out/module/Module.symvers")
	fi
	kbuild() { ktp_series_make "$series" "$kdir" M="$farm" KTP_ROOT="$KTP_ROOT" CC="$cc" "${extra[@]}" "$@"; }
	# A rejected build leaves no products behind, or the next (no-op) build
	# of the same tree would succeed without a word.
	reject() {
		kbuild clean >/dev/null 2>&1 || true
		for ko in "$farm"/*.ko; do rm -f "$out/$(basename "$ko")"; done
		ktp_die "$*"
	}
	if ! kbuild -j"$KTP_JOBS" modules >"$log" 2>&1; then
		cat "$log" >&2
		reject "building $moddir against $release failed"
	fi
	# objtool and modpost report problems as warnings that do not fail make.
	if grep -E -i '(^|[^a-z_])warning' "$log" | grep -v -i 'Skipping BTF generation' >&2; then
		reject "building $moddir against $release produced warnings (log: $log)"
	fi
	for ko in "$farm"/*.ko; do
		[ -e "$ko" ] || continue
		"$KTP_ROOT/kbuild/check-sections.sh" "$ko" || ktp_die "$ko carries forbidden sections"
		cp "$ko" "$out/"
	done
done
echo "$out"
