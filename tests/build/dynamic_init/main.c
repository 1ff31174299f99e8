// SPDX-License-Identifier: GPL-2.0
/* Module shell for the dynamic-initializer fixture. */
#include <linux/module.h>
int bad_compute(void);
int bad_compute(void) { return 42; }
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp build fixture: dynamic_init");
