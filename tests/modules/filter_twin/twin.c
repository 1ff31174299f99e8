// SPDX-License-Identifier: GPL-2.0
/* Defines and fires the ktp twin (a file of its own: no kernel static keys beside ktp's sites). */
#include <linux/types.h>

#define KTP_CREATE_EVENTS
#include "twin_ktp.h"

void ktp_twin_fire(int i, const char *s)
{
	trace_twin(i, s);
}
