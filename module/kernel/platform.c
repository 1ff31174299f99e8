// SPDX-License-Identifier: GPL-2.0
/* The kernel's implementation of the C ABI (include/ktp/abi.h) that the C++ core runs on. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/build_bug.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/kernel.h>

#include <ktp/abi.h>

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
	return kmalloc(size, GFP_KERNEL);
}

void *ktp_zalloc(ktp_size_t size)
{
	if (ktp_alloc_should_fail())
		return NULL;
	return kzalloc(size, GFP_KERNEL);
}

void ktp_free(void *ptr)
{
	kfree(ptr);
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
		pr_debug("ktp: %s\n", msg);
		break;
	}
}

void ktp_warn(const char *msg)
{
	WARN(1, "ktp: %s\n", msg);
}

void ktp_trap(void)
{
	BUG();
}

void ktp_mutex_init(struct ktp_mutex *m, const char *name, struct ktp_lock_class *cls)
{
	__mutex_init((struct mutex *)m->opaque, name, (struct lock_class_key *)cls->opaque);
}

void ktp_mutex_destroy(struct ktp_mutex *m)
{
	mutex_destroy((struct mutex *)m->opaque);
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

notrace void ktp_rcu_read_unlock(void)
{
	rcu_read_unlock_sched_notrace();
}

void ktp_synchronize_rcu(void)
{
	synchronize_rcu();
}
