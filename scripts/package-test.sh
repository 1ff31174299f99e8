#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test's package stage: make deb, lintian, then the .deb and make install in fresh copies of a Debian 12 root, and the installed ktp.ko in the VM.
#
# usage: package-test.sh     (as root: overlay mounts and chroot)
# Prints one "PASS what" or "FAIL what" line per check; exits non-zero when any failed.
#
# Each install happens in an overlay over the cached root of
# scripts/package-root.sh (Debian 12, dkms, g++, Debian's 6.1 headers), so
# every run starts from the same fresh system and the cache never changes.
#   dkms root:  apt-get install ./ktp-dkms_*_all.deb builds ktp.ko for 6.1;
#               a module with ktp events builds against the installed
#               headers and Module.symvers; the cached 6.12 headers and
#               image installed with dpkg -i get ktp.ko from DKMS's
#               autoinstall when 6.12 is a supported series (else DKMS's
#               BUILD_EXCLUSIVE message, and nothing built); purging
#               ktp-dkms and the 6.12 packages restores the file list.
#   make root:  make install KVER=..., then make uninstall restores the file list.
# Both installed /lib/modules trees then go into the VM's initramfs
# (tests/vm/package_install.sh: modprobe ktp text_patching=0 from each).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || ktp_die "package-test.sh needs root (overlay mounts, chroot)"
failed=0
# Verdicts go to fd 3, the script's stdout, whatever a checked command's output is redirected to.
exec 3>&1
pass() { printf 'PASS %s\n' "$*" >&3; }
fail() { printf 'FAIL %s\n' "$*" >&3; failed=1; }
# expect WHAT COMMAND...: PASS or FAIL by the command's status.
expect() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

version=$(sed -n 's/^#define KTP_VERSION "\(.*\)"/\1/p' "$KTP_ROOT/include/ktp/version.h")
series=$(ls "$KTP_ROOT"/kbuild/series/*.conf | sed 's|.*/||; s|\.conf$||' | sort | tr '\n' ' ')
work=$KTP_BUILD/package
logs=$work/logs
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null; done
}
trap cleanup EXIT
for m in $(findmnt -rn -o TARGET | grep "^$work/" | sort -r); do umount -l "$m"; done
rm -rf "$work"
mkdir -p "$logs"

# --- the packages -------------------------------------------------------------
if ! make -s -C "$KTP_ROOT" deb >"$logs/deb.log" 2>&1; then
	tail -n 20 "$logs/deb.log"
	fail "make deb"
	exit 1
fi
deb_dkms=$KTP_BUILD/deb/ktp-dkms_${version}_all.deb
deb_tools=$KTP_BUILD/deb/ktp-tools_${version}_amd64.deb
expect "make deb: $(basename "$deb_dkms") and $(basename "$deb_tools")" test -f "$deb_dkms" -a -f "$deb_tools"
expect "modinfo-style version $version in ktp-dkms's dkms.conf" \
	sh -c "dpkg-deb --fsys-tarfile '$deb_dkms' | tar -xO ./usr/src/ktp-$version/dkms.conf | grep -qx 'PACKAGE_VERSION=\"$version\"'"
lintian --pedantic -I "$deb_dkms" "$deb_tools" >"$logs/lintian.log" 2>&1
errors=$(grep -c '^E: ' "$logs/lintian.log")
expect "lintian: $errors errors, $(grep -c '^W: ' "$logs/lintian.log") warnings, $(grep -c '^[IP]: ' "$logs/lintian.log") notes" test "$errors" = 0
regex="^($(printf '%s\n' $series | sed 's/\./\\\\./g' | paste -sd'|'))\\\\."
expect "dkms.conf's BUILD_EXCLUSIVE_KERNEL is kbuild/supported.mk's series ($series)" \
	grep -qxF "BUILD_EXCLUSIVE_KERNEL=\"$(printf '%s' "$regex" | sed 's/\\\\/\\/g')\"" "$KTP_ROOT/dkms.conf"

# --- fresh roots ------------------------------------------------------------------
base=$("$KTP_ROOT/scripts/package-root.sh" 2>"$logs/root.log") || { cat "$logs/root.log"; fail "the Debian 12 root"; exit 1; }
rel=$(ls "$base/lib/modules" | head -n 1)

# fresh NAME: an overlay over the cached root at $work/NAME/root, with /proc and /dev.
fresh() {
	local d=$work/$1
	mkdir -p "$d"/{upper,work,root}
	mount -t overlay overlay -o "lowerdir=$base,upperdir=$d/upper,workdir=$d/work" "$d/root" || return 1
	mounts+=("$d/root")
	mount -t proc proc "$d/root/proc" && mounts+=("$d/root/proc")
	mount --rbind /dev "$d/root/dev" && mounts+=("$d/root/dev")
	# The compiler cache of the root's kernel module builds lives on the host.
	mkdir -p "$KTP_CACHE/ccache-package" "$d/root/var/cache/ktp-ccache"
	mount --bind "$KTP_CACHE/ccache-package" "$d/root/var/cache/ktp-ccache" && mounts+=("$d/root/var/cache/ktp-ccache")
	# As on a machine running that kernel: its depmod index exists.
	chroot "$d/root" depmod "$rel" 2>/dev/null || return 1
	echo "$d/root"
}
# files ROOT: every path but the package manager's and the logs' own bookkeeping.
files() {
	(cd "$1" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./run -o -path ./tmp \
		-o -path ./var/log -o -path ./var/cache -o -path ./var/lib/dpkg -o -path ./var/lib/apt \) -prune -o -print) | sort
}
# copy_repo DEST: the repository's files (tracked and new) as a user's clone has them.
copy_repo() {
	mkdir -p "$1"
	(cd "$KTP_ROOT" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done | cpio -0 -pdm --quiet "$1")
}
# in_root ROOT COMMAND...: COMMAND in ROOT with a clean environment; builds
# against Debian's headers go through ccache (their .kernelvariables).
in_root() {
	local r=$1; shift
	chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_KERNEL_USE_CCACHE=1 CCACHE_DIR=/var/cache/ktp-ccache "$@"
}
vm_tree=$work/vm-tree
mkdir -p "$vm_tree/ktp/package"
echo "$version" > "$vm_tree/ktp/package/version"
# keep_modules ROOT RELEASE NAME MODULE: ROOT's /lib/modules/RELEASE (without
# its links to the headers) for the VM, listed in /ktp/package/RELEASE.trees.
keep_modules() {
	local at=/
	[ "$3" = dkms ] || at=/ktp/package/$3
	mkdir -p "$vm_tree$at/lib/modules"
	cp -a "$1/lib/modules/$2" "$vm_tree$at/lib/modules/"
	rm -f "$vm_tree$at/lib/modules/$2/build" "$vm_tree$at/lib/modules/$2/source"
	echo "$3 $at $4" >> "$vm_tree/ktp/package/$2.trees"
}

# --- ktp-dkms -------------------------------------------------------------------
root=$(fresh dkms) || { fail "overlay over $base"; exit 1; }
files "$root" > "$logs/files-before.txt"
# The README's lines, in a clone with make deb's output.
copy_repo "$root/tmp/ktp"
mkdir -p "$root/tmp/ktp/build/deb"
cp "$deb_dkms" "$deb_tools" "$root/tmp/ktp/build/deb/"
expect "apt-get install ./build/deb/ktp-dkms_*_all.deb (Debian 12, $rel headers)" \
	in_root "$root" sh -c 'cd /tmp/ktp && DEBIAN_FRONTEND=noninteractive apt-get install -y ./build/deb/ktp-dkms_*_all.deb' >"$logs/apt-install.log" 2>&1
expect "apt-get install ./build/deb/ktp-tools_*_amd64.deb" \
	in_root "$root" sh -c 'cd /tmp/ktp && DEBIAN_FRONTEND=noninteractive apt-get install -y ./build/deb/ktp-tools_*_amd64.deb' >"$logs/apt-install-tools.log" 2>&1
rm -rf "$root/tmp/ktp"
in_root "$root" dkms status >"$logs/dkms-status.log" 2>&1
expect "dkms status: ktp/$version, $rel, x86_64: installed" grep -q "^ktp/$version, $rel, x86_64: installed" "$logs/dkms-status.log"
ko=$root/lib/modules/$rel/updates/dkms/ktp.ko
expect "DKMS installed $rel's ktp.ko, modinfo version $version" test "$(modinfo -F version "$ko" 2>/dev/null)" = "$version"
expect "its vermagic is $rel's" sh -c "modinfo -F vermagic '$ko' | grep -q '^$rel '"
expect "depmod lists it: updates/dkms/ktp.ko" grep -q '^updates/dkms/ktp.ko:' "$root/lib/modules/$rel/modules.dep"
expect "ktp-tools: ktp-work runs, ktp-io reads" sh -c "chroot '$root' /usr/bin/ktp-work 1 && [ \"\$(chroot '$root' /usr/bin/ktp-io nonblock /dev/null)\" = 'data 0' ]"
symvers=/var/lib/dkms/ktp/$version/$rel/x86_64/Module.symvers
expect "Module.symvers kept at $symvers" grep -q 'ktp_register_module' "$root$symvers"
# A module with ktp events, built against what the package installed.
cp -r "$KTP_ROOT/tests/modules/test_events" "$root/tmp/"
in_root "$root" make -C "/lib/modules/$rel/build" M=/tmp/test_events KTP_ROOT="/usr/src/ktp-$version" \
	KBUILD_EXTRA_SYMBOLS="$symvers" modules >"$logs/third-party.log" 2>&1
expect "a module with ktp events builds against /usr/src/ktp-$version and links to ktp's exports" \
	sh -c "modinfo -F depends '$root/tmp/test_events/ktp_test_events.ko' | grep -qx ktp && ! grep -i 'warning' '$logs/third-party.log'"
# A kernel series ktp does not support: one line, nothing compiled.
cp -r "$root/usr/src/ktp-$version" "$root/tmp/ktp-src"
in_root "$root" make -C "/lib/modules/$rel/build" M=/tmp/ktp-src/module KTP_ROOT=/tmp/ktp-src VERSION=5 PATCHLEVEL=10 modules \
	>"$logs/unsupported.log" 2>&1
expect "an unsupported series stops with: $(grep -o 'ktp [0-9.]* supports Linux .*' "$logs/unsupported.log" | head -n 1)" \
	sh -c "grep -q 'ktp $version supports Linux .* is 5.10' '$logs/unsupported.log' && ! ls /tmp/ktp-src/module/kernel/*.o 2>/dev/null | grep -q . && [ \$(grep -c 'error' '$logs/unsupported.log') -le 2 ]"
rm -rf "$root/tmp/ktp-src" "$root/tmp/test_events"

# Another series' kernel arrives: DKMS's autoinstall runs from its packages' hooks.
other_pkgs=()
for dir in "$KTP_CACHE"/debs/6.12.*; do
	[ -d "$dir" ] || continue
	other=$(basename "$dir")-amd64
	other_series=$(echo "$other" | cut -d. -f1-2)
	mkdir -p "$root/tmp/other"
	cp "$dir"/linux-headers-*.deb "$dir"/linux-kbuild-*.deb "$dir"/linux-image-*.deb "$root/tmp/other/"
	mapfile -t other_pkgs < <(for f in "$root"/tmp/other/*.deb; do dpkg-deb -f "$f" Package; done)
	in_root "$root" sh -c 'INITRD=No dpkg -i /tmp/other/*.deb' >"$logs/other-install.log" 2>&1
	expect "dpkg -i $other's headers and image" test $? = 0
	rm -rf "$root/tmp/other"
	in_root "$root" dkms status >"$logs/dkms-status-other.log" 2>&1
	if printf '%s\n' $series | grep -qx "$other_series"; then
		expect "autoinstall built ktp.ko for $other" sh -c "grep -q '^ktp/$version, $other, x86_64: installed' '$logs/dkms-status-other.log' && ls '$root/lib/modules/$other/updates/dkms/' | grep -q '^ktp.ko'" &&
			built_other=$other
	else
		expect "$other_series is not supported: autoinstall says so (BUILD_EXCLUSIVE) and builds nothing" \
			sh -c "grep -q 'BUILD_EXCLUSIVE directive which does not match this kernel' '$logs/other-install.log' && ! ls '$root/lib/modules/$other/updates/dkms/' 2>/dev/null | grep -q ktp"
	fi
done
# DKMS compresses as the kernel's own modules are (6.12: ktp.ko.xz).
dkms_ko() { (cd "$root/lib/modules/$1" && ls updates/dkms/ktp.ko*); }
keep_modules "$root" "$rel" dkms "$(dkms_ko "$rel")"
[ -n "${built_other:-}" ] && keep_modules "$root" "$built_other" dkms "$(dkms_ko "$built_other")"
in_root "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y ktp-dkms ktp-tools' >"$logs/apt-purge.log" 2>&1
expect "apt-get purge ktp-dkms ktp-tools" test $? = 0
if [ ${#other_pkgs[@]} -gt 0 ]; then
	in_root "$root" dpkg --purge "${other_pkgs[@]}" >"$logs/other-purge.log" 2>&1 || fail "dpkg --purge ${other_pkgs[*]}"
fi
files "$root" > "$logs/files-after.txt"
expect "after the purge the root's files are the ones before the install ($(wc -l < "$logs/files-before.txt") paths)" \
	diff -u "$logs/files-before.txt" "$logs/files-after.txt"

# --- make install ------------------------------------------------------------
root=$(fresh make) || { fail "overlay over $base"; exit 1; }
files "$root" > "$logs/make-files-before.txt"
copy_repo "$root/tmp/ktp"
expect "make install KVER=$rel" in_root "$root" make -C /tmp/ktp install KVER="$rel" >"$logs/make-install.log" 2>&1
expect "make install: updates/ktp.ko in modules.dep, version $version" \
	sh -c "grep -q '^updates/ktp.ko:' '$root/lib/modules/$rel/modules.dep' && [ \"\$(modinfo -F version '$root/lib/modules/$rel/updates/ktp.ko')\" = '$version' ]"
expect "make install: headers and Module.symvers in /usr/src/ktp-$version" \
	sh -c "test -f '$root/usr/src/ktp-$version/include/ktp/event.h' && grep -q ktp_register_module '$root/usr/src/ktp-$version/symvers/$rel/Module.symvers'"
keep_modules "$root" "$rel" make-install updates/ktp.ko
expect "make uninstall KVER=$rel" in_root "$root" make -C /tmp/ktp uninstall KVER="$rel" >"$logs/make-uninstall.log" 2>&1
files "$root" > "$logs/make-files-after.txt"
expect "after make uninstall the root's files are the ones before" diff -u "$logs/make-files-before.txt" "$logs/make-files-after.txt"
cleanup
mounts=()

# --- the installed modules in the VM of each series --------------------------
for trees in "$vm_tree"/ktp/package/*.trees; do
	release=$(basename "$trees" .trees)
	s=$(echo "$release" | cut -d. -f1-2)
	out=$KTP_BUILD/vm/package-$s
	KTP_INITRAMFS_TREE=$vm_tree "$KTP_ROOT/scripts/vm.sh" --series "$s" --out "$out" --timeout 600 debian scenarios package_install >"$logs/vm-$s.log" 2>&1
	expect "VM ($release): modprobe ktp text_patching=0 loads $(cut -d' ' -f1 "$trees" | paste -sd/)'s ktp.ko ($(grep -a -o '[0-9]* checks, [0-9]* failed' "$out/console.log" 2>/dev/null | tail -n 1))" \
		sh -c "tr -d '\r' < '$out/results.log' | grep -qx 'KTP-RESULT package_install ok'"
done
exit $failed
