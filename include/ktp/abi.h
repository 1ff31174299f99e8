/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C ABI between ktp's kernel shim (module/kernel/) and its portable C++
 * core (module/core/), in two directions: <ktp/abi/platform.h> is what the
 * core needs from its platform (the kernel, or the host tests'
 * tests/host/platform_host.cpp), <ktp/abi/core.h> what the shim calls in the
 * core; <ktp/abi/types.h> what both share. C++ never includes a kernel
 * header: this is its only way to the kernel.
 */
#ifndef KTP_ABI_H
#define KTP_ABI_H

#include <ktp/abi/types.h>
#include <ktp/abi/platform.h>
#include <ktp/abi/core.h>

#endif /* KTP_ABI_H */
