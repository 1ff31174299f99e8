// SPDX-License-Identifier: GPL-2.0
/*
 * ktp's events/ directory: events/<system>/{enable,filter} and
 * events/<system>/<event>/{enable,trigger,id,format,filter}, created and
 * removed as the core announces events (registration of ktp and of other
 * modules). Each file is a row of a table (its name, mode, what the core
 * renders for it and which core function takes its writes); the file
 * operations only copy data and call the core.
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
#include "rendered.h"

/* How a file takes a write: as text (under a page), or as a number (its start read, all taken). */
enum ktp_fs_write_kind {
	KTP_FS_TEXT,
	KTP_FS_VALUE,
};

/* A file of an event's directory: the core renders which, write (NULL: read-only) takes writes. */
struct ktp_fs_event_file_desc {
	const char *name;
	umode_t mode;
	bool needs_enable; /* only for events that can be enabled */
	enum ktp_event_file which;
	int (*write)(struct ktp_event_handle *event, const char *buf, ktp_size_t len);
	enum ktp_fs_write_kind write_kind;
};

/* Modes as native's 6.1 tracefs: read-only files 0440, writable 0640. */
static const struct ktp_fs_event_file_desc ktp_fs_event_files[] = {
	{ "enable", 0640, true, KTP_EVENT_ENABLE, ktp_event_write_enable, KTP_FS_VALUE },
	{ "trigger", 0640, true, KTP_EVENT_TRIGGER, ktp_event_write_trigger, KTP_FS_TEXT },
	{ "id", 0440, false, KTP_EVENT_ID, NULL, KTP_FS_TEXT },
	{ "format", 0440, false, KTP_EVENT_FORMAT, NULL, KTP_FS_TEXT },
	{ "filter", 0640, false, KTP_EVENT_FILTER, ktp_event_write_filter, KTP_FS_TEXT },
};

/* A file of a system's directory, which the core knows by the system's name. */
struct ktp_fs_system_file_desc {
	const char *name;
	umode_t mode;
	int (*render)(const char *system, char **out, ktp_size_t *len);
	int (*write)(const char *system, const char *buf, ktp_size_t len);
	enum ktp_fs_write_kind write_kind;
};

static const struct ktp_fs_system_file_desc ktp_fs_system_files[] = {
	{ "enable", 0640, ktp_system_render_enable, ktp_system_write_enable, KTP_FS_VALUE },
	{ "filter", 0640, ktp_system_render_filter, ktp_system_write_filter, KTP_FS_TEXT },
};

struct ktp_fs_system;
struct ktp_fs_event;

/* The i_private of each file: its directory's object and its row. */
struct ktp_fs_system_file {
	struct ktp_fs_system *system;
	const struct ktp_fs_system_file_desc *desc;
};

struct ktp_fs_event_file {
	struct ktp_fs_event *event;
	const struct ktp_fs_event_file_desc *desc;
};

struct ktp_fs_system {
	struct list_head node;
	struct dentry *dir;
	int nr_events;
	char name[KTP_NAME_MAX + 1];
	struct ktp_fs_system_file files[ARRAY_SIZE(ktp_fs_system_files)];
};

struct ktp_fs_event {
	struct list_head node;
	struct ktp_event_handle *event;
	struct dentry *dir;
	struct ktp_fs_system *system;
	struct ktp_fs_event_file files[ARRAY_SIZE(ktp_fs_event_files)];
};

static DEFINE_MUTEX(ktp_fs_lock);
static LIST_HEAD(ktp_fs_systems);
static LIST_HEAD(ktp_fs_events);
static struct dentry *ktp_events_dir;

/*
 * A write, copied and handed to the core's apply: as text, under a page (as
 * native); as a value, its start read and all of it taken, as
 * kstrtoul_from_user. Exactly one of event and system is set.
 */
static ssize_t ktp_fs_write(const char __user *ubuf, size_t count, loff_t *pos, enum ktp_fs_write_kind kind,
			    const struct ktp_fs_event_file *ef, const struct ktp_fs_system_file *sf)
{
	char value[KTP_VALUE_WRITE_MAX + 1];
	char *buf = value;
	size_t n = count;
	int ret;

	if (kind == KTP_FS_VALUE) {
		n = min_t(size_t, count, KTP_VALUE_WRITE_MAX);
		if (copy_from_user(value, ubuf, n))
			return -EFAULT;
		value[n] = 0;
	} else {
		if (count >= PAGE_SIZE)
			return -EINVAL;
		buf = memdup_user_nul(ubuf, count);
		if (IS_ERR(buf))
			return PTR_ERR(buf);
	}
	if (ef)
		ret = ef->desc->write(ef->event->event, buf, n);
	else
		ret = sf->desc->write(sf->system->name, buf, n);
	if (buf != value)
		kfree(buf);
	if (ret < 0)
		return ret;
	*pos += count;
	return count;
}

static int ktp_fs_event_open(struct inode *inode, struct file *file)
{
	const struct ktp_fs_event_file *ef = inode->i_private;
	char *text = NULL;
	ktp_size_t len = 0;
	int err;

	if (!ktp_rendered_wanted(file))
		return 0;
	err = ktp_event_render(ef->event->event, ef->desc->which, &text, &len);
	return ktp_rendered_keep(file, err, text, len);
}

static ssize_t ktp_fs_event_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	const struct ktp_fs_event_file *ef = file_inode(file)->i_private;

	return ktp_fs_write(ubuf, count, pos, ef->desc->write_kind, ef, NULL);
}

static int ktp_fs_system_open(struct inode *inode, struct file *file)
{
	const struct ktp_fs_system_file *sf = inode->i_private;
	char *text = NULL;
	ktp_size_t len = 0;
	int err;

	if (!ktp_rendered_wanted(file))
		return 0;
	err = sf->desc->render(sf->system->name, &text, &len);
	return ktp_rendered_keep(file, err, text, len);
}

static ssize_t ktp_fs_system_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	const struct ktp_fs_system_file *sf = file_inode(file)->i_private;

	return ktp_fs_write(ubuf, count, pos, sf->desc->write_kind, NULL, sf);
}

/* Read-only files have no write operation (a write fails with EINVAL, as native's). */
static const struct file_operations ktp_fs_event_ro_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_event_open,
	.read = ktp_rendered_read,
	.release = ktp_rendered_release,
	.llseek = default_llseek,
};

static const struct file_operations ktp_fs_event_rw_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_event_open,
	.read = ktp_rendered_read,
	.write = ktp_fs_event_write,
	.release = ktp_rendered_release,
	.llseek = default_llseek,
};

static const struct file_operations ktp_fs_system_fops = {
	.owner = THIS_MODULE,
	.open = ktp_fs_system_open,
	.read = ktp_rendered_read,
	.write = ktp_fs_system_write,
	.release = ktp_rendered_release,
	.llseek = default_llseek,
};

static struct ktp_fs_system *ktp_fs_system_get(const char *name)
{
	struct ktp_fs_system *sys;
	size_t i;

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
	for (i = 0; i < ARRAY_SIZE(ktp_fs_system_files); i++) {
		sys->files[i] = (struct ktp_fs_system_file){ sys, &ktp_fs_system_files[i] };
		debugfs_create_file(ktp_fs_system_files[i].name, ktp_fs_system_files[i].mode, sys->dir,
				    &sys->files[i], &ktp_fs_system_fops);
	}
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

/* The event's files, as its row says (some only for events that can be enabled). */
static void ktp_fs_event_files_create(struct ktp_fs_event *fe)
{
	bool can_enable = ktp_event_has_enable(fe->event);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ktp_fs_event_files); i++) {
		const struct ktp_fs_event_file_desc *desc = &ktp_fs_event_files[i];

		if (desc->needs_enable && !can_enable)
			continue;
		fe->files[i] = (struct ktp_fs_event_file){ fe, desc };
		debugfs_create_file(desc->name, desc->mode, fe->dir, &fe->files[i],
				    desc->write ? &ktp_fs_event_rw_fops : &ktp_fs_event_ro_fops);
	}
}

void ktp_fs_event_added(struct ktp_event_handle *event, const char *system, const char *name)
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
	ktp_fs_event_files_create(fe);
	list_add_tail(&fe->node, &ktp_fs_events);
	goto out;
nomem:
	pr_warn("ktp: no memory for the files of %s:%s\n", system, name);
out:
	mutex_unlock(&ktp_fs_lock);
}

void ktp_fs_event_removed(struct ktp_event_handle *event)
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
