/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Setting up an hrtimer with its callback in one call: 6.13 brought
 * hrtimer_setup(), and 7.3 no longer has hrtimer_init().
 */
#ifndef KTP_COMPAT_HRTIMER_H
#define KTP_COMPAT_HRTIMER_H

#include <linux/hrtimer.h>
#include <linux/version.h>

static inline void ktp_hrtimer_setup(struct hrtimer *timer, enum hrtimer_restart (*function)(struct hrtimer *),
				     clockid_t clock, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(timer, function, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = function;
#endif
}

#endif /* KTP_COMPAT_HRTIMER_H */
