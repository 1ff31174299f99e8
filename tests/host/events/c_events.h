/* SPDX-License-Identifier: GPL-2.0 */
/* A host test event defined in a C translation unit. */
#include <ktp/event.h>

#ifndef KTP_HOST_C_EVENTS_H
#define KTP_HOST_C_EVENTS_H

KTP_TRACE_EVENT(host_test, from_c,
	KTP_PROTO(unsigned int seq, const char *who),
	KTP_ARGS(seq, who),
	KTP_STRUCT(
		ktp_field(unsigned int, seq)
		ktp_string(who, who)
	),
	KTP_ASSIGN(
		__entry->seq = seq;
		ktp_assign_str(who, who);
	),
	KTP_PRINT("seq=%u who=%s", __entry->seq, ktp_get_str(who))
)

#ifdef __cplusplus
extern "C" {
#endif
void host_fire_from_c(unsigned int seq, const char *who);
unsigned int host_c_record(void *buf, unsigned int cap, unsigned int seq, const char *who);
#ifdef __cplusplus
}
#endif

#endif
