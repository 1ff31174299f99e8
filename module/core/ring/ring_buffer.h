// SPDX-License-Identifier: GPL-2.0
// The per-CPU ring buffer: lock-free writers that may nest on their own CPU, readers that copy out.
//
// Each CPU has a ring of N pages in the native page format (ring_format.h).
// Pages are numbered by a 64-bit sequence that only grows (it never wraps):
// page s lives in slot s % N, and the writer's page is seq_, which only a
// page switch changes, under the CPU's lock. The writer's whole state is
// one 16-byte word, changed with one cmpxchg16b:
//
//     stamp  the time of the newest event reserved
//     pos    tag << 32 | slot << 12 | offset: the page being written (tag:
//            the low 32 bits of its sequence, enough to tell it from any
//            page a nested writer can reach), the slot that holds it (seq %
//            N, kept so that the writer never divides) and its fill level
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
// Each page counts the events reserved on it (one add after the swap, the
// writer's only counter). A page's count joins written_ only once the
// committed data has moved past the page: a writer that has its space but
// has not yet counted it keeps the committed position at or before that
// space, so no nesting, page switches included, can fold a count it has
// not yet added. Until then, counters() adds the pages still open.
#pragma once

#include "ktl/base.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "ring/ring_format.h"

namespace ktp::ring {

inline constexpr ktl::u32 kDeltaBitsShift = 5; // time_delta sits above the 5-bit type_len

struct alignas(16) WriteState {
	ktl::u64 stamp;
	ktl::u64 pos;
};

// A writer position (see above): offsets stay below 4096, slots below kMaxPages.
inline constexpr ktl::u32 kOffsetBits = 12;
inline constexpr ktl::u32 kMaxPages = 1u << 20; // 4 GiB per CPU
constexpr ktl::u64 make_pos(ktl::u64 seq, ktl::u32 slot, ktl::u32 offset)
{
	return static_cast<ktl::u64>(static_cast<ktl::u32>(seq)) << 32 | static_cast<ktl::u64>(slot) << kOffsetBits |
	       offset;
}
constexpr ktl::u32 pos_tag(ktl::u64 pos) { return static_cast<ktl::u32>(pos >> 32); }
constexpr ktl::u32 pos_slot(ktl::u64 pos) { return static_cast<ktl::u32>(pos >> kOffsetBits) & (kMaxPages - 1); }
constexpr ktl::u32 pos_offset(ktl::u64 pos) { return static_cast<ktl::u32>(pos) & ((1u << kOffsetBits) - 1); }

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
	// 2 <= nr_pages <= kMaxPages pages of kPageSize; empty when memory runs out.
	static ktl::Owned<CpuBuffer> create(ktl::u32 cpu, ktl::u32 nr_pages);
	// The same with the writer's first page numbered first_seq (>= nr_pages):
	// tests start a buffer just below a wrap of the sequence.
	static ktl::Owned<CpuBuffer> create(ktl::u32 cpu, ktl::u32 nr_pages, ktl::u64 first_seq);
	class Slots;
	CpuBuffer(ktl::Passkey<CpuBuffer>, ktl::u32 cpu, ktl::u32 nr_pages, Slots &&slots, ktl::u64 first_seq);
	CpuBuffer(const CpuBuffer &) = delete;
	CpuBuffer &operator=(const CpuBuffer &) = delete;

	// The buffer as the platform's per-CPU slot holds it (struct ktp_cpu_buffer), and back.
	ktp_cpu_buffer *handle() { return reinterpret_cast<ktp_cpu_buffer *>(this); }
	static CpuBuffer *from(ktp_cpu_buffer *handle) { return reinterpret_cast<CpuBuffer *>(handle); }

	// ---- writers: on this buffer's CPU, preemption disabled ----
	// Space for payload bytes, or null (refused and counted). A non-null
	// result must be followed by commit() on the same CPU. Inline: the
	// usual case (the event fits on the page, a delta of 27 bits, the word
	// unchanged since it was read) takes no call but the clock's. The mode
	// (overwrite or drop) is read only when a page fills, hence by reference.
	ktl::u8 *reserve(ktl::u32 payload, const bool &overwrite)
	{
		__atomic_fetch_add(&nesting_, 1, __ATOMIC_ACQ_REL);
		// The clock first: the word read after it needs no saving across
		// the call (an interrupt in between only sends us the slow way).
		ktl::u64 now = ktp_trace_clock();
		ktl::u64 stamp = __atomic_load_n(&state_.stamp, __ATOMIC_RELAXED);
		ktl::u64 pos = __atomic_load_n(&state_.pos, __ATOMIC_RELAXED);
		ktl::u32 off = pos_offset(pos);
		ktl::u32 type_len = (payload + 3) / 4; // a small event: 1..28 words
		ktl::u32 size = type_len * 4 + 4;
		// A clock behind the stamp gives a huge delta: the slow path clamps it.
		ktl::u64 delta = now - stamp;
		// One unsigned compare each: payload in 1..112, off in 1..kPageData - size.
		if (__builtin_expect(payload - 1 < kMaxSmallData && off - 1 < kPageData - size && delta <= kMaxDelta &&
					     swap_state(stamp, pos, now, pos + size),
				     1)) {
			Slot &s = slots_[pos_slot(pos)];
			ktl::u8 *at = s.page + kPageHeader + off;
			KTP_TEST_POINT(KTP_POINT_RING_RESERVED);
			__atomic_fetch_add(&s.entries, 1, __ATOMIC_RELAXED);
			ktl::u32 word = type_len | static_cast<ktl::u32>(delta) << kDeltaBitsShift;
			__builtin_memcpy(at, &word, 4);
			ktl::u8 *data = at + 4;
			if (!data)
				__builtin_unreachable(); // the caller tests only the slow path's result
			return data;
		}
		return reserve_slow(payload, overwrite, stamp, pos);
	}
	// Leaves the writer's nesting level; the outermost writer publishes.
	void commit()
	{
		if (__atomic_load_n(&nesting_, __ATOMIC_RELAXED) != 1) {
			__atomic_fetch_sub(&nesting_, 1, __ATOMIC_ACQ_REL);
			return; // the outermost writer publishes for nested ones
		}
		if (__builtin_expect(!publish_once(), 0))
			publish(); // out of line: the inline part stays small
	}

	// ---- readers (take the lock inside) ----
	// The oldest unread event, copied; false when there is none.
	bool peek(EventCopy &out);
	// Consumes the event peek() returned; false when a writer overwrote it meanwhile.
	bool consume(const EventCopy &ev);
	// Non-consuming walk: the first unread position, and the next event from pos.
	Position head();
	bool next_at(Position &pos, EventCopy &out);
	// Copies the oldest unread data as one native page (header included) and
	// consumes it; returns the bytes of data, 0 when empty (or, with
	// full_only, when only the writer's page has data). Overruns since the
	// last report are flagged in the page's commit word as native's
	// (kMissedEvents), with their count after the data when it fits
	// (kMissedStored).
	ktl::u32 take_page(ktl::u8 *out, bool full_only = false);
	// Overruns not yet reported to the consuming reader, which are then marked reported.
	ktl::u64 take_lost();
	bool empty();
	// Whether take_page(full_only) would return a page: unread data on a page the writer has left.
	bool full_page_ready();

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

	// 16 bytes per data page. Slot s % N holds the newest page s <= seq_.
	struct Slot {
		ktl::u8 *page;
		ktl::u16 end;     // bytes of data once the writer left the page
		ktl::u16 entries; // events reserved on the page (at most kPageData / 4)
	};
	static_assert(sizeof(Slot) == 16);
	// The slots and their pages, from the buffer allocation
	// (ktp_buffer_zalloc, ktp_buffer_page_alloc), freed together.
	class Slots {
	public:
		Slots() = default;
		Slots(Slots &&o) : slots_(o.slots_), n_(o.n_)
		{
			o.slots_ = nullptr;
			o.n_ = 0;
		}
		Slots &operator=(Slots &&) = delete;
		Slots(const Slots &) = delete;
		~Slots() { clear(); }
		// n slots, each with a zeroed page; false (and what was built freed) when memory runs out.
		[[nodiscard]] bool allocate(ktl::u32 n);
		// Unchecked, for the record path: i < n.
		Slot &operator[](ktl::u32 i) const { return slots_[i]; }

	private:
		void clear();
		Slot *slots_ = nullptr;
		ktl::u32 n_ = 0;
	};

private:
	ktl::u64 pos_at(ktl::u64 seq, ktl::u32 offset) const
	{
		return make_pos(seq, static_cast<ktl::u32>(seq % nr_pages_), offset);
	}

	Slot &slot(ktl::u64 seq) { return slots_[seq % nr_pages_]; }
	// The sequence of the page of a position no later than the writer's
	// (its tag completed from seq_, which it trails by less than N pages),
	// and that of the committed data.
	ktl::u64 seq_of(ktl::u64 pos) const KTP_REQUIRES(lock_)
	{
		return seq_ - static_cast<ktl::u32>(static_cast<ktl::u32>(seq_) - pos_tag(pos));
	}
	ktl::u64 committed_seq() const KTP_REQUIRES(lock_) { return seq_of(__atomic_load_n(&committed_, __ATOMIC_ACQUIRE)); }
	// One 16-byte compare-and-swap of the writer's word; on failure, stamp
	// and pos receive its value. (Scalars, not a WriteState: a 16-byte
	// aligned local would cost the caller a realigned frame.)
	bool swap_state(ktl::u64 &stamp, ktl::u64 &pos, ktl::u64 new_stamp, ktl::u64 new_pos)
	{
		bool ok;
		asm volatile("lock cmpxchg16b %1"
			     : "=@ccz"(ok), "+m"(state_), "+a"(stamp), "+d"(pos)
			     : "b"(new_stamp), "c"(new_pos)
			     : "memory");
		return ok;
	}
	bool swap_state(WriteState &expected, const WriteState &desired)
	{
		return swap_state(expected.stamp, expected.pos, desired.stamp, desired.pos);
	}
	// Everything reserve's inline path leaves: the first event of a page, a
	// time extend, a page switch, a large event, a lost race (the nesting
	// level is already taken; cur is the word as last read).
	ktl::u8 *reserve_slow(ktl::u32 payload, const bool &overwrite, ktl::u64 stamp, ktl::u64 pos);
	ktl::u8 *switch_page(WriteState &cur, ktl::u32 payload, ktl::u64 now, bool overwrite);
	ktl::u8 *refuse();
	// The outermost writer's publication (readers find the end of committed
	// data from committed_ and each finished page's recorded end, so it is
	// one store): publishes the position it saw and leaves; false when an
	// interrupt reserved more before it left, and the level is to be taken
	// again and the publication repeated (publish()).
	bool publish_once()
	{
		ktl::u64 pos = __atomic_load_n(&state_.pos, __ATOMIC_ACQUIRE);
		__atomic_store_n(&committed_, pos, __ATOMIC_RELEASE);
		__atomic_fetch_sub(&nesting_, 1, __ATOMIC_ACQ_REL);
		// An interrupt arriving now publishes for itself.
		return __atomic_load_n(&state_.pos, __ATOMIC_ACQUIRE) == pos;
	}
	void publish();
	// Adds the counts of the pages before the committed one to written_.
	void fold() KTP_REQUIRES(lock_);
	// The limit of committed data on page seq, or 0 if not readable.
	bool readable(ktl::u64 seq, ktl::u32 &limit) KTP_REQUIRES(lock_);
	ktl::u64 page_time(ktl::u64 seq);
	// The first event at or after pos, stepping over finished pages (pos
	// moves to where it starts); next is the position after it.
	bool event_at(Position &pos, Decoded &d, Position &next) KTP_REQUIRES(lock_);

	WriteState state_;
	ktl::u32 nesting_ = 0;
	ktl::u64 committed_;          // pos of the committed data (release/acquire)
	ktl::u64 seq_ KTP_GUARDED_BY(lock_);         // the writer's page
	ktl::u64 written_ KTP_GUARDED_BY(lock_) = 0; // events on the pages before folded_
	ktl::u64 folded_ KTP_GUARDED_BY(lock_);      // the first page whose count is not in written_
	ktl::u64 dropped_ = 0;
	ktl::u64 overrun_ KTP_GUARDED_BY(lock_) = 0;
	ktl::u64 read_ KTP_GUARDED_BY(lock_) = 0;
	ktl::u64 lost_reported_ KTP_GUARDED_BY(lock_) = 0;
	Position head_ KTP_GUARDED_BY(lock_);        // the consumer's position
	ktl::u32 head_entries_ = 0;   // events consumed from the head page
	ktl::u32 cpu_;
	ktl::u32 nr_pages_;
	Slots slots_;
	ktl::SpinLock lock_;
};

class RingBuffer;

// New buffers for some CPUs, built by RingBuffer::prepare while writers go
// on. RingBuffer::install swaps them in, after which it holds the buffers
// they replaced. Whatever it holds is freed with it.
class Replacement {
public:
	explicit Replacement(ktl::Passkey<RingBuffer>, bool keep_counters) : keep_counters_(keep_counters) {}
	Replacement(const Replacement &) = delete;
	Replacement &operator=(const Replacement &) = delete;

private:
	friend class RingBuffer;
	ktl::Array<ktl::Owned<CpuBuffer>> cpus_; // nr_cpu_ids entries, empty for the CPUs left alone
	bool keep_counters_;
};

// The buffers of every possible CPU, their size and mode.
//
// Resizing and resetting replace CpuBuffers in two steps: prepare()
// allocates the new ones while writers and readers go on, install() swaps
// them in. Callers serialize the pairs; for install() they also guarantee
// that no writer is inside reserve..commit (writers paused and an RCU grace
// period passed) and that readers are excluded (they hold the tracer's
// reader lock).
class RingBuffer {
public:
	static ktl::Owned<RingBuffer> create(ktl::u32 pages_per_cpu);
	RingBuffer(ktl::Passkey<RingBuffer>, ktl::u32 nr_cpu_ids) : nr_cpu_ids_(nr_cpu_ids) {}
	RingBuffer(const RingBuffer &) = delete;
	RingBuffer &operator=(const RingBuffer &) = delete;

	ktl::u32 nr_cpu_ids() const { return nr_cpu_ids_; }
	// The buffer of a CPU, null for a CPU that cannot exist.
	CpuBuffer *cpu(ktl::u32 cpu) const { return cpu < nr_cpu_ids_ ? cpus_.data()[cpu].get() : nullptr; }
	// The buffer of the CPU a writer runs on (which always exists).
	CpuBuffer *local(ktl::u32 cpu) const { return cpus_.data()[cpu].get(); }

	static constexpr ktl::u32 kAllCpus = ~0u;
	// New buffers for CPU cpu (or every CPU with kAllCpus) of nr_pages
	// pages (0: each CPU's current size), built with the platform's buffer
	// allocation (ktp_buffer_alloc_begin). keep_counters: the new buffers
	// carry the old counters on, the unread data of the old ones counted as
	// overrun (and reported as lost); otherwise they start from zero. On
	// an error nothing changed and out stays empty.
	[[nodiscard]] ktl::Status prepare(ktl::u32 cpu, ktl::u32 nr_pages, bool keep_counters,
					  ktl::Owned<Replacement> &out);
	// Swaps prepared buffers in; r then holds the old ones.
	void install(Replacement &r);
	// Both steps at once: CPU cpu (or every CPU) gets nr_pages pages, counters carried over.
	[[nodiscard]] ktl::Status resize(ktl::u32 cpu, ktl::u32 nr_pages);
	// Both steps at once: empties a CPU's buffer (or every CPU's) and zeroes its counters.
	[[nodiscard]] ktl::Status reset(ktl::u32 cpu = kAllCpus);
	// Bumped by every resize and reset: readers start over when it changes.
	ktl::u64 generation() const { return __atomic_load_n(&generation_, __ATOMIC_ACQUIRE); }

private:
	[[nodiscard]] ktl::Status replace(ktl::u32 cpu, ktl::u32 nr_pages, bool keep_counters);

	ktl::u32 nr_cpu_ids_;
	ktl::Array<ktl::Owned<CpuBuffer>> cpus_; // null for the CPUs that cannot exist
	ktl::u64 generation_ = 0;
};

} // namespace ktp::ring
