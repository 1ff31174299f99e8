// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_test_events.ko: a module with its own ktp events, registered from its
 * init and removed at exit even while enabled; its fire parameter fires
 * them on demand. With stress_seconds=N its
 * init toggles a probe on one CPU while another CPU fires the event, for N
 * seconds, and fails the load if a probe ran after unregister returned.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/smp.h>

#include <ktp/module.h>
#include "test_events.h"

static int stress_seconds;
module_param(stress_seconds, int, 0444);
MODULE_PARM_DESC(stress_seconds, "toggle a probe while the event fires, for this long, at load");

static bool hold_probe = true;
module_param(hold_probe, bool, 0444);
MODULE_PARM_DESC(hold_probe, "keep a probe on test_name until unload (remove while enabled)");

/* Writing N to the fire parameter fires test_tick N times (and test_name every 64th). */
static int ktp_test_fire_set(const char *val, const struct kernel_param *kp)
{
	unsigned long n, i;
	int err = kstrtoul(val, 0, &n);

	if (err)
		return err;
	for (i = 1; i <= n; i++)
		ktp_test_fire(i, raw_smp_processor_id());
	return 0;
}

static const struct kernel_param_ops ktp_test_fire_ops = {
	.set = ktp_test_fire_set,
};
module_param_cb(fire, &ktp_test_fire_ops, NULL, 0200);
MODULE_PARM_DESC(fire, "write N: fire test_tick N times");

static int ktp_test_firer(void *arg)
{
	unsigned long seq = 0;

	while (!kthread_should_stop()) {
		ktp_test_fire(seq++, raw_smp_processor_id());
		if ((seq & 4095) == 0)
			cond_resched();
	}
	return 0;
}

static int ktp_test_stress(void)
{
	unsigned long end = jiffies + stress_seconds * HZ;
	struct task_struct *firer;
	unsigned long rounds = 0, late = 0;
	int err = 0;

	firer = kthread_create(ktp_test_firer, NULL, "ktp_test_fire");
	if (IS_ERR(firer))
		return PTR_ERR(firer);
	kthread_bind(firer, num_online_cpus() > 1 ? 1 : 0);
	wake_up_process(firer);
	while (time_before(jiffies, end)) {
		long after;

		err = ktp_test_probe_toggle(1);
		if (err)
			break;
		udelay(20);
		err = ktp_test_probe_toggle(0);
		if (err)
			break;
		after = ktp_test_probe_hits();
		udelay(20);
		if (ktp_test_probe_hits() != after)
			late++;
		rounds++;
		cond_resched();
	}
	kthread_stop(firer);
	pr_info("ktp_test_events: stress: %lu toggles, %ld probe calls, %lu late calls, err %d\n",
		rounds, ktp_test_probe_hits(), late, err);
	if (!err && (late || !rounds || !ktp_test_probe_hits()))
		err = -EIO;
	return err;
}

static int __init ktp_test_events_init(void)
{
	int err = ktp_module_events_register();

	if (err)
		return err;
	if (stress_seconds > 0) {
		err = ktp_test_stress();
		if (err) {
			ktp_module_events_unregister();
			return err;
		}
	}
	if (hold_probe) {
		err = ktp_test_hold(1);
		if (err) {
			ktp_module_events_unregister();
			return err;
		}
	}
	ktp_test_fire(0, raw_smp_processor_id());
	pr_info("ktp_test_events: loaded\n");
	return 0;
}

static void __exit ktp_test_events_exit(void)
{
	/* The held probe is left registered on purpose: ktp must clean it up. */
	ktp_module_events_unregister();
}

module_init(ktp_test_events_init);
module_exit(ktp_test_events_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp test: a second module with its own ktp events");
