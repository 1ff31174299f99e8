#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages ktp's build, tests and demo need; does nothing when all are present.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

packages=(
	# toolchain and kernel builds
	gcc g++ libc6-dev make binutils flex bison bc cpio kmod libelf-dev libssl-dev
	ccache xz-utils file python3
	# Debian's 6.1 kernel: headers to build against, source for test kernels
	linux-headers-amd64 linux-source-6.1
	# the other series: pahole for the BTF of modules, a private apt for Debian's packages, a Debian 13 build root
	dwarves debian-archive-keyring debootstrap
	# the test VM
	qemu-system-x86 busybox-static
	# host unit tests and fuzzing
	libgtest-dev clang libclang-rt-14-dev
	# reading traces and plotting benchmarks
	trace-cmd libtraceevent-dev gnuplot-nox
	# perf on ktp's events in the VM
	linux-perf
	# make profile steps the guest with gdb
	gdb
	# make test's tree stage checks the shell scripts
	shellcheck
	# make deb and the package stage (dpkg-buildpackage, dh_dkms, lintian)
	dpkg-dev debhelper dh-dkms fakeroot lintian
)

missing=()
for p in "${packages[@]}"; do
	case $p in '#'*) continue ;; esac
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

ktp_log "installing Debian packages: ${missing[*]}"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
	$sudo apt-get update -q >/dev/null
	$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
