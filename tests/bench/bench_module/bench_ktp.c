// SPDX-License-Identifier: GPL-2.0
/* The ktp side of the benchmark: its event, its loop, and an empty probe (a file without kernel static keys). */
#include <linux/types.h>

#define KTP_CREATE_EVENTS
#include "bench_ktp_event.h"

u64 ktp_bench_clock_ns(void);
unsigned long ktp_bench_irq_save(void);
void ktp_bench_irq_restore(unsigned long flags);
u64 ktp_bench_loop_ktp(unsigned long n);
int ktp_bench_ktp_probe(bool on);

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
		trace_bench(i, i >> 1);
	start = ktp_bench_clock_ns() - start;
	ktp_bench_irq_restore(flags);
	return start;
}
