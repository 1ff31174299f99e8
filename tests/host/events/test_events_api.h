// SPDX-License-Identifier: GPL-2.0
// What the host event tests call in the translation unit that defines the test events.
#pragma once

#include <ktp/event_abi.h>

void fire_every_kind(int i, const char *s, const void *p);
void fire_pair_one(int a, int b);
// The site's body without its enabled test: what a CPU that passed the test
// just before the event was switched off runs.
void run_site_pair_one(int a, int b);
void fire_pair_two(int a, int b);
void fire_pair_three(int a, int b);
void fire_sizes(unsigned int v); // size_12, size_20, size_48, size_52
unsigned int record_size_12();
unsigned int record_size_20();
unsigned int record_size_48();
unsigned int record_size_52();
unsigned int size_every_kind(int i, const char *s, const void *p);
unsigned int fill_every_kind(void *buf, unsigned int cap, int i, const char *s, const void *p);
unsigned int fill_pair(void *buf, unsigned int cap, int a, int b);

// What the compiler says about the record layout of every_kind.
struct FieldFact {
	const char *name;
	unsigned int offset;
	unsigned int size;
};
extern const FieldFact every_kind_facts[];
extern const unsigned int every_kind_fact_count;
extern const unsigned int every_kind_record_size;

ktp_event *event_every_kind();
ktp_event *event_pair_one();
ktp_event *event_pair_two();
ktp_event *event_pair_three();
int register_pair_one(void (*probe)(void *, int, int), void *data, int prio);
int unregister_pair_one(void (*probe)(void *, int, int), void *data);
bool pair_one_enabled();
