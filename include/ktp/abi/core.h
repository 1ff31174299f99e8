/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ktp's kernel shim calls in the portable core: bringing it up and
 * down, and the contents of every file of the debugfs tree. Implemented in
 * module/core/abi/, one file per section. Compiler-predefined types only.
 */
#ifndef KTP_ABI_CORE_H
#define KTP_ABI_CORE_H

#include <ktp/abi/types.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/* ---- the events/ tree: each event's and each system's files ------------- *
 * An event is a struct ktp_event_handle, announced by ktp_fs_event_added();
 * a system is named by its name.
 */
enum ktp_event_file {
	KTP_EVENT_ID = 1,
	KTP_EVENT_FORMAT = 2,
	KTP_EVENT_FILTER = 3,
	KTP_EVENT_ENABLE = 4,
	KTP_EVENT_TRIGGER = 5,
};
/* A write to the event's trigger file; the count written or a negative errno. */
int ktp_event_write_trigger(struct ktp_event_handle *event, const char *buf, ktp_size_t len);
/* Nonzero when the event can be enabled (it has an enable file). */
int ktp_event_has_enable(struct ktp_event_handle *event);
/* A write to the event's enable file; the count written or a negative errno. */
int ktp_event_write_enable(struct ktp_event_handle *event, const char *buf, ktp_size_t len);
/* events/<system>/enable. */
int ktp_system_render_enable(const char *system, char **out, ktp_size_t *len);
int ktp_system_write_enable(const char *system, const char *buf, ktp_size_t len);
int ktp_event_render(struct ktp_event_handle *event, enum ktp_event_file which, char **out, ktp_size_t *len);
/* A write to the event's filter file; the count written or a negative errno. */
int ktp_event_write_filter(struct ktp_event_handle *event, const char *buf, ktp_size_t len);
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
	KTP_CTL_TRACE_CLOCK = 12,         /* trace_clock: only "local", the clock ktp records with */
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
struct ktp_reader *ktp_reader_open(enum ktp_reader_kind kind, int cpu);
void ktp_reader_close(struct ktp_reader *reader);
/* Up to len bytes; 0 when nothing is there now; or a negative errno. */
long ktp_reader_read(struct ktp_reader *reader, char *buf, ktp_size_t len);
/*
 * A raw reader's next page, whole (PAGE_SIZE bytes, for splice): the bytes
 * copied, 0 when there is none (full_only: none the writer has left), or
 * -EINVAL when the reader is not raw or a short read left part of a page.
 */
long ktp_reader_read_page(struct ktp_reader *reader, char *page, int full_only);
/* Nonzero when a read would return data (raw readers: a page the writer has left). */
int ktp_reader_ready(struct ktp_reader *reader);
/* A reader is about to sleep: the next commit calls ktp_wake_readers(). */
void ktp_reader_want_wakeup(void);
/* Nonzero when cpu has a buffer (a per_cpu/cpuN directory). */
int ktp_trace_cpu_present(int cpu);

#ifdef __cplusplus
}
#endif

#endif /* KTP_ABI_CORE_H */
