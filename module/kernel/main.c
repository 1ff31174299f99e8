// SPDX-License-Identifier: GPL-2.0
/* ktp's module entry points: bring up the core, ktp's own events and the debugfs tree in order, tear down in reverse. */
#include <linux/module.h>
#include <linux/init.h>

#include <ktp/abi.h>
#include <ktp/module.h>
#include <ktp/version.h>
#include "debugfs.h"
#include "mirror.h"

static int __init ktp_module_init(void)
{
	int err;

	err = ktp_core_init();
	if (err)
		return err;
	/* The tree first: registration adds each event's directory to it. */
	err = ktp_debugfs_init();
	if (err)
		goto out_core;
	ktp_mirror_events_prepare();
	err = ktp_module_events_register();
	if (err)
		goto out_debugfs;
	pr_info("ktp: version %s loaded\n", ktp_core_version());
	return 0;

out_debugfs:
	ktp_debugfs_exit();
out_core:
	ktp_core_exit();
	return err;
}

static void __exit ktp_module_exit(void)
{
	/* Events first (their files, probes and sites), then the rest of the tree. */
	ktp_module_events_unregister();
	ktp_debugfs_exit();
	ktp_core_exit();
	pr_info("ktp: unloaded\n");
}

module_init(ktp_module_init);
module_exit(ktp_module_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The ktp authors");
MODULE_DESCRIPTION("ktp: out-of-tree tracepoints with their own static keys, filters and ring buffer");
MODULE_VERSION(KTP_VERSION);
