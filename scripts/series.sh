# SPDX-License-Identifier: GPL-2.0
# The kernel series ktp supports: their facts (kbuild/series/<S>.conf), Debian's packages, sources, build roots and module builds.
# shellcheck shell=bash
#
# Sourced after lib.sh. A series is named by its major.minor ("6.1", "6.12",
# "7.3"); KTP_SERIES (space-separated) selects a subset for make test and
# names the one series of the single-kernel commands (vm, demo, bench's
# default). Debian's packages of 6.12 and 7.3 come from a private apt
# configuration under the cache (the machine's own sources are never
# touched), are unpacked with dpkg-deb, not installed:
#
#   $KTP_CACHE/apt/{etc/sources.list,lists,archives}   the private apt state
#   $KTP_CACHE/debs/<abi>/*.deb                         e.g. abi 7.3.4+deb13
#   $KTP_CACHE/debian/<release>/root/usr/{src,lib}      headers and kbuild
#   $KTP_CACHE/debian/<release>/vmlinuz                 Debian's image
#   $KTP_CACHE/src/linux-source-<S>-<version>           the test kernels' source
#   $KTP_CACHE/roots/<name>-<key>                       a debootstrap build root

ktp_series_all() { echo "6.1 6.12 7.3"; }

# The selected series, checked: KTP_SERIES or all of them.
ktp_series_selected() {
	local s
	for s in ${KTP_SERIES:-$(ktp_series_all)}; do
		[ -f "$KTP_ROOT/kbuild/series/$s.conf" ] || ktp_die "unknown kernel series '$s' (known: $(ktp_series_all))"
	done
	echo "${KTP_SERIES:-$(ktp_series_all)}"
}

# The one series of a single-kernel command: its argument, else KTP_SERIES
# when it names one series, else 6.1.
ktp_series_one() {
	local s=${1:-}
	if [ -z "$s" ]; then
		set -- ${KTP_SERIES:-6.1}
		[ $# -eq 1 ] || ktp_die "KTP_SERIES names several series ($*): choose one with --series"
		s=$1
	fi
	[ -f "$KTP_ROOT/kbuild/series/$s.conf" ] || ktp_die "unknown kernel series '$s' (known: $(ktp_series_all))"
	echo "$s"
}

# ktp_series_get S KEY: one fact of kbuild/series/S.conf.
ktp_series_get() {
	local conf=$KTP_ROOT/kbuild/series/$1.conf
	[ -f "$conf" ] || ktp_die "unknown kernel series '$1' (known: $(ktp_series_all))"
	# shellcheck disable=SC1090
	( . "$conf"; eval "printf '%s\n' \"\${$2:-}\"" )
}

# Debian's kernel release of S (6.1: the one linux-headers-amd64 depends on).
ktp_series_release() {
	local rel
	rel=$(ktp_series_get "$1" release)
	if [ -z "$rel" ]; then
		rel=$(ktp_debian_release) || ktp_die "linux-headers-amd64 is not installed (run scripts/deps.sh)"
	fi
	echo "$rel"
}

# The version of S's linux-source package.
ktp_series_source_version() {
	local v
	v=$(ktp_series_get "$1" source_version)
	[ -n "$v" ] || v=$(dpkg-query -W -f='${Version}' "$(ktp_series_get "$1" source_package)" 2>/dev/null)
	[ -n "$v" ] || ktp_die "$(ktp_series_get "$1" source_package) is not installed (run scripts/deps.sh)"
	echo "$v"
}

# apt-get with the private configuration (created when missing).
ktp_apt() {
	local apt=$KTP_CACHE/apt
	if [ ! -f "$apt/etc/sources.list" ]; then
		mkdir -p "$apt/etc" "$apt/lists/partial" "$apt/archives/partial"
		local suite
		for suite in bookworm-backports trixie trixie-backports; do
			echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main"
		done > "$apt/etc/sources.list"
	fi
	mkdir -p "$apt/lists/partial" "$apt/archives/partial"
	# As root, apt would hand downloads to its _apt user, who cannot write the cache.
	local sandbox=()
	[ "$(id -u)" != 0 ] || sandbox=(-o APT::Sandbox::User=root)
	apt-get -q -o Dir::Etc::SourceList="$apt/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache::Archives="$apt/archives" \
		-o Debug::NoDropPrivs=1 "${sandbox[@]}" "$@"
}

# Refreshes the private lists when they are missing or older than a day.
ktp_apt_refresh() {
	local lists=$KTP_CACHE/apt/lists
	if [ -z "$(find "$lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
		ktp_log "refreshing the private apt lists in $KTP_CACHE/apt"
		ktp_apt update >/dev/null || ktp_die "apt-get update with the private configuration failed"
	fi
}

# ktp_series_debs S PACKAGE...: downloads the named packages of S's
# package_version into $KTP_CACHE/debs/<abi>/ (kept there) unless present.
ktp_series_debs() {
	local s=$1 rel abi ver dir p
	shift
	rel=$(ktp_series_release "$s")
	abi=${rel%-amd64}
	ver=$(ktp_series_get "$s" package_version)
	dir=$KTP_CACHE/debs/$abi
	mkdir -p "$dir"
	for p in "$@"; do
		[ -n "$(ls "$dir/${p}_"*.deb 2>/dev/null)" ] && continue
		ktp_apt_refresh
		ktp_log "downloading $p=$ver"
		(cd "$dir" && ktp_apt download "$p=$ver" >/dev/null) || ktp_die "apt-get download $p=$ver failed"
	done
}

# The headers of Debian's kernel of S (KDIR), fetched and unpacked when missing.
# The package's Makefile names /usr/src: it is rewritten to name its own parent.
ktp_series_headers() {
	local s=$1 rel abi top kdir deb
	rel=$(ktp_series_release "$s")
	if [ -z "$(ktp_series_get "$s" package_version)" ]; then
		kdir=/usr/src/linux-headers-$rel
		[ -d "$kdir" ] || ktp_die "$kdir is missing (run scripts/deps.sh)"
		echo "$kdir"
		return
	fi
	abi=${rel%-amd64}
	top=$KTP_CACHE/debian/$rel/root
	kdir=$top/usr/src/linux-headers-$rel
	if [ ! -f "$kdir/.ktp-unpacked" ]; then
		ktp_series_debs "$s" "linux-headers-$rel" "linux-headers-$abi-common" "linux-kbuild-$abi"
		ktp_log "unpacking Debian's $rel headers into $top"
		mkdir -p "$top"
		for deb in "$KTP_CACHE/debs/$abi"/linux-{headers-$rel,headers-$abi-common,kbuild-$abi}_*.deb; do
			dpkg-deb -x "$deb" "$top" || ktp_die "cannot unpack $deb"
		done
		# /usr/src/X becomes X beside this Makefile, wherever the tree is mounted.
		sed -i -e '1i ktp_usr_src := $(abspath $(dir $(abspath $(lastword $(MAKEFILE_LIST))))..)' \
			-e 's|/usr/src/|$(ktp_usr_src)/|g' "$kdir/Makefile"
		touch "$kdir/.ktp-unpacked"
	fi
	echo "$kdir"
}

# Debian's own kernel image of S (its vmlinuz), fetched when missing.
ktp_series_image() {
	local s=$1 rel abi dir deb p
	rel=$(ktp_series_release "$s")
	if [ -z "$(ktp_series_get "$s" package_version)" ]; then
		"$KTP_ROOT/scripts/fetch-debian-kernel.sh"
		return
	fi
	abi=${rel%-amd64}
	dir=$KTP_CACHE/debian/$rel
	if [ ! -f "$dir/vmlinuz" ]; then
		# The image is in linux-image-<rel>-unsigned (6.12) or, from 7.x, in linux-binary-<rel>.
		for p in "linux-image-$rel-unsigned" "linux-binary-$rel"; do
			ls "$KTP_CACHE/debs/$abi/${p}_"*.deb >/dev/null 2>&1 && break
			ktp_apt_refresh
			(cd "$KTP_CACHE/debs/$abi" 2>/dev/null || { mkdir -p "$KTP_CACHE/debs/$abi" && cd "$KTP_CACHE/debs/$abi"; }
			 ktp_apt download "$p=$(ktp_series_get "$s" package_version)" >/dev/null 2>&1) && break
		done
		deb=$(ls "$KTP_CACHE/debs/$abi"/linux-{image-$rel-unsigned,binary-$rel}_*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || ktp_die "cannot download Debian's $rel image"
		ktp_log "unpacking Debian's $rel image"
		rm -rf "$dir/image.tmp"
		mkdir -p "$dir/image.tmp"
		dpkg-deb -x "$deb" "$dir/image.tmp"
		p=$(find "$dir/image.tmp" -name "vmlinuz*" -type f | head -n 1)
		[ -n "$p" ] || ktp_die "$deb holds no vmlinuz"
		cp "$p" "$dir/vmlinuz.tmp" && mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
		rm -rf "$dir/image.tmp"
	fi
	echo "$dir/vmlinuz"
}

# The source tree of S's test kernels, extracted from its linux-source package when missing.
ktp_series_source() {
	local s=$1 ver pkg src tarball
	ver=$(ktp_series_source_version "$s")
	pkg=$(ktp_series_get "$s" source_package)
	src=$KTP_CACHE/src/$pkg-$ver
	if [ ! -f "$src/.ktp-extracted" ]; then
		mkdir -p "$KTP_CACHE/src"
		rm -rf "$src.tmp"
		mkdir -p "$src.tmp"
		ktp_log "extracting $pkg $ver into $src"
		if [ -z "$(ktp_series_get "$s" source_version)" ]; then
			tar -C "$src.tmp" --strip-components=1 -xf "/usr/src/$pkg.tar.xz" || ktp_die "cannot extract /usr/src/$pkg.tar.xz"
		else
			ktp_series_debs "$s" "$pkg"
			tarball=./usr/src/$pkg.tar.xz
			dpkg-deb --fsys-tarfile "$KTP_CACHE/debs/$(ktp_series_release "$s" | sed 's/-amd64$//')/${pkg}_"*.deb |
				tar -xO "$tarball" | tar -C "$src.tmp" --strip-components=1 -xJf - ||
				ktp_die "cannot extract $pkg"
		fi
		touch "$src.tmp/.ktp-extracted"
		mv "$src.tmp" "$src"
	fi
	echo "$src"
}

# The build root S's modules build in (empty: the host), made when missing.
ktp_series_build_root() {
	local name
	name=$(ktp_series_get "$1" build_root)
	[ -n "$name" ] || return 0
	"$KTP_ROOT/scripts/build-root.sh" "$name"
}

# The series of a kernel tree or headers package, from its release
# (7.3.4+deb13-amd64, 6.12.95-ktp-debug, ...); empty when it is none of ours.
ktp_series_of_kdir() {
	local rel s
	rel=$(sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' "$1/include/generated/utsrelease.h" 2>/dev/null)
	s=$(echo "$rel" | sed -n 's/^\([0-9]*\.[0-9]*\)[.-].*/\1/p')
	[ -n "$s" ] && [ -f "$KTP_ROOT/kbuild/series/$s.conf" ] && echo "$s"
	return 0
}

# ktp_series_make S KDIR ARGS...: make -C KDIR ARGS on the host, or in S's
# build root when KDIR is Debian's headers of S and S has one (the test
# kernels are built on the host, with its compiler and tools). In a root the
# cache, the repository and the build directory are bind-mounted at their
# own paths, so every path means the same inside.
ktp_series_make() {
	local s=$1 kdir=$2 root=
	shift 2
	case $kdir in
	"$KTP_CACHE"/debian/*) [ -z "$s" ] || root=$(ktp_series_build_root "$s") ;;
	esac
	if [ -z "$root" ]; then
		make -C "$kdir" "$@"
		return
	fi
	ktp_in_root "$root" make -C "$kdir" "$@"
}

# ktp_in_root ROOT COMMAND...: runs COMMAND in ROOT, in a private mount
# namespace (unshare) holding the bind mounts, so nothing outlives it.
ktp_in_root() {
	local root=$1
	shift
	local sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	mkdir -p "$KTP_BUILD"
	$sudo unshare --mount --propagation private -- /bin/sh -euc '
		root=$1 cache=$2 repo=$3 build=$4 cwd=$5
		shift 5
		for d in "$cache" "$repo" "$build"; do
			mkdir -p "$root$d"
			mount --bind "$d" "$root$d"
		done
		mount -t proc proc "$root/proc"
		mount --bind /dev "$root/dev"
		cd "$root$cwd" 2>/dev/null || cd "$root"
		exec chroot "$root" /usr/bin/env -C "$cwd" PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"
	' sh "$root" "$KTP_CACHE" "$KTP_ROOT" "$KTP_BUILD" "$PWD" "$@"
}
