#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Makes (or reuses from the cache) a Debian build root with debootstrap, for series whose headers need a newer userland.
#
# usage: build-root.sh NAME      prints the root's path on stdout
#
# kbuild/series/NAME.root names the suite and the packages. The root is
# $KTP_CACHE/roots/NAME-<key>, keyed by the hash of that file and of this
# script. A root made by hand at $KTP_CACHE/roots/NAME-base is adopted (a
# symbolic link) when it holds every listed package.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: build-root.sh NAME}
spec=$KTP_ROOT/kbuild/series/$name.root
[ -f "$spec" ] || ktp_die "no build root named '$name' (kbuild/series/$name.root)"
suite=$(sed -n 's/^suite  *//p' "$spec")
packages=$(grep -v -e '^#' -e '^suite ' -e '^$' "$spec" | tr '\n' ' ')
key=$(cat "$spec" "$0" | sha256sum | cut -c1-16)
root=$KTP_CACHE/roots/$name-$key
[ -f "$root/.ktp-complete" ] && { echo "$root"; exit 0; }

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
# A root holds every package when dpkg inside it lists each as installed.
has_packages() {
	local p status
	for p in $packages; do
		status=$($sudo chroot "$1" dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || return 1
		[ "$status" = installed ] || return 1
	done
}
mkdir -p "$KTP_CACHE/roots"
hand=$KTP_CACHE/roots/$name-base
if [ -x "$hand/usr/bin/dpkg-query" ] && has_packages "$hand"; then
	ktp_log "adopting the build root $hand"
	ln -sfn "$hand" "$root"
	touch "$root/.ktp-complete"
	echo "$root"
	exit 0
fi

command -v debootstrap >/dev/null || ktp_die "debootstrap is not installed (run scripts/deps.sh)"
ktp_log "making the $suite build root $root with debootstrap (a few minutes; cached afterwards)"
$sudo rm -rf "$root.tmp"
$sudo debootstrap --variant=minbase --include="$(echo $packages | tr ' ' ,)" \
	"$suite" "$root.tmp" http://deb.debian.org/debian >"$KTP_CACHE/roots/$name-$key.log" 2>&1 ||
	ktp_die "debootstrap failed (log: $KTP_CACHE/roots/$name-$key.log)"
has_packages "$root.tmp" || ktp_die "the $suite root lacks packages of $spec"
$sudo rm -rf "$root.tmp/var/cache/apt/archives/"*.deb
touch "$root.tmp/.ktp-complete"
mv "$root.tmp" "$root"
echo "$root"
