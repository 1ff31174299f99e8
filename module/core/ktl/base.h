// SPDX-License-Identifier: GPL-2.0
// Freestanding basics of the kernel template library: integer types, move/forward, placement new.
#pragma once

#include <ktp/abi.h>

#if defined(KTP_HOSTED)
#include <new>  // host builds: the standard placement forms already exist
#endif

namespace ktl {

using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;
using size_t = __SIZE_TYPE__;
using uintptr_t = __UINTPTR_TYPE__;
using ptrdiff_t = __PTRDIFF_TYPE__;

template <typename T> struct remove_reference { using type = T; };
template <typename T> struct remove_reference<T &> { using type = T; };
template <typename T> struct remove_reference<T &&> { using type = T; };
template <typename T> using remove_reference_t = typename remove_reference<T>::type;

template <typename T> constexpr remove_reference_t<T> &&move(T &&v) noexcept
{
	return static_cast<remove_reference_t<T> &&>(v);
}

template <typename T> constexpr T &&forward(remove_reference_t<T> &v) noexcept
{
	return static_cast<T &&>(v);
}

template <typename T> constexpr T &&forward(remove_reference_t<T> &&v) noexcept
{
	return static_cast<T &&>(v);
}

template <typename T> constexpr void swap(T &a, T &b) noexcept
{
	T tmp = move(a);
	a = move(b);
	b = move(tmp);
}

template <typename T, typename U> inline constexpr bool is_same_v = false;
template <typename T> inline constexpr bool is_same_v<T, T> = true;

template <typename T> constexpr const T &min(const T &a, const T &b) { return b < a ? b : a; }
template <typename T> constexpr const T &max(const T &a, const T &b) { return a < b ? b : a; }

// Byte offset of a member, for intrusive containers (offsetof on a member pointer).
template <typename Outer, typename Member>
inline size_t member_offset(Member Outer::*member) noexcept
{
	return reinterpret_cast<size_t>(&(static_cast<Outer *>(nullptr)->*member));
}

} // namespace ktl

#if !defined(KTP_HOSTED)
// Placement new: the freestanding build has no <new>, so the core provides it.
inline void *operator new(__SIZE_TYPE__, void *where) noexcept { return where; }
inline void *operator new[](__SIZE_TYPE__, void *where) noexcept { return where; }
inline void operator delete(void *, void *) noexcept {}
inline void operator delete[](void *, void *) noexcept {}
#endif
