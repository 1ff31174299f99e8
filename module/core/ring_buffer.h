// SPDX-License-Identifier: GPL-2.0
// The per-CPU ring buffer: lock-free writers that may nest on their own CPU, readers that copy out.
//
// Each CPU has a ring of N pages in the native page format (ring_format.h).
// Pages are numbered by a sequence that only grows: page s lives in slot
// s % N. The writer's whole state is one 16-byte word, changed with one
// cmpxchg16b:
//
//     stamp  the time of the newest event reserved
//     pos    seq << 32 | offset: the page being written and its fill level
//
// Reserve: read the word, take the clock, compute delta = now - stamp and
// the space (event header, payload, a time extend when delta needs more than
// 27 bits), then swap in {now, pos + space}. An interrupt (or NMI) that
// writes in between changes the word, the swap fails and the writer simply
// retries with a new clock reading; nested writers therefore always append
// after each other in time order, with correct deltas. Worked example: W1
// reads {100, (7, 40)}, an interrupt writes a 16-byte event at 140 (the word
// becomes {140, (7, 60)}), W1's swap fails, it rereads and reserves (7, 60)
// with delta = its new time - 140.
//
// When the event does not fit, the writer moves to page seq + 1 under the
// CPU's spinlock (the only place a writer takes it; an NMI only tries it).
// If that slot still holds unread data, overwrite mode drops the oldest page
// (its unread events are counted as overrun) and drop mode refuses the event
// (counted as dropped). The first event of a page has delta 0 and sets the
// page's timestamp.
//
// Commit: data is visible to readers up to "committed" (seq, offset). Only
// the outermost writer of a CPU publishes it, after every nested writer has
// finished: it publishes the position it saw, leaves, and goes round again if
// an interrupt reserved more in the meantime. Pages before the committed
// one are complete; their data ends at the slot's recorded end.
//
// Readers (trace, trace_pipe, trace_pipe_raw) take the CPU's spinlock only to
// copy one event or one page out, so a writer's page switch waits at most
// for a 4 KB copy. Counters are exact at any quiet moment:
//     written = read + overrun + in buffer,   and dropped is counted apart.
#pragma once

#include "ktl/base.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "ring_format.h"

namespace ktp::ring {

struct alignas(16) WriteState {
	ktl::u64 stamp;
	ktl::u64 pos;
};

constexpr ktl::u64 make_pos(ktl::u64 seq, ktl::u32 offset) { return seq << 32 | offset; }
constexpr ktl::u64 pos_seq(ktl::u64 pos) { return pos >> 32; }
constexpr ktl::u32 pos_offset(ktl::u64 pos) { return static_cast<ktl::u32>(pos); }

struct Counters {
	ktl::u64 written = 0; // events reserved (committed or about to be)
	ktl::u64 overrun = 0; // events lost when overwrite mode dropped a page
	ktl::u64 dropped = 0; // events refused: buffer full in drop mode, too big, NMI contention
	ktl::u64 read = 0;    // events consumed by readers
	ktl::u64 entries() const { return written - read - overrun; }
};

// Where a reader is: a page, an offset in its data, and the time before that offset.
struct Position {
	ktl::u64 seq = 0;
	ktl::u32 offset = 0;
	ktl::u64 time = 0;
	bool operator==(const Position &o) const { return seq == o.seq && offset == o.offset; }
};

// One event copied out of the ring by a reader.
struct EventCopy {
	ktl::u64 timestamp = 0;
	ktl::u32 length = 0;   // payload bytes (rounded up to 4)
	Position at;           // where it was
	Position next;         // the position after it
	ktl::u8 data[kPageData];
};

class CpuBuffer {
public:
	// nr_pages >= 2 pages of kPageSize; empty when memory runs out.
	static ktl::Owned<CpuBuffer> create(ktl::u32 cpu, ktl::u32 nr_pages);
	~CpuBuffer();
	CpuBuffer(const CpuBuffer &) = delete;
	CpuBuffer &operator=(const CpuBuffer &) = delete;

	// ---- writers: on this buffer's CPU, preemption disabled ----
	// Space for payload bytes, or null (refused and counted). A non-null
	// result must be followed by commit() on the same CPU.
	ktl::u8 *reserve(ktl::u32 payload, bool overwrite);
	void commit();

	// ---- readers (take the lock inside) ----
	// The oldest unread event, copied; false when there is none.
	bool peek(EventCopy &out);
	// Consumes the event peek() returned; false when a writer overwrote it meanwhile.
	bool consume(const EventCopy &ev);
	// Non-consuming walk: the first unread position, and the next event from pos.
	Position head();
	bool next_at(Position &pos, EventCopy &out);
	// Copies the oldest unread data as one native page (header included) and
	// consumes it; returns the bytes of data, 0 when empty.
	ktl::u32 take_page(ktl::u8 *out);
	// Overruns not yet reported to the consuming reader, which are then marked reported.
	ktl::u64 take_lost();
	bool empty();

	Counters counters();
	// Bytes of unread data (for stats).
	ktl::u64 unread_bytes();
	ktl::u32 nr_pages() const { return nr_pages_; }
	ktl::u32 cpu() const { return cpu_; }
	// The timestamps of the oldest unread event and of the newest write.
	ktl::u64 oldest_timestamp();
	ktl::u64 newest_timestamp() const { return __atomic_load_n(&state_.stamp, __ATOMIC_RELAXED); }

	// Starts counting from the given totals (a resize carries counters over).
	void inherit(const Counters &c, ktl::u64 lost_reported);
	ktl::u64 lost_reported();

private:
	struct Slot {
		ktl::u8 *page;
		ktl::u64 seq;
		ktl::u32 end;     // bytes of data once the writer left the page
		ktl::u32 entries; // events reserved on the page
	};

	CpuBuffer(ktl::u32 cpu, ktl::u32 nr_pages, Slot *slots);
	Slot &slot(ktl::u64 seq) { return slots_[seq % nr_pages_]; }
	ktl::u8 *switch_page(WriteState &cur, ktl::u32 payload, ktl::u64 now, bool overwrite);
	ktl::u8 *refuse();
	void publish();
	// Under lock_: the limit of committed data on page seq, or 0 if not readable.
	bool readable(ktl::u64 seq, ktl::u32 &limit);
	ktl::u64 page_time(ktl::u64 seq);
	// Under lock_: the first event at or after pos, stepping over finished
	// pages (pos moves to where it starts); next is the position after it.
	bool event_at(Position &pos, Decoded &d, Position &next);

	WriteState state_;
	ktl::u32 nesting_ = 0;
	ktl::u64 committed_;          // pos of the committed data (release/acquire)
	ktl::u64 written_ = 0;
	ktl::u64 dropped_ = 0;
	ktl::u64 overrun_ = 0;        // under lock_
	ktl::u64 read_ = 0;           // under lock_
	ktl::u64 lost_reported_ = 0;  // under lock_
	Position head_;               // under lock_: the consumer's position
	ktl::u32 head_entries_ = 0;   // events consumed from the head page
	ktl::u32 cpu_;
	ktl::u32 nr_pages_;
	Slot *slots_;
	ktl::SpinLock lock_;
};

// The buffers of every possible CPU, their size and mode.
//
// Resizing and resetting replace CpuBuffers: the caller guarantees that no
// writer is inside reserve..commit (writers paused and an RCU grace period
// passed) and that readers are excluded (they hold the tracer's reader lock).
class RingBuffer {
public:
	static ktl::Owned<RingBuffer> create(ktl::u32 pages_per_cpu);
	~RingBuffer();
	RingBuffer(const RingBuffer &) = delete;
	RingBuffer &operator=(const RingBuffer &) = delete;

	ktl::u32 nr_cpu_ids() const { return nr_cpu_ids_; }
	// The buffer of a CPU, null for a CPU that cannot exist.
	CpuBuffer *cpu(ktl::u32 cpu) const { return cpu < nr_cpu_ids_ ? cpus_[cpu] : nullptr; }

	// Gives CPU cpu (or every CPU with kAllCpus) nr_pages pages. Unread
	// data of a replaced buffer is counted as overrun (and reported as
	// lost); counters carry over. On -ENOMEM nothing changed.
	static constexpr ktl::u32 kAllCpus = ~0u;
	[[nodiscard]] ktl::Status resize(ktl::u32 cpu, ktl::u32 nr_pages);
	// Empties a CPU's buffer (or every CPU's) and zeroes its counters.
	[[nodiscard]] ktl::Status reset(ktl::u32 cpu = kAllCpus);
	// Bumped by every resize and reset: readers start over when it changes.
	ktl::u64 generation() const { return __atomic_load_n(&generation_, __ATOMIC_ACQUIRE); }

private:
	RingBuffer(ktl::u32 nr_cpu_ids, CpuBuffer **cpus) : nr_cpu_ids_(nr_cpu_ids), cpus_(cpus) {}
	[[nodiscard]] ktl::Status replace(ktl::u32 cpu, ktl::u32 nr_pages, bool keep_counters);

	ktl::u32 nr_cpu_ids_;
	CpuBuffer **cpus_;
	ktl::u64 generation_ = 0;
};

} // namespace ktp::ring
