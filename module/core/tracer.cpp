// SPDX-License-Identifier: GPL-2.0
// The tracer's buffer, record path, sizes, reset and trace_marker (described in tracer.h).
#include "tracer.h"

#include "ktl/rcu.h"

#include "filter/filter.h"
#include "output/print_event.h"
#include "events/registry.h"
#include "events/triggers.h"

namespace ktp {

constinit ktl::u32 Tracer::gate_ = Tracer::kGateAbsent;
constinit bool Tracer::overwrite_ = true;

namespace {

// The running tracer, RCU-published: the record path reads it only after
// seeing the gate open, and tracer_exit closes the gate and waits for those
// writers before it takes the tracer away.
constinit ktl::RcuPtr<Tracer> g_tracer;
ktl::LockClass readers_lock_class;
ktl::LockClass resize_lock_class;

// Native rounds a size in KB to whole 4080-byte data pages, at least 2.
ktl::u64 pages_for_kb(ktl::u64 kb)
{
	ktl::u64 bytes = kb << 10; // wraps as native's does
	ktl::u64 pages = (bytes + ring::kPageData - 1) / ring::kPageData;
	return pages < 2 ? 2 : pages;
}

} // namespace

Tracer::Tracer(ktl::Passkey<Tracer>)
	: readers_lock_("ktp_readers", readers_lock_class), resize_lock_("ktp_resize", resize_lock_class)
{
}

ktl::Owned<Tracer> Tracer::create()
{
	ktl::Owned<Tracer> t = ktl::make<Tracer>(ktl::Passkey<Tracer>());
	if (!t)
		return {};
	t->nr_cpu_ids_ = ktp_nr_cpu_ids();
	ktl::u64 initial_pages = pages_for_kb(ktp_initial_buffer_kb());
	if (initial_pages > ring::kMaxPages)
		return {};
	t->buffer_ = ring::RingBuffer::create(static_cast<ktl::u32>(initial_pages));
	if (!t->buffer_)
		return {};
	t->cmdlines_ = Cmdlines::create(Cmdlines::capacity_for(Cmdlines::kDefaultSize));
	if (!t->cmdlines_)
		return {};
	ktl::u32 n = t->nr_cpu_ids_;
	if (!ktl::Array<ktl::Page>::create(t->scratch_, static_cast<ktl::size_t>(n) * kScratchLevels) ||
	    !ktl::Array<ktl::u32>::create(t->scratch_depth_, n) || !ktl::Array<ktl::u64>::create(t->paused_drops_, n))
		return {};
	for (ktl::u32 c = 0; c < n; c++) {
		if (!ktp_cpu_possible(c))
			continue;
		for (ktl::u32 l = 0; l < kScratchLevels; l++)
			if (!t->scratch_[c * kScratchLevels + l].allocate())
				return {};
	}
	t->publish_local_buffers();
	return t;
}

// Each CPU's buffer where the record path finds it; the comm cache starts over.
void Tracer::publish_local_buffers()
{
	for (ktl::u32 c = 0; c < nr_cpu_ids_; c++) {
		ring::CpuBuffer *b = buffer_->cpu(c);
		if (ktp_cpu_possible(c))
			ktp_cpu_local_set_buffer(c, b ? b->handle() : nullptr);
	}
}

Tracer::~Tracer()
{
	for (ktl::u32 c = 0; buffer_ && c < nr_cpu_ids_; c++)
		if (ktp_cpu_possible(c))
			ktp_cpu_local_set_buffer(c, nullptr);
}

ktl::u32 Tracer::size_kb(ktl::u32 cpu) const
{
	ring::CpuBuffer *b = buffer_->cpu(cpu);
	return b ? static_cast<ktl::u32>((static_cast<ktl::u64>(b->nr_pages()) * ring::kPageData) >> 10) : 0;
}

void Tracer::pause_writers()
{
	__atomic_fetch_add(&gate_, kGatePause, __ATOMIC_SEQ_CST);
	ktp_synchronize_rcu(); // every writer that saw no pause has committed
}

void Tracer::resume_writers() { __atomic_fetch_sub(&gate_, kGatePause, __ATOMIC_SEQ_CST); }

ktl::Status Tracer::resize_kb(ktl::u32 cpu, ktl::u64 kb)
{
	if (kb == 0)
		return ktl::Error(KTP_EINVAL);
	ktl::u64 pages = pages_for_kb(kb);
	ktl::u64 cpus = cpu == ring::RingBuffer::kAllCpus ? nr_cpu_ids_ : 1;
	if (pages > ring::kMaxPages)
		return ktl::Error(KTP_ENOMEM);
	ktl::LockGuard serial(resize_lock_);
	// Under the lock: two resizes never count on the same free memory.
	if (pages * cpus > ktp_available_pages())
		return ktl::Error(KTP_ENOMEM);
	ktl::Owned<ring::Replacement> fresh;
	ktl::Status s = buffer_->prepare(cpu, static_cast<ktl::u32>(pages), true, fresh);
	if (!s.ok())
		return s;
	install(*fresh, cpu, false);
	return ktl::Status(); // the replaced buffers go with fresh, writers running again
}

ktl::Status Tracer::reset(ktl::u32 cpu)
{
	ktl::LockGuard serial(resize_lock_);
	ktl::Owned<ring::Replacement> fresh;
	ktl::Status s = buffer_->prepare(cpu, 0, false, fresh);
	if (!s.ok())
		return s;
	install(*fresh, cpu, true);
	return ktl::Status();
}

// Writers are held off only while the prepared buffers are swapped in.
void Tracer::install(ring::Replacement &fresh, ktl::u32 cpu, bool zero_drops)
{
	ktl::LockGuard guard(readers_lock_);
	ktl::u64 marks = stale_marks_before_clear();
	pause_writers();
	buffer_->install(fresh);
	for (ktl::u32 c = 0; zero_drops && c < nr_cpu_ids_; c++)
		if (cpu == ring::RingBuffer::kAllCpus || cpu == c)
			__atomic_store_n(&paused_drops_[c], 0, __ATOMIC_RELAXED);
	publish_local_buffers();
	resume_writers();
	if (cpu == ring::RingBuffer::kAllCpus)
		ids_cleared(marks); // every record is gone: so are the stale ids
}

ktl::u64 Tracer::stale_marks_before_clear()
{
	Registry *reg = registry();
	return reg ? reg->stale_marks() : 0;
}

void Tracer::ids_cleared(ktl::u64 marks)
{
	if (Registry *reg = registry())
		reg->ids_cleared(marks);
}

void Tracer::want_wakeup()
{
	__atomic_store_n(&waiters_, 1, __ATOMIC_SEQ_CST);
	// After waiters_: a writer that keeps its pid past this point saw it set.
	for (ktl::u32 c = 0; c < nr_cpu_ids_; c++)
		if (ktp_cpu_possible(c))
			ktp_cpu_local_forget_pid(c);
}

// The writer's side of want_wakeup: last_pid is stored before waiters_ is
// taken (wake_waiting_readers), so either this writer takes the waiter, or
// the reader's -1 comes after its store and the CPU's next record comes
// back here.
KTP_NOTRACE void Tracer::note_task(int pid)
{
	Tracer *t = g_tracer.read();
	ktp_set_local_last_pid(pid);
	char comm[16];
	ktp_current_comm(comm);
	t->cmdlines_->save(pid, comm);
	t->wake_waiting_readers();
}

// The usual case inline: recording on, no filter, no triggers. Everything
// else (and a resize in progress) goes to record_begin_slow.
inline void *Tracer::record_begin(ktp_record &rec, Event &ev, ktl::u32 size)
{
	if (__builtin_expect(ev.slow_path() | __atomic_load_n(&gate_, __ATOMIC_RELAXED), 0))
		return record_begin_slow(rec, ev, size);
	auto *b = ring::CpuBuffer::from(ktp_local_buffer());
	ktl::u8 *p = b->reserve(size, overwrite_);
	if (!p)
		return nullptr;
	rec.buffer = b;
	rec.data = p;
	rec.scratch = 0;
	ktp_fill_common(reinterpret_cast<ktp_common_header *>(p), ev.id(), ev.preempt_base());
	return p;
}

KTP_NOTRACE void *Tracer::record_begin_slow(ktp_record &rec, Event &ev, ktl::u32 size)
{
	// Triggers run even when nothing is recorded (a traceon trigger with tracing off).
	bool triggers = ev.triggers() != nullptr;
	if (!triggers && (!recording_on() || ev.soft_disabled()))
		return nullptr;
	ktl::u32 cpu = ktp_this_cpu();
	if (paused()) {
		// A resize is replacing the buffers: the event is counted, not lost silently.
		__atomic_fetch_add(&paused_drops_[cpu], 1, __ATOMIC_RELAXED);
		return nullptr;
	}
	ring::CpuBuffer *b = buffer_->local(cpu);
	rec.event = &ev;
	rec.buffer = b;
	rec.size = size;
	const filter::Program *prog = ev.filter().program();
	rec.filter = prog;
	if (prog || triggers) {
		ktl::u32 level = scratch_depth_[cpu];
		if (level >= kScratchLevels || size > ring::kPageData)
			return nullptr;
		scratch_depth_[cpu] = level + 1;
		rec.data = scratch(cpu, level);
		if (!triggers && !prog->needs_common()) {
			// The header is written only for a record that passes (same context, same values).
			rec.scratch = KTP_SCRATCH | KTP_SCRATCH_LATE_HEADER;
			return rec.data;
		}
		rec.scratch = KTP_SCRATCH | (triggers ? KTP_SCRATCH_TRIGGERS : 0);
	} else {
		rec.scratch = 0;
		rec.data = b->reserve(size, overwrite_);
		if (!rec.data)
			return nullptr;
	}
	ktp_fill_common(reinterpret_cast<ktp_common_header *>(rec.data), ev.id(), ev.preempt_base());
	return rec.data;
}

// After a record is in the buffer: the task's name for saved_cmdlines, and sleeping readers.
inline void Tracer::recorded(int pid)
{
	if (__builtin_expect(!ktp_local_last_pid_is(pid), 0))
		note_task(pid);
}

inline void Tracer::record_end(ktp_record &rec)
{
	if (__builtin_expect(rec.scratch != 0, 0))
		return g_tracer.read()->record_end_slow(rec);
	auto *b = static_cast<ring::CpuBuffer *>(rec.buffer);
	b->commit();
	recorded(reinterpret_cast<const ktp_common_header *>(rec.data)->common_pid);
}

KTP_NOTRACE void Tracer::record_end_slow(ktp_record &rec)
{
	auto *b = static_cast<ring::CpuBuffer *>(rec.buffer);
	ktl::u32 cpu = b->cpu();
	commit_assembled(*static_cast<Event *>(rec.event), rec.data, rec.size,
			 static_cast<const filter::Program *>(rec.filter), !(rec.scratch & KTP_SCRATCH_LATE_HEADER),
			 (rec.scratch & KTP_SCRATCH_TRIGGERS) != 0, cpu);
	scratch_depth_[cpu]--;
}

// Copies a record's fields (bytes 8..size) word by word: records are
// small, and a call to memcpy would cost more. Fixed-size records end on a
// 4-byte boundary (their alignment), so the tail is at most one 4-byte
// word; a record with dynamic strings can end at any byte.
[[gnu::noinline]] static void copy_tail(ktl::u8 *dst, const ktl::u8 *src, ktl::u32 off, ktl::u32 size)
{
	for (; off < size; off++)
		dst[off] = src[off];
}

inline void copy_fields(ktl::u8 *dst, const ktl::u8 *src, ktl::u32 size)
{
	ktl::u32 off = sizeof(ktp_common_header);
	ktl::u32 words_end = size & ~7u;
	for (; off < words_end; off += 8) {
		ktl::u64 w;
		__builtin_memcpy(&w, src + off, 8);
		asm("" : "+r"(w)); // a loop of moves, not one the compiler turns back into memcpy
		__builtin_memcpy(dst + off, &w, 8);
	}
	if (__builtin_expect(size & 7, 0)) {
		if (size - off >= 4) {
			ktl::u32 w;
			__builtin_memcpy(&w, src + off, 4);
			__builtin_memcpy(dst + off, &w, 4);
			off += 4;
		}
		if (off < size)
			copy_tail(dst, src, off, size);
	}
}

[[gnu::always_inline]] inline void Tracer::write_unfiltered(Event &ev, const ktl::u8 *rec, ktl::u32 size)
{
	copy_in(ev, rec, size, false);
}

namespace {

// The plain write of a record of Size bytes (ktp_record_write_<Size>): with
// the size a constant, the reservation's size checks and the copy fold into
// a few instructions. In this namespace so that it is a local symbol, not
// a weak one (the module's kallsyms would not list it).
template <ktl::u32 Size> [[gnu::noinline]] KTP_NOTRACE void record_write_plain_sized(Event &ev, ktl::u8 *rec)
{
	Tracer::write_unfiltered(ev, rec, Size);
}

} // namespace

// ktp_record_write: one test, then a tail call, so that a rejected record
// costs no more than its filter (the plain write needs a large frame). A
// numeric filter alone is evaluated right here, on the caller's copy (a
// conjunction as a straight run of range tests); anything else takes the
// general way.
template <ktl::u32 Size>
[[gnu::always_inline]] inline void Tracer::record_write(Event &ev, ktl::u8 *rec, ktl::u32 size)
{
	ktl::u32 slow = ev.slow_path() | __atomic_load_n(&gate_, __ATOMIC_RELAXED);
	if (__builtin_expect(slow == 0, 1))
		return write_plain<Size>(ev, rec, size);
	const filter::Program *prog;
	if (slow != Event::kSlowFilter || !(prog = ev.filter().program()))
		return record_write_slow(ev, rec, size);
	// A filter alone: the gate is open, so the tracer exists until this writer leaves.
	if (prog->is_u32_pair()) {
		if (prog->match_u32_pair(rec))
			write_plain<Size>(ev, rec, size);
		return;
	}
	if (prog->is_chain()) {
		if (prog->match_chain(rec))
			write_plain<Size>(ev, rec, size);
		return;
	}
	if (!prog->numbers_only())
		return record_write_matched(ev, rec, size, *prog);
	if (prog->match_numbers(rec))
		write_plain<Size>(ev, rec, size);
}

// The plain write for a record of Size bytes (any size when Size is 0).
template <ktl::u32 Size> [[gnu::always_inline]] inline void Tracer::write_plain(Event &ev, ktl::u8 *rec, ktl::u32 size)
{
	if constexpr (Size != 0)
		record_write_plain_sized<Size>(ev, rec);
	else
		record_write_plain(ev, rec, size);
}

// The general filter walk on an assembled record (the task's name fetched only when asked for).
KTP_NOTRACE bool Tracer::passes(const filter::Program &prog, const ktl::u8 *rec, ktl::u32 cpu)
{
	char comm[16] __attribute__((uninitialized));
	if (prog.needs_comm())
		ktp_current_comm(comm);
	else
		comm[0] = 0;
	filter::MatchContext ctx{static_cast<int>(cpu), comm, ktp_copy_string_nofault};
	return prog.match(rec, ctx);
}

// A filter alone that does not read the common header (strings, CPU, comm,
// '&'): it runs on the caller's copy, then the plain write.
KTP_NOTRACE void Tracer::record_write_matched(Event &ev, ktl::u8 *rec, ktl::u32 size, const filter::Program &prog)
{
	if (prog.needs_common())
		return record_write_slow(ev, rec, size);
	if (passes(prog, rec, ktp_this_cpu()))
		record_write_plain(ev, rec, size);
}

// An assembled record into this CPU's buffer: reserve, the header (copied
// when the record has one, written now otherwise), the fields, commit.
[[gnu::always_inline]] inline void Tracer::copy_in(Event &ev, const ktl::u8 *rec, ktl::u32 size, bool has_header)
{
	auto *b = ring::CpuBuffer::from(ktp_local_buffer());
	ktl::u8 *dst = b->reserve(size, overwrite_);
	if (!dst)
		return;
	auto *hdr = reinterpret_cast<ktp_common_header *>(dst);
	if (has_header)
		__builtin_memcpy(dst, rec, sizeof(ktp_common_header));
	else
		ktp_fill_common(hdr, ev.id(), ev.preempt_base());
	copy_fields(dst, rec, size);
	b->commit();
	recorded(hdr->common_pid);
}

KTP_NOTRACE void Tracer::record_write_plain(Event &ev, ktl::u8 *rec, ktl::u32 size)
{
	write_unfiltered(ev, rec, size);
}

KTP_NOTRACE void Tracer::record_write_slow(Event &ev, ktl::u8 *rec, ktl::u32 size)
{
	if (Tracer *t = g_tracer.read())
		t->write_slow(ev, rec, size);
}

KTP_NOTRACE void Tracer::write_slow(Event &ev, ktl::u8 *rec, ktl::u32 size)
{
	bool triggers = ev.triggers() != nullptr;
	if (!triggers && (!recording_on() || ev.soft_disabled()))
		return;
	ktl::u32 cpu = ktp_this_cpu();
	if (paused()) {
		__atomic_fetch_add(&paused_drops_[cpu], 1, __ATOMIC_RELAXED);
		return;
	}
	const filter::Program *prog = ev.filter().program();
	// Triggers and filters on common fields see the header; otherwise it is
	// written only for a record that is kept (same context, same values).
	bool header = triggers || !prog || prog->needs_common();
	if (header)
		ktp_fill_common(reinterpret_cast<ktp_common_header *>(rec), ev.id(), ev.preempt_base());
	commit_assembled(ev, rec, size, prog, header, triggers, cpu);
}

namespace {
// An event's triggers (defined with the trigger actions below).
void run_triggers(Event &ev, const void *record, int cpu);
} // namespace

// A record assembled outside the buffer (a scratch page, or the probe's
// stack): its triggers run, then its filter, and only a kept record is
// copied into the buffer.
KTP_NOTRACE void Tracer::commit_assembled(Event &ev, ktl::u8 *rec, ktl::u32 size, const filter::Program *prog,
					  bool has_header, bool triggers, ktl::u32 cpu)
{
	if (triggers)
		run_triggers(ev, rec, static_cast<int>(cpu));
	if (ev.soft_disabled() || !recording_on())
		return;
	if (prog && !passes(*prog, rec, cpu))
		return;
	copy_in(ev, rec, size, has_header);
}

ktl::Result<ktl::size_t> Tracer::write_marker(const char *text, ktl::size_t len)
{
	// Native cuts each write at KTP_MARKER_MAX bytes and adds a newline when missing.
	if (len > KTP_MARKER_MAX)
		len = KTP_MARKER_MAX;
	ktp_rcu_read_lock();
	auto *print = static_cast<Event *>(__atomic_load_n(&print_event()->core, __ATOMIC_ACQUIRE));
	if (!recording_on() || !print) {
		ktp_rcu_read_unlock();
		return ktl::Error(KTP_EBADF); // as native when tracing is off
	}
	bool newline = len == 0 || text[len - 1] != '\n';
	ktl::u32 size = static_cast<ktl::u32>(KTP_PRINT_BUF_OFFSET + len + (newline ? 1 : 0) + 1);
	ktl::size_t taken = len;
	ktl::u32 cpu = ktp_this_cpu();
	if (paused()) {
		// A resize is replacing the buffers: counted as the record path counts it.
		__atomic_fetch_add(&paused_drops_[cpu], 1, __ATOMIC_RELAXED);
		ktp_rcu_read_unlock();
		return ktl::Error(KTP_EBADF);
	}
	ring::CpuBuffer *b = buffer_->cpu(cpu);
	ktl::u8 *p = b ? b->reserve(size, overwrite_) : nullptr;
	if (p) {
		ktp_fill_common(reinterpret_cast<ktp_common_header *>(p), print->id(), print->preempt_base());
		ktl::u64 ip = 0;
		ktl::u8 *buf = p + KTP_PRINT_BUF_OFFSET;
		__builtin_memcpy(p + KTP_PRINT_IP_OFFSET, &ip, 8);
		__builtin_memcpy(buf, text, len);
		if (newline)
			buf[len++] = '\n';
		buf[len] = 0;
		b->commit();
		wake_waiting_readers();
	}
	ktp_rcu_read_unlock();
	if (!p)
		return ktl::Error(KTP_EBADF); // a full buffer in drop mode, as native
	return taken;
}

namespace {

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

// Whether running the trigger now would change anything.
bool changes_something(const Trigger &t)
{
	switch (t.kind) {
	case TriggerKind::TraceOn:
		return !Tracer::recording_on();
	case TriggerKind::TraceOff:
		return Tracer::recording_on();
	case TriggerKind::EnableEvent:
		return t.target->soft_disabled();
	case TriggerKind::DisableEvent:
		return !t.target->soft_disabled();
	case TriggerKind::StackTrace:
		break;
	}
	return true;
}

// An event's triggers, on the record path (with the record the filter saw).
void run_triggers(Event &ev, const void *record, int cpu)
{
	TriggerSet *set = ev.triggers();
	if (!set)
		return;
	Tracer *tracer = ktp::tracer();
	for (Trigger *item : *set) {
		Trigger &t = *item;
		if (filter::Program *prog = t.filter.get()) {
			char comm[16];
			if (prog->needs_comm())
				ktp_current_comm(comm);
			else
				comm[0] = 0;
			filter::MatchContext ctx{cpu, comm, ktp_copy_string_nofault};
			if (!prog->match(record, ctx))
				continue;
		}
		// As native's: a trigger whose command would change nothing
		// (traceon with recording on, enable_event on an enabled target)
		// neither runs nor uses up its count.
		if (!changes_something(t) || !take_run(t))
			continue;
		// A switch, not a function of the command's row: no indirect
		// (retpolined) call on the probe path.
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

} // namespace


void Tracer::write_stack(unsigned int skip)
{
	auto *stack = static_cast<Event *>(__atomic_load_n(&kernel_stack_event()->core, __ATOMIC_ACQUIRE));
	if (!stack || !recording_on())
		return;
	if (paused()) {
		__atomic_fetch_add(&paused_drops_[ktp_this_cpu()], 1, __ATOMIC_RELAXED);
		return;
	}
	unsigned long callers[kStackDepth];
	unsigned int n = ktp_stack_save(callers, kStackDepth, skip);
	ring::CpuBuffer *b = buffer_->cpu(ktp_this_cpu());
	ktl::u8 *p = b ? b->reserve(KTP_STACK_CALLERS_OFFSET + n * 8, overwrite_) : nullptr;
	if (!p)
		return;
	ktp_fill_common(reinterpret_cast<ktp_common_header *>(p), stack->id(), ktp_preempt_base(1));
	int size = static_cast<int>(n);
	__builtin_memcpy(p + KTP_STACK_SIZE_OFFSET, &size, 4);
	__builtin_memset(p + KTP_STACK_SIZE_OFFSET + 4, 0, KTP_STACK_CALLERS_OFFSET - KTP_STACK_SIZE_OFFSET - 4);
	__builtin_memcpy(p + KTP_STACK_CALLERS_OFFSET, callers, n * 8);
	b->commit();
}

bool tracer_recording_on() { return Tracer::recording_on(); }

void clear_after_module_removal(bool recorded)
{
	Tracer *t = g_tracer.read();
	if (recorded && t && !t->reset(ring::RingBuffer::kAllCpus))
		ktp_log(KTP_LOG_WARNING,
			"no memory to clear the buffers after a module's events went: their ids stay unused until a clear");
}

Tracer *tracer() { return g_tracer.read(); }

ktl::Status tracer_init()
{
	if (g_tracer.get())
		return ktl::Error(KTP_EBUSY);
	ktl::Owned<Tracer> fresh = Tracer::create();
	if (!fresh)
		return ktl::Error(KTP_ENOMEM);
	ktl::Owned<Tracer> none = g_tracer.publish(ktl::move(fresh)); // none: checked above
	// Tracing on, no pause: the record path may use the tracer from now on.
	Tracer::set_overwrite(true);
	__atomic_store_n(&Tracer::gate_, 0, __ATOMIC_RELEASE);
	return ktl::Status::success();
}

void tracer_exit()
{
	if (!g_tracer.get())
		return;
	// Writers that saw the gate open finish before the tracer goes (it
	// stays published for them until then: their slow paths read it).
	__atomic_store_n(&Tracer::gate_, Tracer::kGateAbsent, __ATOMIC_SEQ_CST);
	ktp_synchronize_rcu();
	ktl::Owned<Tracer> gone = g_tracer.take();
}

} // namespace ktp

extern "C" KTP_NOTRACE void *ktp_record_begin(struct ktp_record *rec, void *event, unsigned int size)
{
	ktp::Tracer *t = ktp::g_tracer.read();
	if (__builtin_expect(!t || !event, 0))
		return nullptr;
	return t->record_begin(*rec, *static_cast<ktp::Event *>(event), size);
}

extern "C" KTP_NOTRACE void ktp_record_end(struct ktp_record *rec)
{
	ktp::Tracer::record_end(*rec);
}

// event is the recording probe's data, which the registry sets: never null.
extern "C" KTP_NOTRACE void ktp_record_write(void *event, void *record, unsigned int size)
{
	ktp::Tracer::record_write<0>(*static_cast<ktp::Event *>(event), static_cast<ktl::u8 *>(record), size);
}

// ktp_record_write_<n>: the same for a record of n bytes.
#define KTP_DEFINE_SIZED_WRITE(n)                                                                  \
	extern "C" KTP_NOTRACE void ktp_record_write_##n(void *event, void *record)                \
	{                                                                                          \
		ktp::Tracer::record_write<n>(*static_cast<ktp::Event *>(event),                    \
					     static_cast<ktl::u8 *>(record), n);                   \
	}
KTP_SIZED_RECORD_WRITES(KTP_DEFINE_SIZED_WRITE)
#undef KTP_DEFINE_SIZED_WRITE
