/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The preemption level a native tracepoint holds around its probes, which
 * a mirror event (mirror_events.c) leaves out of its records' depth as
 * native's own event leaves it out of its.
 *
 * Until 7.3 a tracepoint calls its probes with preemption disabled (one
 * level); 7.3 calls them under SRCU-fast, preemptible (none), and its
 * events take their own level inside the probe. Absent from 6.12, present
 * in 7.3; 6.18 is taken as the release that brought it (the releases in
 * between are not tested). Example: sched_wakeup from a hardirq with one
 * level held reads depth 2 natively on 7.3; a bias of 1 made ktp's read 1.
 * Syscall tracepoints (faultable) differ again: their mirrors keep a bias
 * of one level on every series, as native's syscall events count their own.
 */
#ifndef KTP_COMPAT_TRACEPOINT_H
#define KTP_COMPAT_TRACEPOINT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
#define KTP_TRACEPOINT_PREEMPT_LEVELS 0
#else
#define KTP_TRACEPOINT_PREEMPT_LEVELS 1
#endif

#endif /* KTP_COMPAT_TRACEPOINT_H */
