/* SPDX-License-Identifier: GPL-2.0 */
/* The ktp half of the twins: the same fields, types and order as twin_native.h (and an event with a clashing name). */
#include <ktp/event.h>

#ifndef KTP_TWIN_KTP_H
#define KTP_TWIN_KTP_H

KTP_TRACE_EVENT(ktp_twin, twin,
	KTP_PROTO(int i, const char *s),
	KTP_ARGS(i, s),
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
		ktp_pointer(const char *, ptr)
		ktp_array(unsigned long, args, 6)
		ktp_array(u8, b4, 4)
		ktp_array(int, i2, 2)
		ktp_array(short, s3, 3)
	),
	KTP_ASSIGN(
		__entry->s8v = i;
		__entry->u8v = i;
		__entry->s16v = i;
		__entry->u16v = i;
		__entry->s32v = i;
		__entry->u32v = i;
		__entry->s64v = (long long)i * 1000000007LL;
		__entry->u64v = (unsigned long long)i * 1000000007ULL;
		__entry->flag = i & 1;
		ktp_copy_str(__entry->comm, s, 16);
		ktp_assign_str(name, s);
		__entry->ptr = s;
		{
			int k;

			for (k = 0; k < 6; k++)
				__entry->args[k] = (unsigned long)i + k;
			for (k = 0; k < 4; k++)
				__entry->b4[k] = (unsigned int)i >> (8 * k);
			__entry->i2[0] = i;
			__entry->i2[1] = i < 0 ? -1 : 0;
			for (k = 0; k < 3; k++)
				__entry->s3[k] = i;
		}
	),
	KTP_PRINT("s8v=%d u8v=%u s16v=%d u16v=%u s32v=%d u32v=%u s64v=%lld u64v=%llu flag=%d comm=%s name=%s",
		  __entry->s8v, __entry->u8v, __entry->s16v, __entry->u16v, __entry->s32v, __entry->u32v,
		  __entry->s64v, __entry->u64v, __entry->flag, __entry->comm, ktp_get_str(name))
)

/*
 * An event named like a file of its system's directory ("filter"): its own
 * directory cannot be made, and its system, made for it alone, must go.
 */
KTP_TRACE_EVENT(ktp_twin_clash, filter,
	KTP_PROTO(int i),
	KTP_ARGS(i),
	KTP_STRUCT(
		ktp_field(int, i)
	),
	KTP_ASSIGN(
		__entry->i = i;
	),
	KTP_PRINT("i=%d", __entry->i)
)

void ktp_twin_fire(int i, const char *s);

#endif
