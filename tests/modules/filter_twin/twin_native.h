/* SPDX-License-Identifier: GPL-2.0 */
/* The native half of the twins: a TRACE_EVENT with one field of every kind ktp supports (arrays of integers too). */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ktp_twin_native

#if !defined(_KTP_TWIN_NATIVE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KTP_TWIN_NATIVE_H

#include <linux/tracepoint.h>
#include <compat/assign_str.h>

TRACE_EVENT(twin,
	TP_PROTO(int i, const char *s),
	TP_ARGS(i, s),
	TP_STRUCT__entry(
		__field(signed char, s8v)
		__field(unsigned char, u8v)
		__field(short, s16v)
		__field(unsigned short, u16v)
		__field(int, s32v)
		__field(unsigned int, u32v)
		__field(long long, s64v)
		__field(unsigned long long, u64v)
		__field(bool, flag)
		__array(char, comm, 16)
		__string(name, s)
		__field(const char *, ptr)
		__array(unsigned long, args, 6)
		__array(u8, b4, 4)
		__array(int, i2, 2)
		__array(short, s3, 3)
	),
	TP_fast_assign(
		__entry->s8v = i;
		__entry->u8v = i;
		__entry->s16v = i;
		__entry->u16v = i;
		__entry->s32v = i;
		__entry->u32v = i;
		__entry->s64v = (long long)i * 1000000007LL;
		__entry->u64v = (unsigned long long)i * 1000000007ULL;
		__entry->flag = i & 1;
		strscpy(__entry->comm, s, 16);
		KTP_NATIVE_ASSIGN_STR(name, s);
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
	TP_printk("s8v=%d u8v=%u s16v=%d u16v=%u s32v=%d u32v=%u s64v=%lld u64v=%llu flag=%d comm=%s name=%s",
		  __entry->s8v, __entry->u8v, __entry->s16v, __entry->u16v, __entry->s32v, __entry->u32v,
		  __entry->s64v, __entry->u64v, __entry->flag, __entry->comm, __get_str(name))
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE twin_native
#include <trace/define_trace.h>
