// SPDX-License-Identifier: GPL-2.0
// ktp_test:test_init_call, an event joining the ktp_test system of ktp_test_events.ko from another module.
#include <ktp/event.h>

#ifndef KTP_INIT_EVENTS_H
#define KTP_INIT_EVENTS_H

KTP_TRACE_EVENT(ktp_test, test_init_call,
	KTP_PROTO(int step),
	KTP_ARGS(step),
	KTP_STRUCT(
		ktp_field(int, step)
	),
	KTP_ASSIGN(
		__entry->step = step;
	),
	KTP_PRINT("step=%d", __entry->step)
)

#endif
