/* SPDX-License-Identifier: GPL-2.0 */
/* The ktp_sample event defined and fired from C, to show definitions work in C translation units. */
#include <ktp/event.h>

#ifndef KTP_SAMPLE_C_EVENTS_H
#define KTP_SAMPLE_C_EVENTS_H

KTP_TRACE_EVENT(ktp_sample, sample_from_c,
	KTP_PROTO(unsigned int seq, const char *who),
	KTP_ARGS(seq, who),
	KTP_STRUCT(
		ktp_field(unsigned int, seq)
		ktp_string(who, who)
		ktp_field(unsigned int, flags)
		ktp_field(int, state)
	),
	KTP_ASSIGN(
		__entry->seq = seq;
		ktp_assign_str(who, who);
		__entry->flags = seq % 19;
		__entry->state = (int)(seq % 4);
	),
	KTP_PRINT("seq=%u who=%s flags=%s state=%s", __entry->seq, ktp_get_str(who),
		  ktp_print_flags(__entry->flags, "|", { 1, "READ" }, { 2, "WRITE" }, { 4, "EXEC" }),
		  ktp_print_symbolic(__entry->state, { 0, "idle" }, { 1, "running" }, { 2, "blocked" }))
)

#endif
