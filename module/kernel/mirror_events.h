/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktp's mirror events: ktp events with the system, name, fields and output
 * of native tracepoints (sched:sched_switch, raw_syscalls:sys_enter, ...),
 * fed by probes on those tracepoints while enabled. Only mirror_events.c
 * includes this (it needs kernel types for the assignments).
 */
#ifndef KTP_KERNEL_MIRROR_EVENTS_H
#define KTP_KERNEL_MIRROR_EVENTS_H

#include <ktp/event.h>
#include "compat/sched_events.h"

/* Task states as native's sched_switch reports them (TASK_REPORT_MAX is 0x100). */
#define KTP_MIRROR_TASK_STATES                                                            \
	{ 0x01, "S" }, { 0x02, "D" }, { 0x04, "T" }, { 0x08, "t" }, { 0x10, "X" }, { 0x20, "Z" }, \
		{ 0x40, "P" }, { 0x80, "I" }

/*
 * Defined in the order native lists these events (set_event): ktp lists a
 * module's events in reverse order of its table, and the compiler lays the
 * table out in reverse order of definition, as it does native's own
 * (tests/vm/control_files.sh compares the two lists).
 */
KTP_TRACE_EVENT(sched, sched_process_exec,
	KTP_PROTO(struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm),
	KTP_ARGS(p, old_pid, bprm),
	KTP_STRUCT(
		ktp_string(filename, bprm->filename)
		ktp_field(pid_t, pid)
		ktp_field(pid_t, old_pid)
	),
	KTP_ASSIGN(
		ktp_assign_str(filename, bprm->filename);
		__entry->pid = p->pid;
		__entry->old_pid = old_pid;
	),
	KTP_PRINT("filename=%s pid=%d old_pid=%d", ktp_get_str(filename), __entry->pid, __entry->old_pid)
)

#ifdef KTP_SCHED_FORK_STRING_COMMS
KTP_TRACE_EVENT(sched, sched_process_fork,
	KTP_PROTO(struct task_struct *parent, struct task_struct *child),
	KTP_ARGS(parent, child),
	KTP_STRUCT(
		ktp_string(parent_comm, parent->comm)
		ktp_field(pid_t, parent_pid)
		ktp_string(child_comm, child->comm)
		ktp_field(pid_t, child_pid)
	),
	KTP_ASSIGN(
		ktp_assign_str(parent_comm, parent->comm);
		__entry->parent_pid = parent->pid;
		ktp_assign_str(child_comm, child->comm);
		__entry->child_pid = child->pid;
	),
	KTP_PRINT("comm=%s pid=%d child_comm=%s child_pid=%d", ktp_get_str(parent_comm), __entry->parent_pid,
		  ktp_get_str(child_comm), __entry->child_pid)
)
#else
KTP_TRACE_EVENT(sched, sched_process_fork,
	KTP_PROTO(struct task_struct *parent, struct task_struct *child),
	KTP_ARGS(parent, child),
	KTP_STRUCT(
		ktp_array(char, parent_comm, 16)
		ktp_field(pid_t, parent_pid)
		ktp_array(char, child_comm, 16)
		ktp_field(pid_t, child_pid)
	),
	KTP_ASSIGN(
		memcpy(__entry->parent_comm, parent->comm, 16);
		__entry->parent_pid = parent->pid;
		memcpy(__entry->child_comm, child->comm, 16);
		__entry->child_pid = child->pid;
	),
	KTP_PRINT("comm=%s pid=%d child_comm=%s child_pid=%d", __entry->parent_comm, __entry->parent_pid,
		  __entry->child_comm, __entry->child_pid)
)
#endif

#ifdef KTP_SCHED_EXIT_GROUP_DEAD
KTP_TRACE_EVENT(sched, sched_process_exit,
	KTP_PROTO(struct task_struct *p, bool group_dead),
	KTP_ARGS(p, group_dead),
	KTP_STRUCT(
		ktp_array(char, comm, 16)
		ktp_field(pid_t, pid)
		ktp_field(int, prio)
		ktp_field(bool, group_dead)
	),
	KTP_ASSIGN(
		memcpy(__entry->comm, p->comm, 16);
		__entry->pid = p->pid;
		__entry->prio = p->prio;
		__entry->group_dead = group_dead;
	),
	KTP_PRINT("comm=%s pid=%d prio=%d group_dead=%s", __entry->comm, __entry->pid, __entry->prio,
		  __entry->group_dead ? "true" : "false")
)
#else
KTP_TRACE_EVENT(sched, sched_process_exit,
	KTP_PROTO(struct task_struct *p),
	KTP_ARGS(p),
	KTP_STRUCT(
		ktp_array(char, comm, 16)
		ktp_field(pid_t, pid)
		ktp_field(int, prio)
	),
	KTP_ASSIGN(
		memcpy(__entry->comm, p->comm, 16);
		__entry->pid = p->pid;
		__entry->prio = p->prio;
	),
	KTP_PRINT("comm=%s pid=%d prio=%d", __entry->comm, __entry->pid, __entry->prio)
)
#endif

KTP_TRACE_EVENT(sched, sched_switch,
	KTP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int prev_state),
	KTP_ARGS(preempt, prev, next, prev_state),
	KTP_STRUCT(
		ktp_array(char, prev_comm, 16)
		ktp_field(pid_t, prev_pid)
		ktp_field(int, prev_prio)
		ktp_field(long, prev_state)
		ktp_array(char, next_comm, 16)
		ktp_field(pid_t, next_pid)
		ktp_field(int, next_prio)
	),
	KTP_ASSIGN(
		memcpy(__entry->next_comm, next->comm, 16);
		__entry->prev_pid = prev->pid;
		__entry->prev_prio = prev->prio;
		__entry->prev_state = ktp_mirror_switch_state(preempt, prev_state, prev);
		memcpy(__entry->prev_comm, prev->comm, 16);
		__entry->next_pid = next->pid;
		__entry->next_prio = next->prio;
	),
	KTP_PRINT("prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d",
		  __entry->prev_comm, __entry->prev_pid, __entry->prev_prio,
		  (__entry->prev_state & (0x100 - 1)) ?
			  ktp_print_flags(__entry->prev_state & (0x100 - 1), "|", KTP_MIRROR_TASK_STATES) : "R",
		  __entry->prev_state & 0x100 ? "+" : "",
		  __entry->next_comm, __entry->next_pid, __entry->next_prio)
)

KTP_DECLARE_EVENT_CLASS(sched_wakeup_template,
	KTP_PROTO(struct task_struct *p),
	KTP_ARGS(p),
	KTP_STRUCT(
		ktp_array(char, comm, 16)
		ktp_field(pid_t, pid)
		ktp_field(int, prio)
		ktp_field(int, target_cpu)
	),
	KTP_ASSIGN(
		memcpy(__entry->comm, p->comm, 16);
		__entry->pid = p->pid;
		__entry->prio = p->prio;
		__entry->target_cpu = task_cpu(p);
	),
	KTP_PRINT("comm=%s pid=%d prio=%d target_cpu=%03d", __entry->comm, __entry->pid, __entry->prio,
		  __entry->target_cpu)
)

KTP_DEFINE_EVENT(sched_wakeup_template, sched, sched_wakeup, KTP_PROTO(struct task_struct *p), KTP_ARGS(p))

KTP_TRACE_EVENT(raw_syscalls, sys_exit,
	KTP_PROTO(struct pt_regs *regs, long ret),
	KTP_ARGS(regs, ret),
	KTP_STRUCT(
		ktp_field(long, id)
		ktp_field(long, ret)
	),
	KTP_ASSIGN(
		__entry->id = syscall_get_nr(current, regs);
		__entry->ret = ret;
	),
	KTP_PRINT("NR %ld = %ld", __entry->id, __entry->ret)
)

KTP_TRACE_EVENT(raw_syscalls, sys_enter,
	KTP_PROTO(struct pt_regs *regs, long id),
	KTP_ARGS(regs, id),
	KTP_STRUCT(
		ktp_field(long, id)
		ktp_array(unsigned long, args, 6)
	),
	KTP_ASSIGN(
		__entry->id = id;
		syscall_get_arguments(current, regs, __entry->args);
	),
	KTP_PRINT("NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)", __entry->id, __entry->args[0], __entry->args[1],
		  __entry->args[2], __entry->args[3], __entry->args[4], __entry->args[5])
)

#endif
