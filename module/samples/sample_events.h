// SPDX-License-Identifier: GPL-2.0
// The ktp_sample system's events defined in C++: every field kind, and an event class.
#include <ktp/event.h>

#ifndef KTP_SAMPLE_EVENTS_H
#define KTP_SAMPLE_EVENTS_H

KTP_TRACE_EVENT(ktp_sample, sample_ints,
	KTP_PROTO(unsigned long long seq, int value),
	KTP_ARGS(seq, value),
	KTP_STRUCT(
		ktp_field(signed char, s8v)
		ktp_field(short, s16v)
		ktp_field(int, s32v)
		ktp_field(long long, s64v)
		ktp_field(unsigned char, u8v)
		ktp_field(unsigned short, u16v)
		ktp_field(unsigned int, u32v)
		ktp_field(unsigned long long, u64v)
		ktp_field(bool, flag)
	),
	KTP_ASSIGN(
		__entry->s8v = (signed char)-value;
		__entry->s16v = (short)(-value * 300);
		__entry->s32v = -value;
		__entry->s64v = -(long long)seq << 32;
		__entry->u8v = (unsigned char)value;
		__entry->u16v = (unsigned short)(value * 300);
		__entry->u32v = (unsigned int)value;
		__entry->u64v = seq;
		__entry->flag = (value & 1) != 0;
	),
	KTP_PRINT("s8=%d s16=%d s32=%d s64=%lld u8=%u u16=%u u32=%u u64=%llu flag=%d",
		  __entry->s8v, __entry->s16v, __entry->s32v, __entry->s64v, __entry->u8v,
		  __entry->u16v, __entry->u32v, __entry->u64v, __entry->flag)
)

KTP_TRACE_EVENT(ktp_sample, sample_strings,
	KTP_PROTO(unsigned long long seq, const char *label, const void *ptr),
	KTP_ARGS(seq, label, ptr),
	KTP_STRUCT(
		ktp_array(char, tag, 16)
		ktp_string(label, label)
		ktp_pointer(const void *, ptr)
		ktp_field(unsigned int, seq)
	),
	KTP_ASSIGN(
		ktp_copy_str(__entry->tag, (seq & 1) ? "odd" : "even", sizeof(__entry->tag));
		ktp_assign_str(label, label);
		__entry->ptr = ptr;
		__entry->seq = (unsigned int)seq;
	),
	KTP_PRINT("tag=%s label=%s ptr=0x%lx seq=%u", __entry->tag, ktp_get_str(label),
		  (unsigned long)__entry->ptr, __entry->seq)
)

KTP_DECLARE_EVENT_CLASS(sample_value_class,
	KTP_PROTO(int which, long value),
	KTP_ARGS(which, value),
	KTP_STRUCT(
		ktp_field(int, which)
		ktp_field(long, value)
	),
	KTP_ASSIGN(
		__entry->which = which;
		__entry->value = value;
	),
	KTP_PRINT("which=%d value=%ld", __entry->which, __entry->value)
)

KTP_DEFINE_EVENT(sample_value_class, ktp_sample, sample_value_first,
	KTP_PROTO(int which, long value),
	KTP_ARGS(which, value))

KTP_DEFINE_EVENT(sample_value_class, ktp_sample, sample_value_second,
	KTP_PROTO(int which, long value),
	KTP_ARGS(which, value))

#endif /* KTP_SAMPLE_EVENTS_H */
