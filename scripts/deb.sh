#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make deb: builds ktp-dkms_VERSION_all.deb and ktp-tools_VERSION_amd64.deb into build/deb/ with dpkg-buildpackage.
#
# The repository's files (tracked and new, as git ls-files sees them) are
# copied to build/deb/src/ktp-VERSION and built there, so the work tree
# never gets debhelper's files. debian/changelog's version must be
# include/ktp/version.h's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=$(sed -n 's/^#define KTP_VERSION "\(.*\)"/\1/p' "$KTP_ROOT/include/ktp/version.h")
changelog=$(dpkg-parsechangelog -l "$KTP_ROOT/debian/changelog" -S Version)
[ "$version" = "$changelog" ] ||
	ktp_die "include/ktp/version.h says $version, debian/changelog says $changelog: add a changelog entry (dch -v $version)"
for tool in dpkg-buildpackage dh dh_dkms; do
	command -v "$tool" >/dev/null || ktp_die "$tool is missing (scripts/deps.sh installs dpkg-dev, debhelper and dh-dkms)"
done

out=$KTP_BUILD/deb
stage=$out/src/ktp-$version
rm -rf "$out"
mkdir -p "$stage"
(cd "$KTP_ROOT" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	cpio -0 -pdm --quiet "$stage")
log=$out/build.log
if ! (cd "$stage" && DEB_BUILD_OPTIONS="noddebs ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -b -us -uc -j1) >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	ktp_die "dpkg-buildpackage failed (log: $log)"
fi
mv "$out"/src/*.deb "$out/"
ls "$out"/*.deb
