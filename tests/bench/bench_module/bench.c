// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_bench.ko: measures native tracing and ktp side by side. Under QEMU's
 * -icount shift=0 a guest nanosecond is one executed instruction, so the
 * figures are instructions, exact and repeatable. Loading the module runs
 * every case (iterations=N) and prints one "KTP-BENCH <case> <tree> <ns>
 * <iterations>" line per measurement to the kernel log.
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <linux/ktime.h>

#include <ktp/module.h>
#include "bench.h"

static unsigned long iterations = 100000;
module_param(iterations, ulong, 0444);
MODULE_PARM_DESC(iterations, "calls per measurement");

/* Helpers for bench_ktp.c, which must not use kernel static branches itself. */
u64 ktp_bench_clock_ns(void);
unsigned long ktp_bench_irq_save(void);
void ktp_bench_irq_restore(unsigned long flags);

u64 ktp_bench_clock_ns(void)
{
	return ktime_get_ns();
}

unsigned long ktp_bench_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

void ktp_bench_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

static void report(const char *name, const char *tree, u64 ns)
{
	pr_info("KTP-BENCH %s %s %llu %lu\n", name, tree, ns, iterations);
}

static int __init ktp_bench_init(void)
{
	int err = ktp_module_events_register();

	if (err)
		return err;
	/* Warm up the caches and the code paths once. */
	ktp_bench_loop_native(1000);
	ktp_bench_loop_ktp(1000);

	report("loop", "native", ktp_bench_loop_empty(iterations));
	report("loop", "ktp", ktp_bench_loop_empty(iterations));
	report("disabled", "native", ktp_bench_loop_native(iterations));
	report("disabled", "ktp", ktp_bench_loop_ktp(iterations));

	err = ktp_bench_native_probe(true);
	if (!err) {
		report("probe_only", "native", ktp_bench_loop_native(iterations));
		ktp_bench_native_probe(false);
	}
	err = err ?: ktp_bench_ktp_probe(true);
	if (!err) {
		report("probe_only", "ktp", ktp_bench_loop_ktp(iterations));
		ktp_bench_ktp_probe(false);
	}
	if (err)
		ktp_module_events_unregister();
	return err;
}

static void __exit ktp_bench_exit(void)
{
	ktp_module_events_unregister();
}

module_init(ktp_bench_init);
module_exit(ktp_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp benchmark: native tracing and ktp, instruction for instruction");
