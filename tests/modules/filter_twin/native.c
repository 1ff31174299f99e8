// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_filter_twin.ko: a native TRACE_EVENT (ktp_twin_native:twin) and a ktp
 * event (ktp_twin:twin) with identical fields, so that the same filter can
 * be written to both and the answers compared, and both can be fired side
 * by side in every context a common header describes.
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>

#define CREATE_TRACE_POINTS
#include "twin_native.h"

#include <ktp/module.h>

void ktp_twin_fire(int i, const char *s);

/* The arguments both twins fire with: signed and unsigned edges of every width, and strings to glob. */
static const int ktp_twin_values[] = {
	0, 1, -1, 2, 3, 5, 7, 8, 15, 16, 17, 100, 127, 128, 129, 255, 256, -127, -128, -129, -255, -256,
	1000, 32767, 32768, 65535, 65536, -32768, -32769, 100000, 2147483647, -2147483647 - 1, 42, -42,
	0x1234, 0x7f7f, 0x10000, 12345678,
};
static const char *const ktp_twin_strings[] = {
	"alpha", "beta", "abc", "xabcx", "", "ABC", "a", "gamma-ray", "abcdefghijklmnopqrstuvwxyz", "x?y", "[br]",
};

/* Writing N fires each twin N times over the table, with the same arguments. */
static ssize_t ktp_twin_fire_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	unsigned long n, k;
	int err = kstrtoul_from_user(buf, count, 0, &n);

	if (err)
		return err;
	for (k = 0; k < n; k++) {
		int v = ktp_twin_values[k % ARRAY_SIZE(ktp_twin_values)];
		const char *s = ktp_twin_strings[k % ARRAY_SIZE(ktp_twin_strings)];

		trace_twin(v, s);
		ktp_twin_fire(v, s);
	}
	return count;
}

static const struct file_operations ktp_twin_fire_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ktp_twin_fire_write,
	.llseek = noop_llseek,
};

/* Both twins, one after the other, in the caller's context: their common headers must agree. */
static void ktp_twin_fire_both(int tag)
{
	trace_twin(tag, "ctx");
	ktp_twin_fire(tag, "ctx");
}

/* Tag 1000 + depth: inside depth more levels of preempt_disable. */
static void ktp_twin_nested(int depth, int tag)
{
	if (depth == 0) {
		ktp_twin_fire_both(tag);
		return;
	}
	preempt_disable();
	ktp_twin_nested(depth - 1, tag);
	preempt_enable();
}

static struct completion ktp_twin_done;

static void ktp_twin_in_softirq(struct tasklet_struct *t)
{
	ktp_twin_fire_both(2001);
	ktp_twin_nested(3, 2002);
	complete(&ktp_twin_done);
}
static DECLARE_TASKLET(ktp_twin_tasklet, ktp_twin_in_softirq);

static void ktp_twin_in_hardirq(struct irq_work *w)
{
	ktp_twin_fire_both(2003);
	ktp_twin_nested(2, 2004);
}
static DEFINE_IRQ_WORK(ktp_twin_irq_work, ktp_twin_in_hardirq);

/* Writing anything fires both twins in each context once, tagged by context. */
static ssize_t ktp_twin_contexts_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	unsigned long flags;
	int depth;

	ktp_twin_fire_both(0);
	for (depth = 1; depth <= 20; depth++)
		ktp_twin_nested(depth, 1000 + depth);
	local_irq_save(flags);
	ktp_twin_fire_both(2000);
	ktp_twin_nested(4, 2005);
	local_irq_restore(flags);
	local_bh_disable();
	ktp_twin_fire_both(2006);
	local_bh_enable();
	migrate_disable();
	migrate_disable();
	ktp_twin_fire_both(2007);
	ktp_twin_nested(1, 2008);
	migrate_enable();
	migrate_enable();
	/* A reschedule pending: the task's flag alone, then the per-CPU one too. */
	preempt_disable();
	set_tsk_need_resched(current);
	ktp_twin_fire_both(2009);
	set_preempt_need_resched();
	ktp_twin_fire_both(2010);
	preempt_enable();
	init_completion(&ktp_twin_done);
	tasklet_schedule(&ktp_twin_tasklet);
	wait_for_completion(&ktp_twin_done);
	irq_work_queue(&ktp_twin_irq_work);
	irq_work_sync(&ktp_twin_irq_work);
	return count;
}

static const struct file_operations ktp_twin_contexts_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ktp_twin_contexts_write,
	.llseek = noop_llseek,
};

static struct dentry *ktp_twin_file, *ktp_twin_contexts_file;

static int __init ktp_twin_init(void)
{
	int err = ktp_module_events_register();

	if (err)
		return err;
	ktp_twin_file = debugfs_create_file("ktp_twin_fire", 0200, NULL, NULL, &ktp_twin_fire_fops);
	ktp_twin_contexts_file =
		debugfs_create_file("ktp_twin_contexts", 0200, NULL, NULL, &ktp_twin_contexts_fops);
	return 0;
}

static void __exit ktp_twin_exit(void)
{
	debugfs_remove(ktp_twin_contexts_file);
	debugfs_remove(ktp_twin_file);
	tasklet_kill(&ktp_twin_tasklet);
	ktp_module_events_unregister();
}

module_init(ktp_twin_init);
module_exit(ktp_twin_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp test: a native event and a ktp event with the same fields");
