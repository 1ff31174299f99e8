#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetches Debian 12's own 6.1 kernel image (the one linux-headers-amd64 matches) into the cache.
#
# usage: fetch-debian-kernel.sh      prints the path of its vmlinuz
# The package is downloaded with apt-get download and unpacked, not installed:
# the host's boot setup is left alone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

release=$(ktp_debian_release) || ktp_die "linux-headers-amd64 is not installed (run scripts/deps.sh)"
dir=$KTP_CACHE/debian/$release
if [ ! -f "$dir/vmlinuz" ]; then
	ktp_log "fetching Debian's kernel image $release"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	download() {
		(cd "$dir.tmp" && { apt-get download -q "linux-image-$release" >/dev/null 2>&1 ||
				    apt-get download -q "linux-image-$release-unsigned" >/dev/null 2>&1; })
	}
	if ! download; then
		# Stale or missing package lists: refresh them once and retry.
		sudo=
		[ "$(id -u)" = 0 ] || sudo=sudo
		$sudo apt-get update -q >/dev/null 2>&1 || true
		download || ktp_die "apt-get download linux-image-$release failed"
	fi
	dpkg-deb -x "$dir.tmp"/linux-image-*.deb "$dir.tmp/root"
	cp "$dir.tmp/root/boot/vmlinuz-$release" "$dir.tmp/vmlinuz"
	rm -rf "$dir.tmp/root" "$dir.tmp"/*.deb
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
echo "$dir/vmlinuz"
