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

/* 64 events in one system, for the enable_system case. */
KTP_DECLARE_EVENT_CLASS(bench_sys_class,
	KTP_PROTO(unsigned int a),
	KTP_ARGS(a),
	KTP_STRUCT(
		ktp_field(u32, a)
	),
	KTP_ASSIGN(
		__entry->a = a;
	),
	KTP_PRINT("a=%u", __entry->a)
)
#include "bench_64.h"
#define KTP_BENCH_SYS_EVENT(n) \
	KTP_DEFINE_EVENT(bench_sys_class, ktp_bench_sys, sys_event_##n, KTP_PROTO(unsigned int a), KTP_ARGS(a))
KTP_BENCH_64(KTP_BENCH_SYS_EVENT)

#endif
