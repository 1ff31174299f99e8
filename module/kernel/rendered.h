/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files whose text the core renders whole at open and whose reads copy from
 * that text, so that a read never sees a half-changed state. An open does:
 *
 *	char *text = NULL;
 *	ktp_size_t len = 0;
 *	int err;
 *
 *	if (!ktp_rendered_wanted(file))
 *		return 0;
 *	err = ktp_event_render(h, which, &text, &len);
 *	return ktp_rendered_keep(file, err, text, len);
 *
 * (the render in a statement of its own: as an argument of the same call,
 * text and len could be read before it sets them).
 *
 * and the file's operations use ktp_rendered_read and ktp_rendered_release.
 */
#ifndef KTP_KERNEL_RENDERED_H
#define KTP_KERNEL_RENDERED_H

#include <linux/fs.h>
#include <linux/types.h>

#include <ktp/abi.h>

/* Whether the open reads (a write-only open renders nothing and keeps no text). */
static inline bool ktp_rendered_wanted(struct file *file)
{
	file->private_data = NULL;
	return file->f_mode & FMODE_READ;
}

/*
 * Keeps text (from the core, freed with ktp_free) for the open file's reads,
 * or fails the open with err (the render's result: text is then freed).
 */
int ktp_rendered_keep(struct file *file, int err, char *text, ktp_size_t len);
ssize_t ktp_rendered_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
int ktp_rendered_release(struct inode *inode, struct file *file);

#endif
