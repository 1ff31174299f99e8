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
#include "ktl/string_view.h"
#include "events/registry.h"
#include "events/static_key.h"
#include "output/text.h"

namespace ktp {

enum class TriggerKind : ktl::u8 { TraceOn, TraceOff, EnableEvent, DisableEvent, StackTrace };

// One row per trigger command: its name, whether it names a target event
// (enable_event:sys:event), and its group: as native's trigger types, an
// event has at most one trigger of a group (per target), and "!cmd" removes
// the group's trigger (traceon and traceoff are one group, as are
// enable_event and disable_event on one target). How each runs: the
// tracer's run_triggers (tracer.cpp), a switch on the kind.
struct TriggerCommand {
	const char *name;
	TriggerKind kind;
	bool takes_target;
	ktl::u8 group;
};

// A trigger write, parsed as native's trigger_process_regex: views into the written text.
struct TriggerSpec {
	const TriggerCommand *command = nullptr;
	bool remove = false;           // "!cmd"
	ktl::StringView target_system, target_event; // enable_event/disable_event
	ktl::StringView count;         // absent: unlimited (read when adding, after the target, as native)
	ktl::StringView filter;        // "if FILTER" as written, checked when adding (a removal ignores it)
};

// Parses a trigger write ("[!]cmd[:sys:event][:count] [if filter]", white
// space around it ignored): EINVAL for an unknown command or a missing target.
ktl::Result<TriggerSpec> parse_trigger(const char *text, ktl::size_t len);

struct Trigger {
	TriggerKind kind;                  // command->kind, in the trigger for the probe path
	const TriggerCommand *command;
	long count;                        // runs left; -1: unlimited (atomically decremented)
	Event *target;                     // enable_event/disable_event
	ktl::Owned<filter::Program> filter; // may be empty
	ktl::Array<char> filter_text;      // NUL-terminated, as written after "if "; empty: none
};

// An event's triggers: an immutable array, RCU-published (Event::triggers()),
// newest first as native lists and runs them. A set owns its triggers; a set
// that replaces it takes over the ones it keeps (share()), and the old set,
// retired once no probe walks it, frees only the others.
class TriggerSet {
public:
	static ktl::Owned<TriggerSet> create(unsigned int capacity);
	~TriggerSet();
	TriggerSet(const TriggerSet &) = delete;
	TriggerSet &operator=(const TriggerSet &) = delete;

	unsigned int size() const { return count_; }
	Trigger *const *begin() const { return items_; }
	Trigger *const *end() const { return items_ + count_; }
	Trigger &operator[](unsigned int i) const { return *items_[i]; }

	void add(ktl::Owned<Trigger> t) { items_[slot()] = t.release(); }
	// Keeps a trigger of the set this one replaces (owned by this one from then on).
	void share(Trigger &t) { items_[slot()] = &t; }
	// Before the replaced set goes: forgets the triggers its successor keeps.
	void retire(const TriggerSet *successor);

private:
	explicit TriggerSet(unsigned int capacity) : capacity_(capacity) {}
	unsigned int slot()
	{
		if (count_ == capacity_)
			ktp_trap(); // sized by the caller: more is a bug
		return count_++;
	}
	unsigned int count_ = 0;
	unsigned int capacity_;
	Trigger *items_[]; // owned, but for the ones retire() handed over
};

// Runs the triggers of ev on its assigned record (probe path: no allocation, no lock).


// The trigger file: write (a line: "[!]cmd[:args][:count] [if filter]") and read.
ktl::Status write_trigger(Registry &reg, Event &ev, const char *text, ktl::size_t len) KTP_REQUIRES(reg.lock());
bool render_triggers(Event &ev, TextBuffer &out);

// The enable state of an event (registry lock held; key changes in batch).
ktl::Status set_user_enabled(Registry &reg, Event &ev, bool on, KeyBatch &batch, RetiredProbes &retired)
	KTP_REQUIRES(reg.lock());
// "0", "1", then "*" in soft mode: what the enable file reads.
void render_enable(const Event &ev, TextBuffer &out);
// Before a module's events go away: drops the triggers on them and those aimed at them.
void forget_module_triggers(Registry &reg, const ModuleRecord &record) KTP_REQUIRES(reg.lock());

} // namespace ktp
