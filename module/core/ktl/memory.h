// SPDX-License-Identifier: GPL-2.0
// Allocation for the core: make<T>() over the platform allocator, Owned<T> (its single owner), Array<T>, Page, and Passkey<T>.
//
// Every allocation may fail: make<T>() returns an empty Owned<T> when the
// platform allocator returns NULL, and callers must check it. The core never
// uses the global operator new directly, so the host build can inject
// allocation failures through the platform (tests/host/platform_host.cpp)
// without disturbing the test framework's own allocations.
#pragma once

#include "base.h"

namespace ktl {

// Opens a constructor to T's own members, and through them to make<T>: a
// constructor that takes a Passkey<T> is public, but only T can make the key.
//
//     class Widget {
//     public:
//         static Owned<Widget> create() { return make<Widget>(Passkey<Widget>(), 1); }
//         Widget(Passkey<Widget>, int size);   // callable only with T's key
//     };
template <typename T> class Passkey {
	friend T;
	constexpr Passkey() {}
};

template <typename T> class [[nodiscard]] Owned {
public:
	constexpr Owned() : ptr_(nullptr) {}
	constexpr explicit Owned(T *p) : ptr_(p) {}
	Owned(Owned &&o) : ptr_(o.release()) {}
	template <typename U> Owned(Owned<U> &&o) : ptr_(o.release()) {}
	Owned &operator=(Owned &&o)
	{
		reset(o.release());
		return *this;
	}
	Owned(const Owned &) = delete;
	Owned &operator=(const Owned &) = delete;
	~Owned() { reset(); }

	T *get() const { return ptr_; }
	T *operator->() const { return ptr_; }
	T &operator*() const { return *ptr_; }
	explicit operator bool() const { return ptr_ != nullptr; }

	T *release()
	{
		T *p = ptr_;
		ptr_ = nullptr;
		return p;
	}

	void reset(T *p = nullptr)
	{
		T *old = ptr_;
		ptr_ = p;
		if (old) {
			// Owned<Base> of a Derived needs a virtual destructor and
			// single inheritance (the base sits at the object's start).
			old->~T();
			ktp_free(static_cast<void *>(old));
		}
	}

private:
	T *ptr_;
};

// Allocates and constructs a T; an empty Owned<T> when memory runs out.
template <typename T, typename... Args> Owned<T> make(Args &&...args)
{
	void *mem = ktp_alloc(sizeof(T));
	if (!mem)
		return Owned<T>();
	return Owned<T>(new (mem) T(ktl::forward<Args>(args)...));
}

// A NUL-terminated string from ktp_alloc (or TextBuffer::release), owned:
// char has nothing to destroy, so Owned<char> only frees it.
using OwnedChars = Owned<char>;

// One page from the platform's page allocator (ktp_page_alloc), owned.
class Page {
public:
	Page() = default;
	Page(Page &&o) : page_(o.page_) { o.page_ = nullptr; }
	Page &operator=(Page &&o)
	{
		swap(page_, o.page_);
		return *this;
	}
	Page(const Page &) = delete;
	Page &operator=(const Page &) = delete;
	~Page()
	{
		if (page_)
			ktp_page_free(page_);
	}

	// A zeroed page; false when memory runs out.
	[[nodiscard]] bool allocate()
	{
		if (!page_)
			page_ = static_cast<u8 *>(ktp_page_alloc());
		return page_ != nullptr;
	}
	u8 *get() const { return page_; }

private:
	u8 *page_ = nullptr;
};

// A fixed-size array of trivially destructible or default-constructible Ts, allocated once.
template <typename T> class [[nodiscard]] Array {
public:
	Array() = default;
	Array(Array &&o) : data_(o.data_), size_(o.size_)
	{
		o.data_ = nullptr;
		o.size_ = 0;
	}
	Array &operator=(Array &&o)
	{
		clear();
		swap(data_, o.data_);
		swap(size_, o.size_);
		return *this;
	}
	Array(const Array &) = delete;
	Array &operator=(const Array &) = delete;
	~Array() { clear(); }

	// Allocates n value-initialised elements; false (and empty) when memory runs out.
	[[nodiscard]] static bool create(Array &out, size_t n)
	{
		out.clear();
		if (n > static_cast<size_t>(-1) / sizeof(T))
			return false;
		void *mem = ktp_zalloc(n * sizeof(T) + (n == 0));
		if (!mem)
			return false;
		T *items = static_cast<T *>(mem);
		for (size_t i = 0; i < n; i++)
			new (&items[i]) T();
		out.data_ = items;
		out.size_ = n;
		return true;
	}

	T *data() const { return data_; }
	size_t size() const { return size_; }
	T &operator[](size_t i) const
	{
		if (i >= size_)
			ktp_trap();
		return data_[i];
	}
	T *begin() const { return data_; }
	T *end() const { return data_ + size_; }

	void clear()
	{
		for (size_t i = 0; i < size_; i++)
			data_[i].~T();
		ktp_free(data_);
		data_ = nullptr;
		size_ = 0;
	}

private:
	T *data_ = nullptr;
	size_t size_ = 0;
};

} // namespace ktl
