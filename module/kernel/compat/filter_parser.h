/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which filters native's parser accepts, where series differ, for
 * ktp_kernel_features(). Example: "pid == 1 &&" is refused with "Meaningless
 * filter expression" by Debian's 6.1.192 and by 7.3, and accepted as
 * "pid == 1" by 6.12.95, whose process_preds() lacks the check that only a
 * completed predicate may end the text. No feature test reaches native's
 * parser from a module, so the 6.12 series is named (as of 6.12.95).
 */
#ifndef KTP_COMPAT_FILTER_PARSER_H
#define KTP_COMPAT_FILTER_PARSER_H

#include <linux/version.h>

#define KTP_FILTER_TRAILING_OPERATOR_ACCEPTED \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0))

#endif /* KTP_COMPAT_FILTER_PARSER_H */
