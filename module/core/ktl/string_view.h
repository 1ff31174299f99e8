// SPDX-License-Identifier: GPL-2.0
// StringView: a bounds-checked view of characters the caller owns, with the trims, splits and compares text parsing needs.
//
// A view is either absent (default-constructed: no data, as a missing
// parameter) or present, possibly empty. For example, parsing
// "enable_event:sched:sched_switch:5 if pid > 1":
//
//	StringView rest;
//	StringView name = StringView(text).split(": \t", rest); // "enable_event", rest "sched:sched_switch:5 if pid > 1"
//	StringView target = rest.split(" \t", rest);            // "sched:sched_switch:5", rest "if pid > 1"
//	rest.split(" \t", rest);                                // "if", rest "pid > 1"
//
// and a split that finds no delimiter leaves rest absent.
#pragma once

#include "base.h"

namespace ktl {

// The kernel's isspace (strim, skip_spaces): ASCII white space and Latin-1's no-break space.
constexpr bool is_kernel_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       static_cast<unsigned char>(c) == 0xa0;
}

// The length of a NUL-terminated string (a plain loop: the same code in the kernel and on host).
constexpr size_t c_length(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

class StringView {
public:
	static constexpr size_t npos = static_cast<size_t>(-1);

	constexpr StringView() = default;
	constexpr StringView(const char *data, size_t size) : data_(data), size_(size) {}
	// A C string, without its NUL.
	constexpr StringView(const char *s) : data_(s), size_(c_length(s)) {}

	constexpr const char *data() const { return data_; }
	constexpr size_t size() const { return size_; }
	constexpr bool empty() const { return size_ == 0; }
	// Absent: no text at all (a default view), as opposed to empty text.
	constexpr bool absent() const { return data_ == nullptr; }
	constexpr const char *begin() const { return data_; }
	constexpr const char *end() const { return data_ + size_; }

	// Out-of-range indexing is a bug: trap rather than read beyond the text.
	constexpr char operator[](size_t i) const
	{
		if (i >= size_)
			ktp_trap();
		return data_[i];
	}

	// The characters [offset, offset + count), clamped to the view.
	constexpr StringView substr(size_t offset, size_t count = npos) const
	{
		if (offset > size_)
			offset = size_;
		size_t left = size_ - offset;
		return StringView(data_ + offset, count < left ? count : left);
	}
	constexpr StringView first(size_t count) const { return substr(0, count); }

	// The view up to its first NUL (text copied from a write may hold one).
	constexpr StringView up_to_nul() const
	{
		size_t n = 0;
		while (n < size_ && data_[n])
			n++;
		return StringView(data_, n);
	}

	// The first position of c, or npos.
	constexpr size_t find(char c) const
	{
		for (size_t i = 0; i < size_; i++)
			if (data_[i] == c)
				return i;
		return npos;
	}
	// The first position of any character of set, or npos.
	constexpr size_t find_first_of(StringView set) const
	{
		for (size_t i = 0; i < size_; i++)
			if (set.find(data_[i]) != npos)
				return i;
		return npos;
	}
	constexpr bool contains(StringView needle) const
	{
		for (size_t at = 0; at + needle.size_ <= size_; at++)
			if (substr(at, needle.size_) == needle)
				return true;
		return false;
	}
	constexpr bool starts_with(StringView prefix) const
	{
		return prefix.size_ <= size_ && first(prefix.size_) == prefix;
	}

	// strsep: the text up to the first of delims; rest is what follows that
	// delimiter, or absent when there is none (then the whole view is returned).
	constexpr StringView split(StringView delims, StringView &rest) const
	{
		size_t i = find_first_of(delims);
		StringView head = *this;
		if (i == npos) {
			rest = StringView();
			return head;
		}
		rest = head.substr(i + 1);
		return head.first(i);
	}

	// Without leading, trailing or both runs of characters of a class (the kernel's isspace unless told).
	template <typename Pred = bool (*)(char)>
	constexpr StringView trim_left(Pred is_space = is_kernel_space) const
	{
		size_t i = 0;
		while (i < size_ && is_space(data_[i]))
			i++;
		return substr(i);
	}
	template <typename Pred = bool (*)(char)>
	constexpr StringView trim_right(Pred is_space = is_kernel_space) const
	{
		size_t n = size_;
		while (n && is_space(data_[n - 1]))
			n--;
		return StringView(data_, n);
	}
	template <typename Pred = bool (*)(char)>
	constexpr StringView trim(Pred is_space = is_kernel_space) const
	{
		return trim_left(is_space).trim_right(is_space);
	}

	// Byte order, as strcmp: negative, zero or positive.
	constexpr int compare(StringView other) const
	{
		size_t n = size_ < other.size_ ? size_ : other.size_;
		for (size_t i = 0; i < n; i++)
			if (data_[i] != other.data_[i])
				return static_cast<unsigned char>(data_[i]) - static_cast<unsigned char>(other.data_[i]);
		return size_ < other.size_ ? -1 : size_ > other.size_ ? 1 : 0;
	}
	friend constexpr bool operator==(StringView a, StringView b)
	{
		if (a.size_ != b.size_)
			return false;
		for (size_t i = 0; i < a.size_; i++)
			if (a.data_[i] != b.data_[i])
				return false;
		return true;
	}

private:
	const char *data_ = nullptr;
	size_t size_ = 0;
};

} // namespace ktl
