/* SPDX-License-Identifier: GPL-2.0 */
/* ktp's events/ directory in its debugfs tree. */
#ifndef KTP_KERNEL_EVENTS_FS_H
#define KTP_KERNEL_EVENTS_FS_H

struct dentry;

int ktp_events_fs_init(struct dentry *root);
void ktp_events_fs_exit(void);
/* The events/ directory (for files the top of the tree puts there). */
struct dentry *ktp_events_fs_dir(void);

#endif
