#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds (or reuses) the Debian 12 root the package tests install ktp-dkms into, and prints its path.
#
# usage: package-root.sh
#
# The root is made with debootstrap (minbase) and holds what a user's machine
# has before installing ktp: dkms, g++ and Debian's 6.1 headers. It is cached
# in $KTP_CACHE/roots/bookworm-<hash>, the hash taken over the package list,
# and never changed afterwards: tests work on a copy (scripts/package-test.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || ktp_die "package-root.sh needs root (debootstrap, chroot)"
release=$(ktp_debian_release) || ktp_die "no linux-headers-amd64 on this machine (run scripts/deps.sh)"
# linux-base, pahole and initramfs-tools: what another series' headers and
# image need when a test installs them from the cached .debs; ccache: the
# tests' DKMS builds go through it (DEBIAN_KERNEL_USE_CCACHE, which Debian's
# headers honour), with its cache on the host.
packages="dkms g++ make kmod linux-base pahole initramfs-tools ccache"
headers=linux-headers-$release
key=$(printf 'bookworm minbase %s %s\n' "$packages" "$headers" | sha256sum | cut -c1-12)
root=$KTP_CACHE/roots/bookworm-$key
if [ -f "$root/.ktp-root-complete" ]; then
	echo "$root"
	exit 0
fi

mkdir -p "$KTP_CACHE/roots"
# One builder at a time; a second waits and then finds the root made.
exec 9>"$KTP_CACHE/roots/bookworm.lock"
flock 9
if [ -f "$root/.ktp-root-complete" ]; then
	echo "$root"
	exit 0
fi
tmp=$root.tmp
rm -rf "$tmp"
log=$KTP_CACHE/roots/bookworm-$key.log
ktp_log "debootstrap bookworm with: $packages (log: $log)"
if ! debootstrap --variant=minbase --include="${packages// /,}" bookworm "$tmp" http://deb.debian.org/debian >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	ktp_die "debootstrap failed (log: $log)"
fi
# The headers come from bookworm-security or a point release: this
# machine's own Debian sources, copied in for the one install.
cp /etc/apt/sources.list.d/debian.sources "$tmp/etc/apt/sources.list.d/" 2>/dev/null ||
	cp /etc/apt/sources.list "$tmp/etc/apt/sources.list"
if ! { chroot "$tmp" apt-get update -q && DEBIAN_FRONTEND=noninteractive chroot "$tmp" apt-get install -y -q --no-install-recommends "$headers"; } >>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	ktp_die "installing $headers in the root failed (log: $log)"
fi
# No apt lists or package cache: the tests install only local .debs.
rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/*_Packages
printf '%s\n' "$packages" > "$tmp/.ktp-root-complete"
mv "$tmp" "$root"
echo "$root"
