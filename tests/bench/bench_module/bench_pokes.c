// SPDX-License-Identifier: GPL-2.0
/*
 * Counts text-patching batches for the enable_system case: kprobes on the
 * kernel's single-site poke and on its batch finish, whoever calls them.
 * A file of its own: an object that uses kprobes makes no indirect call
 * (kbuild/check-indirect-calls.sh).
 */
#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <compat/text_poke.h>

#include "bench.h"

static atomic_t ktp_bench_pokes = ATOMIC_INIT(0);

static int ktp_bench_poke_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic_inc(&ktp_bench_pokes);
	return 0;
}

static struct kprobe ktp_bench_kprobes[] = {
	{ .symbol_name = KTP_POKE_SINGLE_NAME, .pre_handler = ktp_bench_poke_pre },
	{ .symbol_name = KTP_POKE_FINISH_NAME, .pre_handler = ktp_bench_poke_pre },
};
static bool ktp_bench_kprobed[ARRAY_SIZE(ktp_bench_kprobes)];

void ktp_bench_pokes_start(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktp_bench_kprobes); i++)
		ktp_bench_kprobed[i] = register_kprobe(&ktp_bench_kprobes[i]) == 0;
}

void ktp_bench_pokes_stop(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktp_bench_kprobes); i++)
		if (ktp_bench_kprobed[i])
			unregister_kprobe(&ktp_bench_kprobes[i]);
}

int ktp_bench_pokes_count(void)
{
	return atomic_read(&ktp_bench_pokes);
}
