// SPDX-License-Identifier: GPL-2.0
/* Module shell for the objtool-warning fixture. */
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp build fixture: objtool_warning");
