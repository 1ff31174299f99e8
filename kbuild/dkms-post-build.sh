#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DKMS's post-build step: keeps ktp's Module.symvers in DKMS's own directory for that kernel, where a module with ktp events finds it.
#
# usage (from dkms.conf, in DKMS's build directory): dkms-post-build.sh /var/lib/dkms/ktp/VERSION/KERNELRELEASE/ARCH
# A module built against ktp then passes
#   KBUILD_EXTRA_SYMBOLS=/var/lib/dkms/ktp/VERSION/$(uname -r)/x86_64/Module.symvers
# to Kbuild; dkms remove deletes the directory, and the file with it.
set -e
dest=${1:?usage: dkms-post-build.sh DKMS_KERNEL_DIR}
[ -d "$dest" ] || { echo "dkms-post-build.sh: $dest does not exist" >&2; exit 1; }
cp module/Module.symvers "$dest/Module.symvers"
