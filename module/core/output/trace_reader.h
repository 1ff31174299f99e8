// SPDX-License-Identifier: GPL-2.0
// Readers of the buffer as text (trace, trace_pipe) and as pages (trace_pipe_raw), merged across CPUs.
//
// A text reader keeps one event per CPU copied out of the ring (its
// "lookahead"), prints the one with the smallest timestamp, and refills
// that CPU. `trace` walks without consuming and stops at events newer than
// its open; `trace_pipe` consumes, and an event counts as read only once
// the ring confirms that nothing overwrote it between copy and consume. A
// consuming reader prints "CPU:N [LOST M EVENTS]" before the first event
// of a CPU that lost M events to overwriting since the last one it printed.
// Output goes out in whole lines; a line that does not fit in the caller's
// buffer is kept and continues on the next read.
#pragma once

#include "ktl/base.h"
#include "ktl/memory.h"
#include "events/registry.h"
#include "ring/ring_buffer.h"
#include "output/text.h"

namespace ktp {

class Tracer;
class Event;

// The five flag characters native prints for a record's common_flags and preempt count.
void render_flags(ktl::u8 flags, ktl::u8 preempt, char out[6]);
// The text header of trace and per_cpu/cpuN/trace.
void render_trace_header(TextBuffer &out, ktl::u64 entries, ktl::u64 written, ktl::u32 nr_cpus);

class TraceReader {
public:
	enum class Kind { Snapshot, Pipe, Raw };
	static constexpr ktl::u32 kAllCpus = ~0u;

	// cpu: one CPU, or kAllCpus.
	static ktl::Owned<TraceReader> open(Tracer &tracer, Registry &registry, Kind kind, ktl::u32 cpu);
	TraceReader(ktl::Passkey<TraceReader>, Tracer &tracer, Registry &registry, Kind kind, ktl::u32 cpu);
	TraceReader(const TraceReader &) = delete;
	TraceReader &operator=(const TraceReader &) = delete;

	// The reader as the platform holds it (struct ktp_reader), and back.
	ktp_reader *handle() { return reinterpret_cast<ktp_reader *>(this); }
	static TraceReader *from(ktp_reader *handle) { return reinterpret_cast<TraceReader *>(handle); }

	// Copies up to len bytes of output; 0 when there is nothing now.
	ktl::size_t read(char *out, ktl::size_t len);
	// Raw readers: one whole page into out (kPageSize bytes), only a page the
	// writer has left with full_only; false when there is none, or when a
	// short read() left part of a page (pieces_pending()).
	bool read_page(char *out, bool full_only);
	bool pieces_pending() const { return line_off_ < line_len_; }
	// True when a read would return something (for poll and blocking); for
	// a raw reader, when a page the writer has left is there (splice's unit),
	// so that trace-cmd's recorder waits in select(), not in splice().
	bool ready();
	Kind kind() const { return kind_; }

private:
	struct Lookahead {
		ring::EventCopy event;
		ring::Position pos; // Snapshot: where the walk is
		bool valid;
		bool done;
	};
	bool fill(ktl::u32 cpu);
	int pick();
	bool next_line() KTP_REQUIRES(registry_.lock());
	void format_event(ktl::u32 cpu, const ring::EventCopy &ev) KTP_REQUIRES(registry_.lock());
	void restart();

	Tracer &tracer_;
	Registry &registry_;
	Kind kind_;
	ktl::u32 first_cpu_, last_cpu_;
	ktl::Array<ktl::Owned<Lookahead>> ahead_; // per CPU; empty for CPUs not read
	ktl::u64 generation_ = 0;
	ktl::u64 until_ = 0;       // Snapshot: newest timestamp shown
	ktl::Array<char> line_;    // pending output (kLineMax bytes)
	ktl::size_t line_len_ = 0, line_off_ = 0;
	Event *cached_event_ = nullptr; // the last id looked up, during one read()
	ktl::u16 cached_id_ = 0;
};

} // namespace ktp
