/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Native sched events whose prototype or fields differ between series, so
 * that ktp's mirrors (mirror_events.h) record what native records.
 *
 * Both changes are absent from 6.12 and present in 7.3; 6.16 is taken as
 * the release that brought them (the releases in between are not tested).
 */
#ifndef KTP_COMPAT_SCHED_EVENTS_H
#define KTP_COMPAT_SCHED_EVENTS_H

#include <linux/version.h>

/* sched_process_exit(p, group_dead), with a bool group_dead field printed true/false. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define KTP_SCHED_EXIT_GROUP_DEAD 1
#endif

/* sched_process_fork's parent_comm and child_comm are __string, not char[16]. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define KTP_SCHED_FORK_STRING_COMMS 1
#endif

#endif /* KTP_COMPAT_SCHED_EVENTS_H */
