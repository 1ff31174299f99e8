// SPDX-License-Identifier: GPL-2.0
// The ktp_test system: events owned by a module other than ktp.ko.
#include <ktp/event.h>

#ifndef KTP_TEST_EVENTS_H
#define KTP_TEST_EVENTS_H

KTP_TRACE_EVENT(ktp_test, test_tick,
	KTP_PROTO(unsigned long seq, int cpu),
	KTP_ARGS(seq, cpu),
	KTP_STRUCT(
		ktp_field(unsigned long, seq)
		ktp_field(int, cpu)
	),
	KTP_ASSIGN(
		__entry->seq = seq;
		__entry->cpu = cpu;
	),
	KTP_PRINT("seq=%lu cpu=%d", __entry->seq, __entry->cpu)
)

KTP_TRACE_EVENT(ktp_test, test_name,
	KTP_PROTO(const char *name),
	KTP_ARGS(name),
	KTP_STRUCT(
		ktp_string(name, name)
	),
	KTP_ASSIGN(
		ktp_assign_str(name, name);
	),
	KTP_PRINT("name=%s", ktp_get_str(name))
)

#ifdef __cplusplus
extern "C" {
#endif
void ktp_test_fire(unsigned long seq, int cpu);
int ktp_test_probe_toggle(int on);
long ktp_test_probe_hits(void);
int ktp_test_hold(int on);
#ifdef __cplusplus
}
#endif

#endif
