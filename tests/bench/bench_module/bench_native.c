// SPDX-License-Identifier: GPL-2.0
/* The native side of the benchmark: its event, its loop, and an empty probe. */
#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#define CREATE_TRACE_POINTS
#include "bench_native_event.h"
#include "bench_native_sys.h"
#include "bench.h"

static void ktp_bench_native_empty(void *data, u32 a, u32 b)
{
}

int ktp_bench_native_probe(bool on)
{
	return on ? register_trace_bench(ktp_bench_native_empty, NULL)
		  : unregister_trace_bench(ktp_bench_native_empty, NULL);
}

/* The callback case's native consumer: the record as native would write it, assembled on the stack. */
struct ktp_bench_native_record {
	struct trace_entry ent;
	u32 a;
	u32 b;
};

static void ktp_bench_native_record(void *data, u32 a, u32 b)
{
	struct ktp_bench_native_record r;

	/* The common header as native fills it (its context helper is not exported). */
	r.ent.type = event_bench.event.type;
	r.ent.flags = irqs_disabled() ? 1 : 0; /* TRACE_FLAG_IRQS_OFF */
	r.ent.preempt_count = preempt_count() & 0xff;
	r.ent.pid = current->pid;
	r.a = a;
	r.b = b;
	ktp_bench_consume(data, &r, sizeof(r));
}

int ktp_bench_native_callback(bool on)
{
	return on ? register_trace_bench(ktp_bench_native_record, NULL)
		  : unregister_trace_bench(ktp_bench_native_record, NULL);
}

noinline u64 ktp_bench_loop_native(unsigned long n)
{
	unsigned long flags, i;
	u64 start;

	local_irq_save(flags);
	start = ktime_get_ns();
	for (i = 0; i < n; i++)
		trace_bench(i, i & 15); /* b: one value in 16 */
	start = ktime_get_ns() - start;
	local_irq_restore(flags);
	return start;
}

/* make profile: two calls of an event; the host's debugger steps the second (after the mark). */
noinline void ktp_bench_profile_native(bool str)
{
	static const char name[16] = "hello-world";

	if (str) {
		trace_bench_str(name);
		ktp_bench_profile_mark();
		trace_bench_str(name);
	} else {
		trace_bench(1, 2);
		ktp_bench_profile_mark();
		trace_bench(2, 2);
	}
}

noinline u64 ktp_bench_loop_native_str(unsigned long n)
{
	static const char name[16] = "hello-world";
	unsigned long flags, i;
	u64 start;

	local_irq_save(flags);
	start = ktime_get_ns();
	for (i = 0; i < n; i++)
		trace_bench_str(name);
	start = ktime_get_ns() - start;
	local_irq_restore(flags);
	return start;
}

noinline u64 ktp_bench_loop_empty(unsigned long n)
{
	unsigned long flags, i;
	u64 start;

	local_irq_save(flags);
	start = ktime_get_ns();
	for (i = 0; i < n; i++)
		barrier();
	start = ktime_get_ns() - start;
	local_irq_restore(flags);
	return start;
}

/* Every event of the 64-event system has a call site (never run: enabling patches them). */
#define KTP_BENCH_SYS_CALL(n) trace_sys_event_##n(n);
noinline void ktp_bench_sys_native(void)
{
	KTP_BENCH_64(KTP_BENCH_SYS_CALL)
}
