// SPDX-License-Identifier: GPL-2.0
// The top of ktp's tree as native shows it: enable files, set_event, tracing_on, sizes, stats, readers, trace_marker.
#include <ktp/abi.h>

#include "events/registry.h"
#include "events/static_key.h"
#include "output/text.h"
#include "output/trace_reader.h"
#include "events/triggers.h"
#include "tracer.h"

using ktp::Event;
using ktp::Registry;
using ktp::TextBuffer;
using ktp::Tracer;

namespace {

// The longest trigger write, and the longest set_event token (native's parser holds 127 characters).
constexpr ktl::size_t kMaxTriggerWrite = 4096;
constexpr ktl::size_t kMaxSetEventToken = 127;

// Native reads these files with kstrtoul_from_user, base 10: the first
// KTP_VALUE_WRITE_MAX bytes of the write (the rest is ignored), up to a
// NUL, as kstrtoul: an optional '+', digits and one optional newline;
// EINVAL otherwise, ERANGE on overflow.
ktl::Result<ktl::u64> parse_decimal(const char *buf, ktl::size_t len)
{
	if (len > KTP_VALUE_WRITE_MAX)
		len = KTP_VALUE_WRITE_MAX;
	for (ktl::size_t i = 0; i < len; i++)
		if (!buf[i]) {
			len = i;
			break;
		}
	if (len && buf[len - 1] == '\n')
		len--;
	ktl::size_t i = 0;
	if (i < len && buf[i] == '+')
		i++;
	if (i == len)
		return ktl::Error(KTP_EINVAL);
	ktl::u64 v = 0;
	for (; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return ktl::Error(KTP_EINVAL);
		ktl::u64 d = static_cast<ktl::u64>(buf[i] - '0');
		if (v > (~0ull - d) / 10)
			return ktl::Error(KTP_ERANGE);
		v = v * 10 + d;
	}
	return v;
}

int finish(TextBuffer &text, char **out, ktp_size_t *len)
{
	if (text.failed())
		return -KTP_ENOMEM;
	*out = text.release(len);
	return *out ? 0 : -KTP_ENOMEM;
}

bool can_enable(const Event &ev) { return ev.desc().record != nullptr; }

// Applies on/off to every event fn selects, as one batch; mutes refreshed after.
template <typename Select> ktl::Status set_many(Registry &reg, bool on, Select select) KTP_REQUIRES(reg.lock())
{
	ktl::Status result;
	{
		ktp::RetiredProbes retired;
		ktp::KeyBatch batch;
		reg.for_each_event([&](Event &ev) {
			reg.lock().assert_held();
			if (result.ok() && select(ev))
				result = ktp::set_user_enabled(reg, ev, on, batch, retired);
		});
		batch.commit();
	}
	reg.for_each_event([&](Event &ev) {
		reg.lock().assert_held();
		if (select(ev))
			reg.update_mute(ev);
	});
	return result;
}

// "0", "1", "X" (mixed) or "?" (nothing that can be enabled).
char enable_state(Registry &reg, const char *system) KTP_REQUIRES(reg.lock())
{
	bool any_on = false, any_off = false;
	reg.for_each_event([&](Event &ev) {
		if (!can_enable(ev) || (system && ktl::StringView(ev.system().name()) != system))
			return;
		(ev.recording() ? any_on : any_off) = true;
	});
	return any_on && any_off ? 'X' : any_on ? '1' : any_off ? '0' : '?';
}

ktl::Result<bool> parse_enable_value(const char *buf, ktl::size_t len)
{
	ktl::u64 v = KTP_TRY(parse_decimal(buf, len));
	if (v > 1)
		return ktl::Error(KTP_EINVAL);
	return v == 1;
}

// One set_event token: [!]system:event, [!]event or system, with "*" or "" as any.
ktl::Status apply_set_event_token(Registry &reg, ktl::StringView tok) KTP_REQUIRES(reg.lock())
{
	bool on = true;
	if (!tok.empty() && tok[0] == '!') {
		on = false;
		tok = tok.substr(1);
	}
	if (tok.empty() || tok.size() > kMaxSetEventToken)
		return ktl::Error(KTP_EINVAL);
	// "system:event" ("*" or nothing on either side: any), or a bare name of either.
	ktl::StringView ev;
	ktl::StringView sys = tok.split(":", ev);
	bool bare = ev.absent();
	if (bare) {
		ev = sys;
	} else {
		if (sys == "*")
			sys = ktl::StringView();
		if (ev == "*")
			ev = ktl::StringView();
	}
	auto select = [&](Event &e) {
		if (!can_enable(e))
			return false;
		if (bare)
			return ev == e.name() || ev == e.system().name();
		return (sys.empty() || sys == e.system().name()) && (ev.empty() || ev == e.name());
	};
	bool found = false;
	reg.for_each_event([&](Event &e) { found = found || select(e); });
	if (!found)
		return ktl::Error(KTP_EINVAL);
	return set_many(reg, on, select);
}

// One token per write, as native's parser: the bytes consumed (leading
// white space, the token and the one character after it) go back to the
// caller, whose write loop hands over the rest. Only white space, or white
// space up to a NUL: that much is taken. buf is the first part of a longer
// write unless complete: a token that runs into its end waits for the next
// call, which starts with it.
ktl::Result<ktl::size_t> write_set_event(Registry &reg, const char *buf, ktl::size_t len, bool complete)
	KTP_REQUIRES(reg.lock())
{
	ktl::size_t i = 0;
	while (i < len && ktl::is_kernel_space(buf[i]))
		i++;
	if (i == len)
		return len;
	if (!buf[i])
		return i + 1;
	ktl::size_t start = i;
	while (i < len && !ktl::is_kernel_space(buf[i]) && buf[i])
		i++;
	if (i - start > kMaxSetEventToken)
		return ktl::Error(KTP_EINVAL);
	if (i == len && !complete && start > 0)
		return start;
	KTP_TRY(apply_set_event_token(reg, ktl::StringView(buf + start, i - start)));
	return i < len ? i + 1 : i;
}

// A count taken, or a negative errno: the C boundary's answer.
long taken(const ktl::Result<ktl::size_t> &r) { return r.ok() ? static_cast<long>(r.value()) : r.to_errno(); }
long taken(const ktl::Status &s, ktl::size_t len) { return s.ok() ? static_cast<long>(len) : s.to_errno(); }

void render_usecs(TextBuffer &out, const char *label, ktl::u64 ns)
{
	ktl::u64 us = (ns + 500) / 1000;
	out.printf("%s%5llu.%06llu\n", label, static_cast<unsigned long long>(us / 1000000),
		   static_cast<unsigned long long>(us % 1000000));
}

// Native's header_page, with the overwrite field's type and the signedness of
// char as the running kernel prints them (KTP_FEATURE_UNSIGNED_CHAR, ..._CHAR_OVERWRITE).
void header_page_text(TextBuffer &text)
{
	unsigned int features = ktp_kernel_features();
	unsigned int char_signed = (features & KTP_FEATURE_UNSIGNED_CHAR) ? 0 : 1;
	text.append("\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
		    "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n");
	if (features & KTP_FEATURE_CHAR_OVERWRITE)
		text.printf("\tfield: char overwrite;\toffset:8;\tsize:1;\tsigned:%u;\n", char_signed);
	else
		text.append("\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n");
	text.printf("\tfield: char data;\toffset:16;\tsize:4080;\tsigned:%u;\n", char_signed);
}

constexpr const char kHeaderEvent[] =
	"# compressed entry header\n"
	"\ttype_len    :    5 bits\n"
	"\ttime_delta  :   27 bits\n"
	"\tarray       :   32 bits\n"
	"\n"
	"\tpadding     : type == 29\n"
	"\ttime_extend : type == 30\n"
	"\ttime_stamp : type == 31\n"
	"\tdata max type_len  == 28\n";

// The renderers, one per control file (cpu: -1, or a per_cpu file's CPU).
ktl::Status render_tracing_on(Registry &, Tracer &t, int, TextBuffer &text)
{
	text.printf("%d\n", t.recording_on() ? 1 : 0); // traceon/traceoff triggers change it too
	return ktl::Status::success();
}

ktl::Status render_buffer_size_kb(Registry &, Tracer &t, int cpu, TextBuffer &text)
{
	ktl::LockGuard guard(t.readers_lock());
	if (cpu >= 0) {
		text.printf("%u\n", t.size_kb(static_cast<ktl::u32>(cpu)));
		return ktl::Status::success();
	}
	ktp::ring::RingBuffer &rb = t.buffer();
	ktl::u32 size = 0;
	bool mixed = false, first = true;
	for (ktl::u32 c = 0; c < rb.nr_cpu_ids(); c++) {
		if (!rb.cpu(c))
			continue;
		if (!first && t.size_kb(c) != size)
			mixed = true;
		size = t.size_kb(c);
		first = false;
	}
	if (mixed)
		text.append("X\n");
	else
		text.printf("%u\n", size);
	return ktl::Status::success();
}

ktl::Status render_buffer_total_size_kb(Registry &, Tracer &t, int, TextBuffer &text)
{
	ktl::LockGuard guard(t.readers_lock());
	ktp::ring::RingBuffer &rb = t.buffer();
	ktl::u64 total = 0;
	for (ktl::u32 c = 0; c < rb.nr_cpu_ids(); c++)
		if (rb.cpu(c))
			total += t.size_kb(c);
	text.printf("%llu\n", static_cast<unsigned long long>(total));
	return ktl::Status::success();
}

ktl::Status render_overwrite(Registry &, Tracer &t, int, TextBuffer &text)
{
	text.printf("%d\n", t.overwrite() ? 1 : 0);
	return ktl::Status::success();
}

ktl::Status render_saved_cmdlines(Registry &, Tracer &t, int, TextBuffer &text)
{
	t.cmdlines().render(text);
	return ktl::Status::success();
}

ktl::Status render_saved_cmdlines_size(Registry &, Tracer &t, int, TextBuffer &text)
{
	text.printf("%u\n", t.cmdlines().size());
	return ktl::Status::success();
}

// In native's order: the newest registration first, each in reverse.
ktl::Status render_set_event(Registry &reg, Tracer &, int, TextBuffer &text)
{
	ktl::LockGuard guard(reg.lock());
	reg.for_each_event_newest_first([&](Event &ev) {
		if (ev.recording())
			text.printf("%s:%s\n", ev.system().name(), ev.name());
	});
	return ktl::Status::success();
}

ktl::Status render_events_enable(Registry &reg, Tracer &, int, TextBuffer &text)
{
	ktl::LockGuard guard(reg.lock());
	text.printf("%c\n", enable_state(reg, nullptr));
	return ktl::Status::success();
}

ktl::Status render_header_page(Registry &, Tracer &, int, TextBuffer &text)
{
	header_page_text(text);
	return ktl::Status::success();
}

ktl::Status render_header_event(Registry &, Tracer &, int, TextBuffer &text)
{
	text.append(kHeaderEvent);
	return ktl::Status::success();
}

ktl::Status render_stats(Registry &, Tracer &t, int cpu, TextBuffer &text)
{
	ktl::LockGuard guard(t.readers_lock());
	ktp::ring::CpuBuffer *b = cpu >= 0 ? t.buffer().cpu(static_cast<ktl::u32>(cpu)) : nullptr;
	if (!b)
		return ktl::Error(KTP_ENODEV);
	ktp::ring::Counters k = b->counters();
	text.printf("entries: %llu\noverrun: %llu\ncommit overrun: 0\nbytes: %llu\n",
		    static_cast<unsigned long long>(k.entries()), static_cast<unsigned long long>(k.overrun),
		    static_cast<unsigned long long>(b->unread_bytes()));
	render_usecs(text, "oldest event ts: ", b->oldest_timestamp());
	render_usecs(text, "now ts: ", ktp_trace_clock());
	text.printf("dropped events: %llu\nread events: %llu\n",
		    static_cast<unsigned long long>(k.dropped + t.paused_drops(static_cast<ktl::u32>(cpu))),
		    static_cast<unsigned long long>(k.read));
	return ktl::Status::success();
}

// ktp stamps events with native's "local" clock only: that is the one listed, and
// another name is refused with EINVAL as native refuses a clock it does not have.
ktl::Status render_trace_clock(Registry &, Tracer &, int, TextBuffer &text)
{
	text.printf("[local]\n");
	return ktl::Status::success();
}

ktl::Result<ktl::size_t> write_trace_clock(const char *buf, ktl::size_t len)
{
	if (ktl::StringView(buf, len).trim() != ktl::StringView("local"))
		return ktl::Error(KTP_EINVAL);
	return len;
}

struct Renderer {
	ktp_control_file which;
	ktl::Status (*render)(Registry &reg, Tracer &t, int cpu, TextBuffer &text);
};

constexpr Renderer kRenderers[] = {
	{KTP_CTL_TRACING_ON, render_tracing_on},
	{KTP_CTL_BUFFER_SIZE_KB, render_buffer_size_kb},
	{KTP_CTL_BUFFER_TOTAL_SIZE_KB, render_buffer_total_size_kb},
	{KTP_CTL_OVERWRITE, render_overwrite},
	{KTP_CTL_SAVED_CMDLINES, render_saved_cmdlines},
	{KTP_CTL_SAVED_CMDLINES_SIZE, render_saved_cmdlines_size},
	{KTP_CTL_SET_EVENT, render_set_event},
	{KTP_CTL_EVENTS_ENABLE, render_events_enable},
	{KTP_CTL_HEADER_PAGE, render_header_page},
	{KTP_CTL_HEADER_EVENT, render_header_event},
	{KTP_CTL_STATS, render_stats},
	{KTP_CTL_TRACE_CLOCK, render_trace_clock},
};

// A write to a numeric or set_event control file: the count taken (all of it but for set_event).
ktl::Result<ktl::size_t> write_control(Registry &reg, Tracer &t, ktp_control_file which, int cpu, const char *buf,
				       ktl::size_t len)
{
	switch (which) {
	case KTP_CTL_TRACING_ON: {
		ktl::u64 v = KTP_TRY(parse_decimal(buf, len));
		ktl::LockGuard guard(reg.lock());
		t.set_recording_on(v != 0);
		reg.refresh_mutes();
		return len;
	}
	case KTP_CTL_BUFFER_SIZE_KB: {
		ktl::u64 v = KTP_TRY(parse_decimal(buf, len));
		KTP_TRY(t.resize_kb(cpu >= 0 ? static_cast<ktl::u32>(cpu) : ktp::ring::RingBuffer::kAllCpus, v));
		return len;
	}
	case KTP_CTL_OVERWRITE:
		t.set_overwrite(KTP_TRY(parse_enable_value(buf, len)));
		return len;
	case KTP_CTL_SAVED_CMDLINES_SIZE: {
		ktl::u64 v = KTP_TRY(parse_decimal(buf, len));
		if (v < 1 || v > ktp::Cmdlines::max_request())
			return ktl::Error(KTP_EINVAL);
		KTP_TRY(t.cmdlines().resize(ktp::Cmdlines::capacity_for(static_cast<ktl::u32>(v)), false));
		return len;
	}
	case KTP_CTL_SET_EVENT: {
		ktl::LockGuard guard(reg.lock());
		return write_set_event(reg, buf, len, true);
	}
	case KTP_CTL_EVENTS_ENABLE: {
		bool on = KTP_TRY(parse_enable_value(buf, len));
		ktl::LockGuard guard(reg.lock());
		KTP_TRY(set_many(reg, on, [](Event &) { return true; }));
		return len;
	}
	case KTP_CTL_TRACE_CLOCK:
		return write_trace_clock(buf, len);
	default:
		return ktl::Error(KTP_EINVAL); // read-only files take no writes, as native's
	}
}

} // namespace

extern "C" int ktp_control_render(enum ktp_control_file which, int cpu, char **out, ktp_size_t *len)
{
	Registry *reg = ktp::registry();
	Tracer *t = ktp::tracer();
	if (!reg || !t)
		return -KTP_ENODEV;
	for (const Renderer &r : kRenderers)
		if (r.which == which) {
			TextBuffer text;
			ktl::Status s = r.render(*reg, *t, cpu, text);
			return s.ok() ? finish(text, out, len) : s.to_errno();
		}
	return -KTP_EINVAL;
}

extern "C" long ktp_control_write(enum ktp_control_file which, int cpu, const char *buf, ktp_size_t len)
{
	Registry *reg = ktp::registry();
	Tracer *t = ktp::tracer();
	if (!reg || !t)
		return -KTP_ENODEV;
	return taken(write_control(*reg, *t, which, cpu, buf, len));
}

extern "C" long ktp_set_event_write(const char *buf, ktp_size_t len, int complete)
{
	Registry *reg = ktp::registry();
	if (!reg)
		return -KTP_ENODEV;
	ktl::LockGuard guard(reg->lock());
	return taken(write_set_event(*reg, buf, len, complete != 0));
}

extern "C" int ktp_control_truncate(enum ktp_control_file which)
{
	Registry *reg = ktp::registry();
	if (!reg || which != KTP_CTL_SET_EVENT)
		return 0;
	ktl::LockGuard guard(reg->lock());
	return set_many(*reg, false, [](Event &) { return true; }).to_errno();
}

extern "C" int ktp_event_has_enable(ktp_event_handle *event)
{
	return event && can_enable(*Event::from(event));
}

extern "C" int ktp_event_write_enable(ktp_event_handle *event, const char *buf, ktp_size_t len)
{
	Registry *reg = ktp::registry();
	if (!reg || !event)
		return -KTP_ENODEV;
	ktl::Result<bool> on = parse_enable_value(buf, len);
	if (!on)
		return on.to_errno();
	Event *ev = Event::from(event);
	ktl::LockGuard guard(reg->lock());
	return static_cast<int>(taken(set_many(*reg, on.value(), [ev](Event &e) { return &e == ev; }), len));
}

extern "C" int ktp_system_render_enable(const char *system, char **out, ktp_size_t *len)
{
	Registry *reg = ktp::registry();
	if (!reg)
		return -KTP_ENODEV;
	TextBuffer text;
	{
		ktl::LockGuard guard(reg->lock());
		text.printf("%c\n", enable_state(*reg, system));
	}
	return finish(text, out, len);
}

extern "C" int ktp_system_write_enable(const char *system, const char *buf, ktp_size_t len)
{
	Registry *reg = ktp::registry();
	if (!reg)
		return -KTP_ENODEV;
	ktl::Result<bool> on = parse_enable_value(buf, len);
	if (!on)
		return on.to_errno();
	ktl::LockGuard guard(reg->lock());
	auto in_system = [system](Event &e) { return ktl::StringView(e.system().name()) == system; };
	return static_cast<int>(taken(set_many(*reg, on.value(), in_system), len));
}

extern "C" int ktp_trace_reset(int cpu)
{
	Tracer *t = ktp::tracer();
	if (!t)
		return -KTP_ENODEV;
	return t->reset(cpu < 0 ? ktp::ring::RingBuffer::kAllCpus : static_cast<ktl::u32>(cpu)).to_errno();
}

extern "C" long ktp_trace_marker_write(const char *buf, ktp_size_t len)
{
	Tracer *t = ktp::tracer();
	if (!t)
		return -KTP_ENODEV;
	ktl::Result<ktl::size_t> taken = t->write_marker(buf, len);
	return taken ? static_cast<long>(taken.value()) : taken.to_errno();
}

extern "C" ktp_reader *ktp_reader_open(enum ktp_reader_kind kind, int cpu)
{
	Tracer *t = ktp::tracer();
	Registry *reg = ktp::registry();
	if (!t || !reg)
		return nullptr;
	ktp::TraceReader::Kind k = kind == KTP_READER_TRACE  ? ktp::TraceReader::Kind::Snapshot
				   : kind == KTP_READER_PIPE ? ktp::TraceReader::Kind::Pipe
							     : ktp::TraceReader::Kind::Raw;
	ktl::u32 c = cpu < 0 ? ktp::TraceReader::kAllCpus : static_cast<ktl::u32>(cpu);
	ktp::TraceReader *reader = ktp::TraceReader::open(*t, *reg, k, c).release();
	return reader ? reader->handle() : nullptr;
}

extern "C" void ktp_reader_close(ktp_reader *reader) { ktl::Owned<ktp::TraceReader> gone(ktp::TraceReader::from(reader)); }

extern "C" long ktp_reader_read(ktp_reader *reader, char *buf, ktp_size_t len)
{
	return ktp::TraceReader::from(reader)->read(buf, len);
}

extern "C" long ktp_reader_read_page(ktp_reader *reader, char *page, int full_only)
{
	ktp::TraceReader *r = ktp::TraceReader::from(reader);
	if (r->kind() != ktp::TraceReader::Kind::Raw || r->pieces_pending())
		return -KTP_EINVAL;
	return r->read_page(page, full_only != 0) ? static_cast<long>(ktp::ring::kPageSize) : 0;
}

extern "C" int ktp_reader_ready(ktp_reader *reader) { return ktp::TraceReader::from(reader)->ready(); }

extern "C" void ktp_reader_want_wakeup(void)
{
	if (Tracer *t = ktp::tracer())
		t->want_wakeup();
}

extern "C" int ktp_trace_cpu_present(int cpu)
{
	Tracer *t = ktp::tracer();
	return t && cpu >= 0 && t->buffer().cpu(static_cast<ktl::u32>(cpu)) != nullptr;
}

extern "C" int ktp_event_write_trigger(ktp_event_handle *event, const char *buf, ktp_size_t len)
{
	Registry *reg = ktp::registry();
	if (!reg || !event)
		return -KTP_ENODEV;
	if (!len)
		return 0; // as native: a write of nothing is no command
	if (len > kMaxTriggerWrite)
		return -KTP_EINVAL;
	ktl::LockGuard guard(reg->lock());
	ktl::Status s = ktp::write_trigger(*reg, *Event::from(event), buf, len);
	return s.ok() ? static_cast<int>(len) : s.to_errno();
}
