// SPDX-License-Identifier: GPL-2.0
// Defines the C++ host test events and the helpers tests use to fire and fill them.
#define KTP_CREATE_EVENTS
#include "test_events.h"
#include "test_events_api.h"

void fire_every_kind(int i, const char *s, const void *p) { trace_every_kind(i, s, p); }
void fire_pair_one(int a, int b) { trace_pair_one(a, b); }
void run_site_pair_one(int a, int b) { __ktp_trace_pair_one(a, b); }
void fire_pair_two(int a, int b) { trace_pair_two(a, b); }
void fire_pair_three(int a, int b) { trace_pair_three(a, b); }
void fire_sizes(unsigned int v)
{
	trace_size_12(v);
	trace_size_20(v);
	trace_size_48(v);
	trace_size_52(v);
}
unsigned int record_size_12() { return sizeof(ktp_record_size_12); }
unsigned int record_size_20() { return sizeof(ktp_record_size_20); }
unsigned int record_size_48() { return sizeof(ktp_record_size_48); }
unsigned int record_size_52() { return sizeof(ktp_record_size_52); }

unsigned int size_every_kind(int i, const char *s, const void *p) { return __ktp_size_every_kind(i, s, p); }
unsigned int fill_every_kind(void *buf, unsigned int cap, int i, const char *s, const void *p)
{
	return __ktp_fill_every_kind(buf, cap, i, s, p);
}
unsigned int fill_pair(void *buf, unsigned int cap, int a, int b) { return __ktp_fill_pair_class(buf, cap, a, b); }

#define OFFSET(member) static_cast<unsigned int>(__builtin_offsetof(ktp_record_every_kind, member))
#define SIZE(member) static_cast<unsigned int>(sizeof(((ktp_record_every_kind *)nullptr)->member))

const FieldFact every_kind_facts[] = {
	{"s8v", OFFSET(s8v), SIZE(s8v)}, {"u8v", OFFSET(u8v), SIZE(u8v)},
	{"s16v", OFFSET(s16v), SIZE(s16v)}, {"u16v", OFFSET(u16v), SIZE(u16v)},
	{"s32v", OFFSET(s32v), SIZE(s32v)}, {"u32v", OFFSET(u32v), SIZE(u32v)},
	{"s64v", OFFSET(s64v), SIZE(s64v)}, {"u64v", OFFSET(u64v), SIZE(u64v)},
	{"flag", OFFSET(flag), SIZE(flag)}, {"comm", OFFSET(comm), SIZE(comm)},
	{"name", OFFSET(__data_loc_name), SIZE(__data_loc_name)}, {"ptr", OFFSET(ptr), SIZE(ptr)},
	{"second", OFFSET(__data_loc_second), SIZE(__data_loc_second)},
};
const unsigned int every_kind_fact_count = sizeof(every_kind_facts) / sizeof(every_kind_facts[0]);
const unsigned int every_kind_record_size = sizeof(ktp_record_every_kind);

ktp_event *event_every_kind() { return &__ktp_event_every_kind; }
ktp_event *event_pair_one() { return &__ktp_event_pair_one; }
ktp_event *event_pair_two() { return &__ktp_event_pair_two; }
ktp_event *event_pair_three() { return &__ktp_event_pair_three; }

int register_pair_one(void (*probe)(void *, int, int), void *data, int prio)
{
	return register_trace_prio_pair_one(probe, data, prio);
}
int unregister_pair_one(void (*probe)(void *, int, int), void *data)
{
	return unregister_trace_pair_one(probe, data);
}
bool pair_one_enabled() { return trace_pair_one_enabled(); }
