// SPDX-License-Identifier: GPL-2.0
/* Defines the host test event from_c in C and fires it from C. */
#define KTP_CREATE_EVENTS
#include "c_events.h"

void host_fire_from_c(unsigned int seq, const char *who)
{
	trace_from_c(seq, who);
}

unsigned int host_c_record(void *buf, unsigned int cap, unsigned int seq, const char *who)
{
	return __ktp_fill_from_c(buf, cap, seq, who);
}
