// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ktp_events: call sites, static keys, batches, the fallback and probes, in kernel text. */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/cpumask.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/string.h>

#include "events_kunit.h"

static int ktp_events_init(struct kunit *test)
{
	/* The fallback case runs without text patching, like a kernel where it cannot be resolved. */
	int patching = strcmp(test->name, "ktp_events_test_fallback") != 0;

	return ktp_events_kunit_setup(patching);
}

static void ktp_events_exit(struct kunit *test)
{
	ktp_events_kunit_teardown();
}

static int ktp_events_firer(void *arg)
{
	int i = 0;

	while (!kthread_should_stop()) {
		ktp_events_kunit_fire(i++);
		if ((i & 1023) == 0)
			cond_resched();
	}
	return 0;
}

/* Probes come and go on one CPU while another fires the event. */
static void ktp_events_test_concurrent(struct kunit *test)
{
	struct task_struct *firer;
	int cpu = num_online_cpus() > 1 ? 1 : 0;
	int round;

	firer = kthread_create(ktp_events_firer, NULL, "ktp_kunit_fire");
	KUNIT_ASSERT_FALSE(test, IS_ERR(firer));
	kthread_bind(firer, cpu);
	wake_up_process(firer);
	for (round = 0; round < 200; round++) {
		long after;

		KUNIT_ASSERT_EQ(test, ktp_events_kunit_probe_on(), 0);
		usleep_range(50, 100);
		KUNIT_ASSERT_EQ(test, ktp_events_kunit_probe_off(), 0);
		/* unregister returned: no CPU runs the probe any more */
		after = ktp_events_kunit_probe_hits();
		usleep_range(50, 100);
		KUNIT_EXPECT_EQ(test, ktp_events_kunit_probe_hits(), after);
	}
	kthread_stop(firer);
	KUNIT_EXPECT_GT(test, ktp_events_kunit_probe_hits(), 0L);
}

/* What the unwinder saw from inside a probe: which of the expected callers. */
struct ktp_unwind_seen {
	bool site_function;	/* ktp_events_kunit_fire_framed: holds the call site */
	bool test_function;	/* ktp_events_test_unwind: its caller */
};

static void ktp_events_unwind_probe(void *data, int a, int b)
{
	struct ktp_unwind_seen *seen = data;
	unsigned long entries[24];
	unsigned int n = stack_trace_save(entries, ARRAY_SIZE(entries), 0), i;
	char sym[KSYM_SYMBOL_LEN];

	for (i = 0; i < n; i++) {
		sprint_symbol(sym, entries[i]);
		if (strstr(sym, "ktp_events_kunit_fire_framed"))
			seen->site_function = true;
		if (strstr(sym, "ktp_events_test_unwind"))
			seen->test_function = true;
	}
}

/*
 * ORC covers the site's jump path: a stack trace taken in a probe unwinds
 * through the out-of-line block the site jumps to, into the function that
 * holds the site and on to its caller.
 */
static noinline void ktp_events_test_unwind(struct kunit *test)
{
	struct ktp_unwind_seen seen = {};

	KUNIT_ASSERT_EQ(test, ktp_events_kunit_probe_raw(ktp_events_unwind_probe, &seen, 1), 0);
	KUNIT_EXPECT_GT(test, ktp_events_kunit_fire_framed(1), 0L);
	KUNIT_ASSERT_EQ(test, ktp_events_kunit_probe_raw(ktp_events_unwind_probe, &seen, 0), 0);
	KUNIT_EXPECT_TRUE(test, seen.site_function);
	KUNIT_EXPECT_TRUE(test, seen.test_function);
}

static struct kunit_case ktp_events_cases[] = {
	KUNIT_CASE(ktp_events_test_site_bytes),
	KUNIT_CASE(ktp_events_test_refcounts),
	KUNIT_CASE(ktp_events_test_batch),
	KUNIT_CASE(ktp_events_test_fallback),
	KUNIT_CASE(ktp_events_test_probe_errors),
	KUNIT_CASE(ktp_events_test_registry),
	KUNIT_CASE(ktp_events_test_mismatch),
	KUNIT_CASE(ktp_events_test_concurrent),
	KUNIT_CASE(ktp_events_test_unwind),
	{}
};

static struct kunit_suite ktp_events_suite = {
	.name = "ktp_events",
	.init = ktp_events_init,
	.exit = ktp_events_exit,
	.test_cases = ktp_events_cases,
};

kunit_test_suites(&ktp_events_suite);
