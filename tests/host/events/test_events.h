// SPDX-License-Identifier: GPL-2.0
// Events for host tests: every field kind, an event class, and one event defined in C (c_events.c).
#include <ktp/event.h>

#ifndef KTP_HOST_TEST_EVENTS_H
#define KTP_HOST_TEST_EVENTS_H

KTP_TRACE_EVENT(host_test, every_kind,
	KTP_PROTO(int i, const char *s, const void *p),
	KTP_ARGS(i, s, p),
	KTP_STRUCT(
		ktp_field(signed char, s8v)
		ktp_field(unsigned char, u8v)
		ktp_field(short, s16v)
		ktp_field(unsigned short, u16v)
		ktp_field(int, s32v)
		ktp_field(unsigned int, u32v)
		ktp_field(long long, s64v)
		ktp_field(unsigned long long, u64v)
		ktp_field(bool, flag)
		ktp_array(char, comm, 16)
		ktp_string(name, s)
		ktp_pointer(const void *, ptr)
		ktp_string(second, "fixed")
	),
	KTP_ASSIGN(
		__entry->s8v = (signed char)i;
		__entry->u8v = (unsigned char)i;
		__entry->s16v = (short)i;
		__entry->u16v = (unsigned short)i;
		__entry->s32v = i;
		__entry->u32v = (unsigned int)i;
		__entry->s64v = (long long)i * 1000000000LL;
		__entry->u64v = (unsigned long long)i;
		__entry->flag = i != 0;
		ktp_copy_str(__entry->comm, "comm", 16);
		ktp_assign_str(name, s);
		__entry->ptr = p;
		ktp_assign_str(second, "fixed");
	),
	KTP_PRINT("s8=%d u8=%u s16=%d u16=%u s32=%d u32=%u s64=%lld u64=%llu flag=%d comm=%s name=%s ptr=%p second=%s",
		  __entry->s8v, __entry->u8v, __entry->s16v, __entry->u16v, __entry->s32v, __entry->u32v,
		  __entry->s64v, __entry->u64v, __entry->flag, __entry->comm, ktp_get_str(name),
		  __entry->ptr, ktp_get_str(second))
)

KTP_DECLARE_EVENT_CLASS(pair_class,
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

KTP_DEFINE_EVENT(pair_class, host_test, pair_one, KTP_PROTO(int a, int b), KTP_ARGS(a, b))
KTP_DEFINE_EVENT(pair_class, host_test, pair_two, KTP_PROTO(int a, int b), KTP_ARGS(a, b))
KTP_DEFINE_EVENT(pair_class, host_other, pair_three, KTP_PROTO(int a, int b), KTP_ARGS(a, b))

/* Records of 12, 20, 48 and 52 bytes: the core's sized writes (12..48) and the general one. */
KTP_TRACE_EVENT(host_sizes, size_12,
	KTP_PROTO(unsigned int v),
	KTP_ARGS(v),
	KTP_STRUCT(
		ktp_field(unsigned int, a)
	),
	KTP_ASSIGN(
		__entry->a = v;
	),
	KTP_PRINT("a=%u", __entry->a)
)

KTP_TRACE_EVENT(host_sizes, size_20,
	KTP_PROTO(unsigned int v),
	KTP_ARGS(v),
	KTP_STRUCT(
		ktp_field(unsigned int, a)
		ktp_field(unsigned int, b)
		ktp_field(unsigned int, c)
	),
	KTP_ASSIGN(
		__entry->a = v;
		__entry->b = v + 1;
		__entry->c = v + 2;
	),
	KTP_PRINT("a=%u b=%u c=%u", __entry->a, __entry->b, __entry->c)
)

KTP_TRACE_EVENT(host_sizes, size_48,
	KTP_PROTO(unsigned long long v),
	KTP_ARGS(v),
	KTP_STRUCT(
		ktp_field(unsigned long long, a)
		ktp_field(unsigned long long, b)
		ktp_field(unsigned long long, c)
		ktp_field(unsigned long long, d)
		ktp_field(unsigned long long, e)
	),
	KTP_ASSIGN(
		__entry->a = v;
		__entry->b = v + 1;
		__entry->c = v + 2;
		__entry->d = v + 3;
		__entry->e = v + 4;
	),
	KTP_PRINT("a=%llu b=%llu c=%llu d=%llu e=%llu", __entry->a, __entry->b, __entry->c, __entry->d, __entry->e)
)

KTP_TRACE_EVENT(host_sizes, size_52,
	KTP_PROTO(unsigned int v),
	KTP_ARGS(v),
	KTP_STRUCT(
		ktp_field(unsigned int, a)
		ktp_array(char, pad, 36)
		ktp_field(unsigned int, z)
	),
	KTP_ASSIGN(
		__entry->a = v;
		__builtin_memset(__entry->pad, 'p', 35);
		__entry->pad[35] = 0;
		__entry->z = v + 9;
	),
	KTP_PRINT("a=%u pad=%s z=%u", __entry->a, __entry->pad, __entry->z)
)

#endif
