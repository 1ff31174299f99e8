/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data an event definition produces, shared by the code that
 * <ktp/event.h> generates in users' C and C++ translation units and by ktp's
 * core: field tables, descriptors, the run-time event object, probe arrays
 * and jump-table entries. Compiler-builtin types only.
 */
#ifndef KTP_EVENT_ABI_H
#define KTP_EVENT_ABI_H

#include <ktp/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a field is, for format files, filters and printing. */
enum ktp_field_kind {
	KTP_FIELD_INT = 1,     /* integer or bool, 1/2/4/8 bytes */
	KTP_FIELD_ARRAY = 2,   /* fixed array, e.g. char comm[16] */
	KTP_FIELD_STRING = 3,  /* __data_loc char[]: u32 (length << 16 | offset) */
	KTP_FIELD_POINTER = 4, /* a pointer, printed as hex */
};

struct ktp_field_desc {
	const char *type;   /* the C type as native prints it: "int", "char[16]", "__data_loc char[]" */
	const char *name;
	unsigned short offset;
	unsigned short size;
	unsigned char is_signed;
	unsigned char kind; /* enum ktp_field_kind */
	unsigned short array_len;
};

/* The native 8-byte common header every record starts with. */
struct ktp_common_header {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
};

/*
 * common_flags, native's trace-flag bits (TRACE_FLAG_*): what the record's
 * writer ran in. ktp_fill_common sets them, readers print them as the
 * "dNs" columns (irqs-off/BH-disabled, need-resched, hardirq/softirq).
 */
#define KTP_TRACE_FLAG_IRQS_OFF 0x01
#define KTP_TRACE_FLAG_IRQS_NOSUPPORT 0x02 /* where the kernel has no lazy preemption */
#define KTP_TRACE_FLAG_NEED_RESCHED_LAZY 0x02 /* where it has (KTP_FEATURE_LAZY_RESCHED) */
#define KTP_TRACE_FLAG_NEED_RESCHED 0x04
#define KTP_TRACE_FLAG_HARDIRQ 0x08
#define KTP_TRACE_FLAG_SOFTIRQ 0x10
#define KTP_TRACE_FLAG_PREEMPT_RESCHED 0x20
#define KTP_TRACE_FLAG_NMI 0x40
#define KTP_TRACE_FLAG_BH_OFF 0x80

/*
 * ftrace:print, trace_marker's record, in native's layout: the header, the
 * caller's ip (8 bytes, 0 for a marker write), then the text with its
 * newline and NUL. A write keeps at most KTP_MARKER_MAX bytes of text.
 */
#define KTP_PRINT_IP_OFFSET 8
#define KTP_PRINT_BUF_OFFSET 16
#define KTP_MARKER_MAX 1024
/*
 * ftrace:kernel_stack, the stacktrace trigger's record, in native's layout:
 * the header, the number of callers (int) and 4 bytes of padding, then the
 * callers (8 bytes each, at most KTP_STACK_DEPTH).
 */
#define KTP_STACK_SIZE_OFFSET 8
#define KTP_STACK_CALLERS_OFFSET 16
#define KTP_STACK_DEPTH 16

/* The priority register_trace_X() gives a probe, and the recording probe's (as native's). */
#define KTP_PRIO_DEFAULT 10

struct ktp_event;

/* Writes the record's print-format text ("a=1 b=2"); returns its length. */
typedef int (*ktp_print_fn)(char *buf, ktp_size_t len, const void *record);

/* One per event, constant, found through the ktp_events section. */
struct ktp_event_desc {
	const char *system;
	const char *name;
	const struct ktp_field_desc *fields;
	unsigned int nr_fields;
	unsigned int record_size;  /* the fixed part, common header included */
	const char *print_fmt;     /* printf format and arguments, as written (__entry->x) */
	ktp_print_fn print;
	struct ktp_event *event;
	void *record;              /* the probe that writes the record into the buffer */
	void *callback;            /* the probe that hands the record to record callbacks */
	void *raw;                 /* the probe that hands the widened arguments to raw callbacks */
	void *perf;                /* the probe that fills a perf/BPF record (data: the native event) */
};

/* A probe: func is called as func(data, event arguments...). */
struct ktp_probe {
	void *func;
	void *data;
	int prio;
};

/*
 * An RCU-published, immutable array of probes, highest priority first.
 * record: when the event's own recording probe is the only probe, its data
 * (the site then records inline, with one test); NULL otherwise.
 */
struct ktp_probe_array {
	unsigned int count;
	void *record;
	struct ktp_probe probes[];
};

/*
 * The run-time state of an event, writable, one per event. Its address is
 * the key recorded at each call site. "enabled" is tested on the jump path
 * of every site, so a site that was never patched (no patching available,
 * or not yet registered) is still correct.
 */
struct ktp_event {
	int enabled;                    /* nonzero: the site's jump path calls the probes */
	int muted;                      /* nonzero: the only probe records and tracing is off */
	struct ktp_probe_array *probes; /* RCU; from registration on never null (an empty array) */
	void *core;                     /* the core's Event, while registered */
	/*
	 * Optional: called (sleeping allowed) with 1 before the event's first
	 * probe is attached and with 0 after its last one is gone. Mirror
	 * events use it to attach to the native tracepoint only while needed.
	 */
	int (*attach)(int on);
	/* Preemption levels the event's caller holds beyond a native probe's (mirror events: 1). */
	int preempt_bias;
};

/* The kernel's 16-byte jump-table entry format, all offsets self-relative. */
struct ktp_jump_entry {
	int code;
	int target;
	long key;
};

/* Fills in (once) and returns an event's descriptor; the ktp_events section holds these. */
typedef const struct ktp_event_desc *(*ktp_describe_fn)(void);

/* The sections of one module's event definitions and call sites. */
struct ktp_module_tables {
	const ktp_describe_fn *events_start;
	const ktp_describe_fn *events_stop;
	const struct ktp_jump_entry *sites_start;
	const struct ktp_jump_entry *sites_stop;
	const char *owner; /* module name, for messages */
};

/*
 * Recording, called by the generated record probe of each event class:
 *
 *     void *p = ktp_record_begin(&r, data, size);   // the common header is filled
 *     if (p) { fill the fields; ktp_record_end(&r); }
 *
 * data is what the probe was registered with (the core's event). Without a
 * filter, p is the reserved space in this CPU's buffer; with one, p is a
 * per-CPU scratch record, and ktp_record_end copies it in only if it passes.
 */
struct ktp_record {
	void *event;
	void *buffer;
	unsigned char *data;
	const void *filter;   /* the filter program in force, loaded once per record */
	unsigned int size;
	unsigned int scratch; /* 0, or KTP_SCRATCH and the bits below */
};
/* ktp_record.scratch: data is a per-CPU scratch record, which ktp_record_end filters and copies in */
#define KTP_SCRATCH 0x1
/* ... and its common header is written only if it is kept (the filter reads no common field) */
#define KTP_SCRATCH_LATE_HEADER 0x2
/* ... and the event's triggers run on it first */
#define KTP_SCRATCH_TRIGGERS 0x4
void *ktp_record_begin(struct ktp_record *rec, void *event, unsigned int size);
void ktp_record_end(struct ktp_record *rec);
/*
 * A whole record in one call: record holds size bytes, the fields filled
 * and the common header left for the core. The core runs the event's
 * triggers and filter on it where it is, and copies it into this CPU's
 * buffer only if it is kept. event is the recording probe's data (never
 * NULL: the registry sets it).
 */
void ktp_record_write(void *event, void *record, unsigned int size);
/*
 * The same for a record whose size the probe knows when it is compiled:
 * one entry point per size, every multiple of 4 from 12 to 48 bytes (the
 * usual fixed-size records), where the core's reservation and copy are
 * straight-line code. ktp_record_write_sized() picks the entry point at
 * compile time, and ktp_record_write() for any other size.
 */
#define KTP_SIZED_RECORD_WRITES(X) X(12) X(16) X(20) X(24) X(28) X(32) X(36) X(40) X(44) X(48)
#define KTP_DECLARE_SIZED_WRITE(n) void ktp_record_write_##n(void *event, void *record);
KTP_SIZED_RECORD_WRITES(KTP_DECLARE_SIZED_WRITE)
#undef KTP_DECLARE_SIZED_WRITE
static inline __attribute__((always_inline)) void ktp_record_write_sized(void *event, void *record,
									   unsigned int size)
{
#define KTP_CALL_SIZED_WRITE(n)                             \
	if (size == n) {                                    \
		ktp_record_write_##n(event, record);        \
		return;                                     \
	}
	KTP_SIZED_RECORD_WRITES(KTP_CALL_SIZED_WRITE)
#undef KTP_CALL_SIZED_WRITE
	ktp_record_write(event, record, size);
}

/*
 * Consumer callbacks (<ktp/callbacks.h>), called by the generated probes
 * the registry attaches while an event has callbacks; event is the probe's
 * data (the core's event). A record callback's record is assembled on the
 * probe's stack and handed over whole (ktp_callback_write: the core fills
 * the common header, runs the event's filter, calls the callbacks), or, for
 * records with dynamic strings, in a per-CPU scratch record:
 *
 *     void *p = ktp_callback_begin(&r, event, size);
 *     if (p) { fill the fields; ktp_callback_end(&r); }
 */
void ktp_callback_write(void *event, void *record, unsigned int size);
void *ktp_callback_begin(struct ktp_record *rec, void *event, unsigned int size);
void ktp_callback_end(struct ktp_record *rec);
void ktp_callback_raw(void *event, const unsigned long long *args, unsigned int nr_args);

/*
 * perf and BPF (module/kernel/perf_events.c). Each event of a module has a
 * slot in the module's _ftrace_events section, which the kernel registers
 * as a native trace event when the module comes (and removes when it goes).
 * Until then the slot holds what the kernel reads first: a class whose
 * raw_init (ktp's) builds the native event in the slot, and the name.
 *
 *     slot: [list 0 0][class: ktp_perf_bootstrap_class][name][describe][bytes][room...]
 *       raw_init ->  [trace_event_call][trace_event_class][tracepoint][desc]
 *                    [native field descriptors][print fmt]
 *
 * The perf probe, attached while perf or BPF uses the native event:
 *
 *     struct ktp_perf_ctx c;
 *     void *p = ktp_perf_begin(&c, data, size);   // null: nobody on this CPU
 *     if (p) { fill the fields; ktp_perf_end(&c); }
 */
struct ktp_perf_slot {
	void *list[2];
	const void *klass;
	const char *name;
	ktp_describe_fn describe;
	unsigned int bytes; /* the whole slot's, room included */
};
/*
 * The room a slot gives after its head: the kernel's call, class and
 * tracepoint (KTP_PERF_SLOT_BASE), one native field descriptor per field
 * and the print format (KTP_PERF_SLOT_PER_FIELD, print_len).
 */
#define KTP_PERF_SLOT_BASE 640
#define KTP_PERF_SLOT_PER_FIELD 48
#define KTP_PERF_SLOT_ROOM(nr_fields, print_len)                                            \
	((KTP_PERF_SLOT_BASE + KTP_PERF_SLOT_PER_FIELD * ((nr_fields) + 1) + (print_len) + 7) / 8)
struct ktp_perf_ctx {
	void *call;
	void *entry;
	void *regs;
	void *head;
	int rctx;
	unsigned int size;
};
void *ktp_perf_begin(struct ktp_perf_ctx *ctx, void *call, unsigned int size);
void ktp_perf_end(struct ktp_perf_ctx *ctx);

/*
 * Print helpers for KTP_PRINT, as native's __print_flags/__print_symbolic:
 * each renders into the print function's scratch space and returns the text.
 */
struct ktp_symbol {
	unsigned long long value;
	const char *name;
};
struct ktp_print_scratch {
	unsigned int used;
	char buf[512];
};
const char *ktp_render_flags(struct ktp_print_scratch *scratch, unsigned long long value, const char *delim,
			     const struct ktp_symbol *names);
const char *ktp_render_symbolic(struct ktp_print_scratch *scratch, unsigned long long value,
				const struct ktp_symbol *names);

/*
 * The probe path's RCU section, as native's tracepoints hold it: preemption
 * off (an RCU-sched read side). In an x86-64 SMP kernel that counts
 * preemption levels that is one instruction each way on the per-CPU preempt
 * count, inline; when leaving finds the count at zero with a reschedule
 * pending (x86 keeps the need-resched bit inverted in the same word, so
 * "decl" gives zero exactly then), ktp_preempt_resched() does what
 * preempt_enable_notrace() would. Without CONFIG_PREEMPT_COUNT native's
 * section leaves the count alone, and so must ktp's (records show the
 * count): there, and in host tests, they are calls.
 */
void ktp_preempt_resched(void);
#if defined(KTP_PERCPU_INLINE) && defined(CONFIG_PREEMPT_COUNT)
static inline __attribute__((always_inline)) void ktp_probe_read_lock(void)
{
	asm volatile(KTP_ASM_PREEMPT_OP("inc") " %%gs:" KTP_ASM_PREEMPT_COUNT ::: "memory", "cc");
}
static inline __attribute__((always_inline)) void ktp_probe_read_unlock(void)
{
	asm goto(KTP_ASM_PREEMPT_OP("dec") " %%gs:" KTP_ASM_PREEMPT_COUNT "\n\tje %l[resched]" ::: "memory", "cc" : resched);
	return;
resched:
	ktp_preempt_resched();
}
#else
#define ktp_probe_read_lock ktp_rcu_read_lock
#define ktp_probe_read_unlock ktp_rcu_read_unlock
#endif

/* Registers the events and sites of a module; 0 or a negative errno. */
int ktp_register_module(const struct ktp_module_tables *tables);
/* Disables, detaches and forgets everything ktp_register_module set up. */
void ktp_unregister_module(const struct ktp_module_tables *tables);

/* Probe registration, as register_trace_X()/unregister_trace_X(). */
int ktp_probe_register(struct ktp_event *event, void *func, void *data, int prio);
int ktp_probe_unregister(struct ktp_event *event, void *func, void *data);

#ifdef __cplusplus
}
#endif

#endif /* KTP_EVENT_ABI_H */
