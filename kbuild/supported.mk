# SPDX-License-Identifier: GPL-2.0
# Stops a module build early, with one clear line, on a kernel series ktp does not support or without the C++ compiler it needs.
#
# Included by Kbuild files after KTP_ROOT is set. Only the compile pass
# (scripts/Makefile.build) checks; clean and modpost passes read the same
# Kbuild file and must not fail. Example: against 5.10 headers,
#   ktp 0.1.0 supports Linux 6.1, 6.12 and 7.3; 5.10.0-30-amd64 is 5.10
# and nothing is compiled. dkms.conf's BUILD_EXCLUSIVE_KERNEL lists the same
# series (make test's package stage checks that the two agree); the
# list is the series that kbuild/series/ describes.

# One kbuild/series/<S>.conf per supported series (scripts/series.sh reads the same files).
KTP_SUPPORTED_SERIES := $(sort $(patsubst %.conf,%,$(notdir $(wildcard $(KTP_ROOT)/kbuild/series/*.conf))))

ifneq ($(filter %scripts/Makefile.build,$(MAKEFILE_LIST)),)
ktp-series := $(VERSION).$(PATCHLEVEL)
ktp-version := $(shell sed -n 's/^\#define KTP_VERSION "\(.*\)"/\1/p' $(KTP_ROOT)/include/ktp/version.h)
ifeq ($(filter $(ktp-series),$(KTP_SUPPORTED_SERIES)),)
$(error ktp $(ktp-version) supports Linux $(subst $(space),$(comma) ,$(strip $(KTP_SUPPORTED_SERIES))); $(KERNELRELEASE) is $(ktp-series))
endif
# The C++ driver of the kernel's C compiler (gcc-12 -> g++-12, as kbuild/cxx.mk).
ktp-cxx := $(subst gcc,g++,$(firstword $(filter-out ccache,$(CC))))
ifeq ($(shell command -v $(ktp-cxx)),)
$(error ktp needs $(ktp-cxx), the C++ compiler matching $(firstword $(filter-out ccache,$(CC))) that built Linux $(KERNELRELEASE): install it (Debian: apt-get install $(patsubst x86_64-linux-gnu-%,%,$(ktp-cxx))))
endif
endif
