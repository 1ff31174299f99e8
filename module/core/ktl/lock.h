// SPDX-License-Identifier: GPL-2.0
// Mutex and SpinLock over the platform's locks, and LockGuard, the RAII holder for either.
#pragma once

#include "base.h"

namespace ktl {

// A lock class: one static instance per kind of lock, so lockdep can tell kinds apart.
struct LockClass {
	ktp_lock_class raw{};
};

// A sleeping lock. Not for the probe path.
class Mutex {
public:
	Mutex(const char *name, LockClass &cls) { ktp_mutex_init(&raw_, name, &cls.raw); }
	~Mutex() { ktp_mutex_destroy(&raw_); }
	Mutex(const Mutex &) = delete;
	Mutex &operator=(const Mutex &) = delete;

	void lock() { ktp_mutex_lock(&raw_); }
	void unlock() { ktp_mutex_unlock(&raw_); }

private:
	ktp_mutex raw_;
};

// An interrupt-safe spinlock; lock() saves the interrupt state that unlock() restores.
class SpinLock {
public:
	SpinLock(const char *name, LockClass &cls) { ktp_spin_init(&raw_, name, &cls.raw); }
	SpinLock(const SpinLock &) = delete;
	SpinLock &operator=(const SpinLock &) = delete;

	void lock() { flags_ = ktp_spin_lock_irqsave(&raw_); }
	// Never waits: true when taken.
	bool try_lock()
	{
		unsigned long flags;
		if (!ktp_spin_trylock_irqsave(&raw_, &flags))
			return false;
		flags_ = flags;
		return true;
	}
	void unlock() { ktp_spin_unlock_irqrestore(&raw_, flags_); }

private:
	ktp_spinlock raw_;
	unsigned long flags_ = 0;
};

// Holds a lock for the lifetime of the guard.
template <typename Lockable> class [[nodiscard]] LockGuard {
public:
	explicit LockGuard(Lockable &lock) : lock_(lock) { lock_.lock(); }
	~LockGuard() { lock_.unlock(); }
	LockGuard(const LockGuard &) = delete;
	LockGuard &operator=(const LockGuard &) = delete;

private:
	Lockable &lock_;
};

} // namespace ktl
