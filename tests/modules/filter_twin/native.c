// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_filter_twin.ko: a native TRACE_EVENT (ktp_twin_native:twin) and a ktp
 * event (ktp_twin:twin) with identical fields, so that the same filter can
 * be written to both and the answers compared.
 */
#include <linux/module.h>
#include <linux/string.h>

#define CREATE_TRACE_POINTS
#include "twin_native.h"

#include <ktp/module.h>

static int __init ktp_twin_init(void)
{
	return ktp_module_events_register();
}

static void __exit ktp_twin_exit(void)
{
	ktp_module_events_unregister();
}

module_init(ktp_twin_init);
module_exit(ktp_twin_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp test: a native event and a ktp event with the same fields");
