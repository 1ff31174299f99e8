// SPDX-License-Identifier: GPL-2.0
// Span<T>: a bounds-checked view of a contiguous array that the caller owns.
#pragma once

#include "base.h"

namespace ktl {

template <typename T> class Span {
public:
	constexpr Span() : data_(nullptr), size_(0) {}
	constexpr Span(T *data, size_t size) : data_(data), size_(size) {}
	template <size_t N> constexpr Span(T (&array)[N]) : data_(array), size_(N) {}

	constexpr T *data() const { return data_; }
	constexpr size_t size() const { return size_; }
	constexpr bool empty() const { return size_ == 0; }
	constexpr T *begin() const { return data_; }
	constexpr T *end() const { return data_ + size_; }

	// Out-of-range indexing is a bug: trap rather than read beyond the array.
	constexpr T &operator[](size_t i) const
	{
		if (i >= size_)
			ktp_trap();
		return data_[i];
	}

	// The elements [offset, offset + count), clamped to the span.
	constexpr Span subspan(size_t offset, size_t count = static_cast<size_t>(-1)) const
	{
		if (offset > size_)
			offset = size_;
		size_t left = size_ - offset;
		return Span(data_ + offset, count < left ? count : left);
	}

	constexpr Span first(size_t count) const { return subspan(0, count); }

	constexpr operator Span<const T>() const { return Span<const T>(data_, size_); }

private:
	T *data_;
	size_t size_;
};

} // namespace ktl
