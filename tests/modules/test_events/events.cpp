// SPDX-License-Identifier: GPL-2.0
// Defines the ktp_test events and the helpers module.c drives: firing, a toggled probe, a held probe.
#define KTP_CREATE_EVENTS
#include "test_events.h"

namespace {

long g_hits;
long g_held;

void count_tick(void *data, unsigned long, int)
{
	__atomic_add_fetch(static_cast<long *>(data), 1, __ATOMIC_RELAXED);
}

void hold_name(void *data, const char *) {}

} // namespace

extern "C" void ktp_test_fire(unsigned long seq, int cpu)
{
	trace_test_tick(seq, cpu);
	if ((seq & 63) == 0)
		trace_test_name("tick");
}

extern "C" int ktp_test_probe_toggle(int on)
{
	return on ? register_trace_test_tick(count_tick, &g_hits) : unregister_trace_test_tick(count_tick, &g_hits);
}

extern "C" long ktp_test_probe_hits(void)
{
	return __atomic_load_n(&g_hits, __ATOMIC_RELAXED);
}

// A probe that stays registered, so the module can be removed with its event enabled.
extern "C" int ktp_test_hold(int on)
{
	return on ? register_trace_test_name(hold_name, &g_held) : unregister_trace_test_name(hold_name, &g_held);
}
