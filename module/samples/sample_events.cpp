// SPDX-License-Identifier: GPL-2.0
// Defines the C++ ktp_sample events and fires them all on request (the sample_fire file).
#define KTP_CREATE_EVENTS
#include "sample_events.h"
#include "sample_fire.h"

extern "C" void ktp_sample_fire(unsigned long first, unsigned long count)
{
	static const char *const labels[] = {"alpha", "beta", "a somewhat longer label", ""};
	for (unsigned long i = first; i < first + count; i++) {
		int v = static_cast<int>(i % 1000);
		trace_sample_ints(i, v);
		trace_sample_strings(i, labels[i % 4], &labels[i % 4]);
		trace_sample_value_first(1, static_cast<long>(i));
		trace_sample_value_second(2, -static_cast<long>(i));
		ktp_sample_fire_c(static_cast<unsigned int>(i));
	}
}
