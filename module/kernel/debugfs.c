// SPDX-License-Identifier: GPL-2.0
/*
 * ktp's debugfs tree, /sys/kernel/debug/ktp/: creation, removal, and the
 * thin file operations (copy from the user, call the core, copy back).
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/slab.h>

#include <ktp/abi.h>
#include "debugfs.h"
#include "events_fs.h"
#include "rendered.h"
#include "trace_fs.h"
#include <ktp/samples.h>

static struct dentry *ktp_debugfs_root;

/* Read-only files rendered whole by the core at open (i_private: the enum ktp_text_file). */
static int ktp_text_open(struct inode *inode, struct file *file)
{
	enum ktp_text_file which = (enum ktp_text_file)(unsigned long)inode->i_private;
	char *text = NULL;
	ktp_size_t len = 0;
	int err;

	if (!ktp_rendered_wanted(file))
		return 0;
	err = ktp_render_text(which, &text, &len);
	return ktp_rendered_keep(file, err, text, len);
}

static const struct file_operations ktp_rendered_fops = {
	.owner = THIS_MODULE,
	.open = ktp_text_open,
	.read = ktp_rendered_read,
	.release = ktp_rendered_release,
	.llseek = default_llseek,
};

/* README: what the tree holds, for a person at a shell. */
static const char ktp_readme_text[] =
	"ktp: out-of-tree tracepoints, beside native tracing (/sys/kernel/tracing)\n"
	"Every file reads and writes like its native twin; the differences are noted.\n"
	"\n"
	"Recording:\n"
	"  trace                  the buffer as text, all CPUs merged by time (does not consume);\n"
	"                         opening it with O_TRUNC (: > trace) empties the buffer\n"
	"  trace_pipe             the same, consuming: blocks while empty, O_NONBLOCK gives EAGAIN,\n"
	"                         \"CPU:N [LOST M EVENTS]\" where overwritten records were lost\n"
	"  trace_marker           echo text > trace_marker records an ftrace:print event\n"
	"  tracing_on             0 stops writes into the buffer (events stay enabled), 1 resumes\n"
	"  set_event              echo sys:event (event, sys:*, *:*) enables, !sys:event disables;\n"
	"                         > clears first, >> appends; reading lists what is enabled\n"
	"  available_events       every event that can be enabled, as system:event\n"
	"  buffer_size_kb         per-CPU buffer size (X when CPUs differ); buffer_total_size_kb\n"
	"  options/overwrite      1: the oldest page is overwritten when full, 0: new events dropped\n"
	"  saved_cmdlines         pid to comm cache used by the output; saved_cmdlines_size\n"
	"  per_cpu/cpuN/          trace, trace_pipe, trace_pipe_raw (native pages, for trace-cmd),\n"
	"                         stats (entries, overrun, dropped, read...), buffer_size_kb\n"
	"\n"
	"Events:\n"
	"  events/enable, events/<system>/enable     0, 1, X (mixed)\n"
	"  events/<system>/<event>/enable            0 or 1; 0* / 1* in soft mode (triggers)\n"
	"  events/<system>/<event>/filter            ftrace's filter language, e.g.\n"
	"                         echo 'pid > 100 && comm ~ \"ba*\"' > filter; echo 0 > filter clears.\n"
	"                         A rejected filter shows native's error and caret, and ktp\n"
	"                         (unlike native) keeps the previous filter in force.\n"
	"  events/<system>/filter                    the same for every event that has the fields\n"
	"  events/<system>/<event>/trigger           traceon, traceoff, stacktrace,\n"
	"                         enable_event:sys:event, disable_event:sys:event,\n"
	"                         each with :count and 'if FILTER'; !trigger removes it\n"
	"  events/<system>/<event>/{id,format}       the record layout, in native's format\n"
	"  events/header_page, events/header_event   the page and event header layout\n"
	"  events/sched/*, events/raw_syscalls/*     mirror events: native's fields, fed by the\n"
	"                         native tracepoints while enabled, to compare both trees\n"
	"\n"
	"ktp's own:\n"
	"  static_keys            ktp's static keys: users, call sites, state, code check\n"
	"  sample_fire            echo N > sample_fire fires every ktp_sample event N times\n";

static ssize_t ktp_readme_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return simple_read_from_buffer(buf, count, pos, ktp_readme_text, sizeof(ktp_readme_text) - 1);
}

static const struct file_operations ktp_readme_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ktp_readme_read,
	.llseek = default_llseek,
};

/*
 * sample_fire: writing N fires every ktp_sample event N times, in rounds of
 * KTP_SAMPLE_FIRE_CHUNK with a reschedule point and a signal check between
 * them, so that a slow probe (a stacktrace trigger) cannot lock the CPU up
 * and Ctrl-C stops the writer (-EINTR).
 */
#define KTP_SAMPLE_FIRE_MAX 10000000UL
#define KTP_SAMPLE_FIRE_CHUNK 256UL

static ssize_t ktp_sample_fire_write(struct file *file, const char __user *buf, size_t count,
				     loff_t *pos)
{
	unsigned long n, done;
	int err = kstrtoul_from_user(buf, count, 0, &n);

	if (err)
		return err;
	if (n > KTP_SAMPLE_FIRE_MAX)
		return -EINVAL;
	for (done = 0; done < n; done += KTP_SAMPLE_FIRE_CHUNK) {
		if (signal_pending(current))
			return -EINTR;
		ktp_sample_fire(done, min(n - done, KTP_SAMPLE_FIRE_CHUNK));
		cond_resched();
	}
	return count;
}

static const struct file_operations ktp_sample_fire_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ktp_sample_fire_write,
	.llseek = noop_llseek,
};

int ktp_debugfs_init(void)
{
	struct dentry *root = debugfs_create_dir("ktp", NULL);

	int err;

	if (IS_ERR(root)) {
		pr_err("ktp: cannot create /sys/kernel/debug/ktp (%ld)\n", PTR_ERR(root));
		return PTR_ERR(root);
	}
	ktp_debugfs_root = root;
	debugfs_create_file("static_keys", 0440, root, (void *)(unsigned long)KTP_TEXT_STATIC_KEYS,
			    &ktp_rendered_fops);
	debugfs_create_file("README", 0440, root, NULL, &ktp_readme_fops);
	debugfs_create_file("available_events", 0440, root,
			    (void *)(unsigned long)KTP_TEXT_AVAILABLE_EVENTS, &ktp_rendered_fops);
	debugfs_create_file("sample_fire", 0200, root, NULL, &ktp_sample_fire_fops);
	err = ktp_events_fs_init(root);
	if (!err) {
		err = ktp_trace_fs_init(root, ktp_events_fs_dir());
		if (err)
			ktp_events_fs_exit();
	}
	if (err) {
		debugfs_remove(root);
		ktp_debugfs_root = NULL;
		ktp_trace_fs_exit();
	}
	return err;
}

void ktp_debugfs_exit(void)
{
	ktp_events_fs_exit();
	debugfs_remove(ktp_debugfs_root);
	ktp_debugfs_root = NULL;
	ktp_trace_fs_exit();
}
