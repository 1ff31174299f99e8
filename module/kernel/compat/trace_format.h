/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What native's own format files print differently between series, for
 * ktp_kernel_features(): header_page's overwrite field is "char overwrite"
 * (its signedness that of char) in 7.3, "int overwrite; ... signed:1" in
 * 6.1 and 6.12. Absent from 6.12 and present in 7.3; 6.16 is taken as the
 * release that brought it (the releases in between are not tested).
 */
#ifndef KTP_COMPAT_TRACE_FORMAT_H
#define KTP_COMPAT_TRACE_FORMAT_H

#include <linux/version.h>

#define KTP_HEADER_PAGE_CHAR_OVERWRITE (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0))

#endif /* KTP_COMPAT_TRACE_FORMAT_H */
