// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_filter_twin.ko: a native TRACE_EVENT (ktp_twin_native:twin) and a ktp
 * event (ktp_twin:twin) with identical fields, so that the same filter can
 * be written to both and the answers compared.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#define CREATE_TRACE_POINTS
#include "twin_native.h"

#include <ktp/module.h>

void ktp_twin_fire(int i, const char *s);

/* The arguments both twins fire with: signed and unsigned edges of every width, and strings to glob. */
static const int ktp_twin_values[] = {
	0, 1, -1, 2, 3, 5, 7, 8, 15, 16, 17, 100, 127, 128, 129, 255, 256, -127, -128, -129, -255, -256,
	1000, 32767, 32768, 65535, 65536, -32768, -32769, 100000, 2147483647, -2147483647 - 1, 42, -42,
	0x1234, 0x7f7f, 0x10000, 12345678,
};
static const char *const ktp_twin_strings[] = {
	"alpha", "beta", "abc", "xabcx", "", "ABC", "a", "gamma-ray", "abcdefghijklmnopqrstuvwxyz", "x?y", "[br]",
};

/* Writing N fires each twin N times over the table, with the same arguments. */
static ssize_t ktp_twin_fire_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	unsigned long n, k;
	int err = kstrtoul_from_user(buf, count, 0, &n);

	if (err)
		return err;
	for (k = 0; k < n; k++) {
		int v = ktp_twin_values[k % ARRAY_SIZE(ktp_twin_values)];
		const char *s = ktp_twin_strings[k % ARRAY_SIZE(ktp_twin_strings)];

		trace_twin(v, s);
		ktp_twin_fire(v, s);
	}
	return count;
}

static const struct file_operations ktp_twin_fire_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ktp_twin_fire_write,
	.llseek = noop_llseek,
};

static struct dentry *ktp_twin_file;

static int __init ktp_twin_init(void)
{
	int err = ktp_module_events_register();

	if (err)
		return err;
	ktp_twin_file = debugfs_create_file("ktp_twin_fire", 0200, NULL, NULL, &ktp_twin_fire_fops);
	return 0;
}

static void __exit ktp_twin_exit(void)
{
	debugfs_remove(ktp_twin_file);
	ktp_module_events_unregister();
}

module_init(ktp_twin_init);
module_exit(ktp_twin_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp test: a native event and a ktp event with the same fields");
