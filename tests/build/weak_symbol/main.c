// SPDX-License-Identifier: GPL-2.0
/* Module shell for the weak-symbol fixture. */
#include <linux/module.h>
int bad_scaled(int x);
static int __init bad_init(void) { return bad_scaled(1) == 8 ? 0 : -EINVAL; }
module_init(bad_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp build fixture: weak_symbol");
