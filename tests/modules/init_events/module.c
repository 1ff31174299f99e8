// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_init_events.ko: ktp_test:test_init_call (joining the system that
 * ktp_test_events.ko may have named first) with one call site in its __init
 * function and one in lasting text, fired by writing N to its fire parameter.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include <ktp/module.h>
#include "init_events.h"

static int ktp_init_events_fire_set(const char *val, const struct kernel_param *kp)
{
	unsigned long n, i;
	int err = kstrtoul(val, 0, &n);

	if (err)
		return err;
	for (i = 0; i < n; i++)
		trace_test_init_call(2);
	return 0;
}

static const struct kernel_param_ops ktp_init_events_fire_ops = {
	.set = ktp_init_events_fire_set,
};
module_param_cb(fire, &ktp_init_events_fire_ops, NULL, 0200);
MODULE_PARM_DESC(fire, "write N: fire test_init_call N times from lasting text");

static int __init ktp_init_events_init(void)
{
	int err = ktp_module_events_register();

	if (err)
		return err;
	trace_test_init_call(1); /* the site in init text */
	return 0;
}

static void __exit ktp_init_events_exit(void)
{
	ktp_module_events_unregister();
}

module_init(ktp_init_events_init);
module_exit(ktp_init_events_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp test: a call site in __init code, and an event in another module's system");
