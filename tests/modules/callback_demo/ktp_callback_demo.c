// SPDX-License-Identifier: GPL-2.0
/*
 * ktp_callback_demo.ko: a record callback and a raw callback on one ktp
 * event named at load (system=, event=), counting what they see. The event
 * must have an unsigned long first argument and field, as ktp_test:test_tick:
 *
 *     insmod ktp_callback_demo.ko system=ktp_test event=test_tick
 *     cat /sys/module/ktp_callback_demo/parameters/records   # records seen
 *     cat /sys/module/ktp_callback_demo/parameters/record_seq   # the last record's seq field
 *     cat /sys/module/ktp_callback_demo/parameters/raw_calls    # calls seen
 */
#include <linux/module.h>
#include <linux/atomic.h>

#include <ktp/callbacks.h>
#include <ktp/event_abi.h>

static char *system = "ktp_test";
module_param(system, charp, 0444);
static char *event = "test_tick";
module_param(event, charp, 0444);

static unsigned long records, raw_calls, record_seq, raw_seq, bad_sizes;
static int record_pid;
module_param(records, ulong, 0444);
module_param(raw_calls, ulong, 0444);
module_param(record_seq, ulong, 0444);
module_param(raw_seq, ulong, 0444);
module_param(record_pid, int, 0444);
module_param(bad_sizes, ulong, 0444);

/* The record: the 8-byte common header, then the event's fields. */
static void demo_record(void *data, const void *record, unsigned int size)
{
	const struct ktp_common_header *hdr = record;

	if (size < 16) {
		bad_sizes++;
		return;
	}
	WRITE_ONCE(record_seq, *(const unsigned long *)((const char *)record + 8));
	WRITE_ONCE(record_pid, hdr->common_pid);
	WRITE_ONCE(records, records + 1);
}

/* The call's arguments, each widened to 64 bits. */
static void demo_raw(void *data, const unsigned long long *args, unsigned int nr_args)
{
	if (nr_args < 1)
		return;
	WRITE_ONCE(raw_seq, args[0]);
	WRITE_ONCE(raw_calls, raw_calls + 1);
}

static int __init demo_init(void)
{
	int err = ktp_callback_register(system, event, KTP_CALLBACK_RECORD, demo_record, NULL);

	if (err)
		return err;
	err = ktp_callback_register(system, event, KTP_CALLBACK_RAW, demo_raw, NULL);
	if (err)
		ktp_callback_unregister(system, event, KTP_CALLBACK_RECORD, demo_record, NULL);
	return err;
}

static void __exit demo_exit(void)
{
	/* -ENOENT when the event's module went first (its callbacks went with it). */
	int a = ktp_callback_unregister(system, event, KTP_CALLBACK_RAW, demo_raw, NULL);
	int b = ktp_callback_unregister(system, event, KTP_CALLBACK_RECORD, demo_record, NULL);

	pr_info("ktp_callback_demo: unregistered: %d %d\n", a, b);
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp example: record and raw callbacks on a ktp event");
