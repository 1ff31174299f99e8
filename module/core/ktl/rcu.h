// SPDX-License-Identifier: GPL-2.0
// RcuPtr<T>: a pointer that readers load without a lock while a writer replaces its object, freed only after every reader left.
//
// For example, an event's filter program. The probe path, inside its RCU
// read section (preemption off), does
//
//	const Program *p = program_.read();
//
// and a write to the filter file, serialised by the registry lock, does
//
//	ktl::Owned<Program> old = program_.publish(ktl::move(fresh)); // readers may still run old
//	ktl::rcu_retire(ktl::move(old));                               // waits for them (sleeps), frees it
//
// rcu_read and rcu_publish do the same on a pointer field of a C struct
// (an event's probe array, which event modules' code reads).
#pragma once

#include "base.h"
#include "memory.h"

namespace ktl {

// A published pointer as a reader loads it (inside an RCU read section).
template <typename T> T *rcu_read(T *const &slot) { return __atomic_load_n(&slot, __ATOMIC_ACQUIRE); }

// Publishes fresh: a reader that loads it sees the object fully built.
template <typename T> void rcu_publish(T *&slot, T *fresh) { __atomic_store_n(&slot, fresh, __ATOMIC_RELEASE); }

// Frees an object that was published, once no reader can still see it (sleeps when there is one).
template <typename T> void rcu_retire(Owned<T> old)
{
	if (!old)
		return;
	ktp_synchronize_rcu();
	old.reset();
}

// The object it points to is its own from publish() until a later publish()
// or take() hands it back; the owner takes what is left when it goes (a
// destructor cannot wait for readers: at teardown none is left).
template <typename T> class RcuPtr {
public:
	constexpr RcuPtr() = default;
	RcuPtr(const RcuPtr &) = delete;
	RcuPtr &operator=(const RcuPtr &) = delete;

	// Readers: inside an RCU read section (the probe path), no lock.
	T *read() const { return rcu_read(ptr_); }
	// The writer's view: writers are serialised by their owner, so no ordering is needed.
	T *get() const { return ptr_; }

	// Publishes fresh (may be empty) and hands back the object it replaces,
	// which readers may still be using: retire it (rcu_retire) or let a
	// grace period pass before it is freed.
	[[nodiscard]] Owned<T> publish(Owned<T> fresh)
	{
		T *old = ptr_;
		rcu_publish(ptr_, fresh.release());
		return Owned<T>(old);
	}

	// Teardown, no reader left: hands back what is published, unpublished.
	[[nodiscard]] Owned<T> take()
	{
		T *old = ptr_;
		rcu_publish(ptr_, static_cast<T *>(nullptr));
		return Owned<T>(old);
	}

private:
	T *ptr_ = nullptr;
};

} // namespace ktl
