/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __assign_str() in a native TRACE_EVENT's assignments (the test modules'
 * native twins of ktp events): 6.10 dropped its source argument, which
 * __string() names already. KTP_NATIVE_ASSIGN_STR(name, src) is either form.
 */
#ifndef KTP_COMPAT_ASSIGN_STR_H
#define KTP_COMPAT_ASSIGN_STR_H

#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define KTP_NATIVE_ASSIGN_STR(name, src) __assign_str(name)
#else
#define KTP_NATIVE_ASSIGN_STR(name, src) __assign_str(name, src)
#endif

#endif /* KTP_COMPAT_ASSIGN_STR_H */
