// SPDX-License-Identifier: GPL-2.0
// Events of the ktp_events KUnit suite (defined in events_kunit_body.cpp).
#include <ktp/event.h>

#ifndef KTP_KUNIT_EVENTS_H
#define KTP_KUNIT_EVENTS_H

KTP_DECLARE_EVENT_CLASS(kunit_pair,
	KTP_PROTO(int a, int b),
	KTP_ARGS(a, b),
	KTP_STRUCT(
		ktp_field(int, a)
		ktp_field(int, b)
	),
	KTP_ASSIGN(
		__entry->a = a;
		__entry->b = b;
	),
	KTP_PRINT("a=%d b=%d", __entry->a, __entry->b)
)

KTP_DEFINE_EVENT(kunit_pair, ktp_kunit, kunit_first, KTP_PROTO(int a, int b), KTP_ARGS(a, b))
KTP_DEFINE_EVENT(kunit_pair, ktp_kunit, kunit_second, KTP_PROTO(int a, int b), KTP_ARGS(a, b))
KTP_DEFINE_EVENT(kunit_pair, ktp_kunit, kunit_third, KTP_PROTO(int a, int b), KTP_ARGS(a, b))
KTP_DEFINE_EVENT(kunit_pair, ktp_kunit, kunit_fourth, KTP_PROTO(int a, int b), KTP_ARGS(a, b))

#endif
