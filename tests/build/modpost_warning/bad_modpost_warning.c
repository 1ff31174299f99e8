// SPDX-License-Identifier: GPL-2.0
/* Broken on purpose: ordinary text referring to __init text, a section mismatch for modpost. */
#include <linux/module.h>
#include <linux/init.h>

static noinline int __init bad_init_helper(void)
{
	return 1;
}

noinline int bad_late_caller(void);
noinline int bad_late_caller(void)
{
	return bad_init_helper();
}
EXPORT_SYMBOL_GPL(bad_late_caller);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp build fixture: modpost_warning");
