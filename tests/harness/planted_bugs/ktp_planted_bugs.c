// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module that commits one bug at load, chosen by its "bug" parameter,
 * so that the harness can prove a VM run with such a bug is failed:
 * use_after_free, lock_inversion, sleep_in_atomic, leak, warn, none.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "the bug to commit at load");

static DEFINE_MUTEX(planted_lock_a);
static DEFINE_MUTEX(planted_lock_b);
static DEFINE_SPINLOCK(planted_spin);
static noinline void planted_leak(void)
{
	void *volatile p = kmalloc(128, GFP_KERNEL);

	/* Drop the only reference: kmemleak reports the block as unreferenced. */
	p = NULL;
}

static noinline void planted_use_after_free(void)
{
	char *volatile p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return;
	kfree(p);
	pr_info("ktp_planted_bugs: reading freed byte %d\n", p[8]);
}

static noinline void planted_lock_inversion(void)
{
	mutex_lock(&planted_lock_a);
	mutex_lock(&planted_lock_b);
	mutex_unlock(&planted_lock_b);
	mutex_unlock(&planted_lock_a);
	/* The opposite order: lockdep reports a possible deadlock. */
	mutex_lock(&planted_lock_b);
	mutex_lock(&planted_lock_a);
	mutex_unlock(&planted_lock_a);
	mutex_unlock(&planted_lock_b);
}

static noinline void planted_sleep_in_atomic(void)
{
	spin_lock(&planted_spin);
	mutex_lock(&planted_lock_a); /* might_sleep() under a spinlock */
	mutex_unlock(&planted_lock_a);
	spin_unlock(&planted_spin);
}

static int __init planted_init(void)
{
	pr_info("ktp_planted_bugs: planting '%s'\n", bug);
	if (!strcmp(bug, "use_after_free"))
		planted_use_after_free();
	else if (!strcmp(bug, "lock_inversion"))
		planted_lock_inversion();
	else if (!strcmp(bug, "sleep_in_atomic"))
		planted_sleep_in_atomic();
	else if (!strcmp(bug, "leak"))
		planted_leak();
	else if (!strcmp(bug, "warn"))
		WARN(1, "ktp_planted_bugs: planted warning\n");
	return 0;
}

static void __exit planted_exit(void)
{
}

module_init(planted_init);
module_exit(planted_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp test harness: plants a bug on request");
