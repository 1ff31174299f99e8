/* SPDX-License-Identifier: GPL-2.0 */
/* ktp's debugfs tree, /sys/kernel/debug/ktp/: creation and removal. */
#ifndef KTP_KERNEL_DEBUGFS_H
#define KTP_KERNEL_DEBUGFS_H

int ktp_debugfs_init(void);
void ktp_debugfs_exit(void);

#endif
