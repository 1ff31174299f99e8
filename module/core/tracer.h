// SPDX-License-Identifier: GPL-2.0
// The tracer: the buffer events are recorded into, the record path, and the state the control files change.
//
// The record path (called from each event's generated probe with
// preemption off): no allocation, no sleeping, no lock.
//   - a small fixed-size record (ktp_record_write): the probe assembles it
//     on its stack; unfiltered, the core reserves, writes the common header,
//     copies the fields and commits, all in one call; filtered (or with
//     triggers), the filter runs on the stack copy and only a record that
//     passes is reserved and copied;
//   - any other record (ktp_record_begin/end): unfiltered, reserve in this
//     CPU's buffer, the caller fills, commit; filtered, the caller fills a
//     per-CPU scratch record (one per nesting level: task, softirq, irq,
//     NMI) that is then treated as above.
// A rejected record never touches the buffer. After a commit the writer
// wakes sleeping readers, once per wait: the first event after a reader
// went to sleep queues one deferred wakeup, and later events see no waiter
// and wake nobody. Both follow-ups (saving the task's comm, waking) hang on
// one per-CPU test: the record's pid against this CPU's last_pid, which a
// reader going to sleep resets on every CPU.
#pragma once

#include <ktp/event_abi.h>

#include "output/cmdlines.h"
#include "ktl/base.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "ring/ring_buffer.h"

namespace ktp {

class Event;
namespace filter {
class Program;
}

inline constexpr ktl::u32 kScratchLevels = 4;

class Tracer {
public:
	static ktl::Owned<Tracer> create();
	explicit Tracer(ktl::Passkey<Tracer>);
	~Tracer();
	Tracer(const Tracer &) = delete;
	Tracer &operator=(const Tracer &) = delete;

	ring::RingBuffer &buffer() { return *buffer_; }
	Cmdlines &cmdlines() { return *cmdlines_; }
	// Readers hold this while they touch the buffers; resize and reset take it too.
	ktl::Mutex &readers_lock() KTP_RETURN_CAPABILITY(readers_lock_) { return readers_lock_; }

	static bool overwrite() { return __atomic_load_n(&overwrite_, __ATOMIC_RELAXED); }
	static void set_overwrite(bool on) { __atomic_store_n(&overwrite_, on, __ATOMIC_RELAXED); }

	// Per-CPU size in KB (as buffer_size_kb shows it), and resizing (all CPUs: cpu = kAllCpus).
	ktl::u32 size_kb(ktl::u32 cpu) const;
	[[nodiscard]] ktl::Status resize_kb(ktl::u32 cpu, ktl::u64 kb) KTP_EXCLUDES(resize_lock_, readers_lock_);
	// Empties every buffer (opening trace with O_TRUNC).
	[[nodiscard]] ktl::Status reset(ktl::u32 cpu) KTP_EXCLUDES(resize_lock_, readers_lock_);

	// Events refused while a resize or reset held writers off (per CPU).
	ktl::u64 paused_drops(ktl::u32 cpu) const
	{
		return cpu < nr_cpu_ids_ ? __atomic_load_n(&paused_drops_[cpu], __ATOMIC_RELAXED) : 0;
	}

	// The record path (ktp_record_begin/end).
	void *record_begin(ktp_record &rec, Event &ev, ktl::u32 size);
	static void record_end(ktp_record &rec);
	// ktp_record_write: a record assembled by the caller (common header left
	// to fill), of size bytes, or of Size bytes when that is not 0.
	// Static: the usual case needs no tracer pointer (the gate says one exists).
	template <ktl::u32 Size> static void record_write(Event &ev, ktl::u8 *rec, ktl::u32 size);
	// Its unfiltered write, inline (the body of the out-of-line plain writes).
	static void write_unfiltered(Event &ev, const ktl::u8 *rec, ktl::u32 size);
	// A trace_marker write: a print event carrying text; the count taken
	// (at most kMarkerMax), or EBADF as native (tracing off, buffer full in drop mode).
	[[nodiscard]] ktl::Result<ktl::size_t> write_marker(const char *text, ktl::size_t len);
	// The stacktrace trigger: the current stack as an ftrace:kernel_stack record.
	static constexpr unsigned int kStackDepth = KTP_STACK_DEPTH;
	void write_stack(unsigned int skip);

	// Readers about to sleep: the next commit wakes them (every CPU's next
	// record goes the way of a new pid, which looks for waiters).
	void want_wakeup();

	// Recording on (tracing_on): checked on the record path too, for events
	// that other probes keep unmuted.
	static bool recording_on() { return !(__atomic_load_n(&gate_, __ATOMIC_RELAXED) & kGateOff); }
	void set_recording_on(bool on)
	{
		if (on)
			__atomic_fetch_and(&gate_, ~kGateOff, __ATOMIC_RELAXED);
		else
			__atomic_fetch_or(&gate_, kGateOff, __ATOMIC_RELAXED);
	}

	// A per-CPU scratch record outside the buffer, for consumers other than
	// the buffer (record callbacks): null when every nesting level is in
	// use or size exceeds a buffer page's data. Given back with give_scratch.
	ktl::u8 *take_scratch(ktl::u32 cpu, ktl::u32 size)
	{
		ktl::u32 level = scratch_depth_[cpu];
		if (level >= kScratchLevels || size > ring::kPageData)
			return nullptr;
		scratch_depth_[cpu] = level + 1;
		return scratch(cpu, level);
	}
	void give_scratch(ktl::u32 cpu) { scratch_depth_[cpu]--; }
	// Whether an assembled record (common header filled) passes a filter.
	static bool passes(const filter::Program &prog, const ktl::u8 *rec, ktl::u32 cpu);

private:
	// Stops writers and waits until none is inside reserve..commit.
	void pause_writers();
	void resume_writers();
	// Swaps prepared buffers in, writers paused; zero_drops: the paused
	// drops of the CPUs replaced start over (a reset).
	void install(ring::Replacement &fresh, ktl::u32 cpu, bool zero_drops) KTP_REQUIRES(resize_lock_)
		KTP_EXCLUDES(readers_lock_);
	// Around a clear of every CPU: the registry's stale ids go once their records have.
	static ktl::u64 stale_marks_before_clear();
	static void ids_cleared(ktl::u64 marks);
	ktl::u8 *scratch(ktl::u32 cpu, ktl::u32 level) { return scratch_[cpu * kScratchLevels + level].get(); }
	// The record path's out-of-line parts: filters, triggers, tracing off, a resize.
	[[gnu::noinline]] void *record_begin_slow(ktp_record &rec, Event &ev, ktl::u32 size);
	[[gnu::noinline]] void record_end_slow(ktp_record &rec);
	// Static, with the arguments of ktp_record_write: the common case is a
	// jump with nothing to move.
	[[gnu::noinline]] static void record_write_plain(Event &ev, ktl::u8 *rec, ktl::u32 size);
	template <ktl::u32 Size> static void write_plain(Event &ev, ktl::u8 *rec, ktl::u32 size);
	[[gnu::noinline]] static void record_write_matched(Event &ev, ktl::u8 *rec, ktl::u32 size,
							   const filter::Program &prog);
	// Everything the gate or the event sends aside: tracing off, no tracer, a pause, triggers.
	[[gnu::noinline]] static void record_write_slow(Event &ev, ktl::u8 *rec, ktl::u32 size);
	void write_slow(Event &ev, ktl::u8 *rec, ktl::u32 size);
	static void copy_in(Event &ev, const ktl::u8 *rec, ktl::u32 size, bool has_header);
	void commit_assembled(Event &ev, ktl::u8 *rec, ktl::u32 size, const filter::Program *prog, bool has_header,
			      bool triggers, ktl::u32 cpu);
	static void recorded(int pid);
	// A record of a pid other than this CPU's last: its comm, and sleeping readers.
	[[gnu::noinline]] static void note_task(int pid);
	// Tells each CPU's record path where its buffer is now (writers paused).
	void publish_local_buffers();
	// After a commit: the first one after a reader went to sleep wakes it
	// (once per wait). The exchange is a full barrier, as the kernel's xchg:
	// the writer's earlier stores are ordered before its look at waiters_.
	void wake_waiting_readers()
	{
		if (__atomic_exchange_n(&waiters_, 0, __ATOMIC_SEQ_CST))
			ktp_wake_readers();
	}

	ktl::Owned<ring::RingBuffer> buffer_;
	ktl::Owned<Cmdlines> cmdlines_;
	ktl::Array<ktl::Page> scratch_;    // nr_cpu_ids * kScratchLevels pages (possible CPUs only)
	ktl::Array<ktl::u32> scratch_depth_; // per CPU: the scratch levels in use
	ktl::Array<ktl::u64> paused_drops_;  // per CPU
	ktl::u32 nr_cpu_ids_ = 0;
	// The buffer's mode (options/overwrite), static as the gate: the record
	// path hands its address to reserve without loading the tracer.
	static bool overwrite_;
	// What stops the record path, in one word it tests before it has the
	// tracer: bit 0 tracing off, bit 1 no tracer (before tracer_init and from
	// the start of tracer_exit), the rest counts pauses (resize, reset) in
	// steps of kGatePause. One tracer exists at a time, so the gate is static.
	static constexpr ktl::u32 kGateOff = 1, kGateAbsent = 2, kGatePause = 4;
	static ktl::u32 gate_;
	static bool paused() { return __atomic_load_n(&gate_, __ATOMIC_RELAXED) >= kGatePause; }
	friend ktl::Status tracer_init();
	friend void tracer_exit();
	int waiters_ = 0;
	ktl::Mutex readers_lock_; // lock order: ktl/thread_safety.h
	// Serializes resizes and resets, which allocate before they take readers_lock_.
	ktl::Mutex resize_lock_ KTP_ACQUIRED_BEFORE(readers_lock_);
};

// The tracer of the running core (null outside ktp_core_init/exit).
// After a module's events went: clears every CPU's buffer when one of them
// ever recorded, as native does (the registry's module_removed hook).
void clear_after_module_removal(bool recorded);
// Tracer::recording_on() out of line (the registry's recording_on hook).
bool tracer_recording_on();
Tracer *tracer();
[[nodiscard]] ktl::Status tracer_init();
void tracer_exit();

} // namespace ktp
