// SPDX-License-Identifier: GPL-2.0
/*
 * ktp's events/ directory: events/<system>/<event>/{id,format,filter},
 * created and removed as the core announces events (registration of ktp
 * and of other modules). File operations only copy data and call the core.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <ktp/abi.h>
#include "events_fs.h"

struct ktp_fs_system {
	struct list_head node;
	struct dentry *dir;
	int nr_events;
	char name[KTP_NAME_MAX + 1];
};

struct ktp_fs_event {
	struct list_head node;
	void *event;
	struct dentry *dir;
	struct ktp_fs_system *system;
};

static DEFINE_MUTEX(ktp_fs_lock);
static LIST_HEAD(ktp_fs_systems);
static LIST_HEAD(ktp_fs_events);
static struct dentry *ktp_events_dir;

/* Rendered at open, read from the copy: a read never sees a half-changed state. */
struct ktp_fs_text {
	char *text;
	ktp_size_t len;
};

static int ktp_fs_open_text(struct inode *inode, struct file *file, enum ktp_event_file which)
{
	struct ktp_fs_event *fe = inode->i_private;
	struct ktp_fs_text *t = kzalloc(sizeof(*t), GFP_KERNEL);
	int err;

	if (!t)
		return -ENOMEM;
	err = ktp_event_render(fe->event, which, &t->text, &t->len);
	if (err) {
		kfree(t);
		return err;
	}
	file->private_data = t;
	return 0;
}

static int ktp_fs_open_id(struct inode *inode, struct file *file)
{
	return ktp_fs_open_text(inode, file, KTP_EVENT_ID);
}

static int ktp_fs_open_format(struct inode *inode, struct file *file)
{
	return ktp_fs_open_text(inode, file, KTP_EVENT_FORMAT);
}

static int ktp_fs_open_enable(struct inode *inode, struct file *file)
{
	if (!(file->f_mode & FMODE_READ)) {
		file->private_data = NULL;
		return 0;
	}
	return ktp_fs_open_text(inode, file, KTP_EVENT_ENABLE);
}

static int ktp_fs_open_trigger(struct inode *inode, struct file *file)
{
	if (!(file->f_mode & FMODE_READ)) {
		file->private_data = NULL;
		return 0;
	}
	return ktp_fs_open_text(inode, file, KTP_EVENT_TRIGGER);
}

static int ktp_fs_open_filter(struct inode *inode, struct file *file)
{
	/* A write-only open has nothing to render. */
	if (!(file->f_mode & FMODE_READ)) {
		file->private_data = NULL;
		return 0;
	}
	return ktp_fs_open_text(inode, file, KTP_EVENT_FILTER);
}

static ssize_t ktp_fs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct ktp_fs_text *t = file->private_data;

	if (!t)
		return -EINVAL;
	return simple_read_from_buffer(buf, count, pos, t->text, t->len);
}

static int ktp_fs_release(struct inode *inode, struct file *file)
{
	struct ktp_fs_text *t = file->private_data;

	if (t) {
		ktp_free(t->text);
		kfree(t);
	}
	return 0;
}

/* Copies a write (under a page, as native) and hands it to the core. */
static ssize_t ktp_fs_write_with(const char __user *ubuf, size_t count, loff_t *pos,
				 int (*apply)(const void *target, const char *buf, ktp_size_t len),
				 const void *target)
{
	char *buf;
	int ret;

	if (count >= PAGE_SIZE)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = apply(target, buf, count);
	kfree(buf);
	if (ret < 0)
		return ret;
	*pos += count;
	return count;
}

/* An enable file: the start of the write is read and all of it taken, as kstrtoul_from_user. */
static ssize_t ktp_fs_write_value(const char __user *ubuf, size_t count, loff_t *pos,
				  int (*apply)(const void *target, const char *buf, ktp_size_t len),
				  const void *target)
{
	char buf[KTP_VALUE_WRITE_MAX + 1];
	size_t n = min_t(size_t, count, KTP_VALUE_WRITE_MAX);
	int ret;

	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = 0;
	ret = apply(target, buf, n);
	if (ret < 0)
		return ret;
	*pos += count;
	return count;
}

static int ktp_fs_apply_event_filter(const void *target, const char *buf, ktp_size_t len)
{
	return ktp_event_write_filter(((const struct ktp_fs_event *)target)->event, buf, len);
}

static int ktp_fs_apply_system_filter(const void *target, const char *buf, ktp_size_t len)
{
	return ktp_system_write_filter(((const struct ktp_fs_system *)target)->name, buf, len);
}

static int ktp_fs_apply_event_enable(const void *target, const char *buf, ktp_size_t len)
{
	return ktp_event_write_enable(((const struct ktp_fs_event *)target)->event, buf, len);
}

static int ktp_fs_apply_system_enable(const void *target, const char *buf, ktp_size_t len)
{
	return ktp_system_write_enable(((const struct ktp_fs_system *)target)->name, buf, len);
}

static int ktp_fs_apply_event_trigger(const void *target, const char *buf, ktp_size_t len)
{
	return ktp_event_write_trigger(((const struct ktp_fs_event *)target)->event, buf, len);
}

static ssize_t ktp_fs_write_trigger(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	return ktp_fs_write_with(ubuf, count, pos, ktp_fs_apply_event_trigger, file_inode(file)->i_private);
}

static const struct file_operations ktp_fs_trigger_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_trigger,
	.read = ktp_fs_read,
	.write = ktp_fs_write_trigger,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static ssize_t ktp_fs_write_enable(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	return ktp_fs_write_value(ubuf, count, pos, ktp_fs_apply_event_enable, file_inode(file)->i_private);
}

static ssize_t ktp_fs_write_system_enable(struct file *file, const char __user *ubuf, size_t count,
					  loff_t *pos)
{
	return ktp_fs_write_value(ubuf, count, pos, ktp_fs_apply_system_enable, file_inode(file)->i_private);
}

/* A system file rendered at open by render (a write-only open renders nothing). */
static int ktp_fs_open_system_text(struct inode *inode, struct file *file,
				   int (*render)(const char *system, char **out, ktp_size_t *len))
{
	struct ktp_fs_system *sys = inode->i_private;
	struct ktp_fs_text *t;
	int err;

	if (!(file->f_mode & FMODE_READ)) {
		file->private_data = NULL;
		return 0;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = render(sys->name, &t->text, &t->len);
	if (err) {
		kfree(t);
		return err;
	}
	file->private_data = t;
	return 0;
}

static int ktp_fs_open_system_enable(struct inode *inode, struct file *file)
{
	return ktp_fs_open_system_text(inode, file, ktp_system_render_enable);
}

static const struct file_operations ktp_fs_enable_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_enable,
	.read = ktp_fs_read,
	.write = ktp_fs_write_enable,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static const struct file_operations ktp_fs_system_enable_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_system_enable,
	.read = ktp_fs_read,
	.write = ktp_fs_write_system_enable,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static ssize_t ktp_fs_write_filter(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	return ktp_fs_write_with(ubuf, count, pos, ktp_fs_apply_event_filter, file_inode(file)->i_private);
}

static int ktp_fs_open_system_filter(struct inode *inode, struct file *file)
{
	return ktp_fs_open_system_text(inode, file, ktp_system_render_filter);
}

static ssize_t ktp_fs_write_system_filter(struct file *file, const char __user *ubuf, size_t count,
					  loff_t *pos)
{
	return ktp_fs_write_with(ubuf, count, pos, ktp_fs_apply_system_filter, file_inode(file)->i_private);
}

static const struct file_operations ktp_fs_system_filter_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_system_filter,
	.read = ktp_fs_read,
	.write = ktp_fs_write_system_filter,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static const struct file_operations ktp_fs_id_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_id,
	.read = ktp_fs_read,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static const struct file_operations ktp_fs_format_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_format,
	.read = ktp_fs_read,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static const struct file_operations ktp_fs_filter_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_open_filter,
	.read = ktp_fs_read,
	.write = ktp_fs_write_filter,
	.release = ktp_fs_release,
	.llseek = default_llseek,
};

static struct ktp_fs_system *ktp_fs_system_get(const char *name)
{
	struct ktp_fs_system *sys;

	list_for_each_entry(sys, &ktp_fs_systems, node)
		if (!strcmp(sys->name, name))
			return sys;
	sys = kzalloc(sizeof(*sys), GFP_KERNEL);
	if (!sys)
		return NULL;
	strscpy(sys->name, name, sizeof(sys->name));
	sys->dir = debugfs_create_dir(name, ktp_events_dir);
	if (IS_ERR(sys->dir)) {
		kfree(sys);
		return NULL;
	}
	debugfs_create_file("enable", 0640, sys->dir, sys, &ktp_fs_system_enable_fops);
	debugfs_create_file("filter", 0640, sys->dir, sys, &ktp_fs_system_filter_fops);
	list_add_tail(&sys->node, &ktp_fs_systems);
	return sys;
}

/* Removes a system whose last event went (or whose first could not be added). */
static void ktp_fs_system_put(struct ktp_fs_system *sys)
{
	if (sys->nr_events)
		return;
	debugfs_remove(sys->dir);
	list_del(&sys->node);
	kfree(sys);
}

void ktp_fs_event_added(void *event, const char *system, const char *name)
{
	struct ktp_fs_event *fe;

	mutex_lock(&ktp_fs_lock);
	if (!ktp_events_dir)
		goto out;
	fe = kzalloc(sizeof(*fe), GFP_KERNEL);
	if (!fe)
		goto nomem;
	fe->event = event;
	fe->system = ktp_fs_system_get(system);
	if (!fe->system) {
		kfree(fe);
		goto nomem;
	}
	fe->dir = debugfs_create_dir(name, fe->system->dir);
	if (IS_ERR(fe->dir)) {
		/* A system made for this event alone goes with it. */
		ktp_fs_system_put(fe->system);
		kfree(fe);
		pr_warn("ktp: cannot create the directory of %s:%s\n", system, name);
		goto out;
	}
	fe->system->nr_events++;
	/* Modes as native's 6.1 tracefs: read-only files 0440, writable 0640. */
	if (ktp_event_has_enable(event)) {
		debugfs_create_file("enable", 0640, fe->dir, fe, &ktp_fs_enable_fops);
		debugfs_create_file("trigger", 0640, fe->dir, fe, &ktp_fs_trigger_fops);
	}
	debugfs_create_file("id", 0440, fe->dir, fe, &ktp_fs_id_fops);
	debugfs_create_file("format", 0440, fe->dir, fe, &ktp_fs_format_fops);
	debugfs_create_file("filter", 0640, fe->dir, fe, &ktp_fs_filter_fops);
	list_add_tail(&fe->node, &ktp_fs_events);
	goto out;
nomem:
	pr_warn("ktp: no memory for the files of %s:%s\n", system, name);
out:
	mutex_unlock(&ktp_fs_lock);
}

void ktp_fs_event_removed(void *event)
{
	struct ktp_fs_event *fe, *tmp;

	mutex_lock(&ktp_fs_lock);
	list_for_each_entry_safe(fe, tmp, &ktp_fs_events, node) {
		if (fe->event != event)
			continue;
		list_del(&fe->node);
		/* Waits for running file operations of this event. */
		debugfs_remove(fe->dir);
		fe->system->nr_events--;
		ktp_fs_system_put(fe->system);
		kfree(fe);
	}
	mutex_unlock(&ktp_fs_lock);
}

struct dentry *ktp_events_fs_dir(void)
{
	return ktp_events_dir;
}

int ktp_events_fs_init(struct dentry *root)
{
	struct dentry *dir = debugfs_create_dir("events", root);

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	mutex_lock(&ktp_fs_lock);
	ktp_events_dir = dir;
	mutex_unlock(&ktp_fs_lock);
	return 0;
}

void ktp_events_fs_exit(void)
{
	mutex_lock(&ktp_fs_lock);
	ktp_events_dir = NULL; /* the whole tree goes with ktp's root */
	mutex_unlock(&ktp_fs_lock);
}
