// SPDX-License-Identifier: GPL-2.0
// Mutex and SpinLock over the platform's locks, and LockGuard, the RAII holder for either.
#pragma once

#include "base.h"
#include "thread_safety.h"

namespace ktl {

// A lock class: one static instance per kind of lock, so lockdep can tell kinds apart.
struct LockClass {
	ktp_lock_class raw{};
};

// A sleeping lock. Not for the probe path.
class KTP_CAPABILITY("mutex") Mutex {
public:
	Mutex(const char *name, LockClass &cls) { ktp_mutex_init(&raw_, name, &cls.raw); }
	~Mutex() { ktp_mutex_destroy(&raw_); }
	Mutex(const Mutex &) = delete;
	Mutex &operator=(const Mutex &) = delete;

	void lock() KTP_ACQUIRE() { ktp_mutex_lock(&raw_); }
	void unlock() KTP_RELEASE() { ktp_mutex_unlock(&raw_); }
	// Tells the analysis the caller holds it, and checks that (lockdep in the kernel).
	void assert_held() const KTP_ASSERT_CAPABILITY(this) { ktp_mutex_assert_held(&raw_); }

private:
	ktp_mutex raw_;
};

// An interrupt-safe spinlock; lock() saves the interrupt state that unlock() restores.
class KTP_CAPABILITY("spinlock") SpinLock {
public:
	SpinLock(const char *name, LockClass &cls) { ktp_spin_init(&raw_, name, &cls.raw); }
	SpinLock(const SpinLock &) = delete;
	SpinLock &operator=(const SpinLock &) = delete;

	void lock() KTP_ACQUIRE() { flags_ = ktp_spin_lock_irqsave(&raw_); }
	// Never waits: true when taken.
	bool try_lock() KTP_TRY_ACQUIRE(true)
	{
		unsigned long flags;
		if (!ktp_spin_trylock_irqsave(&raw_, &flags))
			return false;
		flags_ = flags;
		return true;
	}
	void unlock() KTP_RELEASE() { ktp_spin_unlock_irqrestore(&raw_, flags_); }
	void assert_held() const KTP_ASSERT_CAPABILITY(this) { ktp_spin_assert_held(&raw_); }

private:
	ktp_spinlock raw_;
	unsigned long flags_ = 0;
};

// Holds a lock for the lifetime of the guard.
template <typename Lockable> class [[nodiscard]] KTP_SCOPED_CAPABILITY LockGuard {
public:
	explicit LockGuard(Lockable &lock) KTP_ACQUIRE(lock) : lock_(lock) { lock_.lock(); }
	~LockGuard() KTP_RELEASE() { lock_.unlock(); }
	LockGuard(const LockGuard &) = delete;
	LockGuard &operator=(const LockGuard &) = delete;

private:
	Lockable &lock_;
};

} // namespace ktl
