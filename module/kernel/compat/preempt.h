/* SPDX-License-Identifier: GPL-2.0 */
/*
 * This CPU's preempt-count word as the shim reads it: 32 bits, the inverted
 * need-resched bit at bit 31, whatever the kernel's own layout.
 *
 * Example: on 7.3 the word 0x8000000000000002 (no resched pending, depth 2)
 * reads 0x80000002, as the same state reads on 6.1 and 6.12.
 */
#ifndef KTP_COMPAT_PREEMPT_H
#define KTP_COMPAT_PREEMPT_H

#include <linux/preempt.h>
#include <linux/percpu.h>
#include <asm/current.h>

#include "percpu_asm.h"

/* Bit 31 of ktp_preempt_word(): set while no reschedule is pending. */
#define KTP_PREEMPT_NEED_RESCHED 0x80000000u

#ifdef KTP_PCPU_HOT
/* 6.2: the word is pcpu_hot.preempt_count (include/ktp/ reaches it by offset). */
static_assert(offsetof(struct pcpu_hot, preempt_count) == KTP_PCPU_HOT_PREEMPT_COUNT);
static_assert(offsetof(struct pcpu_hot, cpu_number) == KTP_PCPU_HOT_CPU_NUMBER);
static __always_inline unsigned int ktp_preempt_word(void)
{
	return raw_cpu_read_4(pcpu_hot.preempt_count);
}
#elif defined(CONFIG_HAS_SEPARATE_PREEMPT_RESCHED_BITS)
/* 7.3: a 64-bit word, the need-resched bit at bit 63. */
static_assert(PREEMPT_NEED_RESCHED == 1UL << 63);
static __always_inline unsigned int ktp_preempt_word(void)
{
	unsigned long raw = raw_cpu_read_8(__preempt_count);

	return (unsigned int)raw | (unsigned int)(raw >> 32 & KTP_PREEMPT_NEED_RESCHED);
}
#else
static_assert(PREEMPT_NEED_RESCHED == KTP_PREEMPT_NEED_RESCHED);
static __always_inline unsigned int ktp_preempt_word(void)
{
	return raw_cpu_read_4(__preempt_count);
}
#endif

#endif /* KTP_COMPAT_PREEMPT_H */
