// SPDX-License-Identifier: GPL-2.0
/* The text an open file keeps from the core's render at open, and its reads. */
#include <linux/fs.h>
#include <linux/slab.h>

#include "rendered.h"

struct ktp_rendered {
	char *text;
	ktp_size_t len;
};

int ktp_rendered_keep(struct file *file, int err, char *text, ktp_size_t len)
{
	struct ktp_rendered *r;

	if (err) {
		ktp_free(text);
		return err;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		ktp_free(text);
		return -ENOMEM;
	}
	r->text = text;
	r->len = len;
	file->private_data = r;
	return 0;
}

ssize_t ktp_rendered_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct ktp_rendered *r = file->private_data;

	if (!r)
		return -EINVAL;
	return simple_read_from_buffer(buf, count, pos, r->text, r->len);
}

int ktp_rendered_release(struct inode *inode, struct file *file)
{
	struct ktp_rendered *r = file->private_data;

	if (r) {
		ktp_free(r->text);
		kfree(r);
	}
	return 0;
}
