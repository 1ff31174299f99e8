// SPDX-License-Identifier: GPL-2.0
// The event registry: systems and events, ids, lookup, module registration, probes and keys.
//
// Everything here changes under one sleeping lock (Registry::lock()); the
// probe path reads only the RCU-published probe arrays and the event flag.
#pragma once

#include <ktp/event_abi.h>

#include "ktl/rcu.h"
#include "ktl/string_view.h"
#include "ktl/base.h"
#include "ktl/list.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "events/callbacks.h"
#include "events/event_filter.h"
#include "filter/filter.h"
#include "events/static_key.h"

namespace ktp {

class System;
struct ModuleRecord;
class TriggerSet;
class Registry;

// Old probe arrays waiting for one RCU grace period, then freed together:
// changing many events costs one wait, not one per event.
class RetiredProbes {
public:
	RetiredProbes() = default;
	~RetiredProbes() { flush(); }
	RetiredProbes(const RetiredProbes &) = delete;
	RetiredProbes &operator=(const RetiredProbes &) = delete;
	// Queues an old array (null: nothing to free, but a removed probe must drain).
	void add(ktp_probe_array *old);
	void flush();

private:
	static constexpr ktl::size_t kCapacity = 64;
	ktp_probe_array *items_[kCapacity];
	ktl::size_t n_ = 0;
	bool pending_sync_ = false;
};

class Event {
public:
	Event(const ktp_event_desc *desc, System *system, ktl::u16 id, const ModuleRecord *owner)
		: desc_(desc), system_(system), id_(id), preempt_base_(ktp_preempt_base(desc->event->preempt_bias)),
		  owner_(owner), key_(desc->event)
	{
	}
	// After a grace period (the registry's removal waits for one first).
	~Event()
	{
		callbacks_free(callbacks_[0]);
		callbacks_free(callbacks_[1]);
	}
	Event(const Event &) = delete;
	Event &operator=(const Event &) = delete;

	// The event as the platform names it (struct ktp_event_handle), and back.
	ktp_event_handle *handle() { return reinterpret_cast<ktp_event_handle *>(this); }
	static Event *from(ktp_event_handle *handle) { return reinterpret_cast<Event *>(handle); }

	const ktp_event_desc &desc() const { return *desc_; }
	const char *name() const { return desc_->name; }
	System &system() const { return *system_; }
	ktl::u16 id() const { return id_; }
	StaticKey &key() { return key_; }
	const StaticKey &key() const { return key_; }
	ktp_event *raw() const { return desc_->event; }
	// The usual preempt-count word of its writers, for ktp_fill_common:
	// ktp_preempt_base of the preemption levels its callers hold beyond a
	// native probe's (the descriptor's preempt_bias), computed at construction.
	unsigned int preempt_base() const { return preempt_base_; }
	const ModuleRecord *owner() const { return owner_; }
	EventFilter &filter() { return filter_; }
	const filter::FieldTable &fields() const { return *fields_; }
	// The recording probe is attached (enabled by the user, or in soft mode for triggers).
	bool recording() const { return recording_; }
	void set_recording(bool on)
	{
		recording_ = on;
		ever_recorded_ |= on;
	}
	// The recording probe was attached at some point: records of the event may be in the buffer.
	bool ever_recorded() const { return ever_recorded_; }
	// Enabled through enable/set_event.
	bool user_enabled() const { return user_enabled_; }
	void set_user_enabled(bool on) { user_enabled_ = on; }
	// Soft mode (native's "*"): triggers on or aimed at the event keep its
	// probe attached; soft-disabled, it runs its triggers but records nothing.
	int soft_refs() const { return soft_refs_; }
	void add_soft_refs(int d) { soft_refs_ += d; }
	bool soft_disabled() const { return slow_path() & kSlowSoftDisabled; }
	void set_soft_disabled(bool on) { set_slow(kSlowSoftDisabled, on); }
	// The triggers (an RCU-published set, null when none).
	TriggerSet *triggers() const { return triggers_.read(); }
	// Publishes set (empty: none) and hands back the set it replaces, which
	// probes may still walk (the triggers' replace_set retires it). In triggers.cpp.
	[[nodiscard]] ktl::Owned<TriggerSet> publish_triggers(ktl::Owned<TriggerSet> set);
	// Nonzero when recording needs more than reserve, fill, commit: a
	// filter, triggers or soft-disable. One word for the record path to test;
	// each cause owns a bit, set and cleared atomically (a trigger may change
	// soft-disable from probe context while a filter is written).
	static constexpr ktl::u32 kSlowFilter = 1, kSlowTriggers = 2, kSlowSoftDisabled = 4;
	ktl::u32 slow_path() const { return __atomic_load_n(&slow_, __ATOMIC_RELAXED); }
	// Consumer callbacks of a kind (KTP_CALLBACK_RECORD or _RAW): RCU-published, null when none.
	CallbackArray *callbacks(int kind) const { return __atomic_load_n(&callbacks_[kind], __ATOMIC_ACQUIRE); }
	void publish_callbacks(int kind, CallbackArray *array)
	{
		__atomic_store_n(&callbacks_[kind], array, __ATOMIC_RELEASE);
	}
	// Builds what needs memory (the filter's field table); at registration.
	[[nodiscard]] ktl::Status prepare();

	ktl::ListNode node; // in System::events, sorted by name

private:
	const ktp_event_desc *desc_;
	System *system_;
	ktl::u16 id_;
	unsigned int preempt_base_;
	const ModuleRecord *owner_;
	StaticKey key_;
	void set_slow(ktl::u32 bit, bool on)
	{
		if (on)
			__atomic_fetch_or(&slow_, bit, __ATOMIC_RELEASE);
		else
			__atomic_fetch_and(&slow_, ~bit, __ATOMIC_RELEASE);
	}

	ktl::u32 slow_ = 0;
	EventFilter filter_{slow_, kSlowFilter};
	ktl::Owned<filter::FieldTable> fields_;
	bool recording_ = false;
	bool ever_recorded_ = false;
	bool user_enabled_ = false;
	int soft_refs_ = 0;
	ktl::RcuPtr<TriggerSet> triggers_; // empty when the event goes (forget_module_triggers)
	CallbackArray *callbacks_[2] = {nullptr, nullptr};
};

// The longest system or event name a module may register (the shim's files hold as much).
inline constexpr ktl::size_t kMaxNameLength = KTP_NAME_MAX;

// A system outlives the module that created it while other modules' events
// are in it, so it keeps its own copy of the name (never the module's string).
class System {
public:
	// name: a valid name (at most kMaxNameLength characters).
	explicit System(const char *name)
	{
		ktl::size_t i = 0;
		for (; name[i] && i < kMaxNameLength; i++)
			name_[i] = name[i];
		name_[i] = 0;
	}
	const char *name() const { return name_; }
	ktl::List<Event, &Event::node> &events() { return events_; }

	ktl::ListNode node; // in Registry::systems_, sorted by name

private:
	char name_[kMaxNameLength + 1];
	ktl::List<Event, &Event::node> events_;
};

// A registered module: its tables and the events it brought.
struct ModuleRecord {
	const ktp_module_tables *tables;
	ktl::Array<Event *> events;
	ktl::ListNode node;
};

// What the registry asks of the layers above it, set by ktp_core_init (any
// may be null): forget the triggers of a module's events (registry lock
// held), clear the buffers after a module whose events recorded went
// (outside the lock), and whether recording is on (for muting).
struct RegistryHooks {
	void (*forget_module_triggers)(Registry &reg, const ModuleRecord &record) = nullptr;
	void (*module_removed)(bool recorded) = nullptr;
	bool (*recording_on)() = nullptr;
};

class Registry {
public:
	Registry();
	~Registry();
	Registry(const Registry &) = delete;
	Registry &operator=(const Registry &) = delete;

	ktl::Mutex &lock() KTP_RETURN_CAPABILITY(lock_) { return lock_; }
	void set_hooks(const RegistryHooks &hooks) { hooks_ = hooks; }

	// Registers a module's events and sites (see ktp_register_module).
	[[nodiscard]] ktl::Status register_module(const ktp_module_tables *tables) KTP_EXCLUDES(lock_);
	void unregister_module(const ktp_module_tables *tables) KTP_EXCLUDES(lock_);

	// Probes (registry lock taken inside).
	[[nodiscard]] ktl::Status add_probe(ktp_event *raw, void *func, void *data, int prio) KTP_EXCLUDES(lock_);
	[[nodiscard]] ktl::Status remove_probe(ktp_event *raw, void *func, void *data) KTP_EXCLUDES(lock_);

	// The same with the lock held: key changes go into batch (one text
	// patch for many events), old arrays into retired (one grace period).
	[[nodiscard]] ktl::Status add_probe_locked(Event &ev, void *func, void *data, int prio, KeyBatch &batch,
						   RetiredProbes &retired) KTP_REQUIRES(lock_);
	[[nodiscard]] ktl::Status remove_probe_locked(Event &ev, void *func, void *data, KeyBatch &batch,
						      RetiredProbes &retired) KTP_REQUIRES(lock_);
	ktl::size_t live_probes(const Event &ev) const;

	// Consumer callbacks (see <ktp/callbacks.h>): the event's first
	// callback of a kind attaches that kind's probe, its last detaches it;
	// removal returns after a grace period (registry lock taken inside).
	[[nodiscard]] ktl::Status add_callback(const char *system, const char *name, int kind, void *func, void *data)
		KTP_EXCLUDES(lock_);
	[[nodiscard]] ktl::Status remove_callback(const char *system, const char *name, int kind, void *func,
						  void *data) KTP_EXCLUDES(lock_);
	// While recording is off (tracing_on 0), an event whose only probe
	// records is muted at its sites. Never while a traceon trigger exists
	// (it may turn recording back on from the probe path), nor for an event
	// with triggers (they run even when nothing is recorded).
	// update_mute: one event, after its probes changed (lock held, after the batch);
	// refresh_mutes: every event, after recording or the triggers changed.
	void update_mute(Event &ev) KTP_REQUIRES(lock_);
	void refresh_mutes() KTP_REQUIRES(lock_);
	void add_traceon_triggers(int d) KTP_REQUIRES(lock_) { traceon_triggers_ += d; }
	// A module's init is done: its init-text sites go before the text does.
	void init_text_done() KTP_EXCLUDES(lock_);

	// Lookups (call with the lock held).
	Event *find(ktl::u16 id) KTP_REQUIRES(lock_);
	Event *find(const char *system, const char *name) KTP_REQUIRES(lock_);
	// "system:event"
	Event *find(const char *spec) KTP_REQUIRES(lock_);
	Event *find(const ktp_event *raw) KTP_REQUIRES(lock_);

	// Visits every event, systems and events sorted by name (lock held).
	template <typename Fn> void for_each_event(Fn fn) KTP_REQUIRES(lock_)
	{
		for (System &sys : systems_)
			for (Event &ev : sys.events())
				fn(ev);
	}
	// Visits every event as native lists its events (set_event): the most
	// recently registered module's first, each module's in reverse order of
	// its table, as native adds each event at the head of its list (lock held).
	template <typename Fn> void for_each_event_newest_first(Fn fn) KTP_REQUIRES(lock_)
	{
		for (ModuleRecord *m = modules_.back(); m; m = modules_.prev(*m))
			for (ktl::size_t i = m->events.size(); i--;)
				fn(*m->events[i]);
	}
	ktl::List<System, &System::node> &systems() KTP_REQUIRES(lock_) { return systems_; }
	ktl::size_t event_count() const KTP_REQUIRES(lock_) { return event_count_; }

	// Ids of removed events whose records may still be in the buffer: they
	// are not given to new events (whose printers would decode the old
	// records) until a clear of every CPU's buffer has dropped those records.
	// The tracer reads stale_marks() before it replaces the buffers and
	// calls ids_cleared() with it after: ids marked in between stay stale.
	ktl::u64 stale_marks();
	void ids_cleared(ktl::u64 marks_before_clear);
	bool id_stale(ktl::u16 id) const { return stale_ids_[id / 64] & (1ull << (id % 64)); }

private:
	// Adds the module's events and sites under the lock (its files come after).
	[[nodiscard]] ktl::Status add_module(const ktp_module_tables *tables) KTP_EXCLUDES(lock_);
	[[nodiscard]] ktl::Status add_module_events(ModuleRecord &record, ktl::size_t &created) KTP_REQUIRES(lock_);
	[[nodiscard]] ktl::Status add_module_sites(ModuleRecord &record) KTP_REQUIRES(lock_);
	[[nodiscard]] ktl::Result<ktl::u16> allocate_id() KTP_REQUIRES(lock_);
	[[nodiscard]] ktl::Result<System *> system_for(const char *name) KTP_REQUIRES(lock_);
	void insert_event(System &sys, Event &ev) KTP_REQUIRES(lock_);
	void destroy_event(Event *ev) KTP_REQUIRES(lock_);
	void drop_empty_systems() KTP_REQUIRES(lock_);
	void restore_module_sites(const ModuleRecord *record) KTP_REQUIRES(lock_);
	// Takes the module's events out (lock held); true when one of them ever recorded.
	[[nodiscard]] bool unregister_module_locked(ModuleRecord *record) KTP_REQUIRES(lock_);
	void mark_stale(ktl::u16 id);

	ktl::Mutex lock_; // lock order: ktl/thread_safety.h
	RegistryHooks hooks_;
	ktl::List<System, &System::node> systems_ KTP_GUARDED_BY(lock_);
	ktl::List<ModuleRecord, &ModuleRecord::node> modules_ KTP_GUARDED_BY(lock_);
	ktl::size_t event_count_ KTP_GUARDED_BY(lock_) = 0;
	ktl::u16 next_id_ KTP_GUARDED_BY(lock_) = 1;
	int traceon_triggers_ KTP_GUARDED_BY(lock_) = 0;
	ktl::size_t init_sites_ KTP_GUARDED_BY(lock_) = 0; // at least the sites in init text not yet forgotten
	ktl::u64 stale_marks_ = 0;
	ktl::u64 stale_ids_[65536 / 64] = {};
};

// The registry of the running core (null outside ktp_core_init/exit).
Registry *registry();
[[nodiscard]] ktl::Status registry_init();
void registry_exit();

} // namespace ktp
