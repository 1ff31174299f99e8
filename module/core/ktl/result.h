// SPDX-License-Identifier: GPL-2.0
// Result<T> and Status: a [[nodiscard]] value-or-errno type for the core's fallible calls.
//
// Errors are positive errno codes inside the core (KTP_ENOMEM, ...); the C
// boundary turns them into the kernel's negative return values with
// to_errno(). A Result<T> holds either a T or an error, never both:
//
//     Result<Event *> r = registry.find("sched:sched_switch");
//     if (!r) return r.error();          // propagate
//     Event *ev = r.value();
#pragma once

#include "base.h"

namespace ktl {

// An error code, distinct from integers so that it cannot be confused with a value.
struct Error {
	int code; // positive errno
	constexpr explicit Error(int c) : code(c) {}
	friend constexpr bool operator==(Error a, Error b) { return a.code == b.code; }
};

template <typename T> class [[nodiscard]] Result {
public:
	constexpr Result(const T &v) : ok_(true) { new (&storage_) T(v); }
	constexpr Result(T &&v) : ok_(true) { new (&storage_) T(move(v)); }
	constexpr Result(Error e) : ok_(false), error_(e.code) {}

	Result(Result &&other) : ok_(other.ok_), error_(other.error_)
	{
		if (ok_)
			new (&storage_) T(move(other.value()));
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;
	Result &operator=(Result &&) = delete;

	~Result()
	{
		if (ok_)
			value().~T();
	}

	constexpr bool ok() const { return ok_; }
	constexpr explicit operator bool() const { return ok_; }

	T &value()
	{
		check(ok_);
		return *reinterpret_cast<T *>(&storage_);
	}
	const T &value() const
	{
		check(ok_);
		return *reinterpret_cast<const T *>(&storage_);
	}
	T *operator->() { return &value(); }
	T &operator*() { return value(); }

	constexpr Error error() const
	{
		check(!ok_);
		return Error(error_);
	}

	// Negative errno for the C boundary: 0 when ok.
	constexpr int to_errno() const { return ok_ ? 0 : -error_; }

private:
	static constexpr void check(bool cond)
	{
		if (!cond)
			ktp_trap(); // reading the wrong side is a bug, not an error
	}

	bool ok_;
	int error_ = 0;
	alignas(T) unsigned char storage_[sizeof(T)];
};

// The result of an operation with no value: success or an Error.
class [[nodiscard]] Status {
public:
	constexpr Status() : error_(0) {}
	constexpr Status(Error e) : error_(e.code) {}

	static constexpr Status success() { return Status(); }

	constexpr bool ok() const { return error_ == 0; }
	constexpr explicit operator bool() const { return ok(); }
	constexpr Error error() const { return Error(error_); }
	constexpr int to_errno() const { return -error_; }

private:
	int error_;
};

} // namespace ktl

// Propagates a failure: evaluates expr (a Status or a Result<T>) and, when it
// failed, returns its Error from the enclosing function (whose Status or
// Result<U> takes it).
//
//     KTP_TRY(scan(text));               // returns scan's Error, if any
#define KTP_TRY(expr)                                          \
	({                                                     \
		auto &&ktp_try_result_ = (expr);               \
		if (!ktp_try_result_)                          \
			return ktp_try_result_.error();        \
	})
