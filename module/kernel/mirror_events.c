// SPDX-License-Identifier: GPL-2.0
/*
 * Defines ktp's mirror events and feeds them from native tracepoints: a
 * mirror event attaches its probe to the native tracepoint when its first
 * ktp probe comes (it is enabled) and detaches when the last goes, so
 * native tracing of the same tracepoints sees nothing of ktp otherwise.
 */
#include <linux/binfmts.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>

#include "mirror.h"
#include "compat/tracepoint.h"

static inline long ktp_mirror_switch_state(bool preempt, unsigned int prev_state, struct task_struct *p)
{
	unsigned int state;

	/* As native: a preempted task is reported running ("R+"). */
	if (preempt)
		return 0x100;
	state = __task_state_index(prev_state, p->exit_state);
	return state ? (1 << (state - 1)) : state;
}

#define KTP_CREATE_EVENTS
/* Their names are native's: never registered as native events again. */
#define KTP_NO_NATIVE_EVENTS
#include "mirror_events.h"

static void ktp_mirror_sched_switch(void *data, bool preempt, struct task_struct *prev,
				    struct task_struct *next, unsigned int prev_state)
{
	trace_sched_switch(preempt, prev, next, prev_state);
}

static void ktp_mirror_sched_wakeup(void *data, struct task_struct *p)
{
	trace_sched_wakeup(p);
}

static void ktp_mirror_sched_process_fork(void *data, struct task_struct *parent, struct task_struct *child)
{
	trace_sched_process_fork(parent, child);
}

static void ktp_mirror_sched_process_exec(void *data, struct task_struct *p, pid_t old_pid,
					  struct linux_binprm *bprm)
{
	trace_sched_process_exec(p, old_pid, bprm);
}

#ifdef KTP_SCHED_EXIT_GROUP_DEAD
static void ktp_mirror_sched_process_exit(void *data, struct task_struct *p, bool group_dead)
{
	trace_sched_process_exit(p, group_dead);
}
#else
static void ktp_mirror_sched_process_exit(void *data, struct task_struct *p)
{
	trace_sched_process_exit(p);
}
#endif

static void ktp_mirror_sys_enter(void *data, struct pt_regs *regs, long id)
{
	trace_sys_enter(regs, id);
}

static void ktp_mirror_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	trace_sys_exit(regs, ret);
}

struct ktp_mirror {
	const char *native;
	void *probe;
	struct tracepoint *tp;
};

enum { KTP_M_SWITCH, KTP_M_WAKEUP, KTP_M_FORK, KTP_M_EXEC, KTP_M_EXIT, KTP_M_SYS_ENTER, KTP_M_SYS_EXIT, KTP_M_COUNT };

static struct ktp_mirror ktp_mirrors[KTP_M_COUNT] = {
	[KTP_M_SWITCH] = { "sched_switch", ktp_mirror_sched_switch },
	[KTP_M_WAKEUP] = { "sched_wakeup", ktp_mirror_sched_wakeup },
	[KTP_M_FORK] = { "sched_process_fork", ktp_mirror_sched_process_fork },
	[KTP_M_EXEC] = { "sched_process_exec", ktp_mirror_sched_process_exec },
	[KTP_M_EXIT] = { "sched_process_exit", ktp_mirror_sched_process_exit },
	[KTP_M_SYS_ENTER] = { "sys_enter", ktp_mirror_sys_enter },
	[KTP_M_SYS_EXIT] = { "sys_exit", ktp_mirror_sys_exit },
};

static int ktp_mirror_attach(int which, int on)
{
	struct ktp_mirror *m = &ktp_mirrors[which];

	if (!m->tp)
		return on ? -ENODEV : 0;
	if (on)
		return tracepoint_probe_register(m->tp, m->probe, NULL);
	tracepoint_probe_unregister(m->tp, m->probe, NULL);
	/* No CPU still runs the probe (it calls into this module) once this returns. */
	tracepoint_synchronize_unregister();
	return 0;
}

#define KTP_MIRROR_ATTACH(name, which) \
	static int ktp_mirror_attach_##name(int on) { return ktp_mirror_attach(which, on); }
KTP_MIRROR_ATTACH(sched_switch, KTP_M_SWITCH)
KTP_MIRROR_ATTACH(sched_wakeup, KTP_M_WAKEUP)
KTP_MIRROR_ATTACH(sched_process_fork, KTP_M_FORK)
KTP_MIRROR_ATTACH(sched_process_exec, KTP_M_EXEC)
KTP_MIRROR_ATTACH(sched_process_exit, KTP_M_EXIT)
KTP_MIRROR_ATTACH(sys_enter, KTP_M_SYS_ENTER)
KTP_MIRROR_ATTACH(sys_exit, KTP_M_SYS_EXIT)

static void ktp_mirror_find(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < KTP_M_COUNT; i++)
		if (!strcmp(tp->name, ktp_mirrors[i].native))
			ktp_mirrors[i].tp = tp;
}

void ktp_mirror_events_prepare(void)
{
	for_each_kernel_tracepoint(ktp_mirror_find, NULL);
	__ktp_event_sched_switch.attach = ktp_mirror_attach_sched_switch;
	__ktp_event_sched_wakeup.attach = ktp_mirror_attach_sched_wakeup;
	__ktp_event_sched_process_fork.attach = ktp_mirror_attach_sched_process_fork;
	__ktp_event_sched_process_exec.attach = ktp_mirror_attach_sched_process_exec;
	__ktp_event_sched_process_exit.attach = ktp_mirror_attach_sched_process_exit;
	__ktp_event_sys_enter.attach = ktp_mirror_attach_sys_enter;
	__ktp_event_sys_exit.attach = ktp_mirror_attach_sys_exit;
	/* Called from inside native tracepoints: their preemption level is not the event's. */
	__ktp_event_sched_switch.preempt_bias = KTP_TRACEPOINT_PREEMPT_LEVELS;
	__ktp_event_sched_wakeup.preempt_bias = KTP_TRACEPOINT_PREEMPT_LEVELS;
	__ktp_event_sched_process_fork.preempt_bias = KTP_TRACEPOINT_PREEMPT_LEVELS;
	__ktp_event_sched_process_exec.preempt_bias = KTP_TRACEPOINT_PREEMPT_LEVELS;
	__ktp_event_sched_process_exit.preempt_bias = KTP_TRACEPOINT_PREEMPT_LEVELS;
	__ktp_event_sys_enter.preempt_bias = 1;
	__ktp_event_sys_exit.preempt_bias = 1;
}
