// SPDX-License-Identifier: GPL-2.0
/* The ktp side of the benchmark: its event, its loop, and an empty probe (a file without kernel static keys). */
#include <linux/types.h>

#define KTP_CREATE_EVENTS
#include "bench_ktp_event.h"
#include <ktp/callbacks.h>

u64 ktp_bench_clock_ns(void);
unsigned long ktp_bench_irq_save(void);
void ktp_bench_irq_restore(unsigned long flags);
u64 ktp_bench_loop_ktp(unsigned long n);
u64 ktp_bench_loop_ktp_str(unsigned long n);
void ktp_bench_sys_ktp(void);
int ktp_bench_ktp_probe(bool on);
void ktp_bench_profile_ktp(bool str);
void ktp_bench_profile_mark(void);
void ktp_bench_consume(void *data, const void *record, unsigned int size);
int ktp_bench_ktp_callback(bool on);

static void ktp_bench_ktp_empty(void *data, unsigned int a, unsigned int b)
{
}

int ktp_bench_ktp_probe(bool on)
{
	return on ? register_trace_bench(ktp_bench_ktp_empty, NULL)
		  : unregister_trace_bench(ktp_bench_ktp_empty, NULL);
}

noinline u64 ktp_bench_loop_ktp(unsigned long n)
{
	unsigned long flags, i;
	u64 start;

	flags = ktp_bench_irq_save();
	start = ktp_bench_clock_ns();
	for (i = 0; i < n; i++)
		trace_bench(i, i & 15); /* b: one value in 16 */
	start = ktp_bench_clock_ns() - start;
	ktp_bench_irq_restore(flags);
	return start;
}

/* make profile: two calls of an event; the host's debugger steps the second (after the mark). */
noinline void ktp_bench_profile_ktp(bool str)
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

noinline u64 ktp_bench_loop_ktp_str(unsigned long n)
{
	static const char name[16] = "hello-world";
	unsigned long flags, i;
	u64 start;

	flags = ktp_bench_irq_save();
	start = ktp_bench_clock_ns();
	for (i = 0; i < n; i++)
		trace_bench_str(name);
	start = ktp_bench_clock_ns() - start;
	ktp_bench_irq_restore(flags);
	return start;
}

/* Every event of the 64-event system has a call site (never run: enabling patches them). */
#define KTP_BENCH_SYS_CALL(n) trace_sys_event_##n(n);
noinline void ktp_bench_sys_ktp(void)
{
	KTP_BENCH_64(KTP_BENCH_SYS_CALL)
}

int ktp_bench_ktp_callback(bool on)
{
	return on ? ktp_callback_register("ktp_bench", "bench", KTP_CALLBACK_RECORD, ktp_bench_consume, NULL)
		  : ktp_callback_unregister("ktp_bench", "bench", KTP_CALLBACK_RECORD, ktp_bench_consume, NULL);
}
