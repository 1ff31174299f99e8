/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lazy preemption (6.13, x86 ARCH_HAS_PREEMPT_LAZY; Debian's 7.3 runs it):
 * a second need-resched flag, TIF_NEED_RESCHED_LAZY, which native records as
 * trace flag 0x02 (before, 0x02 meant "irqs-off not supported", 'X').
 *
 * Example: a record taken while only a lazy reschedule is pending reads
 * flags 0x02 and prints 'l' in the flags column on 7.3.
 */
#ifndef KTP_COMPAT_RESCHED_H
#define KTP_COMPAT_RESCHED_H

#include <linux/thread_info.h>

#if defined(CONFIG_ARCH_HAS_PREEMPT_LAZY) && defined(TIF_NEED_RESCHED_LAZY)
#define KTP_HAS_LAZY_RESCHED 1
#define KTP_TIF_RESCHED_MASK (_TIF_NEED_RESCHED | _TIF_NEED_RESCHED_LAZY)
#else
#define KTP_HAS_LAZY_RESCHED 0
#define KTP_TIF_RESCHED_MASK _TIF_NEED_RESCHED
#endif

#endif /* KTP_COMPAT_RESCHED_H */
