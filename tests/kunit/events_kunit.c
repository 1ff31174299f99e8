// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ktp_events: call sites, static keys, batches, the fallback and probes, in kernel text. */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/cpumask.h>
#include <linux/sched.h>

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

static struct kunit_case ktp_events_cases[] = {
	KUNIT_CASE(ktp_events_test_site_bytes),
	KUNIT_CASE(ktp_events_test_refcounts),
	KUNIT_CASE(ktp_events_test_batch),
	KUNIT_CASE(ktp_events_test_fallback),
	KUNIT_CASE(ktp_events_test_probe_errors),
	KUNIT_CASE(ktp_events_test_registry),
	KUNIT_CASE(ktp_events_test_concurrent),
	{}
};

static struct kunit_suite ktp_events_suite = {
	.name = "ktp_events",
	.init = ktp_events_init,
	.exit = ktp_events_exit,
	.test_cases = ktp_events_cases,
};

kunit_test_suites(&ktp_events_suite);
