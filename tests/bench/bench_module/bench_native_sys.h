/* SPDX-License-Identifier: GPL-2.0 */
/* 64 native events in one system, for the enable_system case. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ktp_bench_sys_native

#if !defined(_KTP_BENCH_NATIVE_SYS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KTP_BENCH_NATIVE_SYS_H

#include <linux/tracepoint.h>
#include "bench_64.h"

DECLARE_EVENT_CLASS(bench_sys_class,
	TP_PROTO(u32 a),
	TP_ARGS(a),
	TP_STRUCT__entry(
		__field(u32, a)
	),
	TP_fast_assign(
		__entry->a = a;
	),
	TP_printk("a=%u", __entry->a)
);

#define KTP_BENCH_NATIVE_SYS_EVENT(n) \
	DEFINE_EVENT(bench_sys_class, sys_event_##n, TP_PROTO(u32 a), TP_ARGS(a));
KTP_BENCH_64(KTP_BENCH_NATIVE_SYS_EVENT)

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE bench_native_sys
#include <trace/define_trace.h>
