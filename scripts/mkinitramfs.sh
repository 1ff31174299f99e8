#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Packs the test VM's initramfs: busybox, the guest init and jobs, the VM scenarios and the given modules.
#
# usage: mkinitramfs.sh OUTPUT.cpio.gz [MODULE.ko...]
# KTP_INITRAMFS_TREE=DIR copies DIR's contents into the root as they are
# (an installed /lib/modules tree, for the package scenarios).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

outfile=${1:?usage: mkinitramfs.sh OUTPUT [MODULE.ko...]}
shift
busybox=/bin/busybox
[ -x "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q static || busybox=$(dpkg -L busybox-static 2>/dev/null | grep '/bin/busybox$' | head -n 1)
[ -n "$busybox" ] && [ -x "$busybox" ] || ktp_die "busybox-static is not installed (run scripts/deps.sh)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,root,ktp/modules,ktp/guest,ktp/tests/vm}
cp "$busybox" "$root/bin/busybox"
cp "$KTP_ROOT/scripts/guest/init" "$root/init"
cp "$KTP_ROOT/scripts/guest/"* "$root/ktp/guest/"
rm -f "$root/ktp/guest/init"
cp "$KTP_ROOT/tests/vm/"*.sh "$root/ktp/tests/vm/" 2>/dev/null || true
[ -d "$KTP_ROOT/tests/vm/data" ] && cp -r "$KTP_ROOT/tests/vm/data" "$root/ktp/tests/vm/"
# A job's input file (KTP_JOB_INPUT), at /ktp/input.txt in the guest.
[ -n "${KTP_JOB_INPUT:-}" ] && cp "$KTP_JOB_INPUT" "$root/ktp/input.txt"
# Small static helpers of the VM scenarios (tests/vm/tools/*.c), built here.
for src in "$KTP_ROOT"/tests/vm/tools/*.c; do
	[ -e "$src" ] || continue
	gcc -static -O2 -Wall -Werror -o "$root/bin/$(basename "$src" .c)" "$src" ||
		ktp_die "cannot build $src (gcc and libc6-dev are needed)"
done
# trace-cmd and its libraries, when installed: VM scenarios check that it reads ktp's pages.
if tc=$(command -v trace-cmd); then
	for f in "$tc" $(ldd "$tc" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
fi
# ktp-cmd and its preload library, laid out as make install puts them (bin/, lib/ktp/).
if [ -e "$root/usr/bin/trace-cmd" ]; then
	cp "$KTP_ROOT/tools/ktp-cmd" "$root/usr/bin/ktp-cmd"
	mkdir -p "$root/usr/lib/ktp"
	gcc -O2 -Wall -Werror -fPIC -shared -o "$root/usr/lib/ktp/ktp-cmd-preload.so" "$KTP_ROOT/tools/ktp-cmd-preload.c" -ldl ||
		ktp_die "cannot build tools/ktp-cmd-preload.c"
	for f in $(ldd "$root/usr/lib/ktp/ktp-cmd-preload.so" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
fi
# perf (Debian's linux-perf) and its libraries, when installed: VM scenarios compare perf's records with ktp's.
if pf=$(command -v perf); then
	for f in "$pf" $(ldd "$pf" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
fi
for ko in "$@"; do
	cp "$ko" "$root/ktp/modules/"
done
[ -n "${KTP_INITRAMFS_TREE:-}" ] && cp -a "$KTP_INITRAMFS_TREE/." "$root/"
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'export PS1="ktp-vm:\w# "' > "$root/etc/profile"
chmod +x "$root/init"
mkdir -p "$(dirname "$outfile")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$outfile.tmp"
mv "$outfile.tmp" "$outfile"
