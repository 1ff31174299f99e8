// SPDX-License-Identifier: GPL-2.0
/* Defines and fires the C ktp_sample event. */
#define KTP_CREATE_EVENTS
#include "sample_c_events.h"
#include "sample_fire.h"

void ktp_sample_fire_c(unsigned int seq)
{
	trace_sample_from_c(seq, (seq & 1) ? "c-odd" : "c-even");
}
