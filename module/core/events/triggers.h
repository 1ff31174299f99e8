// SPDX-License-Identifier: GPL-2.0
// Event triggers (the trigger file) and the enable state they share with enable/set_event.
//
// A trigger runs when its event fires and its optional filter passes:
// traceon/traceoff switch ktp's recording, enable_event/disable_event clear
// or set another event's soft-disable, stacktrace records the caller's
// stack. ":N" limits it to N runs (the read-back shows what is left).
//
// Soft mode, as native: an event with triggers, or named by an
// enable_event/disable_event trigger, keeps its recording probe attached
// ("soft refs") even when not enabled; soft-disabled, it runs its triggers
// and records nothing. Its enable file reads "0*" or "1*". The triggers of
// an event are an immutable, RCU-published set; changes build a new set.
#pragma once

#include "filter/filter.h"
#include "ktl/base.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "events/registry.h"
#include "events/static_key.h"
#include "output/text.h"

namespace ktp {

enum class TriggerKind : ktl::u8 { TraceOn, TraceOff, EnableEvent, DisableEvent, StackTrace };

struct Trigger {
	TriggerKind kind;
	long count;                      // runs left; -1: unlimited (atomically decremented)
	Event *target;                   // enable_event/disable_event
	filter::Program *filter;         // owned, may be null
	char *filter_text;               // owned, as written after "if "
};

struct TriggerSet {
	unsigned int count;
	Trigger *items[];
};

// Runs the triggers of ev on its assigned record (probe path: no allocation, no lock).
void run_triggers(Event &ev, const void *record, int cpu);

// The trigger file: write (a line: "[!]cmd[:args][:count] [if filter]") and read.
int write_trigger(Registry &reg, Event &ev, const char *text, ktl::size_t len) KTP_REQUIRES(reg.lock());
bool render_triggers(Event &ev, TextBuffer &out);

// The enable state of an event (registry lock held; key changes in batch).
ktl::Status set_user_enabled(Registry &reg, Event &ev, bool on, KeyBatch &batch, RetiredProbes &retired)
	KTP_REQUIRES(reg.lock());
// "0", "1", then "*" in soft mode: what the enable file reads.
void render_enable(const Event &ev, TextBuffer &out);
// Before a module's events go away: drops the triggers on them and those aimed at them.
void forget_module_triggers(Registry &reg, const ModuleRecord &record) KTP_REQUIRES(reg.lock());

} // namespace ktp
