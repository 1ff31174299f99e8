// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrites ktp's call sites with the kernel's text_poke_queue/text_poke_finish
 * (the INT3-based protocol of text_poke_bp, safe while other CPUs run the
 * code), under cpus_read_lock() and text_mutex, as the kernel's jump labels
 * do. None of these is exported on 6.1, nor is __module_address (which tells
 * a module's init text from the rest): their addresses come from
 * kallsyms_lookup_name, itself found through a kprobe. If that fails, ktp
 * says so once and every site keeps its compiled jmp to the flag test.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/cpu.h>
#include <linux/uaccess.h>
#include <linux/sort.h>
#include <linux/string.h>

#include <ktp/abi.h>

static bool text_patching = true;
module_param(text_patching, bool, 0444);
MODULE_PARM_DESC(text_patching, "patch call sites with text_poke_bp (0: flag test at each site)");

static void (*ktp_poke_queue)(void *addr, const void *opcode, size_t len, const void *emulate);
static void (*ktp_poke_finish)(void);
static struct mutex *ktp_text_mutex;
static struct module *(*ktp_module_address)(unsigned long addr);
static int ktp_patch_state; /* 0: not resolved yet, 1: available, -1: unavailable */
static DEFINE_MUTEX(ktp_resolve_lock);

/*
 * kallsyms_lookup_name's address, from a kprobe registered disabled: a
 * disabled kprobe is never armed, so neither its registration nor its
 * removal goes through ftrace, whose allocations can fail and leave an
 * armed kprobe registered after unregister_kprobe() returned (with this
 * frame gone). Its resolved address is all that is wanted.
 */
static int ktp_lookup_kallsyms(unsigned long *addr)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name", .flags = KPROBE_FLAG_DISABLED };
	int err = register_kprobe(&kp);

	if (err < 0)
		return err;
	*addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return *addr ? 0 : -ENOENT;
}

static int ktp_resolve(void)
{
	unsigned long (*lookup)(const char *name);
	unsigned long addr;
	int err;

	if (!text_patching)
		return -EPERM;
	err = ktp_lookup_kallsyms(&addr);
	if (err)
		return err;
	lookup = (void *)addr;
	ktp_poke_queue = (void *)lookup("text_poke_queue");
	ktp_poke_finish = (void *)lookup("text_poke_finish");
	ktp_text_mutex = (void *)lookup("text_mutex");
	ktp_module_address = (void *)lookup("__module_address");
	if (!ktp_poke_queue || !ktp_poke_finish || !ktp_text_mutex || !ktp_module_address)
		return -ENOENT;
	return 0;
}

/* 1: available; 0: unavailable (switched off, or not found); -ENOMEM: try again. */
int ktp_text_patching_available(void)
{
	int ret;

	mutex_lock(&ktp_resolve_lock);
	if (!ktp_patch_state) {
		int err = ktp_resolve();

		if (err == -ENOMEM) {
			mutex_unlock(&ktp_resolve_lock);
			return err; /* not remembered: the next load looks again */
		}
		ktp_patch_state = err ? -1 : 1;
		if (err == -EPERM)
			pr_notice("ktp: text patching switched off (text_patching=0)\n");
		else if (err)
			pr_notice("ktp: cannot resolve text_poke_queue/text_poke_finish/text_mutex/__module_address (%d)\n",
				  err);
	}
	ret = ktp_patch_state > 0;
	mutex_unlock(&ktp_resolve_lock);
	return ret;
}

static int ktp_patch_cmp(const void *a, const void *b)
{
	const struct ktp_text_patch *pa = a, *pb = b;

	if (pa->addr == pb->addr)
		return 0;
	return pa->addr < pb->addr ? -1 : 1;
}

int ktp_text_patch_batch(struct ktp_text_patch *patches, unsigned int n)
{
	unsigned char cur[KTP_SITE_LEN];
	unsigned int i, written = 0;

	if (ktp_patch_state <= 0)
		return -ENODEV;
	/* In address order, text_poke_queue keeps the whole batch in one flush. */
	sort(patches, n, sizeof(*patches), ktp_patch_cmp, NULL);
	cpus_read_lock();
	mutex_lock(ktp_text_mutex);
	for (i = 0; i < n; i++) {
		struct ktp_text_patch *p = &patches[i];

		p->applied = 0;
		if (copy_from_kernel_nofault(cur, p->addr, KTP_SITE_LEN) ||
		    memcmp(cur, p->old, KTP_SITE_LEN)) {
			pr_warn("ktp: site %pS holds %5ph, expected %5ph: not patched\n",
				p->addr, cur, p->old);
			continue;
		}
		ktp_poke_queue(p->addr, p->new_, KTP_SITE_LEN, NULL);
		p->applied = 1;
		written++;
	}
	if (written)
		ktp_poke_finish();
	mutex_unlock(ktp_text_mutex);
	cpus_read_unlock();
	return written;
}

int ktp_text_read(const void *addr, unsigned char *out, unsigned int n)
{
	return copy_from_kernel_nofault(out, addr, n) ? -EFAULT : 0;
}

/* Without patching no site is ever written, and no module lookup is needed. */
enum ktp_text_kind ktp_text_kind_of(const void *addr)
{
	unsigned long a = (unsigned long)addr;
	enum ktp_text_kind kind = KTP_TEXT_GONE;
	struct module *mod;

	if (ktp_patch_state <= 0)
		return KTP_TEXT_LASTING;
	preempt_disable();
	mod = ktp_module_address(a);
	if (mod && within_module_init(a, mod))
		kind = mod->state == MODULE_STATE_COMING ? KTP_TEXT_INIT : KTP_TEXT_GONE;
	else if (mod && within_module_core(a, mod))
		kind = KTP_TEXT_LASTING;
	preempt_enable();
	return kind;
}
