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

#endif
