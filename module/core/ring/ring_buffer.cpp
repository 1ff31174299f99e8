// SPDX-License-Identifier: GPL-2.0
// The per-CPU ring buffer's writer and reader protocols (described in ring_buffer.h).
#include "ring/ring_buffer.h"

namespace ktp::ring {

namespace {

ktl::LockClass cpu_buffer_lock_class;

inline WriteState load_state(const WriteState *where)
{
	// Two plain loads may tear; the swap that follows validates both halves.
	return WriteState{__atomic_load_n(&where->stamp, __ATOMIC_RELAXED),
			  __atomic_load_n(&where->pos, __ATOMIC_RELAXED)};
}

inline void put64(ktl::u8 *at, ktl::u64 v) { __builtin_memcpy(at, &v, 8); }
inline ktl::u64 get64(const ktl::u8 *at)
{
	ktl::u64 v;
	__builtin_memcpy(&v, at, 8);
	return v;
}

// Brackets the allocation of buffers (ktp_buffer_alloc_begin/end).
struct BufferAllocation {
	BufferAllocation() { ktp_buffer_alloc_begin(); }
	~BufferAllocation() { ktp_buffer_alloc_end(); }
	BufferAllocation(const BufferAllocation &) = delete;
	BufferAllocation &operator=(const BufferAllocation &) = delete;
};

// Returned by switch_page when the writer must start over.
ktl::u8 *const kRetry = reinterpret_cast<ktl::u8 *>(1);

} // namespace

ktl::Owned<CpuBuffer> CpuBuffer::create(ktl::u32 cpu, ktl::u32 nr_pages)
{
	return create(cpu, nr_pages, nr_pages < 2 ? 2 : nr_pages);
}

ktl::Owned<CpuBuffer> CpuBuffer::create(ktl::u32 cpu, ktl::u32 nr_pages, ktl::u64 first_seq)
{
	if (nr_pages < 2)
		nr_pages = 2;
	if (nr_pages > kMaxPages || first_seq < nr_pages)
		return {};
	Slots slots;
	if (!slots.allocate(nr_pages))
		return {};
	// Empty when memory runs out: slots then frees the pages.
	return ktl::make<CpuBuffer>(ktl::Passkey<CpuBuffer>(), cpu, nr_pages, ktl::move(slots), first_seq);
}

bool CpuBuffer::Slots::allocate(ktl::u32 n)
{
	if (slots_)
		return false;
	slots_ = static_cast<Slot *>(ktp_buffer_zalloc(sizeof(Slot) * n));
	if (!slots_)
		return false;
	for (; n_ < n; n_++) {
		slots_[n_].page = static_cast<ktl::u8 *>(ktp_buffer_page_alloc());
		if (!slots_[n_].page) {
			clear(); // the pages so far, and the slots
			return false;
		}
	}
	return true;
}

void CpuBuffer::Slots::clear()
{
	for (ktl::u32 i = 0; i < n_; i++)
		ktp_page_free(slots_[i].page);
	ktp_free(slots_);
	slots_ = nullptr;
	n_ = 0;
}

CpuBuffer::CpuBuffer(ktl::Passkey<CpuBuffer>, ktl::u32 cpu, ktl::u32 nr_pages, Slots &&slots, ktl::u64 first_seq)
	: cpu_(cpu), nr_pages_(nr_pages), slots_(ktl::move(slots)), lock_("ktp_cpu_buffer", cpu_buffer_lock_class)
{
	// The writer starts on page first_seq; the other slots hold the pages
	// before it, all older than the head, so empty.
	for (ktl::u32 i = 0; i < nr_pages; i++) {
		slots_[i].end = 0;
		slots_[i].entries = 0;
	}
	state_ = WriteState{0, pos_at(first_seq, 0)};
	committed_ = pos_at(first_seq, 0);
	seq_ = first_seq;
	folded_ = first_seq;
	head_ = Position{first_seq, 0, 0};
}

void CpuBuffer::inherit(const Counters &c, ktl::u64 lost_reported)
{
	ktl::LockGuard guard(lock_);
	written_ = c.written;
	dropped_ = c.dropped;
	read_ = c.read;
	overrun_ = c.overrun;
	lost_reported_ = lost_reported;
}

ktl::u64 CpuBuffer::lost_reported()
{
	ktl::LockGuard guard(lock_);
	return lost_reported_;
}

KTP_NOTRACE ktl::u8 *CpuBuffer::refuse()
{
	__atomic_fetch_add(&dropped_, 1, __ATOMIC_RELAXED);
	commit(); // leaves the nesting level, publishing if outermost
	return nullptr;
}

KTP_NOTRACE ktl::u8 *CpuBuffer::reserve_slow(ktl::u32 payload, const bool &overwrite_mode, ktl::u64 stamp,
					      ktl::u64 pos)
{
	WriteState cur{stamp, pos};
	ktl::u32 size = event_size(payload);
	if (size > kPageData)
		return refuse();
	for (;;) {
		ktl::u64 now = ktp_trace_clock();
		if (now < cur.stamp)
			now = cur.stamp;
		ktl::u32 off = pos_offset(cur.pos);
		ktl::u64 delta = off ? now - cur.stamp : 0;
		ktl::u32 need = size + (delta > kMaxDelta ? kTimeExtendSize : 0);
		if (off + need > kPageData) {
			bool overwrite = __atomic_load_n(&overwrite_mode, __ATOMIC_RELAXED);
			ktl::u8 *p = switch_page(cur, payload, now, overwrite);
			if (p == kRetry)
				continue;
			if (!p)
				return refuse();
			return p;
		}
		if (!swap_state(cur, WriteState{now, cur.pos + need}))
			continue;
		Slot &s = slots_[pos_slot(cur.pos)];
		ktl::u8 *at = s.page + kPageHeader + off;
		if (off == 0)
			put64(s.page, now);
		if (need != size) {
			write_time_extend(at, delta);
			at += kTimeExtendSize;
			delta = 0;
		}
		KTP_TEST_POINT(KTP_POINT_RING_RESERVED_SLOW);
		__atomic_fetch_add(&s.entries, 1, __ATOMIC_RELAXED);
		return write_data_header(at, payload, static_cast<ktl::u32>(delta));
	}
}

KTP_NOTRACE ktl::u8 *CpuBuffer::switch_page(WriteState &cur, ktl::u32 payload, ktl::u64 now, bool overwrite)
{
	ktl::u32 size = event_size(payload);
	if (ktp_in_nmi()) {
		if (!lock_.try_lock())
			return nullptr;
	} else {
		lock_.lock();
	}
	WriteState fresh = load_state(&state_);
	if (fresh.pos != cur.pos || fresh.stamp != cur.stamp) {
		lock_.unlock();
		cur = fresh;
		return kRetry; // a nested writer moved on first
	}
	ktl::u64 seq = seq_, next_seq = seq + 1;
	Slot &old = slot(seq);
	Slot &fresh_slot = slot(next_seq);
	ktl::u64 recycled = next_seq - nr_pages_; // the page the fresh slot holds
	fold();
	if (recycled >= committed_seq()) {
		// An interrupted writer still owns data there: never overwrite it.
		lock_.unlock();
		return nullptr;
	}
	if (recycled >= head_.seq) {
		if (!overwrite) {
			lock_.unlock();
			return nullptr;
		}
		ktl::u32 consumed = head_.seq == recycled ? head_entries_ : 0;
		overrun_ += __atomic_load_n(&fresh_slot.entries, __ATOMIC_RELAXED) - consumed;
		head_ = Position{recycled + 1, 0, 0};
		head_entries_ = 0;
	}
	fresh_slot.entries = 0;
	fresh_slot.end = 0;
	old.end = static_cast<ktl::u16>(pos_offset(cur.pos));
	for (;;) {
		if (now < cur.stamp)
			now = cur.stamp;
		put64(fresh_slot.page, now);
		put64(fresh_slot.page + 8, 0);
		if (swap_state(cur, WriteState{now, pos_at(next_seq, size)}))
			break;
		// Only an NMI can have written here (we hold the lock with
		// interrupts off), and it cannot switch pages: it appended.
		old.end = static_cast<ktl::u16>(pos_offset(cur.pos));
	}
	seq_ = next_seq;
	lock_.unlock();
	KTP_TEST_POINT(KTP_POINT_RING_SWITCHED);
	__atomic_fetch_add(&fresh_slot.entries, 1, __ATOMIC_RELAXED);
	return write_data_header(fresh_slot.page + kPageHeader, payload, 0);
}

KTP_NOTRACE void CpuBuffer::fold()
{
	for (ktl::u64 last = committed_seq(); folded_ < last; folded_++)
		written_ += __atomic_load_n(&slot(folded_).entries, __ATOMIC_RELAXED);
}

KTP_NOTRACE void CpuBuffer::publish()
{
	do
		__atomic_fetch_add(&nesting_, 1, __ATOMIC_ACQ_REL);
	while (!publish_once());
}

bool CpuBuffer::readable(ktl::u64 seq, ktl::u32 &limit)
{
	ktl::u64 c = __atomic_load_n(&committed_, __ATOMIC_ACQUIRE);
	ktl::u64 last = seq_of(c);
	if (seq > last || seq + nr_pages_ <= seq_)
		return false; // not written yet, or its slot holds a newer page
	limit = seq == last ? pos_offset(c) : slot(seq).end;
	return true;
}

ktl::u64 CpuBuffer::page_time(ktl::u64 seq) { return get64(slot(seq).page); }

namespace {

void copy_event(EventCopy &out, const Decoded &d, const Position &at, const Position &next)
{
	out.timestamp = d.timestamp;
	out.length = d.length;
	out.at = at;
	out.next = next;
	__builtin_memcpy(out.data, d.data, d.length);
}

} // namespace

bool CpuBuffer::event_at(Position &pos, Decoded &d, Position &next)
{
	for (;;) {
		ktl::u32 limit;
		if (!readable(pos.seq, limit))
			return false;
		// A page's time is stamped with its first event: read it only once
		// something on the page is committed.
		if (!pos.offset && limit)
			pos.time = page_time(pos.seq);
		ktl::u32 off = pos.offset;
		ktl::u64 t = pos.time;
		if (decode_next(slot(pos.seq).page + kPageHeader, off, limit, t, d)) {
			next = Position{pos.seq, off, t};
			return true;
		}
		if (pos.seq >= committed_seq())
			return false;
		pos = Position{pos.seq + 1, 0, 0}; // a finished page
	}
}

bool CpuBuffer::peek(EventCopy &out)
{
	ktl::LockGuard guard(lock_);
	KTP_TEST_POINT(KTP_POINT_RING_READER_LOCKED);
	Position p = head_, next;
	Decoded d __attribute__((uninitialized));
	bool found = event_at(p, d, next);
	if (p.seq != head_.seq) {
		head_ = p; // the pages stepped over were all read
		head_entries_ = 0;
	}
	if (found)
		copy_event(out, d, p, next);
	return found;
}

bool CpuBuffer::consume(const EventCopy &ev)
{
	ktl::LockGuard guard(lock_);
	if (!(head_ == ev.at))
		return false;
	head_ = ev.next;
	head_entries_++;
	read_++;
	return true;
}

Position CpuBuffer::head()
{
	ktl::LockGuard guard(lock_);
	Position p = head_;
	if (!p.offset)
		p.time = 0;
	return p;
}

bool CpuBuffer::next_at(Position &pos, EventCopy &out)
{
	ktl::LockGuard guard(lock_);
	if (pos.seq < head_.seq || (pos.seq == head_.seq && pos.offset < head_.offset))
		pos = head_; // consumed or overwritten since: go on from the oldest left
	Position next;
	Decoded d __attribute__((uninitialized));
	if (!event_at(pos, d, next))
		return false;
	copy_event(out, d, pos, next);
	pos = next;
	return true;
}

ktl::u32 CpuBuffer::take_page(ktl::u8 *out, bool full_only)
{
	ktl::LockGuard guard(lock_);
	for (;;) {
		Position p = head_;
		ktl::u32 limit;
		if (!readable(p.seq, limit))
			return 0;
		if (full_only && p.seq >= committed_seq())
			return 0; // the writer is still on this page
		const ktl::u8 *page = slot(p.seq).page;
		if (p.offset < limit) {
			ktl::u64 start_time = p.offset ? p.time : page_time(p.seq);
			// Count the events handed out and find the time at the end.
			ktl::u32 off = p.offset, n = 0;
			ktl::u64 t = start_time;
			Decoded d __attribute__((uninitialized));
			while (decode_next(page + kPageHeader, off, limit, t, d))
				n++;
			ktl::u32 len = limit - p.offset;
			put64(out, start_time);
			__builtin_memcpy(out + kPageHeader, page + kPageHeader + p.offset, len);
			__builtin_memset(out + kPageHeader + len, 0, kPageData - len);
			ktl::u64 commit = len, lost = overrun_ - lost_reported_;
			lost_reported_ = overrun_;
			if (lost) {
				commit |= kMissedEvents;
				if (len + 8 <= kPageData) {
					put64(out + kPageHeader + len, lost);
					commit |= kMissedStored;
				}
			}
			put64(out + 8, commit);
			head_ = Position{p.seq, limit, t};
			head_entries_ += n;
			read_ += n;
			return len;
		}
		if (p.seq >= committed_seq())
			return 0;
		head_ = Position{p.seq + 1, 0, 0};
		head_entries_ = 0;
	}
}

ktl::u64 CpuBuffer::take_lost()
{
	ktl::LockGuard guard(lock_);
	ktl::u64 lost = overrun_ - lost_reported_;
	lost_reported_ = overrun_;
	return lost;
}

bool CpuBuffer::full_page_ready()
{
	ktl::LockGuard guard(lock_);
	Position p = head_;
	ktl::u64 writer = committed_seq();
	ktl::u32 limit;
	if (p.seq >= writer || !readable(p.seq, limit))
		return false;
	// The rest of the head's page, or the next page when that one is finished too.
	return p.offset < limit || p.seq + 1 < writer;
}

bool CpuBuffer::empty()
{
	ktl::LockGuard guard(lock_);
	Position p = head_, next;
	Decoded d __attribute__((uninitialized));
	return !event_at(p, d, next);
}

Counters CpuBuffer::counters()
{
	ktl::LockGuard guard(lock_);
	Counters c;
	fold();
	c.written = written_;
	for (ktl::u64 seq = folded_; seq <= seq_; seq++) // usually only the writer's page
		c.written += __atomic_load_n(&slot(seq).entries, __ATOMIC_RELAXED);
	c.dropped = __atomic_load_n(&dropped_, __ATOMIC_RELAXED);
	c.overrun = overrun_;
	c.read = read_;
	return c;
}

ktl::u64 CpuBuffer::unread_bytes()
{
	ktl::LockGuard guard(lock_);
	ktl::u64 bytes = 0;
	Position p = head_;
	ktl::u32 limit;
	while (readable(p.seq, limit)) {
		if (limit > p.offset)
			bytes += limit - p.offset;
		p = Position{p.seq + 1, 0, 0};
	}
	return bytes;
}

ktl::u64 CpuBuffer::oldest_timestamp()
{
	ktl::LockGuard guard(lock_);
	Position p = head_, next;
	Decoded d __attribute__((uninitialized));
	return event_at(p, d, next) ? d.timestamp : 0;
}

} // namespace ktp::ring

namespace ktp::ring {

ktl::Owned<RingBuffer> RingBuffer::create(ktl::u32 pages_per_cpu)
{
	ktl::u32 n = ktp_nr_cpu_ids();
	ktl::Owned<RingBuffer> rb = ktl::make<RingBuffer>(ktl::Passkey<RingBuffer>(), n);
	if (!rb || !ktl::Array<ktl::Owned<CpuBuffer>>::create(rb->cpus_, n))
		return {};
	BufferAllocation bracket;
	for (ktl::u32 c = 0; c < n; c++) {
		if (!ktp_cpu_possible(c))
			continue;
		rb->cpus_[c] = CpuBuffer::create(c, pages_per_cpu);
		if (!rb->cpus_[c])
			return {};
	}
	return rb;
}

ktl::Status RingBuffer::prepare(ktl::u32 cpu, ktl::u32 nr_pages, bool keep_counters, ktl::Owned<Replacement> &out)
{
	if (cpu != kAllCpus && (cpu >= nr_cpu_ids_ || !cpus_[cpu]))
		return ktl::Error(KTP_EINVAL);
	ktl::Owned<Replacement> r = ktl::make<Replacement>(ktl::Passkey<RingBuffer>(), keep_counters);
	if (!r || !ktl::Array<ktl::Owned<CpuBuffer>>::create(r->cpus_, nr_cpu_ids_))
		return ktl::Error(KTP_ENOMEM);
	ktl::Array<ktl::Owned<CpuBuffer>> &fresh = r->cpus_;
	ktl::u32 first = cpu == kAllCpus ? 0 : cpu, last = cpu == kAllCpus ? nr_cpu_ids_ : cpu + 1;
	BufferAllocation bracket;
	for (ktl::u32 c = first; c < last; c++) {
		if (!cpus_[c])
			continue;
		fresh[c] = CpuBuffer::create(c, nr_pages ? nr_pages : cpus_[c]->nr_pages());
		if (!fresh[c])
			return ktl::Error(KTP_ENOMEM); // r frees what was built
	}
	out = ktl::move(r);
	return ktl::Status();
}

void RingBuffer::install(Replacement &r)
{
	for (ktl::u32 c = 0; c < nr_cpu_ids_; c++) {
		CpuBuffer *fresh = r.cpus_[c].get();
		if (!fresh)
			continue;
		if (r.keep_counters_) {
			Counters old = cpus_[c]->counters();
			ktl::u64 reported = cpus_[c]->lost_reported();
			old.overrun += old.entries(); // what was unread is lost, and will be reported
			fresh->inherit(old, reported);
		}
		ktl::swap(r.cpus_[c], cpus_[c]); // r now holds the old buffer
	}
	__atomic_fetch_add(&generation_, 1, __ATOMIC_RELEASE);
}

ktl::Status RingBuffer::replace(ktl::u32 cpu, ktl::u32 nr_pages, bool keep_counters)
{
	ktl::Owned<Replacement> r;
	ktl::Status s = prepare(cpu, nr_pages, keep_counters, r);
	if (s.ok())
		install(*r);
	return s;
}

ktl::Status RingBuffer::resize(ktl::u32 cpu, ktl::u32 nr_pages)
{
	return replace(cpu, nr_pages < 2 ? 2 : nr_pages, true);
}

ktl::Status RingBuffer::reset(ktl::u32 cpu) { return replace(cpu, 0, false); }

} // namespace ktp::ring
