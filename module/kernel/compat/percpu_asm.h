/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU words that the inline fast paths of include/ktp/ reach through
 * %gs, as assembler operands, for the kernel being built for.
 *
 * Macros only, no kernel header but the generated version.h (which
 * kbuild/cxx.mk force-includes in C++), so that the C++ core and event
 * modules can use it. Example: on 6.12 the current CPU is
 * "movl %gs:pcpu_hot+12, %eax", on 6.1 and 7.3 "movl %gs:cpu_number, %eax";
 * on 7.3 leaving the probe's section is "decq %gs:__preempt_count" (the need
 * resched bit is bit 63 of a 64-bit word), "decl" before. The shim checks
 * the offsets against the kernel's struct at build time (compat/preempt.h).
 */
#ifndef KTP_COMPAT_PERCPU_ASM_H
#define KTP_COMPAT_PERCPU_ASM_H

#ifndef LINUX_VERSION_CODE
#include <linux/version.h>
#endif

/*
 * 6.2 moved cpu_number and __preempt_count into struct pcpu_hot (offsets 12
 * and 8, behind current_task); 6.15 made them standalone per-CPU variables again.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0)
#define KTP_PCPU_HOT 1
#define KTP_PCPU_HOT_PREEMPT_COUNT 8
#define KTP_PCPU_HOT_CPU_NUMBER 12
#define KTP_ASM_CPU_NUMBER "pcpu_hot+12"
#define KTP_ASM_PREEMPT_COUNT "pcpu_hot+8"
#else
#define KTP_ASM_CPU_NUMBER "cpu_number"
#define KTP_ASM_PREEMPT_COUNT "__preempt_count"
#endif

/*
 * 7.3 (CONFIG_HAS_SEPARATE_PREEMPT_RESCHED_BITS, a feature test): the preempt
 * count is an unsigned long with the inverted need-resched bit at bit 63, and
 * preempt_enable() is "decq"; before, a 32-bit word with it at bit 31.
 */
#ifdef CONFIG_HAS_SEPARATE_PREEMPT_RESCHED_BITS
#define KTP_ASM_PREEMPT_OP(op) op "q"
#else
#define KTP_ASM_PREEMPT_OP(op) op "l"
#endif

#endif /* KTP_COMPAT_PERCPU_ASM_H */
