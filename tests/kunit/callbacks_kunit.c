// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ktp_callbacks: record callbacks against the buffer's bytes, raw callbacks' arguments, nothing while off. */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/cpumask.h>
#include <linux/sched.h>

#include "callbacks_kunit.h"

static int ktp_callbacks_init(struct kunit *test)
{
	return ktp_callbacks_kunit_setup();
}

static void ktp_callbacks_exit(struct kunit *test)
{
	ktp_callbacks_kunit_teardown();
}

static int ktp_callbacks_firer(void *arg)
{
	int i = 0;

	while (!kthread_should_stop()) {
		ktp_callbacks_kunit_fire(i++);
		if ((i & 1023) == 0)
			cond_resched();
	}
	return 0;
}

/* Callbacks come and go on one CPU while another fires: none runs after unregister returns. */
static void ktp_callbacks_test_concurrent(struct kunit *test)
{
	struct task_struct *firer;
	int cpu = num_online_cpus() > 1 ? 1 : 0;
	int round;

	firer = kthread_create(ktp_callbacks_firer, NULL, "ktp_kunit_cb");
	KUNIT_ASSERT_FALSE(test, IS_ERR(firer));
	kthread_bind(firer, cpu);
	wake_up_process(firer);
	for (round = 0; round < 100; round++) {
		long after;

		KUNIT_ASSERT_EQ(test, ktp_callbacks_kunit_on(1), 0);
		usleep_range(50, 100);
		KUNIT_ASSERT_EQ(test, ktp_callbacks_kunit_on(0), 0);
		after = ktp_callbacks_kunit_hits();
		usleep_range(50, 100);
		KUNIT_EXPECT_EQ(test, ktp_callbacks_kunit_hits(), after);
	}
	kthread_stop(firer);
	KUNIT_EXPECT_GT(test, ktp_callbacks_kunit_hits(), 0L);
}

static struct kunit_case ktp_callbacks_cases[] = {
	KUNIT_CASE(ktp_callbacks_test_record_bytes),
	KUNIT_CASE(ktp_callbacks_test_raw_args),
	KUNIT_CASE(ktp_callbacks_test_off),
	KUNIT_CASE(ktp_callbacks_test_concurrent),
	{}
};

static struct kunit_suite ktp_callbacks_suite = {
	.name = "ktp_callbacks",
	.init = ktp_callbacks_init,
	.exit = ktp_callbacks_exit,
	.test_cases = ktp_callbacks_cases,
};

kunit_test_suites(&ktp_callbacks_suite);
