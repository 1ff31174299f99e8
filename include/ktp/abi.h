/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C ABI between ktp's kernel shim (module/kernel/) and its portable C++
 * core (module/core/): every service the core needs from its platform.
 *
 * Both languages include this header, and so does the host build of the core,
 * so it uses only compiler-predefined types. The kernel implements it in
 * module/kernel/platform.c; host unit tests implement it in
 * tests/host/platform_host.cpp (malloc with failure injection, pthreads).
 */
#ifndef KTP_ABI_H
#define KTP_ABI_H

#ifdef __cplusplus
extern "C" {
#endif

typedef __SIZE_TYPE__ ktp_size_t;
typedef __UINT8_TYPE__ ktp_u8;
typedef __UINT32_TYPE__ ktp_u32;
typedef __UINT64_TYPE__ ktp_u64;
typedef __INT64_TYPE__ ktp_s64;

/* Log levels, as the kernel's printk levels. */
enum ktp_log_level {
	KTP_LOG_ERR = 3,
	KTP_LOG_WARNING = 4,
	KTP_LOG_NOTICE = 5,
	KTP_LOG_INFO = 6,
	KTP_LOG_DEBUG = 7,
};

/* ---- memory ------------------------------------------------------------ */

/* Sleeping allocation (GFP_KERNEL); NULL on failure. Never on the probe path. */
void *ktp_alloc(ktp_size_t size);
/* As ktp_alloc, zero-filled. */
void *ktp_zalloc(ktp_size_t size);
/* Frees memory from ktp_alloc/ktp_zalloc; NULL is a no-op. */
void ktp_free(void *ptr);

/* ---- diagnostics --------------------------------------------------------- */

/* One message to the kernel log, prefixed with "ktp: ". */
void ktp_log(enum ktp_log_level level, const char *msg);
/* A WARN-style report (a stack trace in the kernel, a test failure on host). */
void ktp_warn(const char *msg);
/* Stops execution at once: BUG() in the kernel, abort() on host. */
void ktp_trap(void);

/* printf into a buffer, as the kernel's snprintf (the core's text output). */
int ktp_snprintf(char *buf, ktp_size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int ktp_vsnprintf(char *buf, ktp_size_t len, const char *fmt, __builtin_va_list args);

/* ---- locks --------------------------------------------------------------- *
 * Locks live inside C++ objects as opaque, suitably aligned storage; the
 * platform checks at build time that its lock type fits. A lock class is a
 * static object (one per kind of lock) that lockdep uses to tell locks apart.
 */
#define KTP_MUTEX_SIZE 256
#define KTP_SPINLOCK_SIZE 128
#define KTP_LOCK_CLASS_SIZE 32

struct ktp_mutex {
	unsigned char opaque[KTP_MUTEX_SIZE];
} __attribute__((aligned(16)));

struct ktp_spinlock {
	unsigned char opaque[KTP_SPINLOCK_SIZE];
} __attribute__((aligned(16)));

struct ktp_lock_class {
	unsigned char opaque[KTP_LOCK_CLASS_SIZE];
} __attribute__((aligned(16)));

void ktp_mutex_init(struct ktp_mutex *m, const char *name, struct ktp_lock_class *cls);
void ktp_mutex_destroy(struct ktp_mutex *m);
void ktp_mutex_lock(struct ktp_mutex *m);
void ktp_mutex_unlock(struct ktp_mutex *m);
/* Checks that the caller holds m (lockdep_assert_held in the kernel). */
void ktp_mutex_assert_held(const struct ktp_mutex *m);

/* An irq-safe spinlock: lock saves and disables interrupts, unlock restores. */
void ktp_spin_init(struct ktp_spinlock *s, const char *name, struct ktp_lock_class *cls);
unsigned long ktp_spin_lock_irqsave(struct ktp_spinlock *s);
void ktp_spin_unlock_irqrestore(struct ktp_spinlock *s, unsigned long flags);
void ktp_spin_assert_held(const struct ktp_spinlock *s);

/* ---- RCU ------------------------------------------------------------------ *
 * Readers are the probe path (preemption disabled); writers replace a
 * published pointer and wait for every reader before freeing the old object.
 */
void ktp_rcu_read_lock(void);
void ktp_rcu_read_unlock(void);
/* Waits until every reader that might see an old pointer has finished. */
void ktp_synchronize_rcu(void);

/* ---- text patching --------------------------------------------------------- *
 * One 5-byte instruction rewrite: at addr, expect old[] and write new_[].
 */
#define KTP_SITE_LEN 5

struct ktp_text_patch {
	void *addr;
	unsigned char old[KTP_SITE_LEN];
	unsigned char new_[KTP_SITE_LEN];
	unsigned char applied; /* out: 1 when written, 0 when refused */
};

/*
 * 1 when the platform can rewrite code (text_poke_bp was resolved), 0 when
 * it cannot, or a negative errno when finding out failed (no memory).
 */
int ktp_text_patching_available(void);
/*
 * Applies patches[0..n) as one batch, sorted by address: every site whose
 * current bytes are not old[] is refused with a warning and left untouched.
 * Returns the number of sites written, or a negative errno. Sleeps.
 */
int ktp_text_patch_batch(struct ktp_text_patch *patches, unsigned int n);
/* Copies n bytes of code at addr into out; 0 or a negative errno. */
int ktp_text_read(const void *addr, unsigned char *out, unsigned int n);

/*
 * What the code at a call site's address is, as the kernel's jump labels
 * tell a module's init text from the rest: text that lasts as long as its
 * module; init text of a module still in its init function (freed once the
 * module is live: ktp_core_init_text_done() is called before that); or code
 * that is gone or unknown, never to be patched.
 */
enum ktp_text_kind {
	KTP_TEXT_LASTING = 0,
	KTP_TEXT_INIT = 1,
	KTP_TEXT_GONE = 2,
};
enum ktp_text_kind ktp_text_kind_of(const void *addr);

/* ---- CPUs, time, pages: what the ring buffer needs ------------------------ */

/* CPU ids are below this bound; ktp_cpu_possible() says which exist. */
unsigned int ktp_nr_cpu_ids(void);
int ktp_cpu_possible(unsigned int cpu);
/* Code on the probe path is never itself traced by the function tracer. */
#define KTP_NOTRACE __attribute__((no_instrument_function))

/*
 * The current CPU; the caller has preemption disabled. In an x86-64 SMP
 * kernel it is one instruction, inline: the exported per-CPU cpu_number read
 * through %gs, as the kernel's own raw_smp_processor_id() does.
 */
#if defined(__KERNEL__) && defined(CONFIG_X86_64) && defined(CONFIG_SMP)
#define KTP_PERCPU_INLINE 1
static inline __attribute__((always_inline)) unsigned int ktp_this_cpu(void)
{
	unsigned int cpu;

	asm volatile("movl %%gs:cpu_number, %0" : "=r"(cpu));
	return cpu;
}
#else
unsigned int ktp_this_cpu(void);
#endif
/*
 * What the record path keeps per CPU: this CPU's ring buffer (set by the
 * core whenever it replaces buffers, writers paused) and the pid whose
 * records need nothing after their commit: its comm is saved and no reader
 * waits. A record of any other pid takes the way that saves the comm and
 * wakes readers; a reader about to sleep sets every CPU's to -1 (no pid).
 * Where ktp_this_cpu() is inline, each is one %gs access to the shim's
 * per-CPU variable; elsewhere, calls.
 */
struct ktp_cpu_local {
	void *buffer;
	int last_pid;
};
/* Sets a CPU's buffer (writers paused); its last_pid starts over at -1. */
void ktp_cpu_local_set_buffer(unsigned int cpu, void *buffer);
/* Sets another CPU's last_pid to -1, ordered after the caller's earlier stores. */
void ktp_cpu_local_forget_pid(unsigned int cpu);
#ifdef KTP_PERCPU_INLINE
extern struct ktp_cpu_local ktp_cpu_local; /* per CPU: an offset from %gs */
static inline __attribute__((always_inline)) void *ktp_local_buffer(void)
{
	void *buffer;

	asm volatile("movq %%gs:%1, %0" : "=r"(buffer) : "m"(ktp_cpu_local.buffer));
	return buffer;
}
static inline __attribute__((always_inline)) int ktp_local_last_pid_is(int pid)
{
	unsigned char same;

	asm volatile("cmpl %2, %%gs:%1" : "=@ccz"(same) : "m"(ktp_cpu_local.last_pid), "r"(pid));
	return same;
}
static inline __attribute__((always_inline)) void ktp_set_local_last_pid(int pid)
{
	asm volatile("movl %1, %%gs:%0" : "=m"(ktp_cpu_local.last_pid) : "r"(pid));
}
#else
void *ktp_local_buffer(void);
int ktp_local_last_pid_is(int pid);
void ktp_set_local_last_pid(int pid);
#endif
/*
 * The trace clock (native's default "local" clock), nanoseconds: in the
 * kernel, sched_clock() called directly (callers have preemption off, so
 * trace_clock_local()'s own toggle is not needed).
 */
#ifdef KTP_PERCPU_INLINE
extern unsigned long long sched_clock(void);
static inline __attribute__((always_inline)) ktp_u64 ktp_trace_clock(void)
{
	return sched_clock();
}
#else
ktp_u64 ktp_trace_clock(void);
#endif
/* Nonzero in NMI context (a writer there must not wait for a lock). */
int ktp_in_nmi(void);
/* One zeroed 4096-byte page, or NULL; sleeping, never on the probe path. */
void *ktp_page_alloc(void);
void ktp_page_free(void *page);
/*
 * The ring buffer's memory, allocated between ktp_buffer_alloc_begin() and
 * ktp_buffer_alloc_end() as native's ring buffer does: an allocation that
 * cannot be met fails (no OOM killer, no warning) instead of retrying
 * forever, a task being killed gets NULL, and meanwhile the calling user
 * task is the OOM killer's first choice should memory run out elsewhere.
 * A page is freed with ktp_page_free, the rest with ktp_free.
 */
void ktp_buffer_alloc_begin(void);
void ktp_buffer_alloc_end(void);
void *ktp_buffer_page_alloc(void);
void *ktp_buffer_zalloc(ktp_size_t size);
/* A spinlock attempt that never waits: 1 when taken (interrupts saved in *flags). */
int ktp_spin_trylock_irqsave(struct ktp_spinlock *s, unsigned long *flags);
/*
 * The preempt-count word a writer sees in the usual case: task context, no
 * reschedule pending, holding the probe path's own levels and preempt_bias
 * more (what an event's caller holds beyond a native probe's). Computed
 * once per event, for ktp_fill_common.
 */
unsigned int ktp_preempt_base(int preempt_bias);
/*
 * Fills the common header of a record being written now: flags and
 * preempt count as native encodes them (depth counted above preempt_base),
 * and the current pid.
 */
struct ktp_common_header;
void ktp_fill_common(struct ktp_common_header *hdr, unsigned int type, unsigned int preempt_base);
/* The current task's pid and comm (16 bytes, NUL-terminated). */
int ktp_current_pid(void);
void ktp_current_comm(char comm[16]);
/* Copies a NUL-terminated string from a kernel pointer that may fault; <0 on a fault. */
long ktp_copy_string_nofault(char *dst, const char *src, long size);
/* The kernel's PID_MAX_DEFAULT (sizes native's saved_cmdlines index). */
unsigned int ktp_pid_max_default(void);
/* Saves the current call stack (skipping skip frames); returns the entries stored. */
unsigned int ktp_stack_save(unsigned long *store, unsigned int max, unsigned int skip);
/* Pages of memory the system could give without pressure (bounds buffer sizes). */
ktp_u64 ktp_available_pages(void);
/* The per-CPU buffer size in KB that ktp starts with (the module's buffer_size_kb parameter). */
unsigned int ktp_initial_buffer_kb(void);
/*
 * Asks the platform to wake the readers waiting on the buffer, from any
 * context (NMI included): the wakeup itself runs later.
 */
void ktp_wake_readers(void);

/* ---- errno values the core returns across the boundary ------------------ */
#define KTP_ENOENT 2
#define KTP_E2BIG 7
#define KTP_EBADF 9
#define KTP_EAGAIN 11
#define KTP_ENOMEM 12
#define KTP_EBUSY 16
#define KTP_EEXIST 17
#define KTP_EINVAL 22
#define KTP_ENOSPC 28
#define KTP_ERANGE 34
#define KTP_ENODEV 19

/* ---- test hooks: only in builds with KTP_FAULT_INJECTION (tests) ------- */

/* Makes the nth allocation from now fail (1: the next one); 0 disarms. */
void ktp_fault_fail_nth_alloc(int nth);
/* Allocations attempted since load, failed ones included. */
int ktp_fault_alloc_attempts(void);

/*
 * Points in the core where host tests run code of their own, as an
 * interrupt arriving there would. Host builds only: elsewhere they are empty.
 */
enum ktp_test_point {
	KTP_POINT_RING_RESERVED = 1,      /* a writer's space taken inline, its page count not yet */
	KTP_POINT_RING_RESERVED_SLOW = 2, /* the same on the slow path */
	KTP_POINT_RING_SWITCHED = 3,      /* a writer moved to a new page, its count not yet taken */
	KTP_POINT_RING_READER_LOCKED = 4, /* a reader holds a CPU buffer's lock (peek) */
	KTP_POINT_BUFFER_PAGE_ALLOC = 5,  /* the platform allocates a ring-buffer page */
};
#ifdef KTP_HOSTED
void ktp_test_point_reached(enum ktp_test_point where);
#define KTP_TEST_POINT(where) ktp_test_point_reached(where)
#else
#define KTP_TEST_POINT(where) \
	do {                  \
	} while (0)
#endif

/* ---- entry points of the core, called by the shim ------------------------ */

/* Brings up the core's global state; 0 or a negative errno. */
int ktp_core_init(void);
/* Tears down everything ktp_core_init built. */
void ktp_core_exit(void);
/*
 * A module's init function has returned and its init text is about to be
 * freed: call sites there are forgotten (sleeps; from the module notifier).
 */
void ktp_core_init_text_done(void);
/* The version string logged at load ("0.1.0"). */
const char *ktp_core_version(void);

/* Read-only text files the core renders whole at open. */
enum ktp_text_file {
	KTP_TEXT_STATIC_KEYS = 1,      /* static_keys: one line per key */
	KTP_TEXT_AVAILABLE_EVENTS = 2, /* available_events: "system:event" per line */
};
/*
 * Renders a file into a buffer the caller frees with ktp_free; 0 or a
 * negative errno.
 */
int ktp_render_text(enum ktp_text_file which, char **out, ktp_size_t *len);
/*
 * An event's print format as its format file shows it, into buf (NUL
 * included): its length, -ENOSPC or -ENOMEM. Needs no running core.
 */
int ktp_render_native_print_fmt(const char *written, char *buf, ktp_size_t len);

/* ---- the events/ tree ---------------------------------------------------- *
 * The core tells the platform when an event comes and goes (outside its
 * locks), and the platform's files ask the core for their contents. An
 * event is an opaque handle to the platform.
 */
/* The longest system or event name the registry takes (bytes, NUL not included). */
#define KTP_NAME_MAX 64
void ktp_fs_event_added(void *event, const char *system, const char *name);
void ktp_fs_event_removed(void *event);

enum ktp_event_file {
	KTP_EVENT_ID = 1,
	KTP_EVENT_FORMAT = 2,
	KTP_EVENT_FILTER = 3,
	KTP_EVENT_ENABLE = 4,
	KTP_EVENT_TRIGGER = 5,
};
/* A write to the event's trigger file; the count written or a negative errno. */
int ktp_event_write_trigger(void *event, const char *buf, ktp_size_t len);
/* Nonzero when the event can be enabled (it has an enable file). */
int ktp_event_has_enable(void *event);
/* A write to the event's enable file; the count written or a negative errno. */
int ktp_event_write_enable(void *event, const char *buf, ktp_size_t len);
/* events/<system>/enable. */
int ktp_system_render_enable(const char *system, char **out, ktp_size_t *len);
int ktp_system_write_enable(const char *system, const char *buf, ktp_size_t len);
int ktp_event_render(void *event, enum ktp_event_file which, char **out, ktp_size_t *len);
/* A write to the event's filter file; the count written or a negative errno. */
int ktp_event_write_filter(void *event, const char *buf, ktp_size_t len);
/* The system's filter file (events/<system>/filter): read and write. */
int ktp_system_render_filter(const char *system, char **out, ktp_size_t *len);
int ktp_system_write_filter(const char *system, const char *buf, ktp_size_t len);

/* ---- the top of the tree: control files, readers, trace_marker ------------ */

enum ktp_control_file {
	KTP_CTL_TRACING_ON = 1,
	KTP_CTL_BUFFER_SIZE_KB = 2,       /* top, or per CPU with cpu >= 0 */
	KTP_CTL_BUFFER_TOTAL_SIZE_KB = 3,
	KTP_CTL_OVERWRITE = 4,            /* options/overwrite */
	KTP_CTL_SAVED_CMDLINES = 5,
	KTP_CTL_SAVED_CMDLINES_SIZE = 6,
	KTP_CTL_SET_EVENT = 7,
	KTP_CTL_EVENTS_ENABLE = 8,        /* events/enable */
	KTP_CTL_HEADER_PAGE = 9,
	KTP_CTL_HEADER_EVENT = 10,
	KTP_CTL_STATS = 11,               /* per_cpu/cpuN/stats */
};
/* Renders a control file (cpu: -1, or the CPU of a per_cpu file); free *out with ktp_free. */
int ktp_control_render(enum ktp_control_file which, int cpu, char **out, ktp_size_t *len);
/* A write; the count consumed or a negative errno. */
long ktp_control_write(enum ktp_control_file which, int cpu, const char *buf, ktp_size_t len);
/* Opening set_event with O_TRUNC disables every event. */
int ktp_control_truncate(enum ktp_control_file which);
/*
 * The numeric files (tracing_on, buffer sizes, overwrite,
 * saved_cmdlines_size, enable files) read at most this much of a write and
 * take the whole write, as kstrtoul_from_user: the kernel copies no more.
 */
#define KTP_VALUE_WRITE_MAX 66
/*
 * A set_event write, one token per call as native's parser: the bytes
 * consumed (leading white space, the token and the character after it) or
 * a negative errno. buf may be the first part of a longer write (complete
 * 0): a token that reaches its end is then left for the next call, unless
 * it is already too long to be one. The kernel copies KTP_SET_EVENT_CHUNK
 * bytes at a time, so that a long write costs time linear in its length.
 */
long ktp_set_event_write(const char *buf, ktp_size_t len, int complete);
#define KTP_SET_EVENT_CHUNK 512

/* Opening trace (or per_cpu/cpuN/trace) with O_TRUNC: empties the buffers (cpu -1: all). */
int ktp_trace_reset(int cpu);
/* A write to trace_marker: the count taken (at most 1024) or a negative errno. */
long ktp_trace_marker_write(const char *buf, ktp_size_t len);

enum ktp_reader_kind {
	KTP_READER_TRACE = 0, /* non-consuming text, with the header */
	KTP_READER_PIPE = 1,  /* consuming text */
	KTP_READER_RAW = 2,   /* consuming, whole pages (one CPU) */
};
/* A reader of one CPU (cpu >= 0) or all (-1); NULL when memory runs out. */
void *ktp_reader_open(enum ktp_reader_kind kind, int cpu);
void ktp_reader_close(void *reader);
/* Up to len bytes; 0 when nothing is there now; or a negative errno. */
long ktp_reader_read(void *reader, char *buf, ktp_size_t len);
/* Nonzero when a read would return data. */
int ktp_reader_ready(void *reader);
/* A reader is about to sleep: the next commit calls ktp_wake_readers(). */
void ktp_reader_want_wakeup(void);
/* Number of CPUs with a buffer, and whether cpu has one. */
int ktp_trace_cpu_present(int cpu);

#ifdef __cplusplus
}
#endif

#endif /* KTP_ABI_H */
