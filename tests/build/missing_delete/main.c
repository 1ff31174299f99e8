// SPDX-License-Identifier: GPL-2.0
/* Module shell for the missing-operator-delete fixture. */
#include <linux/module.h>
void bad_drop(void *p);
static int __init bad_init(void) { bad_drop(NULL); return 0; }
module_init(bad_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp build fixture: missing_delete");
