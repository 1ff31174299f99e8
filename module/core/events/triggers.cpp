// SPDX-License-Identifier: GPL-2.0
// Event triggers and soft mode (described in triggers.h).
#include "events/triggers.h"

#include "output/print_event.h"

namespace ktp {

namespace {

// Native's text, listing the triggers ktp has (native's list depends on its
// configuration: snapshot and hist come with CONFIG_TRACER_SNAPSHOT/HIST_TRIGGERS).
constexpr const char kTriggerHelp[] =
	"# Available triggers:\n"
	"# traceon traceoff stacktrace enable_event disable_event\n";

// The commands, in TriggerKind's order; groups as native's trigger types.
constexpr ktl::u8 kGroupTraceOnOff = 0, kGroupEventEnable = 1, kGroupStackTrace = 2;
constexpr TriggerCommand kCommands[] = {
	{"traceon", TriggerKind::TraceOn, false, kGroupTraceOnOff},
	{"traceoff", TriggerKind::TraceOff, false, kGroupTraceOnOff},
	{"enable_event", TriggerKind::EnableEvent, true, kGroupEventEnable},
	{"disable_event", TriggerKind::DisableEvent, true, kGroupEventEnable},
	{"stacktrace", TriggerKind::StackTrace, false, kGroupStackTrace},
};
static_assert(sizeof(kCommands) / sizeof(kCommands[0]) == static_cast<unsigned int>(TriggerKind::StackTrace) + 1);



// Attaches or detaches the recording probe to match the state (lock held).
ktl::Status sync_attach(Registry &reg, Event &ev, KeyBatch &batch, RetiredProbes &retired) KTP_REQUIRES(reg.lock())
{
	bool want = ev.user_enabled() || ev.soft_refs() > 0;
	if (!ev.desc().record || ev.recording() == want)
		return ktl::Status::success();
	ktl::Status s = want ? reg.add_probe_locked(ev, ev.desc().record, &ev, KTP_PRIO_DEFAULT, batch, retired)
			     : reg.remove_probe_locked(ev, ev.desc().record, &ev, batch, retired);
	if (s.ok())
		ev.set_recording(want);
	return s;
}

ktl::Status add_soft_ref(Registry &reg, Event &ev, KeyBatch &batch, RetiredProbes &retired) KTP_REQUIRES(reg.lock())
{
	if (ev.soft_refs() == 0)
		ev.set_soft_disabled(!ev.user_enabled());
	ev.add_soft_refs(1);
	ktl::Status s = sync_attach(reg, ev, batch, retired);
	if (!s.ok()) {
		ev.add_soft_refs(-1);
		ev.set_soft_disabled(false);
	}
	return s;
}

void drop_soft_ref(Registry &reg, Event &ev, KeyBatch &batch, RetiredProbes &retired) KTP_REQUIRES(reg.lock())
{
	ev.add_soft_refs(-1);
	if (ev.soft_refs() == 0) {
		// As native: an event a trigger turned on stays on when the trigger goes.
		ev.set_user_enabled(ev.recording() && !ev.soft_disabled());
		ev.set_soft_disabled(false);
	}
	(void)sync_attach(reg, ev, batch, retired);
}

} // namespace

ktl::Owned<TriggerSet> TriggerSet::create(unsigned int capacity)
{
	void *mem = ktp_alloc(sizeof(TriggerSet) + sizeof(Trigger *) * capacity);
	return ktl::Owned<TriggerSet>(mem ? new (mem) TriggerSet(capacity) : nullptr);
}

TriggerSet::~TriggerSet()
{
	for (unsigned int i = 0; i < count_; i++)
		ktl::Owned<Trigger> gone(items_[i]);
}

void TriggerSet::retire(const TriggerSet *successor)
{
	if (!successor)
		return;
	for (unsigned int i = 0; i < count_; i++)
		for (Trigger *kept : *successor)
			if (items_[i] == kept)
				items_[i] = nullptr;
}

ktl::Status set_user_enabled(Registry &reg, Event &ev, bool on, KeyBatch &batch, RetiredProbes &retired)
{
	if (!ev.desc().record)
		return ktl::Status::success();
	bool was = ev.user_enabled();
	ev.set_user_enabled(on);
	if (ev.soft_refs() > 0)
		ev.set_soft_disabled(!on);
	ktl::Status s = sync_attach(reg, ev, batch, retired);
	if (!s.ok())
		ev.set_user_enabled(was);
	return s;
}

void render_enable(const Event &ev, TextBuffer &out)
{
	out.printf("%d%s\n", ev.recording() && !ev.soft_disabled() ? 1 : 0, ev.soft_refs() > 0 ? "*" : "");
}

bool render_triggers(Event &ev, TextBuffer &out)
{
	TriggerSet *set = ev.triggers();
	if (!set || !set->size())
		return out.append(kTriggerHelp);
	for (const Trigger *t : *set) {
		out.append(t->command->name);
		if (t->target)
			out.printf(":%s:%s", t->target->system().name(), t->target->name());
		long c = __atomic_load_n(&t->count, __ATOMIC_RELAXED);
		if (c == -1)
			out.append(":unlimited");
		else
			out.printf(":count=%ld", c);
		if (t->filter_text.size())
			out.printf(" if %s", t->filter_text.data());
		out.append("\n");
	}
	return !out.failed();
}

// As native's trigger_process_regex and event_trigger_separate_filter:
// strim, the command up to ':', ' ' or '\t', then its parameters: for
// enable_event/disable_event "sys:event[:count...]" up to white space and
// the filter after it; for the others, a count (when they start with a
// digit) up to white space, and the rest is the filter.
ktl::Result<TriggerSpec> parse_trigger(const char *text, ktl::size_t len)
{
	// The kernel copies the write as a C string.
	ktl::StringView params;
	ktl::StringView name = ktl::StringView(text, len).up_to_nul().trim().split(": \t", params);
	if (!params.absent()) {
		params = params.trim_left();
		if (params.empty())
			params = ktl::StringView();
	}
	TriggerSpec spec;
	if (!name.empty() && name[0] == '!') {
		spec.remove = true;
		name = name.substr(1);
	}
	for (const TriggerCommand &c : kCommands)
		if (name == c.name)
			spec.command = &c;
	if (!spec.command)
		return ktl::Error(KTP_EINVAL);
	if (params.absent()) {
		if (spec.command->takes_target)
			return ktl::Error(KTP_EINVAL);
		return spec;
	}
	if (!spec.command->takes_target && !(params[0] >= '0' && params[0] <= '9')) {
		spec.filter = params;
		return spec;
	}
	ktl::StringView rest;
	ktl::StringView param = params.split(" \t", rest);
	if (!rest.absent())
		spec.filter = rest.trim_left().empty() ? ktl::StringView() : rest.trim_left();
	if (spec.command->takes_target) {
		spec.target_system = param.split(":", rest);
		if (rest.absent())
			return ktl::Error(KTP_EINVAL);
		spec.target_event = rest.split(":", param);
	}
	if (!param.absent())
		spec.count = param.split(":", rest);
	return spec;
}

namespace {

// A count as native's event_trigger_parse_num: not empty, then kstrtoul
// base 0 (0x hex, leading-0 octal, decimal, one trailing newline); EINVAL for
// other characters, ERANGE past 64 bits. All ones is unlimited (-1).
ktl::Result<long> parse_count(ktl::StringView text)
{
	const char *s = text.data(), *end = s + text.size();
	if (s == end)
		return ktl::Error(KTP_EINVAL);
	unsigned int base = 10;
	if (s[0] == '0') {
		bool hex = end - s > 2 && (s[1] | 0x20) == 'x' &&
			   ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f'));
		base = hex ? 16 : 8;
		if (hex)
			s += 2;
	}
	ktl::u64 v = 0;
	bool overflow = false, digits = false;
	for (; s != end; s++) {
		char lc = *s | 0x20;
		unsigned int digit;
		if (*s >= '0' && *s <= '9')
			digit = static_cast<unsigned int>(*s - '0');
		else if (lc >= 'a' && lc <= 'f')
			digit = static_cast<unsigned int>(lc - 'a' + 10);
		else
			break;
		if (digit >= base)
			break;
		if (v > (~0ull - digit) / base)
			overflow = true;
		v = v * base + digit;
		digits = true;
	}
	if (!digits)
		return ktl::Error(KTP_EINVAL);
	if (overflow)
		return ktl::Error(KTP_ERANGE);
	if (s != end && *s == '\n')
		s++;
	if (s != end)
		return ktl::Error(KTP_EINVAL);
	return static_cast<long>(v);
}

// "if FILTER" as native's set_trigger_filter: the word "if", one ' ' or
// '\t', then the filter as written (leading white space kept).
ktl::Result<ktl::StringView> parse_filter_clause(ktl::StringView clause)
{
	ktl::StringView filter;
	if (clause.split(" \t", filter) != "if" || filter.absent())
		return ktl::Error(KTP_EINVAL);
	return filter;
}

// The trigger of ev in the same group (and for the same target) as a new one would be; null when none.
Trigger *find_in_group(const Event &ev, const TriggerCommand &command, const Event *target)
{
	TriggerSet *set = ev.triggers();
	if (set)
		for (Trigger *t : *set)
			if (t->command->group == command.group && t->target == target)
				return t;
	return nullptr;
}

} // namespace

ktl::Owned<TriggerSet> Event::publish_triggers(ktl::Owned<TriggerSet> set)
{
	bool any = static_cast<bool>(set);
	ktl::Owned<TriggerSet> old = triggers_.publish(ktl::move(set));
	set_slow(kSlowTriggers, any);
	return old;
}

namespace {

// Publishes fresh (null when empty) in place of ev's set; the old set,
// retired once no probe walks it, frees the triggers fresh does not keep.
void replace_set(Event &ev, ktl::Owned<TriggerSet> fresh)
{
	if (fresh && !fresh->size())
		fresh.reset();
	ktl::Owned<TriggerSet> old = ev.publish_triggers(ktl::move(fresh));
	ktp_synchronize_rcu(); // no probe still walks the old set or runs a removed trigger
	if (old)
		old->retire(ev.triggers());
}

ktl::Status remove_trigger(Registry &reg, Event &ev, const TriggerCommand &command, Event *target)
	KTP_REQUIRES(reg.lock())
{
	Trigger *gone = find_in_group(ev, command, target);
	if (!gone)
		return ktl::Status::success(); // as native: removing what is not there succeeds
	TriggerSet &old = *ev.triggers();
	ktl::Owned<TriggerSet> fresh = TriggerSet::create(old.size() - 1);
	if (!fresh)
		return ktl::Error(KTP_ENOMEM);
	for (Trigger *t : old)
		if (t != gone)
			fresh->share(*t);
	bool traceon = gone->command->kind == TriggerKind::TraceOn;
	replace_set(ev, ktl::move(fresh)); // frees gone
	RetiredProbes retired;
	KeyBatch batch;
	if (target)
		drop_soft_ref(reg, *target, batch, retired);
	drop_soft_ref(reg, ev, batch, retired);
	batch.commit();
	if (traceon)
		reg.add_traceon_triggers(-1);
	reg.refresh_mutes();
	return ktl::Status::success();
}

// A new trigger from its spec, in native's order of checks: the count, the
// filter (compiled for ev), then a trigger of the same group is EEXIST.
ktl::Result<ktl::Owned<Trigger>> make_trigger(Event &ev, const TriggerSpec &spec, Event *target)
{
	long count = !spec.count.absent() ? KTP_TRY(parse_count(spec.count)) : -1;
	ktl::Owned<Trigger> t = ktl::make<Trigger>();
	if (!t)
		return ktl::Error(KTP_ENOMEM);
	t->kind = spec.command->kind;
	t->command = spec.command;
	t->count = count;
	t->target = target;
	if (!spec.filter.absent()) {
		ktl::StringView text = KTP_TRY(parse_filter_clause(spec.filter));
		if (!ktl::Array<char>::create(t->filter_text, text.size() + 1))
			return ktl::Error(KTP_ENOMEM);
		__builtin_memcpy(t->filter_text.data(), text.data(), text.size());
		filter::ParseError error;
		t->filter = KTP_TRY(filter::compile(t->filter_text.data(), ev.fields(), error));
	}
	if (find_in_group(ev, *spec.command, target))
		return ktl::Error(KTP_EEXIST);
	return t;
}

ktl::Status add_trigger(Registry &reg, Event &ev, const TriggerSpec &spec, Event *target) KTP_REQUIRES(reg.lock())
{
	ktl::Owned<Trigger> t = KTP_TRY(make_trigger(ev, spec, target));
	TriggerSet *old = ev.triggers();
	ktl::Owned<TriggerSet> fresh = TriggerSet::create((old ? old->size() : 0) + 1);
	if (!fresh)
		return ktl::Error(KTP_ENOMEM);
	// Soft references first: the trigger may run as soon as the set is published.
	{
		RetiredProbes retired;
		KeyBatch batch;
		ktl::Status s = add_soft_ref(reg, ev, batch, retired);
		if (s.ok() && target) {
			s = add_soft_ref(reg, *target, batch, retired);
			if (!s.ok())
				drop_soft_ref(reg, ev, batch, retired);
		}
		batch.commit();
		KTP_TRY(s);
	}
	if (spec.command->kind == TriggerKind::TraceOn)
		reg.add_traceon_triggers(1);
	fresh->add(ktl::move(t)); // newest first, as native's list
	if (old)
		for (Trigger *kept : *old)
			fresh->share(*kept);
	replace_set(ev, ktl::move(fresh));
	reg.refresh_mutes(); // after publishing: an event with triggers is never muted
	return ktl::Status::success();
}

// The target of enable_event/disable_event: an event that records; EINVAL otherwise.
ktl::Result<Event *> find_target(Registry &reg, const TriggerSpec &spec) KTP_REQUIRES(reg.lock())
{
	if (!spec.command->takes_target)
		return static_cast<Event *>(nullptr);
	char system[64], event[64];
	if (spec.target_system.size() >= sizeof(system) || spec.target_event.size() >= sizeof(event))
		return ktl::Error(KTP_EINVAL); // longer than any event's name
	__builtin_memcpy(system, spec.target_system.data(), spec.target_system.size());
	system[spec.target_system.size()] = 0;
	__builtin_memcpy(event, spec.target_event.data(), spec.target_event.size());
	event[spec.target_event.size()] = 0;
	Event *target = reg.find(system, event);
	if (!target || !target->desc().record)
		return ktl::Error(KTP_EINVAL);
	return target;
}

} // namespace

ktl::Status write_trigger(Registry &reg, Event &ev, const char *text, ktl::size_t len)
{
	TriggerSpec spec = KTP_TRY(parse_trigger(text, len));
	Event *target = KTP_TRY(find_target(reg, spec));
	if (spec.remove)
		return remove_trigger(reg, ev, *spec.command, target);
	return add_trigger(reg, ev, spec, target);
}

void forget_module_triggers(Registry &reg, const ModuleRecord &record)
{
	auto in_module = [&](const Event *e) {
		for (ktl::size_t i = 0; i < record.events.size(); i++)
			if (record.events[i] == e)
				return true;
		return false;
	};
	reg.for_each_event([&](Event &ev) {
		reg.lock().assert_held();
		TriggerSet *set = ev.triggers();
		if (!set)
			return;
		bool all = in_module(&ev);
		unsigned int kept = 0;
		for (const Trigger *t : *set)
			kept += !all && !in_module(t->target);
		if (kept == set->size())
			return;
		ktl::Owned<TriggerSet> fresh;
		if (kept && !(fresh = TriggerSet::create(kept)))
			all = true; // no memory for the survivors: they go too
		if (!all)
			for (Trigger *t : *set)
				if (!in_module(t->target))
					fresh->share(*t);
		// The soft references and counts of the triggers that go (freed by replace_set).
		RetiredProbes retired;
		KeyBatch batch;
		for (const Trigger *t : *set) {
			if (!all && !in_module(t->target))
				continue;
			if (t->target && !in_module(t->target))
				drop_soft_ref(reg, *t->target, batch, retired);
			if (!in_module(&ev))
				drop_soft_ref(reg, ev, batch, retired);
			if (t->command->kind == TriggerKind::TraceOn)
				reg.add_traceon_triggers(-1);
		}
		replace_set(ev, ktl::move(fresh));
		batch.commit();
	});
	reg.refresh_mutes();
}

} // namespace ktp
