// SPDX-License-Identifier: GPL-2.0
/* ktp's module entry points: bring up the core, ktp's own events and the debugfs tree in order, tear down in reverse. */
#include <linux/module.h>
#include <linux/init.h>

#include <ktp/abi.h>
#include <ktp/module.h>
#include <ktp/version.h>
#include "debugfs.h"
#include "mirror.h"

/*
 * A module that finished its init is live before its init text is freed:
 * call sites there are forgotten now, as the kernel's jump labels stop
 * patching init entries once their module is no longer coming.
 */
static int ktp_module_notify(struct notifier_block *nb, unsigned long state, void *data)
{
	if (state == MODULE_STATE_LIVE)
		ktp_core_init_text_done();
	return NOTIFY_OK;
}

static struct notifier_block ktp_module_nb = {
	.notifier_call = ktp_module_notify,
};

static int __init ktp_module_init(void)
{
	int err;

	err = ktp_core_init();
	if (err)
		return err;
	err = register_module_notifier(&ktp_module_nb);
	if (err)
		goto out_core;
	/* The tree first: registration adds each event's directory to it. */
	err = ktp_debugfs_init();
	if (err)
		goto out_notifier;
	ktp_mirror_events_prepare();
	err = ktp_module_events_register();
	if (err)
		goto out_debugfs;
	pr_info("ktp: version %s loaded\n", ktp_core_version());
	return 0;

out_debugfs:
	ktp_debugfs_exit();
out_notifier:
	unregister_module_notifier(&ktp_module_nb);
out_core:
	ktp_core_exit();
	return err;
}

static void __exit ktp_module_exit(void)
{
	/* Events first (their files, probes and sites), then the rest of the tree. */
	ktp_module_events_unregister();
	ktp_debugfs_exit();
	unregister_module_notifier(&ktp_module_nb);
	ktp_core_exit();
	pr_info("ktp: unloaded\n");
}

module_init(ktp_module_init);
module_exit(ktp_module_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The ktp authors");
MODULE_DESCRIPTION("ktp: out-of-tree tracepoints with their own static keys, filters and ring buffer");
MODULE_VERSION(KTP_VERSION);
