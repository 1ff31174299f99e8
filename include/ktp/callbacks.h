/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Consumers of ktp events in other modules: record callbacks and raw callbacks.
 *
 * A record callback gets each record of the event as the buffer would get
 * it: the 8-byte common header and the assigned fields, after the event's
 * filter, whether or not ktp's own tree records the event (padding between
 * fields, which the buffer leaves unspecified, is zero). A raw callback
 * gets the arguments of the trace_X() call, each widened to 64 bits
 * (zero-extended from its own size, as native's BPF raw tracepoints see them):
 *
 *     static void on_record(void *data, const void *record, unsigned int size)
 *     { ... }     // record: struct ktp_common_header, then the fields
 *     static void on_args(void *data, const unsigned long long *args, unsigned int nr)
 *     { ... }     // trace_sample_basic(7, "x"): args[0] == 7, args[1] == (u64)"x"
 *
 *     ktp_callback_register("ktp_sample", "sample_basic", KTP_CALLBACK_RECORD, on_record, NULL);
 *     ...
 *     ktp_callback_unregister("ktp_sample", "sample_basic", KTP_CALLBACK_RECORD, on_record, NULL);
 *
 * Callbacks run in the event's context (preemption off, any context the
 * event is called from, NMI included): they must not sleep. The first
 * callback of an event switches its call sites on, the last one off:
 * nothing runs while no consumer is attached. Unregistering returns once no
 * CPU runs the callback any more. A callback of an event whose module goes
 * away is dropped with it (unregistering it then gives -ENOENT).
 */
#ifndef KTP_CALLBACKS_H
#define KTP_CALLBACKS_H

#ifdef __cplusplus
extern "C" {
#endif

enum ktp_callback_kind {
	KTP_CALLBACK_RECORD = 0, /* void fn(void *data, const void *record, unsigned int size) */
	KTP_CALLBACK_RAW = 1,    /* void fn(void *data, const unsigned long long *args, unsigned int nr_args) */
};

typedef void (*ktp_record_callback_fn)(void *data, const void *record, unsigned int size);
typedef void (*ktp_raw_callback_fn)(void *data, const unsigned long long *args, unsigned int nr_args);

/*
 * 0, or -ENOENT (no such event), -EEXIST (this function and data are
 * already registered on the event for this kind), -EINVAL (bad kind or
 * no function), -ENOMEM. May sleep.
 */
int ktp_callback_register(const char *system, const char *event, enum ktp_callback_kind kind, void *fn,
			  void *data);
/* 0, or -ENOENT (no such event, or not registered). Waits for running callbacks. May sleep. */
int ktp_callback_unregister(const char *system, const char *event, enum ktp_callback_kind kind, void *fn,
			    void *data);

#ifdef __cplusplus
}
#endif

#endif /* KTP_CALLBACKS_H */
