// SPDX-License-Identifier: GPL-2.0
/* Creates ktp's debugfs tree, /sys/kernel/debug/ktp/, and removes it whole on unload. */
#include <linux/debugfs.h>
#include <linux/err.h>

#include "debugfs.h"

static struct dentry *ktp_debugfs_root;

int ktp_debugfs_init(void)
{
	struct dentry *root = debugfs_create_dir("ktp", NULL);

	if (IS_ERR(root)) {
		pr_err("ktp: cannot create /sys/kernel/debug/ktp (%ld)\n", PTR_ERR(root));
		return PTR_ERR(root);
	}
	ktp_debugfs_root = root;
	return 0;
}

void ktp_debugfs_exit(void)
{
	debugfs_remove(ktp_debugfs_root);
	ktp_debugfs_root = NULL;
}
