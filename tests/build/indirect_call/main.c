// SPDX-License-Identifier: GPL-2.0
/* Resolves kallsyms_lookup_name with a kprobe and calls it through a pointer: kbuild/check-indirect-calls.sh must refuse it. */
#include <linux/module.h>
#include <linux/kprobes.h>

static int __init bad_indirect_call_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name", .flags = KPROBE_FLAG_DISABLED };
	unsigned long (*lookup)(const char *name);
	int err = register_kprobe(&kp);

	if (err < 0)
		return err;
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	return lookup("jiffies") ? 0 : -ENOENT;
}
module_init(bad_indirect_call_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp build fixture: an indirect call to a run-time-resolved kernel function");
