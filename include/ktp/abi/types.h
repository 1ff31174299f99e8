/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both sides of ktp's C ABI share: integer types, errno values, name
 * limits, and the opaque handles the core hands to the platform.
 *
 * A handle is an incomplete struct: the platform holds and passes it back,
 * only the core knows what it points to. For example, ktp_reader_open()
 * returns a struct ktp_reader *, which the shim keeps in its open file and
 * gives to ktp_reader_read(); handing it an event's handle does not compile.
 */
#ifndef KTP_ABI_TYPES_H
#define KTP_ABI_TYPES_H

#ifdef __cplusplus
extern "C" {
#endif

typedef __SIZE_TYPE__ ktp_size_t;
typedef __UINT8_TYPE__ ktp_u8;
typedef __UINT32_TYPE__ ktp_u32;
typedef __UINT64_TYPE__ ktp_u64;
typedef __INT64_TYPE__ ktp_s64;

/* An event of the registry, as the events/ tree names it. */
struct ktp_event_handle;
/* An open reader of the buffer (trace, trace_pipe, trace_pipe_raw). */
struct ktp_reader;
/* One CPU's ring buffer, as the record path finds it per CPU. */
struct ktp_cpu_buffer;

/* The longest system or event name the registry takes (bytes, NUL not included). */
#define KTP_NAME_MAX 64

/* Code on the probe path is never itself traced by the function tracer. */
#define KTP_NOTRACE __attribute__((no_instrument_function))

/* ---- errno values the core returns across the boundary ------------------ */
#define KTP_ENOENT 2
#define KTP_E2BIG 7
#define KTP_EBADF 9
#define KTP_EAGAIN 11
#define KTP_ENOMEM 12
#define KTP_EBUSY 16
#define KTP_EEXIST 17
#define KTP_EINVAL 22
#define KTP_ENOSPC 28
#define KTP_ERANGE 34
#define KTP_ENODEV 19

#ifdef __cplusplus
}
#endif

#endif /* KTP_ABI_TYPES_H */
