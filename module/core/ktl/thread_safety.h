// SPDX-License-Identifier: GPL-2.0
// Clang's thread-safety annotations for ktp's locks (empty under g++); clang++ -Wthread-safety checks them in make test.
//
// A member written only with a lock held says so, and so does every
// function that expects the lock held:
//
//     ktl::Mutex lock_;
//     int count_ KTP_GUARDED_BY(lock_);
//     void bump_locked() KTP_REQUIRES(lock_) { count_++; }
//
// The analysis then rejects a call of bump_locked() or a use of count_ on a
// path where lock_ is not held. Lock order (outermost first), the one order
// every path takes them in:
//
//     Tracer::resize_lock_  >  Tracer::readers_lock_  >  Registry::lock_
//       >  (kernel, through the shim) tracepoints_mutex (a mirror event's
//          attach)  >  cpus_read_lock  >  text_mutex (a batch of sites)
//     CpuBuffer::lock_ and Cmdlines::lock_ (spinlocks) are innermost: no
//     lock is taken while one is held.
#pragma once

#if defined(__clang__)
#define KTP_TSA(x) __attribute__((x))
#else
#define KTP_TSA(x)
#endif

#define KTP_CAPABILITY(name) KTP_TSA(capability(name))
#define KTP_SCOPED_CAPABILITY KTP_TSA(scoped_lockable)
#define KTP_GUARDED_BY(lock) KTP_TSA(guarded_by(lock))
#define KTP_PT_GUARDED_BY(lock) KTP_TSA(pt_guarded_by(lock))
#define KTP_REQUIRES(...) KTP_TSA(requires_capability(__VA_ARGS__))
#define KTP_EXCLUDES(...) KTP_TSA(locks_excluded(__VA_ARGS__))
#define KTP_ACQUIRE(...) KTP_TSA(acquire_capability(__VA_ARGS__))
#define KTP_RELEASE(...) KTP_TSA(release_capability(__VA_ARGS__))
#define KTP_TRY_ACQUIRE(...) KTP_TSA(try_acquire_capability(__VA_ARGS__))
#define KTP_ASSERT_CAPABILITY(x) KTP_TSA(assert_capability(x))
#define KTP_RETURN_CAPABILITY(x) KTP_TSA(lock_returned(x))
#define KTP_ACQUIRED_BEFORE(...) KTP_TSA(acquired_before(__VA_ARGS__))
#define KTP_NO_THREAD_SAFETY_ANALYSIS KTP_TSA(no_thread_safety_analysis)
