/* SPDX-License-Identifier: GPL-2.0 */
/* The ktp benchmark event: the same two u32 fields. */
#include <ktp/event.h>

#ifndef KTP_BENCH_KTP_EVENT_H
#define KTP_BENCH_KTP_EVENT_H

KTP_TRACE_EVENT(ktp_bench, bench,
	KTP_PROTO(unsigned int a, unsigned int b),
	KTP_ARGS(a, b),
	KTP_STRUCT(
		ktp_field(u32, a)
		ktp_field(u32, b)
	),
	KTP_ASSIGN(
		__entry->a = a;
		__entry->b = b;
	),
	KTP_PRINT("a=%u b=%u", __entry->a, __entry->b)
)

KTP_TRACE_EVENT(ktp_bench, bench_str,
	KTP_PROTO(const char *name),
	KTP_ARGS(name),
	KTP_STRUCT(
		ktp_array(char, name, 16)
	),
	KTP_ASSIGN(
		__builtin_memcpy(__entry->name, name, 16);
	),
	KTP_PRINT("name=%s", __entry->name)
)

#endif
