// SPDX-License-Identifier: GPL-2.0
/*
 * ktp's debugfs tree, /sys/kernel/debug/ktp/: creation, removal, and the
 * thin file operations (copy from the user, call the core, copy back).
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <linux/slab.h>

#include <ktp/abi.h>
#include "debugfs.h"
#include "events_fs.h"
#include "trace_fs.h"
#include "../samples/sample_fire.h"

static struct dentry *ktp_debugfs_root;

/* Read-only files rendered whole by the core at open. */
struct ktp_rendered {
	char *text;
	ktp_size_t len;
};

static int ktp_rendered_open(struct inode *inode, struct file *file)
{
	struct ktp_rendered *r = kzalloc(sizeof(*r), GFP_KERNEL);
	int err;

	if (!r)
		return -ENOMEM;
	err = ktp_render_text((enum ktp_text_file)(unsigned long)inode->i_private, &r->text, &r->len);
	if (err) {
		kfree(r);
		return err;
	}
	file->private_data = r;
	return 0;
}

static ssize_t ktp_rendered_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct ktp_rendered *r = file->private_data;

	return simple_read_from_buffer(buf, count, pos, r->text, r->len);
}

static int ktp_rendered_release(struct inode *inode, struct file *file)
{
	struct ktp_rendered *r = file->private_data;

	ktp_free(r->text);
	kfree(r);
	return 0;
}

static const struct file_operations ktp_rendered_fops = {
	.owner = THIS_MODULE,
	.open = ktp_rendered_open,
	.read = ktp_rendered_read,
	.release = ktp_rendered_release,
	.llseek = default_llseek,
};

/* README: what the tree holds, for a person at a shell. */
static const char ktp_readme_text[] =
	"ktp: out-of-tree tracepoints, beside native tracing (/sys/kernel/tracing)\n"
	"\n"
	"  available_events              every ktp event, as system:event\n"
	"  events/<system>/filter        a filter for every event of the system that has its fields\n"
	"  events/<system>/<event>/id    the event's id (common_type of its records)\n"
	"  events/<system>/<event>/format  fields and print format, in native's layout\n"
	"  events/<system>/<event>/filter  ftrace's filter language, e.g.\n"
	"                                  echo 'pid > 100 && comm ~ \"ba*\"' > filter\n"
	"                                  echo 0 > filter   (clears; reading shows \"none\")\n"
	"                                  A rejected filter shows native's error and caret,\n"
	"                                  and ktp keeps the previous filter in force.\n"
	"  static_keys                   ktp's static keys: users, call sites, state, code check\n"
	"  sample_fire                   echo N > sample_fire fires every ktp_sample event N times\n";

static ssize_t ktp_readme_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return simple_read_from_buffer(buf, count, pos, ktp_readme_text, sizeof(ktp_readme_text) - 1);
}

static const struct file_operations ktp_readme_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ktp_readme_read,
	.llseek = default_llseek,
};

/* sample_fire: writing N fires every ktp_sample event N times. */
#define KTP_SAMPLE_FIRE_MAX 10000000UL

static ssize_t ktp_sample_fire_write(struct file *file, const char __user *buf, size_t count,
				     loff_t *pos)
{
	unsigned long n;
	int err = kstrtoul_from_user(buf, count, 0, &n);

	if (err)
		return err;
	if (n > KTP_SAMPLE_FIRE_MAX)
		return -EINVAL;
	ktp_sample_fire(n);
	return count;
}

static const struct file_operations ktp_sample_fire_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ktp_sample_fire_write,
	.llseek = noop_llseek,
};

int ktp_debugfs_init(void)
{
	struct dentry *root = debugfs_create_dir("ktp", NULL);

	int err;

	if (IS_ERR(root)) {
		pr_err("ktp: cannot create /sys/kernel/debug/ktp (%ld)\n", PTR_ERR(root));
		return PTR_ERR(root);
	}
	ktp_debugfs_root = root;
	debugfs_create_file("static_keys", 0440, root, (void *)(unsigned long)KTP_TEXT_STATIC_KEYS,
			    &ktp_rendered_fops);
	debugfs_create_file("README", 0440, root, NULL, &ktp_readme_fops);
	debugfs_create_file("available_events", 0440, root,
			    (void *)(unsigned long)KTP_TEXT_AVAILABLE_EVENTS, &ktp_rendered_fops);
	debugfs_create_file("sample_fire", 0200, root, NULL, &ktp_sample_fire_fops);
	err = ktp_events_fs_init(root);
	if (!err) {
		err = ktp_trace_fs_init(root, ktp_events_fs_dir());
		if (err)
			ktp_events_fs_exit();
	}
	if (err) {
		debugfs_remove(root);
		ktp_debugfs_root = NULL;
		ktp_trace_fs_exit();
	}
	return err;
}

void ktp_debugfs_exit(void)
{
	ktp_events_fs_exit();
	debugfs_remove(ktp_debugfs_root);
	ktp_debugfs_root = NULL;
	ktp_trace_fs_exit();
}
