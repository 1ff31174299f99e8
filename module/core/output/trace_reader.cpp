// SPDX-License-Identifier: GPL-2.0
// Text and page readers of the buffer (described in trace_reader.h), with native's line format.
#include "output/trace_reader.h"

#include "events/registry.h"
#include "tracer.h"

namespace ktp {

namespace {

constexpr ktl::size_t kLineMax = 3 * ring::kPageSize;

constexpr const char kLegend[] =
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

char hex_or_dot(ktl::u8 v) { return v ? "0123456789abcdef"[v & 0xf] : '.'; }

} // namespace

void render_flags(ktl::u8 flags, ktl::u8 preempt, char out[6])
{
	bool lazy_kernel = ktp_kernel_features() & KTP_FEATURE_LAZY_RESCHED;
	bool irqs_off = flags & KTP_TRACE_FLAG_IRQS_OFF, bh_off = flags & KTP_TRACE_FLAG_BH_OFF;
	bool no_support = !lazy_kernel && (flags & KTP_TRACE_FLAG_IRQS_NOSUPPORT);
	out[0] = irqs_off && bh_off ? 'D' : irqs_off ? 'd' : bh_off ? 'b' : no_support ? 'X' : '.';
	bool nr = flags & KTP_TRACE_FLAG_NEED_RESCHED, pr = flags & KTP_TRACE_FLAG_PREEMPT_RESCHED;
	bool lz = lazy_kernel && (flags & KTP_TRACE_FLAG_NEED_RESCHED_LAZY);
	// Native's letters: N/n/p as before; with a lazy reschedule too, B (all three), L (lazy and
	// preempt), b (both need-resched flags), l (lazy alone).
	out[1] = nr && lz && pr ? 'B' : nr && pr ? 'N' : lz && pr ? 'L' : nr && lz ? 'b' : nr ? 'n' : pr ? 'p' : lz ? 'l' : '.';
	bool nmi = flags & KTP_TRACE_FLAG_NMI, hard = flags & KTP_TRACE_FLAG_HARDIRQ, soft = flags & KTP_TRACE_FLAG_SOFTIRQ;
	out[2] = nmi && hard ? 'Z' : nmi ? 'z' : hard && soft ? 'H' : hard ? 'h' : soft ? 's' : '.';
	out[3] = hex_or_dot(preempt & 0xf);
	out[4] = hex_or_dot(preempt >> 4);
	out[5] = 0;
}

void render_trace_header(TextBuffer &out, ktl::u64 entries, ktl::u64 written, ktl::u32 nr_cpus)
{
	out.printf("# tracer: nop\n#\n# entries-in-buffer/entries-written: %llu/%llu   #P:%u\n",
		   static_cast<unsigned long long>(entries), static_cast<unsigned long long>(written), nr_cpus);
	out.append(kLegend);
}

TraceReader::TraceReader(ktl::Passkey<TraceReader>, Tracer &tracer, Registry &registry, Kind kind, ktl::u32 cpu)
	: tracer_(tracer), registry_(registry), kind_(kind)
{
	ktl::u32 n = tracer.buffer().nr_cpu_ids();
	first_cpu_ = cpu == kAllCpus ? 0 : cpu;
	last_cpu_ = cpu == kAllCpus ? n : cpu + 1;
}

ktl::Owned<TraceReader> TraceReader::open(Tracer &tracer, Registry &registry, Kind kind, ktl::u32 cpu)
{
	if (cpu != kAllCpus && !tracer.buffer().cpu(cpu))
		return {};
	ktl::Owned<TraceReader> r = ktl::make<TraceReader>(ktl::Passkey<TraceReader>(), tracer, registry, kind, cpu);
	if (!r)
		return {};
	ktl::u32 n = tracer.buffer().nr_cpu_ids();
	if (!ktl::Array<char>::create(r->line_, kLineMax) || !ktl::Array<ktl::Owned<Lookahead>>::create(r->ahead_, n))
		return {};
	for (ktl::u32 c = r->first_cpu_; c < r->last_cpu_; c++) {
		if (!tracer.buffer().cpu(c))
			continue;
		r->ahead_[c] = ktl::make<Lookahead>();
		if (!r->ahead_[c])
			return {};
	}
	ktl::LockGuard guard(tracer.readers_lock());
	r->restart();
	if (kind == Kind::Snapshot) {
		// The header counts every CPU's buffer, as native's per-CPU files do too.
		ktl::u64 entries = 0, written = 0;
		ktl::u32 cpus = 0;
		for (ktl::u32 c = 0; c < n; c++) {
			ring::CpuBuffer *b = tracer.buffer().cpu(c);
			if (!b)
				continue;
			cpus++;
			ring::Counters k = b->counters();
			entries += k.entries();
			written += k.entries() + k.overrun;
		}
		TextBuffer header;
		render_trace_header(header, entries, written, cpus);
		if (header.failed() || header.size() >= kLineMax)
			return {};
		__builtin_memcpy(r->line_.data(), header.data(), header.size());
		r->line_len_ = header.size();
		r->until_ = ktp_trace_clock();
	}
	return r;
}

void TraceReader::restart()
{
	generation_ = tracer_.buffer().generation();
	for (ktl::u32 c = first_cpu_; c < last_cpu_; c++) {
		if (!ahead_[c])
			continue;
		ahead_[c]->valid = false;
		ahead_[c]->done = false;
		if (ring::CpuBuffer *b = tracer_.buffer().cpu(c))
			ahead_[c]->pos = b->head();
	}
}

bool TraceReader::fill(ktl::u32 cpu)
{
	Lookahead *a = ahead_.data()[cpu].get();
	if (!a || a->done)
		return false;
	if (a->valid)
		return true;
	ring::CpuBuffer *b = tracer_.buffer().cpu(cpu);
	if (kind_ == Kind::Snapshot) {
		if (!b->next_at(a->pos, a->event) || a->event.timestamp > until_) {
			a->done = true; // the walk ends at what existed when the file was opened
			return false;
		}
	} else if (!b->peek(a->event)) {
		return false;
	}
	a->valid = true;
	return true;
}

int TraceReader::pick()
{
	int best = -1;
	for (ktl::u32 c = first_cpu_; c < last_cpu_; c++) {
		if (!fill(c))
			continue;
		if (best < 0 || ahead_.data()[c]->event.timestamp < ahead_.data()[best]->event.timestamp)
			best = static_cast<int>(c);
	}
	return best;
}

void TraceReader::format_event(ktl::u32 cpu, const ring::EventCopy &ev)
{
	const auto *hdr = reinterpret_cast<const ktp_common_header *>(ev.data);
	char comm[16] __attribute__((uninitialized));
	tracer_.cmdlines().find(hdr->common_pid, comm);
	char flags[6] __attribute__((uninitialized));
	render_flags(hdr->common_flags, hdr->common_preempt_count, flags);
	ktl::u64 usecs = (ev.timestamp + 500) / 1000;
	int n = ktp_snprintf(line_.data() + line_len_, kLineMax - line_len_, "%16s-%-7d [%03u] %s %5llu.%06llu: ", comm,
			     hdr->common_pid, cpu, flags, static_cast<unsigned long long>(usecs / 1000000),
			     static_cast<unsigned long long>(usecs % 1000000));
	if (n < 0 || static_cast<ktl::size_t>(n) >= kLineMax - line_len_)
		return;
	line_len_ += n;
	ktl::size_t room = kLineMax - line_len_ - 2;
	// Runs of one event are common: remember the last lookup (valid while the registry lock is held).
	if (!cached_event_ || cached_id_ != hdr->common_type) {
		cached_event_ = registry_.find(hdr->common_type);
		cached_id_ = hdr->common_type;
	}
	Event *event = cached_event_;
	if (!event) {
		n = ktp_snprintf(line_.data() + line_len_, room, "Unknown type %u\n", hdr->common_type);
	} else if (!event->desc().record) {
		// ftrace's own events print without the name, their text ends its lines (as native).
		n = event->desc().print(line_.data() + line_len_, room, ev.data);
	} else {
		n = ktp_snprintf(line_.data() + line_len_, room, "%s: ", event->name());
		if (n >= 0 && static_cast<ktl::size_t>(n) < room) {
			line_len_ += n;
			room -= n;
			n = event->desc().print(line_.data() + line_len_, room, ev.data);
		}
		if (n >= 0) {
			line_len_ += static_cast<ktl::size_t>(n) < room ? n : room - 1;
			line_[line_len_++] = '\n';
			return;
		}
	}
	if (n >= 0)
		line_len_ += static_cast<ktl::size_t>(n) < room ? n : room - 1;
}

bool TraceReader::next_line()
{
	// Called with the readers lock held and the registry lock held.
	if (tracer_.buffer().generation() != generation_)
		restart(); // resized or reset under us: start from what is there now
	for (;;) {
		int c = pick();
		if (c < 0)
			return false;
		Lookahead *a = ahead_.data()[c].get();
		ring::CpuBuffer *b = tracer_.buffer().cpu(c);
		if (kind_ == Kind::Pipe) {
			if (!b->consume(a->event)) {
				a->valid = false; // overwritten between copy and consume
				continue;
			}
			ktl::u64 lost = b->take_lost();
			if (lost)
				line_len_ += ktp_snprintf(line_.data(), kLineMax, "CPU:%d [LOST %llu EVENTS]\n", c,
							  static_cast<unsigned long long>(lost));
		}
		a->valid = false;
		format_event(static_cast<ktl::u32>(c), a->event);
		return true;
	}
}

ktl::size_t TraceReader::read(char *out, ktl::size_t len)
{
	if (kind_ == Kind::Raw) {
		// Whole pages; a caller's buffer smaller than a page gets the page in pieces.
		if (line_off_ >= line_len_) {
			ktl::LockGuard guard(tracer_.readers_lock());
			ring::CpuBuffer *b = tracer_.buffer().cpu(first_cpu_);
			line_off_ = line_len_ = 0;
			if (!b || !b->take_page(reinterpret_cast<ktl::u8 *>(line_.data())))
				return 0;
			line_len_ = ring::kPageSize;
		}
		ktl::size_t n = ktl::min(len, line_len_ - line_off_);
		__builtin_memcpy(out, line_.data() + line_off_, n);
		line_off_ += n;
		return n;
	}
	ktl::size_t done = 0;
	ktl::LockGuard readers(tracer_.readers_lock());
	ktl::LockGuard events(registry_.lock());
	cached_event_ = nullptr; // events may have come and gone since the last read
	while (done < len) {
		if (line_off_ >= line_len_) {
			line_off_ = line_len_ = 0;
			if (!next_line())
				break;
		}
		ktl::size_t n = ktl::min(len - done, line_len_ - line_off_);
		if (done && n < line_len_ - line_off_)
			break; // keep lines whole across reads when we can
		__builtin_memcpy(out + done, line_.data() + line_off_, n);
		line_off_ += n;
		done += n;
	}
	return done;
}

bool TraceReader::read_page(char *out, bool full_only)
{
	if (kind_ != Kind::Raw || pieces_pending())
		return false;
	ktl::LockGuard guard(tracer_.readers_lock());
	ring::CpuBuffer *b = tracer_.buffer().cpu(first_cpu_);
	return b && b->take_page(reinterpret_cast<ktl::u8 *>(out), full_only);
}

bool TraceReader::ready()
{
	if (line_off_ < line_len_)
		return true;
	ktl::LockGuard guard(tracer_.readers_lock());
	if (tracer_.buffer().generation() != generation_)
		restart();
	for (ktl::u32 c = first_cpu_; c < last_cpu_; c++) {
		ring::CpuBuffer *b = tracer_.buffer().cpu(c);
		// Raw readers wait for a whole page, as native's poll waits for its buffer_percent.
		if (b && (kind_ == Kind::Raw ? b->full_page_ready() : !b->empty()))
			return true;
	}
	return false;
}

} // namespace ktp
