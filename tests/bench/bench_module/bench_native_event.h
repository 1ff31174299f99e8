/* SPDX-License-Identifier: GPL-2.0 */
/* The native benchmark event: two u32 fields, as the reference figures use. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ktp_bench_native

#if !defined(_KTP_BENCH_NATIVE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KTP_BENCH_NATIVE_H

#include <linux/tracepoint.h>

TRACE_EVENT(bench,
	TP_PROTO(u32 a, u32 b),
	TP_ARGS(a, b),
	TP_STRUCT__entry(
		__field(u32, a)
		__field(u32, b)
	),
	TP_fast_assign(
		__entry->a = a;
		__entry->b = b;
	),
	TP_printk("a=%u b=%u", __entry->a, __entry->b)
);

TRACE_EVENT(bench_str,
	TP_PROTO(const char *name),
	TP_ARGS(name),
	TP_STRUCT__entry(
		__array(char, name, 16)
	),
	TP_fast_assign(
		memcpy(__entry->name, name, 16);
	),
	TP_printk("name=%s", __entry->name)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE bench_native_event
#include <trace/define_trace.h>
