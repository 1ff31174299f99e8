#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make install / make uninstall: ktp.ko for one kernel, and the sources and headers modules with ktp events build against.
#
# usage: install.sh install|uninstall|sources DESTDIR_SRC
#   KVER     kernel release (default: the running kernel's, uname -r)
#   KDIR     its build tree (default: /lib/modules/$KVER/build)
#   DESTDIR  staging root (default: /, depmod only then)
#
# install puts, for KVER = 6.1.0-57-amd64 and version 0.1.0:
#   /lib/modules/6.1.0-57-amd64/updates/ktp.ko    (Kbuild's modules_install, then depmod)
#   /usr/src/ktp-0.1.0/                           include/ktp/*.h, kbuild/, module/, dkms.conf:
#                                                 the tree DKMS builds and other modules use as KTP_ROOT
#   /usr/src/ktp-0.1.0/symvers/6.1.0-57-amd64/Module.symvers   ktp's exports, for KBUILD_EXTRA_SYMBOLS
# "sources DIR" writes only the source tree into DIR (debian/rules ships it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=$(sed -n 's/^#define KTP_VERSION "\(.*\)"/\1/p' "$KTP_ROOT/include/ktp/version.h")
[ -n "$version" ] || ktp_die "no KTP_VERSION in include/ktp/version.h"

# The files a module build needs, relative to the repository.
source_files() {
	(cd "$KTP_ROOT" && {
		find include/ktp -name "*.h" | sort
		find kbuild -maxdepth 1 -type f | sort
		ls kbuild/series/*.conf
		find module -type f \( -name Kbuild -o -name '*.[chS]' -o -name '*.cpp' -o -name '*.lds' \) | sort
	})
}

install_sources() {
	local dest=$1 f
	source_files | while read -r f; do
		install -D -m 644 "$KTP_ROOT/$f" "$dest/$f"
	done
	chmod 755 "$dest"/kbuild/*.sh
	sed "s/#MODULE_VERSION#/$version/" "$KTP_ROOT/dkms.conf" > "$dest/dkms.conf"
	chmod 644 "$dest/dkms.conf"
}

case ${1:?usage: install.sh install|uninstall|sources DIR} in
sources)
	install_sources "${2:?usage: install.sh sources DIR}"
	exit 0
	;;
esac

kver=${KVER:-$(uname -r)}
kdir=${KDIR:-/lib/modules/$kver/build}
destdir=${DESTDIR:-}
src=$destdir/usr/src/ktp-$version
[ -d "$kdir" ] || ktp_die "no kernel build tree for $kver at $kdir (Debian: apt-get install linux-headers-$kver)"
# depmod for a staging root reads its own copy of the kernel's module list.
depmod_() { if [ -n "$destdir" ]; then depmod -b "$destdir" "$kver"; else depmod "$kver"; fi; }

case $1 in
install)
	out=$("$KTP_ROOT/scripts/build-module.sh" "$kdir" module)
	release=$(basename "$out")
	[ "$release" = "$kver" ] || ktp_die "$kdir is the tree of $release, not of $kver"
	make -s -C "$kdir" M="$out/module" KTP_ROOT="$KTP_ROOT" INSTALL_MOD_PATH="$destdir" \
		INSTALL_MOD_DIR=updates DEPMOD=true modules_install
	depmod_
	rm -rf "$src"
	install_sources "$src"
	install -D -m 644 "$out/module/Module.symvers" "$src/symvers/$kver/Module.symvers"
	ktp_log "installed $(modinfo -b "${destdir:-/}" -k "$kver" -n ktp) and $src"
	;;
uninstall)
	rm -f "$destdir/lib/modules/$kver/updates/ktp.ko" "$destdir/lib/modules/$kver/updates/ktp.ko".*
	rmdir "$destdir/lib/modules/$kver/updates" 2>/dev/null || true
	rm -rf "$src/symvers/$kver"
	rmdir "$src/symvers" 2>/dev/null || true
	# The sources stay while another kernel's ktp.ko uses their symvers.
	[ -d "$src/symvers" ] || rm -rf "$src"
	depmod_
	ktp_log "removed ktp.ko of $kver"
	;;
*) ktp_die "unknown action '$1'" ;;
esac
