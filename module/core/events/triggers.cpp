// SPDX-License-Identifier: GPL-2.0
// Event triggers and soft mode (described in triggers.h).
#include "events/triggers.h"

#include "output/print_event.h"
#include "tracer.h"

namespace ktp {

namespace {

// Native's text, listing the triggers ktp has (native's list depends on its
// configuration: snapshot and hist come with CONFIG_TRACER_SNAPSHOT/HIST_TRIGGERS).
constexpr const char kTriggerHelp[] =
	"# Available triggers:\n"
	"# traceon traceoff stacktrace enable_event disable_event\n";

const char *kind_name(TriggerKind k)
{
	switch (k) {
	case TriggerKind::TraceOn: return "traceon";
	case TriggerKind::TraceOff: return "traceoff";
	case TriggerKind::EnableEvent: return "enable_event";
	case TriggerKind::DisableEvent: return "disable_event";
	case TriggerKind::StackTrace: return "stacktrace";
	}
	return "?";
}

bool starts(const char *s, ktl::size_t len, const char *word)
{
	ktl::size_t n = length(word);
	return len >= n && __builtin_memcmp(s, word, n) == 0 && (len == n || s[n] == ':');
}

// Takes one run from the count; false when none is left. As native's, the
// count is an unsigned long where all ones means unlimited.
bool take_run(Trigger &t)
{
	long c = __atomic_load_n(&t.count, __ATOMIC_RELAXED);
	for (;;) {
		if (c == -1)
			return true;
		if (c == 0)
			return false;
		long less = static_cast<long>(static_cast<unsigned long>(c) - 1); // wraps from LONG_MIN as native's
		if (__atomic_compare_exchange_n(&t.count, &c, less, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return true;
	}
}

void free_trigger(Trigger *t)
{
	if (!t)
		return;
	ktl::Owned<filter::Program> drop(t->filter);
	ktp_free(t->filter_text);
	ktp_free(t);
}

// Attaches or detaches the recording probe to match the state (lock held).
ktl::Status sync_attach(Registry &reg, Event &ev, KeyBatch &batch, RetiredProbes &retired) KTP_REQUIRES(reg.lock())
{
	bool want = ev.user_enabled() || ev.soft_refs() > 0;
	if (!ev.desc().record || ev.recording() == want)
		return ktl::Status::success();
	ktl::Status s = want ? reg.add_probe_locked(ev, ev.desc().record, &ev, 10, batch, retired)
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

void run_triggers(Event &ev, const void *record, int cpu)
{
	TriggerSet *set = ev.triggers();
	if (!set)
		return;
	Tracer *tracer = ktp::tracer();
	for (unsigned int i = 0; i < set->count; i++) {
		Trigger &t = *set->items[i];
		if (t.filter) {
			char comm[16];
			if (t.filter->needs_comm())
				ktp_current_comm(comm);
			else
				comm[0] = 0;
			filter::MatchContext ctx{cpu, comm, ktp_copy_string_nofault};
			if (!t.filter->match(record, ctx))
				continue;
		}
		if (!take_run(t))
			continue;
		switch (t.kind) {
		case TriggerKind::TraceOn:
			tracer->set_recording_on(true);
			break;
		case TriggerKind::TraceOff:
			tracer->set_recording_on(false);
			break;
		case TriggerKind::EnableEvent:
			t.target->set_soft_disabled(false);
			break;
		case TriggerKind::DisableEvent:
			t.target->set_soft_disabled(true);
			break;
		case TriggerKind::StackTrace:
			tracer->write_stack(3);
			break;
		}
	}
}

bool render_triggers(Event &ev, TextBuffer &out)
{
	TriggerSet *set = ev.triggers();
	if (!set || !set->count)
		return out.append(kTriggerHelp);
	for (unsigned int i = 0; i < set->count; i++) {
		const Trigger &t = *set->items[i];
		out.append(kind_name(t.kind));
		if (t.target)
			out.printf(":%s:%s", t.target->system().name(), t.target->name());
		long c = __atomic_load_n(&t.count, __ATOMIC_RELAXED);
		if (c == -1)
			out.append(":unlimited");
		else
			out.printf(":count=%ld", c);
		if (t.filter_text)
			out.printf(" if %s", t.filter_text);
		out.append("\n");
	}
	return !out.failed();
}

namespace {

bool same_trigger(const Trigger &t, TriggerKind kind, const Event *target) { return t.kind == kind && t.target == target; }

// A count as native reads it: it must start with a digit (anything else is
// taken for a filter, which then fails), then kstrtoul with base 0 (0x hex,
// leading-0 octal, decimal); EINVAL for other characters, ERANGE past 64 bits.
int parse_count(const char *s, long &out)
{
	if (*s < '0' || *s > '9')
		return -KTP_EINVAL;
	unsigned int base = 10;
	if (s[0] == '0') {
		bool hex = (s[1] | 0x20) == 'x' &&
			   ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f'));
		if (hex) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	ktl::u64 v = 0;
	bool overflow = false;
	for (; *s; s++) {
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
	}
	if (overflow)
		return -KTP_ERANGE;
	if (*s)
		return -KTP_EINVAL;
	out = static_cast<long>(v);
	return 0;
}

// Publishes set (may be null) in place of the old one, which is freed after a grace period.
void replace_set(Event &ev, TriggerSet *set, Trigger *gone)
{
	TriggerSet *old = ev.triggers();
	ev.publish_triggers(set);
	ktp_synchronize_rcu(); // no probe still walks the old set or runs the removed trigger
	ktp_free(old);
	free_trigger(gone);
}

} // namespace

int write_trigger(Registry &reg, Event &ev, const char *text, ktl::size_t len)
{
	// One command per write, white space around it ignored.
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	while (len && (*text == ' ' || *text == '\t')) {
		text++;
		len--;
	}
	if (!len)
		return 0;
	bool remove = text[0] == '!';
	if (remove) {
		text++;
		len--;
	}
	// Split off " if FILTER".
	ktl::size_t cmd_len = len;
	const char *filter_text = nullptr;
	ktl::size_t filter_len = 0;
	for (ktl::size_t i = 0; i + 3 < len; i++) {
		if ((text[i] == ' ' || text[i] == '\t') && text[i + 1] == 'i' && text[i + 2] == 'f' &&
		    (text[i + 3] == ' ' || text[i + 3] == '\t')) {
			cmd_len = i;
			filter_text = text + i + 4;
			filter_len = len - i - 4;
			while (filter_len && (*filter_text == ' ' || *filter_text == '\t')) {
				filter_text++;
				filter_len--;
			}
			break;
		}
	}
	TriggerKind kind;
	ktl::size_t pos;
	if (starts(text, cmd_len, "traceon")) {
		kind = TriggerKind::TraceOn;
		pos = 7;
	} else if (starts(text, cmd_len, "traceoff")) {
		kind = TriggerKind::TraceOff;
		pos = 8;
	} else if (starts(text, cmd_len, "stacktrace")) {
		kind = TriggerKind::StackTrace;
		pos = 10;
	} else if (starts(text, cmd_len, "enable_event")) {
		kind = TriggerKind::EnableEvent;
		pos = 12;
	} else if (starts(text, cmd_len, "disable_event")) {
		kind = TriggerKind::DisableEvent;
		pos = 13;
	} else {
		return -KTP_EINVAL;
	}
	// The ':'-separated arguments: [sys:event][:count]; as native, what
	// follows the count is ignored and an empty count means unlimited.
	char args[3][64];
	unsigned int nargs = 0;
	while (pos < cmd_len && text[pos] == ':') {
		pos++;
		ktl::size_t start = pos;
		while (pos < cmd_len && text[pos] != ':')
			pos++;
		if (nargs == 3)
			continue;
		if (pos - start >= sizeof(args[0]))
			return -KTP_EINVAL;
		__builtin_memcpy(args[nargs], text + start, pos - start);
		args[nargs][pos - start] = 0;
		nargs++;
	}
	if (pos != cmd_len)
		return -KTP_EINVAL;
	bool needs_target = kind == TriggerKind::EnableEvent || kind == TriggerKind::DisableEvent;
	Event *target = nullptr;
	unsigned int count_arg = 0;
	if (needs_target) {
		if (nargs < 2)
			return -KTP_EINVAL;
		target = reg.find(args[0], args[1]);
		if (!target || !target->desc().record)
			return -KTP_EINVAL;
		count_arg = 2;
	}
	long count = -1;
	if (nargs > count_arg && !remove && args[count_arg][0]) {
		if (int err = parse_count(args[count_arg], count))
			return err;
	}

	TriggerSet *old = ev.triggers();
	unsigned int n = old ? old->count : 0;
	int found = -1;
	for (unsigned int i = 0; i < n; i++)
		if (same_trigger(*old->items[i], kind, target))
			found = static_cast<int>(i);

	if (remove) {
		if (found < 0)
			return 0; // as native: removing what is not there succeeds
		TriggerSet *fresh = nullptr;
		if (n > 1) {
			fresh = static_cast<TriggerSet *>(ktp_alloc(sizeof(TriggerSet) + sizeof(Trigger *) * (n - 1)));
			if (!fresh)
				return -KTP_ENOMEM;
			fresh->count = 0;
			for (unsigned int i = 0; i < n; i++)
				if (static_cast<int>(i) != found)
					fresh->items[fresh->count++] = old->items[i];
		}
		Trigger *gone = old->items[found];
		replace_set(ev, fresh, gone);
		RetiredProbes retired;
		KeyBatch batch;
		if (target)
			drop_soft_ref(reg, *target, batch, retired);
		drop_soft_ref(reg, ev, batch, retired);
		batch.commit();
		if (kind == TriggerKind::TraceOn)
			reg.add_traceon_triggers(-1);
		reg.refresh_mutes();
		return 0;
	}
	if (found >= 0)
		return -KTP_EEXIST;

	auto *t = static_cast<Trigger *>(ktp_zalloc(sizeof(Trigger)));
	if (!t)
		return -KTP_ENOMEM;
	t->kind = kind;
	t->count = count;
	t->target = target;
	if (filter_text && filter_len) {
		t->filter_text = static_cast<char *>(ktp_alloc(filter_len + 1));
		if (!t->filter_text) {
			free_trigger(t);
			return -KTP_ENOMEM;
		}
		__builtin_memcpy(t->filter_text, filter_text, filter_len);
		t->filter_text[filter_len] = 0;
		filter::ParseError error;
		auto prog = filter::compile(t->filter_text, ev.fields(), error);
		if (!prog) {
			free_trigger(t);
			return -KTP_EINVAL;
		}
		t->filter = prog.value().release();
	} else if (filter_text) {
		free_trigger(t);
		return -KTP_EINVAL;
	}
	auto *fresh = static_cast<TriggerSet *>(ktp_alloc(sizeof(TriggerSet) + sizeof(Trigger *) * (n + 1)));
	if (!fresh) {
		free_trigger(t);
		return -KTP_ENOMEM;
	}
	fresh->count = n + 1;
	for (unsigned int i = 0; i < n; i++)
		fresh->items[i] = old->items[i];
	fresh->items[n] = t;
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
		if (!s.ok()) {
			ktp_free(fresh);
			free_trigger(t);
			return s.to_errno();
		}
	}
	if (kind == TriggerKind::TraceOn)
		reg.add_traceon_triggers(1);
	replace_set(ev, fresh, nullptr);
	reg.refresh_mutes(); // after publishing: an event with triggers is never muted
	return 0;
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
		for (unsigned int i = 0; i < set->count; i++)
			kept += !all && !in_module(set->items[i]->target);
		if (kept == set->count)
			return;
		TriggerSet *fresh = nullptr;
		if (kept) {
			fresh = static_cast<TriggerSet *>(ktp_alloc(sizeof(TriggerSet) + sizeof(Trigger *) * kept));
			if (fresh) {
				fresh->count = 0;
				for (unsigned int i = 0; i < set->count; i++)
					if (!in_module(set->items[i]->target))
						fresh->items[fresh->count++] = set->items[i];
			} else {
				all = true; // no memory for the survivors: they go too
			}
		}
		ev.publish_triggers(fresh);
		ktp_synchronize_rcu();
		RetiredProbes retired;
		KeyBatch batch;
		for (unsigned int i = 0; i < set->count; i++) {
			Trigger *t = set->items[i];
			if (fresh && !in_module(t->target))
				continue;
			if (t->target && !in_module(t->target))
				drop_soft_ref(reg, *t->target, batch, retired);
			if (!in_module(&ev))
				drop_soft_ref(reg, ev, batch, retired);
			if (t->kind == TriggerKind::TraceOn)
				reg.add_traceon_triggers(-1);
			free_trigger(t);
		}
		ktp_free(set);
		batch.commit();
	});
	reg.refresh_mutes();
}

} // namespace ktp
