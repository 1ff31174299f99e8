// SPDX-License-Identifier: GPL-2.0
// Events of the ktp_callbacks KUnit suite (defined in callbacks_kunit_body.cpp).
#include <ktp/event.h>

#ifndef KTP_CALLBACKS_KUNIT_EVENTS_H
#define KTP_CALLBACKS_KUNIT_EVENTS_H

KTP_TRACE_EVENT(ktp_kunit_cb, cb_pair,
	KTP_PROTO(int a, unsigned long long b),
	KTP_ARGS(a, b),
	KTP_STRUCT(
		ktp_field(int, a)
		ktp_field(unsigned int, low)
		ktp_field(unsigned long long, b)
	),
	KTP_ASSIGN(
		__entry->a = a;
		__entry->low = (unsigned int)b;
		__entry->b = b;
	),
	KTP_PRINT("a=%d low=%u b=%llu", __entry->a, __entry->low, __entry->b)
)

KTP_TRACE_EVENT(ktp_kunit_cb, cb_string,
	KTP_PROTO(short n, const char *s, const void *p),
	KTP_ARGS(n, s, p),
	KTP_STRUCT(
		ktp_field(short, n)
		ktp_array(char, tag, 6)
		ktp_string(s, s)
		ktp_pointer(const void *, p)
	),
	KTP_ASSIGN(
		__entry->n = n;
		ktp_copy_str(__entry->tag, "cb", 6);
		ktp_assign_str(s, s);
		__entry->p = p;
	),
	KTP_PRINT("n=%d tag=%s s=%s p=%p", __entry->n, __entry->tag, ktp_get_str(s), __entry->p)
)

#endif
