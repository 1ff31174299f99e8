/* SPDX-License-Identifier: GPL-2.0 */
/* The top of ktp's tree: trace, trace_pipe, trace_marker, control files and per_cpu/. */
#ifndef KTP_KERNEL_TRACE_FS_H
#define KTP_KERNEL_TRACE_FS_H

struct dentry;

int ktp_trace_fs_init(struct dentry *root, struct dentry *events);
void ktp_trace_fs_exit(void);

#endif
