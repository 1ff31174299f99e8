// SPDX-License-Identifier: GPL-2.0
/* The kernel's implementation of the C ABI (include/ktp/abi.h) that the C++ core runs on. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/build_bug.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/trace_clock.h>
#include <linux/sched/clock.h>
#include <linux/preempt.h>
#include <linux/hardirq.h>
#include <linux/sched.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/oom.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/threads.h>
#include <linux/stacktrace.h>
#include <linux/glob.h>

#include <ktp/abi.h>
#include <ktp/event_abi.h>
#include "compat/filter_parser.h"
#include "compat/preempt.h"
#include "compat/resched.h"
#include "compat/trace_format.h"

/* The opaque lock storage of the ABI must hold the kernel's lock types. */
static_assert(sizeof(struct mutex) <= KTP_MUTEX_SIZE, "struct mutex outgrew KTP_MUTEX_SIZE");
static_assert(sizeof(raw_spinlock_t) <= KTP_SPINLOCK_SIZE, "raw_spinlock_t outgrew KTP_SPINLOCK_SIZE");
static_assert(sizeof(struct lock_class_key) <= KTP_LOCK_CLASS_SIZE, "lock_class_key outgrew KTP_LOCK_CLASS_SIZE");
static_assert(__alignof__(struct mutex) <= 16 && __alignof__(raw_spinlock_t) <= 16, "lock alignment");

#ifdef KTP_FAULT_INJECTION
/* Test builds only: the Nth allocation from now fails (0: none). */
static atomic_t ktp_alloc_countdown = ATOMIC_INIT(0);
static atomic_t ktp_alloc_attempts = ATOMIC_INIT(0);

void ktp_fault_fail_nth_alloc(int nth)
{
	atomic_set(&ktp_alloc_countdown, nth);
}

int ktp_fault_alloc_attempts(void)
{
	return atomic_read(&ktp_alloc_attempts);
}

static bool ktp_alloc_should_fail(void)
{
	atomic_inc(&ktp_alloc_attempts);
	/* Only the call that takes the countdown from 1 to 0 fails. */
	return atomic_add_unless(&ktp_alloc_countdown, -1, 0) &&
	       atomic_read(&ktp_alloc_countdown) == 0;
}
#else
static inline bool ktp_alloc_should_fail(void)
{
	return false;
}
#endif

void *ktp_alloc(ktp_size_t size)
{
	if (ktp_alloc_should_fail())
		return NULL;
	return kvmalloc(size, GFP_KERNEL);
}

void *ktp_zalloc(ktp_size_t size)
{
	if (ktp_alloc_should_fail())
		return NULL;
	return kvzalloc(size, GFP_KERNEL);
}

void ktp_free(void *ptr)
{
	kvfree(ptr);
}

void *ktp_page_alloc(void)
{
	if (ktp_alloc_should_fail())
		return NULL;
	return (void *)get_zeroed_page(GFP_KERNEL);
}

void ktp_page_free(void *page)
{
	if (page)
		free_page((unsigned long)page);
}

void ktp_buffer_alloc_begin(void)
{
	if (current->mm)
		set_current_oom_origin();
}

void ktp_buffer_alloc_end(void)
{
	if (current->mm)
		clear_current_oom_origin();
}

#define KTP_BUFFER_GFP (GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

void *ktp_buffer_page_alloc(void)
{
	if (ktp_alloc_should_fail() || (current->mm && fatal_signal_pending(current)))
		return NULL;
	return (void *)get_zeroed_page(KTP_BUFFER_GFP);
}

void *ktp_buffer_zalloc(ktp_size_t size)
{
	if (ktp_alloc_should_fail() || (current->mm && fatal_signal_pending(current)))
		return NULL;
	return kvzalloc(size, KTP_BUFFER_GFP);
}

unsigned int ktp_nr_cpu_ids(void)
{
	return nr_cpu_ids;
}

int ktp_cpu_possible(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_possible(cpu);
}

#ifndef KTP_PERCPU_INLINE
notrace unsigned int ktp_this_cpu(void)
{
	return raw_smp_processor_id();
}
#endif

DEFINE_PER_CPU(struct ktp_cpu_local, ktp_cpu_local);

void ktp_cpu_local_set_buffer(unsigned int cpu, struct ktp_cpu_buffer *buffer)
{
	struct ktp_cpu_local *local = per_cpu_ptr(&ktp_cpu_local, cpu);

	WRITE_ONCE(local->buffer, buffer);
	WRITE_ONCE(local->last_pid, -1);
}

void ktp_cpu_local_forget_pid(unsigned int cpu)
{
	smp_store_release(&per_cpu_ptr(&ktp_cpu_local, cpu)->last_pid, -1);
}

/* Where abi.h does not inline them: the per-CPU state and the clock as calls. */
#ifndef KTP_PERCPU_INLINE
notrace struct ktp_cpu_buffer *ktp_local_buffer(void)
{
	return raw_cpu_read(ktp_cpu_local.buffer);
}

notrace int ktp_local_last_pid_is(int pid)
{
	return raw_cpu_read(ktp_cpu_local.last_pid) == pid;
}

notrace void ktp_set_local_last_pid(int pid)
{
	raw_cpu_write(ktp_cpu_local.last_pid, pid);
}

/* trace_clock_local() without its preemption toggle: callers run with preemption off. */
notrace ktp_u64 ktp_trace_clock(void)
{
	return sched_clock();
}
#endif

notrace int ktp_in_nmi(void)
{
	return in_nmi() != 0;
}

/*
 * The common header as native's tracepoints record it: the irq, softirq,
 * NMI and resched state in common_flags, the preempt depth (at most 15,
 * less the level the probe path itself holds with a preemptible kernel) in
 * the low four bits of common_preempt_count and the migrate-disable depth
 * in the high four.
 *
 * Type, flags and preempt count are one 32-bit store (x86 is little-endian):
 * type in bits 0-15, flags in 16-23, depth in 24-27, migrate depth in 28-31.
 */
#define KTP_HDR_FLAGS_SHIFT 16
#define KTP_HDR_DEPTH_SHIFT 24
/* The level the probe path holds that native leaves out (preemptible kernels). */
#define KTP_PROBE_PREEMPT_LEVELS (IS_ENABLED(CONFIG_PREEMPTION) ? 1 : 0)

/* Every case: interrupt, softirq or NMI context, pending reschedules, migration disabled. */
static noinline notrace void ktp_fill_common_any(struct ktp_common_header *hdr, unsigned int type,
						 unsigned int preempt_base)
{
	/* Levels of the caller that a native probe of the event would not see. */
	unsigned int bias = (preempt_base & ~KTP_PREEMPT_NEED_RESCHED) - KTP_PROBE_PREEMPT_LEVELS;
	struct task_struct *task = current;
	/* x86 keeps the need-resched bit inverted in the same per-CPU word. */
	unsigned int raw = ktp_preempt_word();
	unsigned int pc = raw & ~KTP_PREEMPT_NEED_RESCHED;
	unsigned int depth = pc & PREEMPT_MASK;
	unsigned int migrate = 0;
	unsigned int flags = 0;

	/* As native: the depth its probe sees, at most 15, less the probe path's own level. */
	depth = depth > bias ? depth - bias : 0;
	if (depth > 15)
		depth = 15;
	depth = depth > KTP_PROBE_PREEMPT_LEVELS ? depth - KTP_PROBE_PREEMPT_LEVELS : 0;
	if (pc & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK))
		flags = ((pc & HARDIRQ_MASK) ? KTP_TRACE_FLAG_HARDIRQ : 0) |
			((pc & SOFTIRQ_OFFSET) ? KTP_TRACE_FLAG_SOFTIRQ : 0) | ((pc & NMI_MASK) ? KTP_TRACE_FLAG_NMI : 0) |
			(((pc & SOFTIRQ_MASK) >> (SOFTIRQ_SHIFT + 1)) ? KTP_TRACE_FLAG_BH_OFF : 0);
	if (irqs_disabled())
		flags |= KTP_TRACE_FLAG_IRQS_OFF;
	if (test_ti_thread_flag(task_thread_info(task), TIF_NEED_RESCHED))
		flags |= KTP_TRACE_FLAG_NEED_RESCHED;
#if KTP_HAS_LAZY_RESCHED
	if (test_ti_thread_flag(task_thread_info(task), TIF_NEED_RESCHED_LAZY))
		flags |= KTP_TRACE_FLAG_NEED_RESCHED_LAZY;
#endif
	if (!(raw & KTP_PREEMPT_NEED_RESCHED))
		flags |= KTP_TRACE_FLAG_PREEMPT_RESCHED;
#ifdef CONFIG_SMP
	migrate = task->migration_disabled;
	if (migrate > 15)
		migrate = 15;
#endif
	*(u32 *)hdr = type | flags << KTP_HDR_FLAGS_SHIFT | (depth | migrate << 4) << KTP_HDR_DEPTH_SHIFT;
	hdr->common_pid = task->pid;
}

unsigned int ktp_kernel_features(void)
{
	/* A feature test: the kernel (and so this file) builds with -funsigned-char since 6.2. */
	bool unsigned_char = (char)-1 > 0;

	/* A feature test: the kernel's own glob, which native's filters use. */
	/*
	 * "[!a]*" on "": 6.12 fails at the class; Debian's 6.1 matches the NUL
	 * and reads on past it, so the string has room after its NUL.
	 */
	static const char empty[8];
	bool class_needs_char = !glob_match("[!a]*", empty);

	return (KTP_HAS_LAZY_RESCHED ? KTP_FEATURE_LAZY_RESCHED : 0) |
	       (class_needs_char ? KTP_FEATURE_GLOB_CLASS_NEEDS_CHAR : 0) |
	       (unsigned_char ? KTP_FEATURE_UNSIGNED_CHAR : 0) |
	       (KTP_HEADER_PAGE_CHAR_OVERWRITE ? KTP_FEATURE_CHAR_OVERWRITE : 0) |
	       (KTP_FILTER_TRAILING_OPERATOR_ACCEPTED ? KTP_FEATURE_FILTER_TRAILING_OPERATOR : 0);
}

notrace unsigned int ktp_preempt_base(int preempt_bias)
{
	return KTP_PREEMPT_NEED_RESCHED | ((unsigned int)preempt_bias + KTP_PROBE_PREEMPT_LEVELS);
}

/*
 * The usual case first, in a few instructions: task context with bottom
 * halves on, no reschedule pending, migration enabled and a preempt depth
 * the header can hold. Then only the irq flag and the depth vary. Worked
 * example (preemptible kernel, a plain probe, bias 0): the base is
 * PREEMPT_NEED_RESCHED | 1, the tracepoint's own preempt_disable leaves the
 * per-CPU word at that, so above = 0 and the record says depth 0; under a
 * caller's spinlock the word is PREEMPT_NEED_RESCHED | 2 and the depth 1.
 */
notrace void ktp_fill_common(struct ktp_common_header *hdr, unsigned int type, unsigned int preempt_base)
{
	struct task_struct *task = current;
	/* Levels beyond the base; anything else in the word makes it 16 or more. */
	unsigned int above = ktp_preempt_word() - preempt_base;
	unsigned int irq_off;

	/*
	 * Native caps its probe's depth at 15 before it takes its own level
	 * off: beyond 15 - that level, the general way. A plain read of the
	 * flags, as a racy test_thread_flag() is.
	 */
	if (unlikely(above > 15 - KTP_PROBE_PREEMPT_LEVELS ||
		     (data_race(task_thread_info(task)->flags) & KTP_TIF_RESCHED_MASK)))
		return ktp_fill_common_any(hdr, type, preempt_base);
#ifdef CONFIG_SMP
	if (unlikely(task->migration_disabled))
		return ktp_fill_common_any(hdr, type, preempt_base);
#endif
	/* KTP_TRACE_FLAG_IRQS_OFF (bit 0 of the flags): the inverse of EFLAGS.IF (bit 9), moved to bit 16. */
	BUILD_BUG_ON(KTP_TRACE_FLAG_IRQS_OFF != 1);
	irq_off = (arch_local_save_flags() & X86_EFLAGS_IF) ^ X86_EFLAGS_IF;
	*(u32 *)hdr = type | irq_off << (KTP_HDR_FLAGS_SHIFT - X86_EFLAGS_IF_BIT) | above << KTP_HDR_DEPTH_SHIFT;
	hdr->common_pid = task->pid;
}

notrace int ktp_current_pid(void)
{
	return current->pid;
}

/* A plain copy, as native's cmdline saving: no task lock on the probe path. */
notrace void ktp_current_comm(char comm[16])
{
	BUILD_BUG_ON(TASK_COMM_LEN != 16);
	memcpy(comm, current->comm, 16);
	comm[15] = 0;
}

/* strncpy_from_kernel_nofault is not exported: copy byte by byte with the exported primitive. */
long ktp_copy_string_nofault(char *dst, const char *src, long size)
{
	long i;

	if (size <= 0)
		return -EINVAL;
	for (i = 0; i < size - 1; i++) {
		if (copy_from_kernel_nofault(&dst[i], src + i, 1))
			return -EFAULT;
		if (!dst[i])
			return i + 1;
	}
	dst[i] = 0;
	return size;
}

unsigned int ktp_stack_save(unsigned long *store, unsigned int max, unsigned int skip)
{
	return stack_trace_save(store, max, skip);
}

unsigned int ktp_pid_max_default(void)
{
	return PID_MAX_DEFAULT;
}

static unsigned int buffer_size_kb = 1408; /* native's default per-CPU size once expanded */
module_param(buffer_size_kb, uint, 0444);
MODULE_PARM_DESC(buffer_size_kb, "per-CPU buffer size in KB at load (as the buffer_size_kb file)");

unsigned int ktp_initial_buffer_kb(void)
{
	return buffer_size_kb ? buffer_size_kb : 1;
}

ktp_u64 ktp_available_pages(void)
{
	return si_mem_available();
}

void ktp_log(enum ktp_log_level level, const char *msg)
{
	switch (level) {
	case KTP_LOG_ERR:
		pr_err("ktp: %s\n", msg);
		break;
	case KTP_LOG_WARNING:
		pr_warn("ktp: %s\n", msg);
		break;
	case KTP_LOG_NOTICE:
		pr_notice("ktp: %s\n", msg);
		break;
	case KTP_LOG_INFO:
		pr_info("ktp: %s\n", msg);
		break;
	default:
		/* Not pr_debug: dynamic debug's static key would join ktp's sites in __jump_table. */
		printk(KERN_DEBUG "ktp: %s\n", msg);
		break;
	}
}

void ktp_warn(const char *msg)
{
	WARN(1, "ktp: %s\n", msg);
}

void ktp_mutex_init(struct ktp_mutex *m, const char *name, struct ktp_lock_class *cls)
{
	__mutex_init((struct mutex *)m->opaque, name, (struct lock_class_key *)cls->opaque);
}

void ktp_mutex_destroy(struct ktp_mutex *m)
{
	mutex_destroy((struct mutex *)m->opaque);
}

void ktp_mutex_assert_held(const struct ktp_mutex *m)
{
	lockdep_assert_held((struct mutex *)m->opaque);
}

void ktp_spin_assert_held(const struct ktp_spinlock *s)
{
	lockdep_assert_held((spinlock_t *)s->opaque);
}

void ktp_mutex_lock(struct ktp_mutex *m)
{
	mutex_lock((struct mutex *)m->opaque);
}

void ktp_mutex_unlock(struct ktp_mutex *m)
{
	mutex_unlock((struct mutex *)m->opaque);
}

void ktp_spin_init(struct ktp_spinlock *s, const char *name, struct ktp_lock_class *cls)
{
	raw_spinlock_t *lock = (raw_spinlock_t *)s->opaque;

#ifdef CONFIG_DEBUG_SPINLOCK
	__raw_spin_lock_init(lock, name, (struct lock_class_key *)cls->opaque, LD_WAIT_SPIN);
#else
	raw_spin_lock_init(lock);
#endif
}

unsigned long ktp_spin_lock_irqsave(struct ktp_spinlock *s)
{
	unsigned long flags;

	raw_spin_lock_irqsave((raw_spinlock_t *)s->opaque, flags);
	return flags;
}

int ktp_spin_trylock_irqsave(struct ktp_spinlock *s, unsigned long *flags)
{
	unsigned long f;

	if (!raw_spin_trylock_irqsave((raw_spinlock_t *)s->opaque, f))
		return 0;
	*flags = f;
	return 1;
}

void ktp_spin_unlock_irqrestore(struct ktp_spinlock *s, unsigned long flags)
{
	raw_spin_unlock_irqrestore((raw_spinlock_t *)s->opaque, flags);
}

int ktp_vsnprintf(char *buf, ktp_size_t len, const char *fmt, va_list args)
{
	return vsnprintf(buf, len, fmt, args);
}

int ktp_snprintf(char *buf, ktp_size_t len, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, len, fmt, args);
	va_end(args);
	return n;
}

notrace void ktp_rcu_read_lock(void)
{
	rcu_read_lock_sched_notrace();
}

/* The probe path's inline preemption toggle found a reschedule pending at count zero. */
notrace void ktp_preempt_resched(void)
{
	preempt_disable_notrace();
	preempt_enable_notrace();
}

notrace void ktp_rcu_read_unlock(void)
{
	rcu_read_unlock_sched_notrace();
}

void ktp_synchronize_rcu(void)
{
	synchronize_rcu();
}
