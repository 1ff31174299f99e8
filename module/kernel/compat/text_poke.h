/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of the kernel's batched text-patching functions, which ktp
 * resolves at run time (none is exported), and their type, checked here
 * against the kernel's declarations.
 */
#ifndef KTP_COMPAT_TEXT_POKE_H
#define KTP_COMPAT_TEXT_POKE_H

#include <linux/version.h>
#include <linux/types.h>
#include <asm/text-patching.h>

typedef void ktp_poke_queue_fn(void *addr, const void *opcode, size_t len, const void *emulate);
typedef void ktp_poke_finish_fn(void);

/*
 * 6.16 renamed text_poke_queue/text_poke_finish/text_poke_bp to
 * smp_text_poke_batch_add/smp_text_poke_batch_finish/smp_text_poke_single.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define KTP_POKE_QUEUE smp_text_poke_batch_add
#define KTP_POKE_FINISH smp_text_poke_batch_finish
#define KTP_POKE_SINGLE smp_text_poke_single
#else
#define KTP_POKE_QUEUE text_poke_queue
#define KTP_POKE_FINISH text_poke_finish
#define KTP_POKE_SINGLE text_poke_bp
#endif
static_assert(__builtin_types_compatible_p(typeof(KTP_POKE_QUEUE), ktp_poke_queue_fn));
static_assert(__builtin_types_compatible_p(typeof(KTP_POKE_SINGLE), ktp_poke_queue_fn));
static_assert(__builtin_types_compatible_p(typeof(KTP_POKE_FINISH), ktp_poke_finish_fn));
#define KTP_POKE_QUEUE_NAME __stringify(KTP_POKE_QUEUE)
#define KTP_POKE_FINISH_NAME __stringify(KTP_POKE_FINISH)
#define KTP_POKE_SINGLE_NAME __stringify(KTP_POKE_SINGLE)

#endif /* KTP_COMPAT_TEXT_POKE_H */
