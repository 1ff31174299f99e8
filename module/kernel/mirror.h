/* SPDX-License-Identifier: GPL-2.0 */
/* The mirror events' set-up, called by main.c before ktp's events are registered. */
#ifndef KTP_KERNEL_MIRROR_H
#define KTP_KERNEL_MIRROR_H

/* Finds the native tracepoints and wires each mirror event's attach hook. */
void ktp_mirror_events_prepare(void);

#endif
