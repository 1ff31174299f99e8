// SPDX-License-Identifier: GPL-2.0
// The C++ runtime a freestanding kernel module needs: every operator new/delete form and __cxa_pure_virtual.
//
// operator new returns null when the kernel allocator fails (callers are
// compiled with -fcheck-new and must check). Over-aligned forms round the
// request up to a power of two no smaller than the alignment: kmalloc aligns
// power-of-two sizes naturally.
#include <ktp/abi.h>

using size_t = __SIZE_TYPE__;

namespace std {
enum class align_val_t : size_t {};
struct nothrow_t {
	explicit nothrow_t() = default;
};
} // namespace std

// The forms the compiler does not declare implicitly, declared as <new> and
// the C++ ABI would, so that each definition below has its declaration.
void *operator new(size_t size, const std::nothrow_t &) noexcept;
void *operator new[](size_t size, const std::nothrow_t &) noexcept;
void *operator new(size_t size, std::align_val_t align, const std::nothrow_t &) noexcept;
void *operator new[](size_t size, std::align_val_t align, const std::nothrow_t &) noexcept;
void operator delete(void *p, const std::nothrow_t &) noexcept;
void operator delete[](void *p, const std::nothrow_t &) noexcept;
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept;
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept;
extern "C" void __cxa_pure_virtual();

namespace {

size_t aligned_request(size_t size, std::align_val_t align)
{
	size_t a = static_cast<size_t>(align);
	size_t n = size < a ? a : size;
	if (n <= 1)
		return 1;
	unsigned shift = 64 - __builtin_clzl(n - 1);
	return shift >= 63 ? 0 : size_t(1) << shift;
}

void *aligned_alloc(size_t size, std::align_val_t align)
{
	size_t n = aligned_request(size, align);
	return n ? ktp_alloc(n) : nullptr;
}

} // namespace

void *operator new(size_t size) { return ktp_alloc(size); }
void *operator new[](size_t size) { return ktp_alloc(size); }
void *operator new(size_t size, const std::nothrow_t &) noexcept { return ktp_alloc(size); }
void *operator new[](size_t size, const std::nothrow_t &) noexcept { return ktp_alloc(size); }
void *operator new(size_t size, std::align_val_t align) { return aligned_alloc(size, align); }
void *operator new[](size_t size, std::align_val_t align) { return aligned_alloc(size, align); }
void *operator new(size_t size, std::align_val_t align, const std::nothrow_t &) noexcept
{
	return aligned_alloc(size, align);
}
void *operator new[](size_t size, std::align_val_t align, const std::nothrow_t &) noexcept
{
	return aligned_alloc(size, align);
}

void operator delete(void *p) noexcept { ktp_free(p); }
void operator delete[](void *p) noexcept { ktp_free(p); }
void operator delete(void *p, size_t) noexcept { ktp_free(p); }
void operator delete[](void *p, size_t) noexcept { ktp_free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { ktp_free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { ktp_free(p); }
void operator delete(void *p, std::align_val_t) noexcept { ktp_free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { ktp_free(p); }
void operator delete(void *p, size_t, std::align_val_t) noexcept { ktp_free(p); }
void operator delete[](void *p, size_t, std::align_val_t) noexcept { ktp_free(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { ktp_free(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { ktp_free(p); }

// A call through a pure virtual slot is a bug (an object used during its own
// construction or destruction): stop rather than jump to address zero.
extern "C" void __cxa_pure_virtual()
{
	ktp_log(KTP_LOG_ERR, "pure virtual function called");
	ktp_trap();
	__builtin_trap();
}
