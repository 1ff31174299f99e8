// SPDX-License-Identifier: GPL-2.0
/*
 * The top of ktp's tree: trace, trace_pipe, trace_marker, the control files
 * (tracing_on, buffer sizes, options/overwrite, saved_cmdlines, set_event, trace_clock,
 * events/enable, events/header_*) and per_cpu/cpuN/. File operations copy
 * data and call the core; blocking readers sleep here, woken through an
 * irq_work that writers queue from any context.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/splice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <ktp/abi.h>
#include "rendered.h"
#include "trace_fs.h"

static DECLARE_WAIT_QUEUE_HEAD(ktp_trace_wait);
static atomic_t ktp_trace_wakeups = ATOMIC_INIT(0);

static void ktp_trace_wake_work(struct irq_work *work)
{
	atomic_inc(&ktp_trace_wakeups);
	wake_up_all(&ktp_trace_wait);
}

static struct irq_work ktp_trace_wake = IRQ_WORK_INIT(ktp_trace_wake_work);

notrace void ktp_wake_readers(void)
{
	irq_work_queue(&ktp_trace_wake);
}

/* ---- control files: i_private is a struct ktp_ctl ---- */

struct ktp_ctl {
	enum ktp_control_file which;
	int cpu;
};

static int ktp_ctl_open(struct inode *inode, struct file *file)
{
	struct ktp_ctl *ctl = inode->i_private;
	char *text = NULL;
	ktp_size_t len = 0;
	int err;

	if ((file->f_mode & FMODE_WRITE) && (file->f_flags & O_TRUNC)) {
		err = ktp_control_truncate(ctl->which);
		if (err)
			return err;
	}
	if (!ktp_rendered_wanted(file))
		return 0;
	err = ktp_control_render(ctl->which, ctl->cpu, &text, &len);
	return ktp_rendered_keep(file, err, text, len);
}

/*
 * set_event takes one token per call, as native's parser: only a chunk is
 * copied, so that a long write, which comes back once per token, costs time
 * linear in its length.
 */
static ssize_t ktp_set_event_file_write(const char __user *ubuf, size_t count, loff_t *pos)
{
	size_t n = min_t(size_t, count, KTP_SET_EVENT_CHUNK);
	char *buf;
	long ret;

	if (!count)
		return 0;
	buf = kmalloc(n + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, n)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[n] = 0;
	ret = ktp_set_event_write(buf, n, n == count);
	kfree(buf);
	if (ret < 0)
		return ret;
	*pos += ret;
	return ret;
}

/* The numeric files read the start of a write and take all of it, as kstrtoul_from_user. */
static ssize_t ktp_ctl_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	struct ktp_ctl *ctl = file_inode(file)->i_private;
	char buf[KTP_VALUE_WRITE_MAX + 1];
	size_t n = min_t(size_t, count, KTP_VALUE_WRITE_MAX);
	long ret;

	if (ctl->which == KTP_CTL_SET_EVENT)
		return ktp_set_event_file_write(ubuf, count, pos);
	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = 0;
	ret = ktp_control_write(ctl->which, ctl->cpu, buf, n);
	if (ret < 0)
		return ret;
	*pos += count;
	return count;
}

static const struct file_operations ktp_ctl_fops = {
	.owner = THIS_MODULE,
	.open = ktp_ctl_open,
	.read = ktp_rendered_read,
	.write = ktp_ctl_write,
	.release = ktp_rendered_release,
	.llseek = default_llseek,
};

/* ---- readers: trace, trace_pipe, trace_pipe_raw (i_private: a struct ktp_ctl, cpu -1 for all) ---- */

struct ktp_trace_file {
	struct ktp_reader *reader;
	struct mutex lock; /* one read at a time per open file */
	atomic_t wait_index; /* trace_pipe_raw: bumped by ioctl(fd, 0), which ends a waiting splice */
};

static int ktp_reader_file_open(struct inode *inode, struct file *file, enum ktp_reader_kind kind)
{
	struct ktp_ctl *ctl = inode->i_private;
	struct ktp_trace_file *tf;
	int err;

	if (kind == KTP_READER_TRACE && (file->f_mode & FMODE_WRITE) && (file->f_flags & O_TRUNC)) {
		err = ktp_trace_reset(ctl->cpu);
		if (err)
			return err;
	}
	file->private_data = NULL;
	if (!(file->f_mode & FMODE_READ))
		return 0;
	tf = kzalloc(sizeof(*tf), GFP_KERNEL);
	if (!tf)
		return -ENOMEM;
	tf->reader = ktp_reader_open(kind, ctl->cpu);
	if (!tf->reader) {
		kfree(tf);
		return -ENOMEM;
	}
	mutex_init(&tf->lock);
	file->private_data = tf;
	return 0;
}

static int ktp_trace_open(struct inode *inode, struct file *file)
{
	return ktp_reader_file_open(inode, file, KTP_READER_TRACE);
}

static int ktp_pipe_open(struct inode *inode, struct file *file)
{
	return ktp_reader_file_open(inode, file, KTP_READER_PIPE);
}

static int ktp_raw_open(struct inode *inode, struct file *file)
{
	return ktp_reader_file_open(inode, file, KTP_READER_RAW);
}

static int ktp_reader_file_release(struct inode *inode, struct file *file)
{
	struct ktp_trace_file *tf = file->private_data;

	if (tf) {
		ktp_reader_close(tf->reader);
		kfree(tf);
	}
	return 0;
}

/* Reads into a bounce page, then to the user; blocking unless nonblocking or a snapshot. */
static ssize_t ktp_reader_file_read(struct file *file, char __user *ubuf, size_t count, bool block)
{
	struct ktp_trace_file *tf = file->private_data;
	char *page;
	long n;

	if (!tf)
		return -EINVAL;
	if (!count)
		return 0;
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	if (mutex_lock_interruptible(&tf->lock)) {
		free_page((unsigned long)page);
		return -ERESTARTSYS;
	}
	for (;;) {
		int seen = atomic_read(&ktp_trace_wakeups);

		n = ktp_reader_read(tf->reader, page, min_t(size_t, count, PAGE_SIZE));
		if (n != 0 || !block)
			break;
		if (file->f_flags & O_NONBLOCK) {
			n = -EAGAIN;
			break;
		}
		/* Ask for a wakeup, then look again: a commit in between is not missed. */
		ktp_reader_want_wakeup();
		if (ktp_reader_ready(tf->reader))
			continue;
		if (wait_event_interruptible(ktp_trace_wait, atomic_read(&ktp_trace_wakeups) != seen)) {
			/* trace_pipe_raw is not restarted, as native's: a signal ends the read. */
			n = file->f_op->splice_read ? -EINTR : -ERESTARTSYS;
			break;
		}
	}
	mutex_unlock(&tf->lock);
	if (n > 0 && copy_to_user(ubuf, page, n))
		n = -EFAULT;
	free_page((unsigned long)page);
	return n;
}

static ssize_t ktp_trace_read(struct file *file, char __user *ubuf, size_t count, loff_t *pos)
{
	return ktp_reader_file_read(file, ubuf, count, false);
}

static ssize_t ktp_pipe_read(struct file *file, char __user *ubuf, size_t count, loff_t *pos)
{
	return ktp_reader_file_read(file, ubuf, count, true);
}

/* Writing trace only matters for O_TRUNC at open; the data is taken and ignored, as native. */
static ssize_t ktp_trace_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	return count;
}

static __poll_t ktp_pipe_poll(struct file *file, struct poll_table_struct *wait)
{
	struct ktp_trace_file *tf = file->private_data;

	if (!tf)
		return EPOLLERR;
	poll_wait(file, &ktp_trace_wait, wait);
	ktp_reader_want_wakeup();
	return ktp_reader_ready(tf->reader) ? EPOLLIN | EPOLLRDNORM : 0;
}

/*
 * splice(2) from trace_pipe_raw moves whole pages the writer has left, as
 * native's: a reader that asks for 64 KiB while the writer is halfway
 * through its third page gets two pages, or waits (and gets EAGAIN with
 * O_NONBLOCK or SPLICE_F_NONBLOCK) when none is full; the partly filled page
 * is read with read(2) at the end of a recording. Each page is copied into a
 * page of its own that the pipe frees.
 */
static const struct pipe_buf_operations ktp_page_pipe_ops = {
	.release = generic_pipe_buf_release,
	.get = generic_pipe_buf_get,
};

/* Moves the pages there are into the pipe: the bytes moved, 0 when none, or a negative errno. */
static ssize_t ktp_raw_splice_pages(struct ktp_trace_file *tf, struct pipe_inode_info *pipe, size_t len)
{
	ssize_t moved = 0;

	while (len >= PAGE_SIZE && !pipe_full(pipe->head, pipe->tail, pipe->max_usage)) {
		struct pipe_buffer buf = { .len = PAGE_SIZE, .ops = &ktp_page_pipe_ops };
		long n;

		buf.page = alloc_page(GFP_KERNEL);
		if (!buf.page)
			return moved ? moved : -ENOMEM;
		n = ktp_reader_read_page(tf->reader, page_address(buf.page), 1);
		if (n <= 0) {
			__free_page(buf.page);
			return moved ? moved : n;
		}
		n = add_to_pipe(pipe, &buf); /* frees the page when it fails */
		if (n < 0)
			return moved ? moved : n;
		moved += PAGE_SIZE;
		len -= PAGE_SIZE;
	}
	return moved;
}

static ssize_t ktp_raw_splice_read(struct file *file, loff_t *ppos, struct pipe_inode_info *pipe, size_t len,
				   unsigned int flags)
{
	struct ktp_trace_file *tf = file->private_data;
	bool armed = false;
	ssize_t ret;

	if (!tf)
		return -EINVAL;
	if (len & (PAGE_SIZE - 1)) {
		if (len < PAGE_SIZE)
			return -EINVAL;
		len &= PAGE_MASK;
	}
	if (mutex_lock_interruptible(&tf->lock))
		return -EINTR;
	for (;;) {
		int seen = atomic_read(&ktp_trace_wakeups);
		int index = atomic_read(&tf->wait_index);

		ret = ktp_raw_splice_pages(tf, pipe, len);
		if (ret)
			break;
		if ((file->f_flags & O_NONBLOCK) || (flags & SPLICE_F_NONBLOCK)) {
			ret = -EAGAIN;
			break;
		}
		/* Ask for a wakeup, then look once more: a page finished in between is not missed. */
		if (!armed) {
			ktp_reader_want_wakeup();
			armed = true;
			continue;
		}
		armed = false;
		if (wait_event_interruptible(ktp_trace_wait, atomic_read(&ktp_trace_wakeups) != seen)) {
			ret = -EINTR;
			break;
		}
		if (atomic_read(&tf->wait_index) != index)
			break; /* woken by ioctl(fd, 0): 0 bytes */
	}
	mutex_unlock(&tf->lock);
	return ret;
}

/* ioctl(fd, 0) wakes the readers waiting on the buffer (trace-cmd's stop), as native's. */
static long ktp_raw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ktp_trace_file *tf = file->private_data;

	if (cmd)
		return -ENOIOCTLCMD;
	if (tf)
		atomic_inc(&tf->wait_index);
	atomic_inc(&ktp_trace_wakeups);
	wake_up_all(&ktp_trace_wait);
	return 0;
}

static const struct file_operations ktp_trace_fops = {
	.owner = THIS_MODULE,
	.open = ktp_trace_open,
	.read = ktp_trace_read,
	.write = ktp_trace_write,
	.release = ktp_reader_file_release,
	.llseek = noop_llseek,
};

static const struct file_operations ktp_pipe_fops = {
	.owner = THIS_MODULE,
	.open = ktp_pipe_open,
	.read = ktp_pipe_read,
	.poll = ktp_pipe_poll,
	.release = ktp_reader_file_release,
	.llseek = noop_llseek,
};

static const struct file_operations ktp_raw_fops = {
	.owner = THIS_MODULE,
	.open = ktp_raw_open,
	.read = ktp_pipe_read,
	.splice_read = ktp_raw_splice_read,
	.unlocked_ioctl = ktp_raw_ioctl,
	.poll = ktp_pipe_poll,
	.release = ktp_reader_file_release,
	.llseek = noop_llseek,
};

/* ---- trace_marker ---- */

static ssize_t ktp_marker_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	char buf[1024];
	size_t n = min_t(size_t, count, sizeof(buf));
	long ret;

	if (!count)
		return 0;
	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	ret = ktp_trace_marker_write(buf, n);
	return ret;
}

static ssize_t ktp_marker_read(struct file *file, char __user *ubuf, size_t count, loff_t *pos)
{
	return -EINVAL;
}

static const struct file_operations ktp_marker_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ktp_marker_read,
	.write = ktp_marker_write,
	.llseek = noop_llseek,
};

/* ---- the files ---- */

static struct ktp_ctl ktp_top_ctls[] = {
	{ KTP_CTL_TRACING_ON, -1 },	     { KTP_CTL_BUFFER_SIZE_KB, -1 },
	{ KTP_CTL_BUFFER_TOTAL_SIZE_KB, -1 }, { KTP_CTL_OVERWRITE, -1 },
	{ KTP_CTL_SAVED_CMDLINES, -1 },	     { KTP_CTL_SAVED_CMDLINES_SIZE, -1 },
	{ KTP_CTL_SET_EVENT, -1 },	     { KTP_CTL_EVENTS_ENABLE, -1 },
	{ KTP_CTL_HEADER_PAGE, -1 },	     { KTP_CTL_HEADER_EVENT, -1 },
	{ KTP_CTL_TRACE_CLOCK, -1 },
};
static struct ktp_ctl ktp_all_cpus = { 0, -1 };
/* Per CPU: buffer_size_kb, stats, and the readers' cpu. */
static struct ktp_ctl *ktp_cpu_ctls;

static struct ktp_ctl *ktp_top(enum ktp_control_file which)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktp_top_ctls); i++)
		if (ktp_top_ctls[i].which == which)
			return &ktp_top_ctls[i];
	return NULL;
}

int ktp_trace_fs_init(struct dentry *root, struct dentry *events)
{
	struct dentry *options, *per_cpu, *dir;
	char name[16];
	int cpu;

	/* Modes as native's: read-only 0440, writable 0640, trace_marker 0220. */
	debugfs_create_file("tracing_on", 0640, root, ktp_top(KTP_CTL_TRACING_ON), &ktp_ctl_fops);
	debugfs_create_file("buffer_size_kb", 0640, root, ktp_top(KTP_CTL_BUFFER_SIZE_KB), &ktp_ctl_fops);
	debugfs_create_file("buffer_total_size_kb", 0440, root, ktp_top(KTP_CTL_BUFFER_TOTAL_SIZE_KB), &ktp_ctl_fops);
	debugfs_create_file("saved_cmdlines", 0440, root, ktp_top(KTP_CTL_SAVED_CMDLINES), &ktp_ctl_fops);
	debugfs_create_file("saved_cmdlines_size", 0640, root, ktp_top(KTP_CTL_SAVED_CMDLINES_SIZE), &ktp_ctl_fops);
	debugfs_create_file("set_event", 0640, root, ktp_top(KTP_CTL_SET_EVENT), &ktp_ctl_fops);
	debugfs_create_file("trace", 0640, root, &ktp_all_cpus, &ktp_trace_fops);
	debugfs_create_file("trace_pipe", 0440, root, &ktp_all_cpus, &ktp_pipe_fops);
	debugfs_create_file("trace_marker", 0220, root, NULL, &ktp_marker_fops);
	debugfs_create_file("trace_clock", 0640, root, ktp_top(KTP_CTL_TRACE_CLOCK), &ktp_ctl_fops);
	debugfs_create_file("enable", 0640, events, ktp_top(KTP_CTL_EVENTS_ENABLE), &ktp_ctl_fops);
	debugfs_create_file("header_page", 0440, events, ktp_top(KTP_CTL_HEADER_PAGE), &ktp_ctl_fops);
	debugfs_create_file("header_event", 0440, events, ktp_top(KTP_CTL_HEADER_EVENT), &ktp_ctl_fops);
	options = debugfs_create_dir("options", root);
	debugfs_create_file("overwrite", 0640, options, ktp_top(KTP_CTL_OVERWRITE), &ktp_ctl_fops);

	ktp_cpu_ctls = kcalloc(nr_cpu_ids * 3, sizeof(*ktp_cpu_ctls), GFP_KERNEL);
	if (!ktp_cpu_ctls)
		return -ENOMEM;
	per_cpu = debugfs_create_dir("per_cpu", root);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct ktp_ctl *c = &ktp_cpu_ctls[cpu * 3];

		if (!ktp_trace_cpu_present(cpu))
			continue;
		c[0] = (struct ktp_ctl){ KTP_CTL_BUFFER_SIZE_KB, cpu };
		c[1] = (struct ktp_ctl){ KTP_CTL_STATS, cpu };
		c[2] = (struct ktp_ctl){ 0, cpu };
		snprintf(name, sizeof(name), "cpu%d", cpu);
		dir = debugfs_create_dir(name, per_cpu);
		debugfs_create_file("buffer_size_kb", 0640, dir, &c[0], &ktp_ctl_fops);
		debugfs_create_file("stats", 0440, dir, &c[1], &ktp_ctl_fops);
		debugfs_create_file("trace", 0640, dir, &c[2], &ktp_trace_fops);
		debugfs_create_file("trace_pipe", 0440, dir, &c[2], &ktp_pipe_fops);
		/*
		 * Without debugfs's proxy, which forwards no splice_read. Removal
		 * stays safe: an open is still guarded by debugfs until it holds
		 * ktp (fops .owner), so ktp cannot unload, nor free c[], while the
		 * file is open.
		 */
		debugfs_create_file_unsafe("trace_pipe_raw", 0440, dir, &c[2], &ktp_raw_fops);
	}
	return 0;
}

/* After the tree is gone: no reader sleeps and no wakeup is pending. */
void ktp_trace_fs_exit(void)
{
	irq_work_sync(&ktp_trace_wake);
	kfree(ktp_cpu_ctls);
	ktp_cpu_ctls = NULL;
}
