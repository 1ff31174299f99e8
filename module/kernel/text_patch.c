// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrites ktp's call sites with the kernel's batched text_poke (the
 * INT3-based protocol of text_poke_bp, safe while other CPUs run the code),
 * under cpus_read_lock() and text_mutex, as the kernel's jump labels do.
 *
 * None of the functions needed is exported, nor is __module_address (which
 * tells a module's init text from the rest): their addresses come from
 * kallsyms_lookup_name, itself found through a kprobe. No address found at
 * run time is ever called through a pointer: on an IBT kernel a function
 * whose ENDBR was sealed at boot faults when called indirectly. Each is the
 * target of a static call instead: static_call_update() writes a direct
 * "jmp target" into the call's trampoline (or a direct call at each site),
 * which needs no ENDBR. Example: static_call(ktp_sc_finish)() is
 * "call __SCT__ktp_sc_finish", whose trampoline holds "jmp text_poke_finish".
 * kbuild/check-indirect-calls.sh checks at build time that the code which
 * resolves addresses makes no indirect call at all.
 *
 * If resolution fails, ktp says so once and every site keeps its compiled
 * jmp to the flag test.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/cpu.h>
#include <linux/uaccess.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/static_call.h>

#include <ktp/abi.h>
#include "compat/text_poke.h"

static bool text_patching = true;
module_param(text_patching, bool, 0444);
MODULE_PARM_DESC(text_patching, "patch call sites with text_poke_bp (0: flag test at each site)");

/* The static calls' targets until resolution: never called (ktp_patch_state gates them). */
static unsigned long ktp_no_lookup(const char *name)
{
	return 0;
}

static void ktp_no_poke_queue(void *addr, const void *opcode, size_t len, const void *emulate)
{
}

static void ktp_no_poke_finish(void)
{
}

static struct module *ktp_no_module_address(unsigned long addr)
{
	return NULL;
}

DEFINE_STATIC_CALL(ktp_sc_lookup, ktp_no_lookup);
DEFINE_STATIC_CALL(ktp_sc_queue, ktp_no_poke_queue);
DEFINE_STATIC_CALL(ktp_sc_finish, ktp_no_poke_finish);
DEFINE_STATIC_CALL(ktp_sc_module_address, ktp_no_module_address);

static struct mutex *ktp_text_mutex;
static int ktp_patch_state; /* 0: not resolved yet, 1: available, -1: unavailable */
static DEFINE_MUTEX(ktp_resolve_lock);

/*
 * kallsyms_lookup_name's address, from a kprobe registered disabled: a
 * disabled kprobe is never armed, so neither its registration nor its
 * removal goes through ftrace, whose allocations can fail and leave an
 * armed kprobe registered after unregister_kprobe() returned (with this
 * frame gone). Its resolved address is all that is wanted: on an IBT
 * kernel it is the instruction after the function's ENDBR, a fine target
 * for a direct jump.
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
	unsigned long addr, queue, finish, module_address;
	int err;

	if (!text_patching)
		return -EPERM;
	err = ktp_lookup_kallsyms(&addr);
	if (err)
		return err;
	static_call_update(ktp_sc_lookup, (typeof(&ktp_no_lookup))addr);
	queue = static_call(ktp_sc_lookup)(KTP_POKE_QUEUE_NAME);
	finish = static_call(ktp_sc_lookup)(KTP_POKE_FINISH_NAME);
	module_address = static_call(ktp_sc_lookup)("__module_address");
	ktp_text_mutex = (struct mutex *)static_call(ktp_sc_lookup)("text_mutex");
	if (!queue || !finish || !module_address || !ktp_text_mutex)
		return -ENOENT;
	static_call_update(ktp_sc_queue, (typeof(&ktp_no_poke_queue))queue);
	static_call_update(ktp_sc_finish, (typeof(&ktp_no_poke_finish))finish);
	static_call_update(ktp_sc_module_address, (typeof(&ktp_no_module_address))module_address);
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
			pr_notice("ktp: cannot resolve " KTP_POKE_QUEUE_NAME "/" KTP_POKE_FINISH_NAME "/text_mutex/__module_address (%d)\n",
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
	/* In address order, the batch keeps the whole batch in one flush. */
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
		static_call(ktp_sc_queue)(p->addr, p->new_, KTP_SITE_LEN, NULL);
		p->applied = 1;
		written++;
	}
	if (written)
		static_call(ktp_sc_finish)();
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
	mod = static_call(ktp_sc_module_address)(a);
	if (mod && within_module_init(a, mod))
		kind = mod->state == MODULE_STATE_COMING ? KTP_TEXT_INIT : KTP_TEXT_GONE;
	else if (mod && within_module_core(a, mod))
		kind = KTP_TEXT_LASTING;
	preempt_enable();
	return kind;
}
