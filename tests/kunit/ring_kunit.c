// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ktp_ring: the ring buffer in the kernel, with writers in hard interrupts nesting inside task writers. */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/slab.h>

#include <compat/hrtimer.h>

#include "ring_kunit.h"

struct ktp_ring_irq {
	struct irq_work work;
	void *ring;
	int ran;
	int in_irq;
};

static void ktp_ring_irq_writer(struct irq_work *work)
{
	struct ktp_ring_irq *w = container_of(work, struct ktp_ring_irq, work);

	w->in_irq = in_hardirq() != 0;
	ktp_ring_kunit_write(w->ring, 16, 2);
	WRITE_ONCE(w->ran, 1);
}

/* An interrupt writes between a task's reserve and commit: both land, in time order, once. */
static void ktp_ring_test_irq_nests_in_task(struct kunit *test)
{
	struct ktp_ring_irq w = { .ring = ktp_ring_kunit_create(4) };
	unsigned int values[4];
	unsigned long long stamps[4], written, read, overrun, dropped;
	unsigned int n, spins = 0;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, w.ring);
	init_irq_work(&w.work, ktp_ring_irq_writer);
	preempt_disable();
	p = ktp_ring_kunit_reserve(w.ring, 16, 1);
	irq_work_queue(&w.work);
	while (!READ_ONCE(w.ran) && spins++ < 100000000)
		cpu_relax();
	/* Nothing is visible while the outer writer holds its reservation. */
	n = ktp_ring_kunit_visible(w.ring);
	ktp_ring_kunit_commit(w.ring);
	preempt_enable();
	irq_work_sync(&w.work);
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, READ_ONCE(w.ran), 1);
	KUNIT_EXPECT_EQ(test, w.in_irq, 1);
	KUNIT_EXPECT_EQ(test, n, 0u);
	n = ktp_ring_kunit_drain(w.ring, values, stamps, 4);
	KUNIT_ASSERT_EQ(test, n, 2u);
	KUNIT_EXPECT_EQ(test, values[0], 1u);
	KUNIT_EXPECT_EQ(test, values[1], 2u);
	KUNIT_EXPECT_LE(test, stamps[0], stamps[1]);
	ktp_ring_kunit_counters(w.ring, &written, &read, &overrun, &dropped);
	KUNIT_EXPECT_EQ(test, written, 2ull);
	KUNIT_EXPECT_EQ(test, read, 2ull);
	ktp_ring_kunit_destroy(w.ring);
}

struct ktp_ring_timer {
	struct hrtimer timer;
	void *ring;
	unsigned int fired;
	unsigned int cap; /* the most it writes: the drain and the ring hold them all */
	int stop;
};

static enum hrtimer_restart ktp_ring_timer_writer(struct hrtimer *t)
{
	struct ktp_ring_timer *rt = container_of(t, struct ktp_ring_timer, timer);

	if (READ_ONCE(rt->stop) || rt->fired >= rt->cap)
		return HRTIMER_NORESTART;
	ktp_ring_kunit_write(rt->ring, 8 + (rt->fired % 7) * 4, 0x80000000u | rt->fired);
	WRITE_ONCE(rt->fired, rt->fired + 1);
	hrtimer_forward_now(t, ns_to_ktime(20000));
	return HRTIMER_RESTART;
}

/*
 * A timer interrupt writes every 20 us (at most 10000 times) on the CPU
 * where a task writes in a loop (which waits for it every 64 writes while
 * it still runs): every event comes out once, each source in its own
 * order, with the counters exact. The cap keeps a slow guest, whose loop
 * outlasts many more ticks, within the drain's and the ring's room.
 */
static void ktp_ring_test_timer_stress(struct kunit *test)
{
	const unsigned int task_events = 20000;
	struct ktp_ring_timer rt = { .ring = ktp_ring_kunit_create(256), .cap = task_events / 2 };
	unsigned long long written, read, overrun, dropped;
	unsigned int *values, n, i, last_task = 0, last_irq = 0, tasks = 0, irqs = 0;
	bool first_task = true, first_irq = true, ordered = true;

	KUNIT_ASSERT_NOT_NULL(test, rt.ring);
	values = kvmalloc_array(task_events * 2, sizeof(*values), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, values);
	ktp_hrtimer_setup(&rt.timer, ktp_ring_timer_writer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	preempt_disable();
	hrtimer_start(&rt.timer, ns_to_ktime(20000), HRTIMER_MODE_REL_PINNED_HARD);
	for (i = 0; i < task_events; i++) {
		ktp_ring_kunit_write(rt.ring, 4 + (i % 11) * 4, i);
		if (i % 64 == 63) {
			/*
			 * Every 64 writes, wait (up to 2 ms) for the timer to have
			 * written once more: under TCG on a busy host the timer
			 * can be late for a whole loop of writes.
			 */
			unsigned int f = READ_ONCE(rt.fired), spins;

			for (spins = 0; f < rt.cap && spins < 2000 && READ_ONCE(rt.fired) == f; spins++)
				ndelay(1000);
		}
	}
	WRITE_ONCE(rt.stop, 1);
	preempt_enable();
	hrtimer_cancel(&rt.timer);
	n = ktp_ring_kunit_drain(rt.ring, values, NULL, task_events * 2);
	for (i = 0; i < n; i++) {
		unsigned int v = values[i];

		if (v & 0x80000000u) {
			v &= ~0x80000000u;
			ordered &= first_irq || v == last_irq + 1;
			first_irq = false;
			last_irq = v;
			irqs++;
		} else {
			ordered &= first_task || v == last_task + 1;
			first_task = false;
			last_task = v;
			tasks++;
		}
	}
	ktp_ring_kunit_counters(rt.ring, &written, &read, &overrun, &dropped);
	KUNIT_EXPECT_TRUE(test, ordered);
	KUNIT_EXPECT_EQ(test, tasks, task_events);
	KUNIT_EXPECT_EQ(test, irqs, rt.fired);
	KUNIT_EXPECT_GT(test, rt.fired, 0u);
	KUNIT_EXPECT_EQ(test, written, (unsigned long long)task_events + rt.fired);
	KUNIT_EXPECT_EQ(test, read, written);
	KUNIT_EXPECT_EQ(test, overrun + dropped, 0ull);
	kunit_info(test, "timer wrote %u events among %u", rt.fired, task_events);
	kvfree(values);
	ktp_ring_kunit_destroy(rt.ring);
}

static struct kunit_case ktp_ring_cases[] = {
	KUNIT_CASE(ktp_ring_test_sizes_and_wrap),
	KUNIT_CASE(ktp_ring_test_irq_nests_in_task),
	KUNIT_CASE(ktp_ring_test_timer_stress),
	{}
};

static struct kunit_suite ktp_ring_suite = {
	.name = "ktp_ring",
	.test_cases = ktp_ring_cases,
};

kunit_test_suites(&ktp_ring_suite);
