// SPDX-License-Identifier: GPL-2.0
// The C ABI for fuzz targets: malloc, vsnprintf, and abort on a trap.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include <ktp/abi.h>

extern "C" {
void *ktp_alloc(ktp_size_t size) { return std::malloc(size ? size : 1); }
void *ktp_zalloc(ktp_size_t size) { return std::calloc(1, size ? size : 1); }
void ktp_free(void *ptr) { std::free(ptr); }
void ktp_log(enum ktp_log_level, const char *) {}
void ktp_warn(const char *msg) { std::fprintf(stderr, "ktp_warn: %s\n", msg); std::abort(); }
void ktp_trap(void) { std::abort(); }
int ktp_vsnprintf(char *buf, ktp_size_t len, const char *fmt, va_list args) { return std::vsnprintf(buf, len, fmt, args); }
int ktp_snprintf(char *buf, ktp_size_t len, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	int n = std::vsnprintf(buf, len, fmt, args);
	va_end(args);
	return n;
}
}
