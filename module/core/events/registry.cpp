// SPDX-License-Identifier: GPL-2.0
// The event registry: module registration, ids, lookups and probe arrays (the C entry points are in abi/modules.cpp).
#include "events/registry.h"

namespace ktp {

constinit Registry *g_registry = nullptr;

namespace {

constinit ktl::LockClass g_registry_lock_class;

// Stands in for a probe that could not be removed by copying (no memory):
// the entry is overwritten in place and skipped by later changes.
void removed_probe_stub() {}

void *stub_address() { return reinterpret_cast<void *>(&removed_probe_stub); }

ktl::uintptr_t entry_address(const void *field, ktl::s64 offset)
{
	return reinterpret_cast<ktl::uintptr_t>(field) + static_cast<ktl::uintptr_t>(offset);
}

bool valid_name(const char *s)
{
	if (!s || !*s || ktl::c_length(s) > kMaxNameLength)
		return false;
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		if (!ok)
			return false;
	}
	return true;
}

// What a registered event without probes publishes: sites load the array
// without testing for null. Never written, never freed.
constinit ktp_probe_array no_probes = {0, nullptr};

// The event's probe array, or null for none (not yet registered, or the empty array).
ktp_probe_array *load_probes(const ktp_event *raw)
{
	ktp_probe_array *array = ktl::rcu_read(raw->probes);
	return array == &no_probes ? nullptr : array;
}

// Publishes an event's new probe array (null: none), noting first whether
// the event's own recording probe is its only probe: sites then record inline.
void publish_probes(Event &ev, ktp_probe_array *array)
{
	if (array)
		array->record = array->count == 1 && array->probes[0].func == ev.desc().record
					? array->probes[0].data
					: nullptr;
	else
		array = &no_probes;
	ktl::rcu_publish(ev.raw()->probes, array);
}

ktp_probe_array *allocate_probes(unsigned int count)
{
	auto *array = static_cast<ktp_probe_array *>(
		ktp_zalloc(sizeof(ktp_probe_array) + count * sizeof(ktp_probe)));
	if (array)
		array->count = count;
	return array;
}

} // namespace

Registry *registry() { return g_registry; }


ktl::Status Event::prepare()
{
	auto table = filter::FieldTable::for_event(desc_->fields, desc_->nr_fields);
	if (!table)
		return table.error();
	fields_ = ktl::move(table.value());
	return ktl::Status::success();
}

Registry::Registry() : lock_("ktp_registry", g_registry_lock_class) {}

Registry::~Registry()
{
	// Modules unregister before the core goes; anything left is a bug in a caller.
	if (!modules_.empty())
		ktp_warn("registry destroyed with modules still registered");
	while (ModuleRecord *m = modules_.front())
		unregister_module(m->tables);
}

ktl::Result<ktl::u16> Registry::allocate_id()
{
	// Ids are never 0, are not reused while the 16-bit space lasts, and never
	// name records another event left in the buffer.
	for (unsigned int tries = 0; tries < 65535; tries++) {
		ktl::u16 id = next_id_;
		next_id_ = static_cast<ktl::u16>(next_id_ == 65535 ? 1 : next_id_ + 1);
		if (!id_stale(id) && !find(id))
			return id;
	}
	return ktl::Error(KTP_ENOSPC);
}

void Registry::mark_stale(ktl::u16 id)
{
	stale_ids_[id / 64] |= 1ull << (id % 64);
	stale_marks_++;
}

ktl::u64 Registry::stale_marks()
{
	ktl::LockGuard guard(lock_);
	return stale_marks_;
}

void Registry::ids_cleared(ktl::u64 marks_before_clear)
{
	ktl::LockGuard guard(lock_);
	// An id marked after the clear began may have records in the new buffers.
	if (stale_marks_ != marks_before_clear)
		return;
	for (ktl::u64 &word : stale_ids_)
		word = 0;
}

ktl::Result<System *> Registry::system_for(const char *name)
{
	System *before = nullptr;
	for (System &sys : systems_) {
		int c = ktl::StringView(sys.name()).compare(name);
		if (c == 0)
			return &sys;
		if (c > 0) {
			before = &sys;
			break;
		}
	}
	ktl::Owned<System> sys = ktl::make<System>(name);
	if (!sys)
		return ktl::Error(KTP_ENOMEM);
	if (before)
		systems_.insert_before(*before, *sys);
	else
		systems_.push_back(*sys);
	return sys.release();
}

void Registry::insert_event(System &sys, Event &ev)
{
	for (Event &other : sys.events()) {
		if (ktl::StringView(other.name()).compare(ev.name()) > 0) {
			sys.events().insert_before(other, ev);
			event_count_++;
			return;
		}
	}
	sys.events().push_back(ev);
	event_count_++;
}

void Registry::drop_empty_systems()
{
	systems_.for_each_safe([&](System &sys) {
		lock_.assert_held();
		if (sys.events().empty()) {
			systems_.remove(sys);
			ktl::Owned<System> gone(&sys);
		}
	});
}

Event *Registry::find(ktl::u16 id)
{
	Event *found = nullptr;
	for_each_event([&](Event &ev) {
		if (ev.id() == id)
			found = &ev;
	});
	return found;
}

Event *Registry::find(const char *system, const char *name)
{
	for (System &sys : systems_) {
		if (ktl::StringView(sys.name()) != system)
			continue;
		for (Event &ev : sys.events())
			if (ktl::StringView(ev.name()) == name)
				return &ev;
	}
	return nullptr;
}

Event *Registry::find(const char *spec)
{
	char system[72];
	ktl::size_t i = 0;
	for (; spec[i] && spec[i] != ':'; i++) {
		if (i + 1 >= sizeof(system))
			return nullptr;
		system[i] = spec[i];
	}
	if (spec[i] != ':')
		return nullptr;
	system[i] = 0;
	return find(system, spec + i + 1);
}

Event *Registry::find(const ktp_event *raw)
{
	Event *found = nullptr;
	for_each_event([&](Event &ev) {
		if (ev.raw() == raw)
			found = &ev;
	});
	return found;
}

void Registry::destroy_event(Event *ev)
{
	System &sys = ev->system();
	sys.events().remove(*ev);
	event_count_--;
	ev->raw()->core = nullptr;
	ktl::Owned<Event> gone(ev);
}

ktl::Status Registry::add_module(const ktp_module_tables *tables)
{
	ktl::LockGuard guard(lock_);
	for (ModuleRecord &m : modules_)
		if (m.tables == tables)
			return ktl::Error(KTP_EEXIST);
	ktl::size_t nr_events = static_cast<ktl::size_t>(tables->events_stop - tables->events_start);
	ktl::Owned<ModuleRecord> record = ktl::make<ModuleRecord>();
	if (!record || !ktl::Array<Event *>::create(record->events, nr_events))
		return ktl::Error(KTP_ENOMEM);
	record->tables = tables;

	ktl::size_t created = 0;
	ktl::Status s = add_module_events(*record, created);
	if (s.ok())
		s = add_module_sites(*record);
	if (!s) {
		// Undoes whatever this registration did so far.
		for_each_event([&](Event &ev) {
			lock_.assert_held();
			ev.key().remove_sites_of(record.get());
		});
		for (ktl::size_t i = 0; i < created; i++)
			destroy_event(record->events[i]);
		drop_empty_systems();
		return s;
	}
	modules_.push_back(*record.release());
	return ktl::Status::success();
}

// The module's events, in table order; created counts those made so far.
ktl::Status Registry::add_module_events(ModuleRecord &record, ktl::size_t &created)
{
	const ktp_module_tables *tables = record.tables;
	for (ktl::size_t i = 0; i < record.events.size(); i++) {
		const ktp_event_desc *desc = tables->events_start[i]();
		if (!desc || !desc->event || !valid_name(desc->system) || !valid_name(desc->name) ||
		    desc->record_size < sizeof(ktp_common_header) || desc->record_size > 4000) {
			ktp_log(KTP_LOG_ERR, "refusing an event with an invalid descriptor");
			return ktl::Error(KTP_EINVAL);
		}
		if (find(desc->system, desc->name) || desc->event->core)
			return ktl::Error(KTP_EEXIST);
		ktl::u16 id = KTP_TRY(allocate_id());
		System *sys = KTP_TRY(system_for(desc->system));
		ktl::Owned<Event> ev = ktl::make<Event>(desc, sys, id, &record);
		if (!ev || !ev->prepare())
			return ktl::Error(KTP_ENOMEM);
		insert_event(*sys, *ev);
		publish_probes(*ev, nullptr);
		desc->event->core = ev.get();
		record.events[created++] = ev.release();
	}
	return ktl::Status::success();
}

// The module's call sites, each attached to the key of the event it names, then patched in one batch.
ktl::Status Registry::add_module_sites(ModuleRecord &record)
{
	const ktp_module_tables *tables = record.tables;
	ktl::Array<NewSite> fresh;
	if (!ktl::Array<NewSite>::create(fresh, static_cast<ktl::size_t>(tables->sites_stop - tables->sites_start)))
		return ktl::Error(KTP_ENOMEM);
	ktl::size_t nr_fresh = 0, unknown = 0, gone = 0, init = 0;
	for (const ktp_jump_entry *e = tables->sites_start; e < tables->sites_stop; e++) {
		Site site;
		site.addr = entry_address(&e->code, e->code);
		site.target = entry_address(&e->target, e->target);
		site.owner = &record;
		auto *raw = reinterpret_cast<const ktp_event *>(entry_address(&e->key, e->key));
		Event *ev = find(raw);
		if (!ev) {
			unknown++;
			continue;
		}
		// Init text is patched while the module initializes and forgotten
		// before it is freed; init text already freed is never touched.
		enum ktp_text_kind kind = ktp_text_kind_of(reinterpret_cast<const void *>(site.addr));
		if (kind == KTP_TEXT_GONE) {
			gone++;
			continue;
		}
		site.init = kind == KTP_TEXT_INIT;
		if (!ev->key().add_sites(ktl::Span<const Site>(&site, 1)))
			return ktl::Error(KTP_ENOMEM);
		init += site.init;
		fresh[nr_fresh++] = NewSite{&ev->key(), site};
	}
	if (unknown)
		ktp_log(KTP_LOG_WARNING, "call sites of unregistered events left unpatched (they test the event flag)");
	if (gone)
		ktp_log(KTP_LOG_INFO, "call sites in init code already freed left alone");
	init_sites_ += init;
	patch_new_sites(ktl::Span<const NewSite>(fresh.data(), nr_fresh));
	return ktl::Status::success();
}

ktl::Status Registry::register_module(const ktp_module_tables *tables)
{
	ktl::Status s = add_module(tables);
	if (!s)
		return s;
	// Files appear once the events exist; module init and exit never overlap,
	// so the module's events stay put while this runs without the lock.
	ModuleRecord *record = nullptr;
	{
		ktl::LockGuard guard(lock_);
		for (ModuleRecord &m : modules_)
			if (m.tables == tables)
				record = &m;
	}
	for (Event *ev : record->events)
		ktp_fs_event_added(ev->handle(), ev->system().name(), ev->name());
	return s;
}

// Every site of the module, in its events and in others', back to the
// compiled jmp (the state a later registration expects).
[[gnu::noinline]] void Registry::restore_module_sites(const ModuleRecord *record)
{
	ktl::size_t count = 0;
	for_each_event([&](Event &ev) {
		for (const Site &site : ev.key().sites())
			count += site.owner == record;
	});
	SitePatcher patcher(count);
	for_each_event([&](Event &ev) {
		for (const Site &site : ev.key().sites())
			if (site.owner == record)
				patcher.to_compiled(ev.key(), site);
	});
}

void Registry::unregister_module(const ktp_module_tables *tables)
{
	// The files go first, without the lock: removing a file waits for its
	// running operations, which may themselves wait for the lock.
	ModuleRecord *record = nullptr;
	{
		ktl::LockGuard guard(lock_);
		for (ModuleRecord &m : modules_)
			if (m.tables == tables)
				record = &m;
	}
	if (!record)
		return;
	for (Event *ev : record->events)
		ktp_fs_event_removed(ev->handle());

	bool recorded;
	{
		ktl::LockGuard guard(lock_);
		recorded = unregister_module_locked(record);
	}
	// As native: once a removed module's events have ever been enabled, the
	// buffers are cleared (their records would print as unknown types);
	// outside the lock, as the tracer's readers lock ranks above it.
	if (hooks_.module_removed)
		hooks_.module_removed(recorded);
}

bool Registry::unregister_module_locked(ModuleRecord *record)
{
	// Triggers on these events, or aimed at them, go first (they hold soft references).
	if (hooks_.forget_module_triggers)
		hooks_.forget_module_triggers(*this, *record);
	// Switch everything off: no probes, flags clear, sites back to NOP.
	KeyBatch batch;
	ktl::size_t nr = record->events.size();
	RetiredProbes retired;
	for (ktl::size_t i = 0; i < nr; i++) {
		Event *ev = record->events[i];
		for (int r = ev->key().refcount(); r > 0; r--)
			batch.put(ev->key());
		ktp_probe_array *old = load_probes(ev->raw());
		if (old && ev->raw()->attach && live_probes(*ev))
			ev->raw()->attach(0);
		publish_probes(*ev, nullptr);
		if (old)
			retired.add(old);
	}
	batch.commit();
	restore_module_sites(record);
	for_each_event([&](Event &ev) { ev.key().remove_sites_of(record); });
	// One wait, even with no probes: no CPU runs a probe of these events any more.
	retired.add(nullptr);
	retired.flush();
	bool recorded = false;
	for (ktl::size_t i = 0; i < nr; i++) {
		Event *ev = record->events[i];
		// Written records stay behind their writer: its id waits for a clear.
		if (ev->ever_recorded()) {
			mark_stale(ev->id());
			recorded = true;
		}
		destroy_event(ev);
	}
	drop_empty_systems();
	modules_.remove(*record);
	ktl::Owned<ModuleRecord> gone(record);
	return recorded;
}

void Registry::init_text_done()
{
	ktl::LockGuard guard(lock_);
	if (!init_sites_)
		return;
	ktl::size_t left = 0;
	for_each_event([&](Event &ev) {
		ev.key().remove_finished_init_sites();
		for (const Site &site : ev.key().sites())
			left += site.init;
	});
	init_sites_ = left;
}

void RetiredProbes::add(ktp_probe_array *old)
{
	if (n_ == kCapacity)
		flush();
	if (old)
		items_[n_++] = old;
	pending_sync_ = true;
}

void RetiredProbes::flush()
{
	if (!pending_sync_)
		return;
	ktp_synchronize_rcu(); // returns only when no CPU still runs an old array's probes
	for (ktl::size_t i = 0; i < n_; i++)
		ktp_free(items_[i]);
	n_ = 0;
	pending_sync_ = false;
}

ktl::Status Registry::add_probe_locked(Event &ev, void *func, void *data, int prio, KeyBatch &batch,
				      RetiredProbes &retired)
{
	if (!func)
		return ktl::Error(KTP_EINVAL);
	ktp_event *raw = ev.raw();
	ktp_probe_array *old = load_probes(raw);
	unsigned int live = 0;
	if (old) {
		for (unsigned int i = 0; i < old->count; i++) {
			const ktp_probe &p = old->probes[i];
			if (p.func == stub_address())
				continue;
			if (p.func == func && p.data == data)
				return ktl::Error(KTP_EEXIST);
			live++;
		}
	}
	ktp_probe_array *fresh = allocate_probes(live + 1);
	if (!fresh)
		return ktl::Error(KTP_ENOMEM);
	if (live == 0 && raw->attach) {
		int err = raw->attach(1);
		if (err) {
			ktp_free(fresh);
			return ktl::Error(-err);
		}
	}
	// Highest priority first; among equals, in registration order.
	unsigned int n = 0;
	bool placed = false;
	for (unsigned int i = 0; old && i < old->count; i++) {
		const ktp_probe &p = old->probes[i];
		if (p.func == stub_address())
			continue;
		if (!placed && prio > p.prio) {
			fresh->probes[n++] = ktp_probe{func, data, prio};
			placed = true;
		}
		fresh->probes[n++] = p;
	}
	if (!placed)
		fresh->probes[n++] = ktp_probe{func, data, prio};
	publish_probes(ev, fresh);
	batch.get(ev.key());
	if (old)
		retired.add(old);
	return ktl::Status::success();
}

ktl::Status Registry::remove_probe_locked(Event &ev, void *func, void *data, KeyBatch &batch,
					 RetiredProbes &retired)
{
	ktp_event *raw = ev.raw();
	ktp_probe_array *old = load_probes(raw);
	int index = -1;
	unsigned int live = 0;
	for (unsigned int i = 0; old && i < old->count; i++) {
		const ktp_probe &p = old->probes[i];
		if (p.func == stub_address())
			continue;
		if (p.func == func && p.data == data)
			index = static_cast<int>(i);
		live++;
	}
	if (index < 0)
		return ktl::Error(KTP_ENOENT);
	if (live == 1 && raw->attach)
		raw->attach(0); // the source stops before the last probe goes

	ktp_probe_array *fresh = nullptr;
	bool in_place = false;
	if (live > 1) {
		fresh = allocate_probes(live - 1);
		if (fresh) {
			unsigned int n = 0;
			for (unsigned int i = 0; i < old->count; i++)
				if (static_cast<int>(i) != index && old->probes[i].func != stub_address())
					fresh->probes[n++] = old->probes[i];
		} else {
			// No memory: neuter the entry where it is; readers see either.
			__atomic_store_n(&old->probes[index].func, stub_address(), __ATOMIC_RELEASE);
			in_place = true;
		}
	}
	if (!in_place)
		publish_probes(ev, fresh);
	batch.put(ev.key());
	retired.add(in_place ? nullptr : old);
	return ktl::Status::success();
}

ktl::size_t Registry::live_probes(const Event &ev) const
{
	ktp_probe_array *arr = load_probes(ev.raw());
	ktl::size_t live = 0;
	for (unsigned int i = 0; arr && i < arr->count; i++)
		live += arr->probes[i].func != stub_address();
	return live;
}

ktl::Status Registry::add_probe(ktp_event *raw, void *func, void *data, int prio)
{
	ktl::LockGuard guard(lock_);
	Event *ev = raw ? static_cast<Event *>(raw->core) : nullptr;
	if (!ev)
		return ktl::Error(KTP_ENODEV);
	RetiredProbes retired;
	KeyBatch batch;
	ktl::Status s = add_probe_locked(*ev, func, data, prio, batch, retired);
	batch.commit();
	update_mute(*ev);
	return s;
}

ktl::Status Registry::remove_probe(ktp_event *raw, void *func, void *data)
{
	ktl::LockGuard guard(lock_);
	Event *ev = raw ? static_cast<Event *>(raw->core) : nullptr;
	if (!ev)
		return ktl::Error(KTP_ENODEV);
	RetiredProbes retired;
	KeyBatch batch;
	ktl::Status s = remove_probe_locked(*ev, func, data, batch, retired);
	batch.commit();
	update_mute(*ev);
	return s;
}

void Registry::update_mute(Event &ev)
{
	// Muted: recording is the only probe and tracing is off, so the site's
	// flag test can skip the call altogether.
	bool mute = hooks_.recording_on && !hooks_.recording_on() && traceon_triggers_ == 0 && !ev.triggers() &&
		    ev.recording() && live_probes(ev) == 1;
	__atomic_store_n(&ev.raw()->muted, mute ? 1 : 0, __ATOMIC_RELAXED);
	ev.key().refresh_flag();
}

void Registry::refresh_mutes()
{
	for_each_event([&](Event &ev) {
		lock_.assert_held();
		update_mute(ev);
	});
}

} // namespace ktp

namespace ktp {

ktl::Status registry_init()
{
	if (g_registry)
		return ktl::Error(KTP_EBUSY);
	g_registry = ktl::make<Registry>().release();
	if (!g_registry)
		return ktl::Error(KTP_ENOMEM);
	return ktl::Status::success();
}

void registry_exit()
{
	ktl::Owned<Registry> gone(g_registry);
	g_registry = nullptr;
}

} // namespace ktp
