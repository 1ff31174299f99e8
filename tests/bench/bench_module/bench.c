// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_bench.ko: measures native tracing and ktp side by side. Under QEMU's
 * -icount shift=0 a guest nanosecond is one executed instruction, so the
 * figures are instructions, exact and repeatable. Loading the module runs
 * the cases that need no set-up (iterations=N) and prints one
 * "KTP-BENCH <case> <tree> <ns> <iterations>" line per measurement to the
 * kernel log. The cases that need tracing set up (enabled, filters, ...)
 * are run by the guest's bench job, which configures both trees and then
 * writes "<case> <tree>" to /sys/kernel/debug/ktp_bench_run; "read <tree>"
 * drains that tree's trace_pipe and reports per record read.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/err.h>

#include <ktp/module.h>
#include "bench.h"

static unsigned long iterations = 100000;
module_param(iterations, ulong, 0444);
MODULE_PARM_DESC(iterations, "calls per measurement");
/* make profile: the guest waits until the host's debugger sets this. */
static int profile_go;
module_param(profile_go, int, 0444);
MODULE_PARM_DESC(profile_go, "set by the host's debugger when it is ready to step");

/* Helpers for bench_ktp.c, which must not use kernel static branches itself. */
u64 ktp_bench_clock_ns(void);
unsigned long ktp_bench_irq_save(void);
void ktp_bench_irq_restore(unsigned long flags);

u64 ktp_bench_clock_ns(void)
{
	return ktime_get_ns();
}

unsigned long ktp_bench_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

void ktp_bench_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

/* make profile's debugger stops here: what follows is the stepped call. */
noinline void ktp_bench_profile_mark(void)
{
	barrier();
}

static void report(const char *name, const char *tree, u64 ns)
{
	pr_info("KTP-BENCH %s %s %llu %lu\n", name, tree, ns, iterations);
}

static const char *const ktp_bench_pipes[] = {
	"/sys/kernel/tracing/trace_pipe",
	"/sys/kernel/debug/ktp/trace_pipe",
};

/*
 * Drains a trace_pipe (nonblocking) into a user page of the calling process,
 * through the file's own read (trace_pipe has no read_iter, so kernel_read
 * cannot be used), and returns the ns spent in the reads; *records: lines.
 */
static u64 ktp_bench_drain(const char *path, unsigned long *records)
{
	struct file *f = filp_open(path, O_RDONLY | O_NONBLOCK, 0);
	unsigned long uaddr;
	char *buf;
	u64 spent = 0;
	ssize_t n;
	loff_t pos = 0;

	*records = 0;
	if (IS_ERR(f))
		return 0;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	uaddr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (!buf || IS_ERR_VALUE(uaddr) || !f->f_op->read)
		goto out;
	for (;;) {
		u64 start = ktime_get_ns();
		ssize_t k;

		n = f->f_op->read(f, (char __user *)uaddr, PAGE_SIZE, &pos);
		spent += ktime_get_ns() - start;
		if (n <= 0 || copy_from_user(buf, (const char __user *)uaddr, n))
			break;
		for (k = 0; k < n; k++)
			*records += buf[k] == '\n';
	}
out:
	if (!IS_ERR_VALUE(uaddr))
		vm_munmap(uaddr, PAGE_SIZE);
	kfree(buf);
	filp_close(f, NULL);
	return spent;
}

/* What the callback case's consumers got: bytes of records. */
static unsigned long ktp_bench_consumed;

void ktp_bench_consume(void *data, const void *record, unsigned int size)
{
	WRITE_ONCE(ktp_bench_consumed, ktp_bench_consumed + size + ((const u8 *)record)[8]);
}

static ssize_t ktp_bench_run_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	char cmd[64], name[32], tree[16];
	unsigned long calls = iterations;
	bool native, quiet;
	u64 ns;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = 0;
	/* "<case> <tree> [calls]": with calls, a quiet run of that many (make profile steps one). */
	switch (sscanf(cmd, "%31s %15s %lu", name, tree, &calls)) {
	case 2:
		quiet = false;
		break;
	case 3:
		quiet = true;
		break;
	default:
		return -EINVAL;
	}
	native = !strcmp(tree, "native");
	if (!native && strcmp(tree, "ktp"))
		return -EINVAL;
	if (!strcmp(name, "read")) {
		unsigned long records;

		ns = ktp_bench_drain(ktp_bench_pipes[native ? 0 : 1], &records);
		if (!records)
			return -ENODATA;
		pr_info("KTP-BENCH read %s %llu %lu\n", tree, ns, records);
		return count;
	}
	if (!strcmp(name, "step")) {
		/* make profile: "step <tree> <0|1>", the string event with 1. */
		if (native)
			ktp_bench_profile_native(calls);
		else
			ktp_bench_profile_ktp(calls);
		return count;
	}
	if (!strcmp(name, "fill")) {
		/* Records for the read case: no measurement. */
		if (native)
			ktp_bench_loop_native(iterations);
		else
			ktp_bench_loop_ktp(iterations);
		return count;
	}
	if (!strcmp(name, "callback")) {
		int err = native ? ktp_bench_native_callback(true) : ktp_bench_ktp_callback(true);

		if (err)
			return err;
		ns = native ? ktp_bench_loop_native(calls) : ktp_bench_loop_ktp(calls);
		if (native)
			ktp_bench_native_callback(false);
		else
			ktp_bench_ktp_callback(false);
		if (!READ_ONCE(ktp_bench_consumed))
			return -ENODATA;
		WRITE_ONCE(ktp_bench_consumed, 0);
		if (!quiet)
			report(name, tree, ns);
		return count;
	}
	if (!strcmp(name, "string_glob"))
		ns = native ? ktp_bench_loop_native_str(calls) : ktp_bench_loop_ktp_str(calls);
	else
		ns = native ? ktp_bench_loop_native(calls) : ktp_bench_loop_ktp(calls);
	if (!quiet)
		report(name, tree, ns);
	return count;
}

static const struct file_operations ktp_bench_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ktp_bench_run_write,
	.llseek = noop_llseek,
};

static ssize_t ktp_bench_pokes_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	char text[32];
	int n = scnprintf(text, sizeof(text), "%d\n", ktp_bench_pokes_count());

	return simple_read_from_buffer(buf, count, pos, text, n);
}

static const struct file_operations ktp_bench_pokes_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ktp_bench_pokes_read,
	.llseek = default_llseek,
};

static struct dentry *ktp_bench_run_file, *ktp_bench_pokes_file;

static int __init ktp_bench_init(void)
{
	int err = ktp_module_events_register();

	if (err)
		return err;
	/* Warm up the caches and the code paths once. */
	ktp_bench_loop_native(1000);
	ktp_bench_loop_ktp(1000);

	report("loop", "native", ktp_bench_loop_empty(iterations));
	report("loop", "ktp", ktp_bench_loop_empty(iterations));
	report("disabled", "native", ktp_bench_loop_native(iterations));
	report("disabled", "ktp", ktp_bench_loop_ktp(iterations));

	err = ktp_bench_native_probe(true);
	if (!err) {
		report("probe_only", "native", ktp_bench_loop_native(iterations));
		ktp_bench_native_probe(false);
	}
	err = err ?: ktp_bench_ktp_probe(true);
	if (!err) {
		report("probe_only", "ktp", ktp_bench_loop_ktp(iterations));
		ktp_bench_ktp_probe(false);
	}
	if (err) {
		ktp_module_events_unregister();
		return err;
	}
	ktp_bench_run_file = debugfs_create_file("ktp_bench_run", 0200, NULL, NULL, &ktp_bench_run_fops);
	ktp_bench_pokes_file = debugfs_create_file("ktp_bench_pokes", 0400, NULL, NULL, &ktp_bench_pokes_fops);
	ktp_bench_pokes_start();
	return 0;
}

static void __exit ktp_bench_exit(void)
{
	ktp_bench_pokes_stop();
	debugfs_remove(ktp_bench_pokes_file);
	debugfs_remove(ktp_bench_run_file);
	ktp_module_events_unregister();
}

module_init(ktp_bench_init);
module_exit(ktp_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp benchmark: native tracing and ktp, instruction for instruction");
