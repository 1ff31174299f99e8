// SPDX-License-Identifier: GPL-2.0
// Host tests of the per-CPU ring buffer: reserve/commit/read, wrap-around, nesting, counters, threads, resize.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "platform_host.h"
#include "ring/ring_buffer.h"

using namespace ktp::ring;

namespace {

struct Clock {
	explicit Clock(unsigned long long start = 1000) { ktp_host::set_fake_clock(true, start); }
	~Clock() { ktp_host::set_fake_clock(false); }
	void advance(unsigned long long ns) { ktp_host::advance_fake_clock(ns); }
};

// Writes one event of len payload bytes carrying value (repeated).
bool write_event(CpuBuffer &b, ktl::u32 len, ktl::u32 value, bool overwrite = true)
{
	ktl::u8 *p = b.reserve(len, overwrite);
	if (!p)
		return false;
	for (ktl::u32 i = 0; i + 4 <= len; i += 4)
		std::memcpy(p + i, &value, 4);
	b.commit();
	return true;
}

ktl::u32 word_at(const ktl::u8 *data)
{
	ktl::u32 v;
	std::memcpy(&v, data, 4);
	return v;
}

ktl::u32 first_word(const EventCopy &e) { return word_at(e.data); }

// Consumes everything; returns the first words in order.
std::vector<ktl::u32> drain(CpuBuffer &b, std::vector<ktl::u64> *stamps = nullptr)
{
	std::vector<ktl::u32> out;
	static EventCopy e;
	while (b.peek(e)) {
		EXPECT_TRUE(b.consume(e));
		out.push_back(first_word(e));
		if (stamps)
			stamps->push_back(e.timestamp);
	}
	return out;
}

} // namespace

TEST(RingBuffer, WritesAndReadsEventsOfEverySize)
{
	Clock clock;
	auto b = CpuBuffer::create(0, 16);
	ASSERT_TRUE(b);
	std::vector<ktl::u32> sizes;
	for (ktl::u32 len = 4; len <= 512; len += 4)
		sizes.push_back(len);
	for (ktl::u32 i = 0; i < sizes.size(); i++) {
		clock.advance(7);
		ASSERT_TRUE(write_event(*b, sizes[i], i));
	}
	static EventCopy e;
	ktl::u64 t = 1000;
	for (ktl::u32 i = 0; i < sizes.size(); i++) {
		ASSERT_TRUE(b->peek(e)) << i;
		t += 7;
		EXPECT_EQ(e.timestamp, t);
		EXPECT_EQ(e.length, sizes[i]);
		EXPECT_EQ(first_word(e), i);
		ASSERT_TRUE(b->consume(e));
	}
	EXPECT_FALSE(b->peek(e));
	Counters c = b->counters();
	EXPECT_EQ(c.written, sizes.size());
	EXPECT_EQ(c.read, sizes.size());
	EXPECT_EQ(c.overrun, 0u);
	EXPECT_EQ(c.entries(), 0u);
	EXPECT_TRUE(b->empty());
}

TEST(RingBuffer, LongGapsGetTimeExtendsAndStayExact)
{
	Clock clock(5);
	auto b = CpuBuffer::create(0, 2);
	ASSERT_TRUE(b);
	std::vector<ktl::u64> expect;
	for (int i = 0; i < 50; i++) {
		clock.advance(i % 3 == 0 ? (1ull << 40) + i : 3);
		expect.push_back(ktp_trace_clock());
		ASSERT_TRUE(write_event(*b, 8, i));
	}
	std::vector<ktl::u64> stamps;
	std::vector<ktl::u32> vals = drain(*b, &stamps);
	ASSERT_EQ(vals.size(), 50u);
	EXPECT_EQ(stamps, expect);
}

TEST(RingBuffer, OverwriteModeDropsOldestPagesAndCountsThem)
{
	Clock clock;
	for (ktl::u32 pages : {2u, 3u, 8u}) {
		for (ktl::u32 len : {4u, 40u, 200u, 1000u}) {
			auto b = CpuBuffer::create(0, pages);
			ASSERT_TRUE(b);
			const ktl::u32 total = pages * 4096 / len * 3 + 5;
			for (ktl::u32 i = 0; i < total; i++) {
				clock.advance(1);
				ASSERT_TRUE(write_event(*b, len, i));
			}
			Counters c = b->counters();
			EXPECT_EQ(c.written, total);
			EXPECT_EQ(c.dropped, 0u);
			EXPECT_GT(c.overrun, 0u);
			ktl::u64 lost = b->take_lost();
			EXPECT_EQ(lost, c.overrun);
			std::vector<ktl::u32> got = drain(*b);
			// What is left is the newest events, contiguous, ending with the last one.
			ASSERT_FALSE(got.empty());
			EXPECT_EQ(got.back(), total - 1);
			for (size_t i = 1; i < got.size(); i++)
				ASSERT_EQ(got[i], got[i - 1] + 1);
			EXPECT_EQ(got.front(), c.overrun) << "every event before the first kept one was counted";
			c = b->counters();
			EXPECT_EQ(c.read, got.size());
			EXPECT_EQ(c.overrun, total - got.size());
			EXPECT_EQ(c.entries(), 0u);
		}
	}
}

TEST(RingBuffer, DropModeRefusesNewEventsAndCountsThem)
{
	Clock clock;
	auto b = CpuBuffer::create(0, 3);
	ASSERT_TRUE(b);
	ktl::u32 accepted = 0, refused = 0;
	for (ktl::u32 i = 0; i < 2000; i++) {
		if (write_event(*b, 60, i, false))
			accepted++;
		else
			refused++;
	}
	EXPECT_GT(refused, 0u);
	Counters c = b->counters();
	EXPECT_EQ(c.written, accepted);
	EXPECT_EQ(c.dropped, refused);
	EXPECT_EQ(c.overrun, 0u);
	std::vector<ktl::u32> got = drain(*b);
	ASSERT_EQ(got.size(), accepted);
	for (ktl::u32 i = 0; i < got.size(); i++)
		ASSERT_EQ(got[i], i) << "drop mode keeps the oldest";
	// Once read, there is room again.
	EXPECT_TRUE(write_event(*b, 60, 7, false));
	EXPECT_EQ(drain(*b), std::vector<ktl::u32>{7});
}

TEST(RingBuffer, TooBigEventsAreRefused)
{
	auto b = CpuBuffer::create(0, 2);
	ASSERT_TRUE(b);
	EXPECT_EQ(b->reserve(kPageData, true), nullptr);
	EXPECT_EQ(b->counters().dropped, 1u);
	// The largest that fits still works, and the writer state is balanced.
	ASSERT_TRUE(write_event(*b, kMaxPayload, 3));
	EXPECT_EQ(drain(*b), std::vector<ktl::u32>{3});
}

TEST(RingBuffer, NestedWriterIsPublishedByTheOutermostInTimeOrder)
{
	Clock clock(100);
	auto b = CpuBuffer::create(0, 2);
	ASSERT_TRUE(b);
	ktl::u8 *outer = b->reserve(16, true);
	ASSERT_TRUE(outer);
	// An "interrupt" arrives between reserve and commit.
	clock.advance(50);
	ASSERT_TRUE(write_event(*b, 16, 2));
	static EventCopy e;
	EXPECT_FALSE(b->peek(e)) << "nothing is visible until the outermost writer commits";
	ktl::u32 one = 1;
	std::memcpy(outer, &one, 4);
	b->commit();
	std::vector<ktl::u64> stamps;
	EXPECT_EQ(drain(*b, &stamps), (std::vector<ktl::u32>{1, 2}));
	EXPECT_EQ(stamps, (std::vector<ktl::u64>{100, 150}));
}

TEST(RingBuffer, NestingAcrossPageSwitches)
{
	Clock clock(10);
	auto b = CpuBuffer::create(0, 4);
	ASSERT_TRUE(b);
	// Fill most of the first page, then nest writers that cross into the next pages.
	ktl::u32 n = 0;
	while (b->counters().written < 60)
		ASSERT_TRUE(write_event(*b, 60, n++));
	ktl::u8 *outer = b->reserve(1000, true);
	ASSERT_TRUE(outer);
	ktl::u32 outer_val = n++;
	std::memcpy(outer, &outer_val, 4);
	std::vector<ktl::u32> nested;
	for (int i = 0; i < 8; i++) {
		clock.advance(1);
		nested.push_back(n);
		ASSERT_TRUE(write_event(*b, 500, n++));
	}
	static EventCopy e;
	// Pages before the outer writer's page are complete and readable.
	std::vector<ktl::u32> early;
	while (b->peek(e)) {
		ASSERT_TRUE(b->consume(e));
		early.push_back(first_word(e));
	}
	EXPECT_EQ(early.size(), 60u) << "the first page is complete, the outer writer's is not";
	for (ktl::u32 v : early)
		EXPECT_LT(v, outer_val);
	b->commit();
	std::vector<ktl::u32> rest = drain(*b);
	ASSERT_FALSE(rest.empty());
	std::vector<ktl::u32> all = early;
	all.insert(all.end(), rest.begin(), rest.end());
	ASSERT_EQ(all.size(), n);
	for (ktl::u32 i = 0; i < n; i++)
		EXPECT_EQ(all[i], i);
}

// An NMI that needs a new page while a reader holds the CPU's lock is
// refused and counted at once; it never waits for the reader.
TEST(RingBuffer, AnNmiWriterNeverWaitsForTheLock)
{
	auto b = CpuBuffer::create(0, 2);
	ASSERT_TRUE(b);
	// Fill the page so that the next write must switch pages.
	while (b->counters().written < 40)
		ASSERT_TRUE(write_event(*b, 96, 1));
	// A reader stops inside peek, the lock held, until the writer is done
	// (or, should the writer wait for the lock, for long enough to tell).
	std::atomic<int> stage{0}; // 1: the reader holds the lock; 2: the writer is done
	ktp_host::TestPointHook hook([&](ktp_test_point p) {
		if (p != KTP_POINT_RING_READER_LOCKED || stage.load() != 0)
			return;
		stage = 1;
		auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
		while (stage.load() == 1 && std::chrono::steady_clock::now() < until)
			std::this_thread::yield();
	});
	std::thread reader([&] {
		auto e = std::make_unique<EventCopy>();
		b->peek(*e);
	});
	while (stage.load() == 0)
		std::this_thread::yield();
	ktp_host::set_in_nmi(true);
	int refused = 0;
	for (int i = 0; i < 200; i++)
		refused += !write_event(*b, 96, 2);
	ktp_host::set_in_nmi(false);
	int held = stage.exchange(2);
	reader.join();
	EXPECT_EQ(held, 1) << "the reader still held the lock when the writer was done";
	EXPECT_EQ(refused, 200) << "every write needed the lock, so every one was refused";
	Counters c = b->counters();
	EXPECT_EQ(c.dropped, 200u);
	EXPECT_EQ(c.written, 40u);
	// With the lock free again, an NMI writer switches pages.
	ktp_host::set_in_nmi(true);
	EXPECT_TRUE(write_event(*b, 96, 3));
	ktp_host::set_in_nmi(false);
	EXPECT_EQ(b->counters().written, 41u);
	EXPECT_EQ(b->counters().dropped, 200u);
}

// An interrupt that switches pages while a writer has its space but has not
// yet counted it on its page: on each path to that point, every event is
// still counted once.
TEST(RingBuffer, APageSwitchNestedInsideAReservationLosesNoCount)
{
	struct Case {
		ktp_test_point point;
		ktl::u32 outer; // the interrupted writer's payload: inline, slow, or one that switches pages
		const char *what;
	};
	for (Case c : {Case{KTP_POINT_RING_RESERVED, 16, "inline reserve"},
		       Case{KTP_POINT_RING_RESERVED_SLOW, 200, "slow reserve"},
		       Case{KTP_POINT_RING_SWITCHED, 1200, "page switch"}}) {
		SCOPED_TRACE(c.what);
		Clock clock;
		auto b = CpuBuffer::create(0, 4);
		ASSERT_TRUE(b);
		ktl::u32 n = 0; // events accepted, counted here
		for (int i = 0; i < 30; i++) // 3000 of the page's 4080 bytes
			ASSERT_TRUE(write_event(*b, 96, n++));
		bool fired = false;
		ktp_host::TestPointHook hook([&](ktp_test_point p) {
			if (p != c.point || fired)
				return;
			fired = true;
			// Two large events: at least one of them needs a new page.
			for (ktl::u32 k = 1; k <= 2; k++)
				ASSERT_TRUE(write_event(*b, 2000, n + k));
		});
		clock.advance(5);
		ASSERT_TRUE(write_event(*b, c.outer, n));
		ASSERT_TRUE(fired) << "the writer never reached the test point";
		n += 3;
		Counters k = b->counters();
		EXPECT_EQ(k.written, n);
		EXPECT_EQ(k.dropped, 0u);
		std::vector<ktl::u32> got = drain(*b);
		ASSERT_EQ(got.size(), n);
		for (ktl::u32 i = 0; i < n; i++)
			EXPECT_EQ(got[i], i);
		k = b->counters();
		EXPECT_EQ(k.read, n);
		EXPECT_EQ(k.overrun, 0u);
		EXPECT_EQ(k.entries(), 0u);
		// Round the ring until every page has been reused: the counts stay exact.
		for (int i = 0; i < 200; i++)
			ASSERT_TRUE(write_event(*b, 96, n++));
		got = drain(*b);
		k = b->counters();
		EXPECT_EQ(k.written, n);
		EXPECT_EQ(k.read, 33u + got.size());
		EXPECT_EQ(k.overrun, n - k.read);
		EXPECT_EQ(k.entries(), 0u);
	}
}

// The page sequence crosses 2^32: pages after it are still taken and read,
// by events, by pages and by the non-consuming walk, in both modes.
TEST(RingBuffer, PagesStayUsableAcrossTheSequenceWrap)
{
	Clock clock;
	constexpr ktl::u64 kWrap = 1ull << 32;
	for (bool overwrite : {true, false}) {
		for (ktl::u32 pages : {2u, 3u, 4u}) {
			SCOPED_TRACE(testing::Message() << (overwrite ? "overwrite" : "drop") << ", " << pages << " pages");
			auto b = CpuBuffer::create(0, pages, kWrap - pages);
			ASSERT_TRUE(b);
			std::vector<ktl::u32> got;
			std::vector<ktl::u8> page(kPageSize);
			static EventCopy e;
			const ktl::u32 total = 40 * 20; // 20 pages of 40 events
			for (ktl::u32 i = 0; i < total; i++) {
				clock.advance(1);
				ASSERT_TRUE(write_event(*b, 96, i, overwrite)) << i;
				if (i % 30 != 29)
					continue;
				// Read what is there: walk it, then take it as events or as pages.
				Position pos = b->head();
				ktl::u32 walked = 0;
				while (b->next_at(pos, e))
					walked++;
				ASSERT_EQ(walked, i + 1 - got.size());
				if (i % 60 == 29) {
					std::vector<ktl::u32> more = drain(*b);
					got.insert(got.end(), more.begin(), more.end());
				} else {
					while (b->take_page(page.data())) {
						PageReader r(page.data());
						Decoded d;
						while (r.next(d))
							got.push_back(word_at(d.data));
					}
				}
			}
			std::vector<ktl::u32> more = drain(*b);
			got.insert(got.end(), more.begin(), more.end());
			ASSERT_EQ(got.size(), total);
			for (ktl::u32 i = 0; i < total; i++)
				ASSERT_EQ(got[i], i);
			Counters c = b->counters();
			EXPECT_EQ(c.written, total);
			EXPECT_EQ(c.read, total);
			EXPECT_EQ(c.dropped, 0u);
			EXPECT_EQ(c.overrun, 0u);
			// Unread, the ring still overwrites (or refuses) across the wrap.
			ktl::u32 accepted = 0;
			for (ktl::u32 i = 0; i < total; i++)
				accepted += write_event(*b, 96, i, overwrite);
			c = b->counters();
			EXPECT_EQ(c.written, total + accepted);
			EXPECT_EQ(c.dropped, total - accepted);
			got = drain(*b);
			ASSERT_FALSE(got.empty());
			EXPECT_EQ(got.size(), accepted - c.overrun);
			if (overwrite)
				EXPECT_EQ(got.back(), total - 1);
			else
				EXPECT_EQ(got.back(), accepted - 1);
		}
	}
}

TEST(RingBuffer, TakePageHandsOutNativePages)
{
	Clock clock(1 << 20);
	auto b = CpuBuffer::create(0, 4);
	ASSERT_TRUE(b);
	for (ktl::u32 i = 0; i < 300; i++) {
		clock.advance(i);
		ASSERT_TRUE(write_event(*b, 24, i));
	}
	std::vector<ktl::u8> page(kPageSize);
	std::vector<ktl::u32> got;
	ktl::u64 last = 0;
	ktl::u32 len;
	// Read part of the first page as events, then the rest as pages.
	static EventCopy e;
	for (int i = 0; i < 5; i++) {
		ASSERT_TRUE(b->peek(e));
		ASSERT_TRUE(b->consume(e));
		got.push_back(first_word(e));
		last = e.timestamp;
	}
	while ((len = b->take_page(page.data())) != 0) {
		PageReader r(page.data());
		EXPECT_EQ(r.commit(), len);
		Decoded d;
		while (r.next(d)) {
			ktl::u32 v;
			std::memcpy(&v, d.data, 4);
			EXPECT_GE(d.timestamp, last);
			last = d.timestamp;
			got.push_back(v);
		}
	}
	ASSERT_EQ(got.size(), 300u);
	for (ktl::u32 i = 0; i < 300; i++)
		EXPECT_EQ(got[i], i);
	Counters c = b->counters();
	EXPECT_EQ(c.read, 300u);
	EXPECT_EQ(c.entries(), 0u);
}

// splice's unit: a page the writer has left. The writer's own page waits for read().
TEST(RingBuffer, FullOnlyTakesOnlyPagesTheWriterHasLeft)
{
	Clock clock(1 << 20);
	auto b = CpuBuffer::create(0, 4);
	ASSERT_TRUE(b);
	std::vector<ktl::u8> page(kPageSize);
	for (ktl::u32 i = 0; i < 10; i++) {
		clock.advance(1);
		ASSERT_TRUE(write_event(*b, 24, i));
	}
	EXPECT_FALSE(b->full_page_ready());
	EXPECT_EQ(b->take_page(page.data(), true), 0u) << "the writer is still on its first page";
	ktl::u32 n = 0;
	for (ktl::u32 i = 10; b->counters().written < 300; i++) {
		clock.advance(1);
		ASSERT_TRUE(write_event(*b, 24, i));
	}
	EXPECT_TRUE(b->full_page_ready());
	ktl::u32 len;
	while ((len = b->take_page(page.data(), true)) != 0) {
		PageReader r(page.data());
		EXPECT_EQ(r.commit(), len);
		Decoded d;
		while (r.next(d))
			n++;
	}
	EXPECT_FALSE(b->full_page_ready());
	EXPECT_GT(n, 0u);
	EXPECT_LT(n, 300u);
	len = b->take_page(page.data());
	EXPECT_GT(len, 0u) << "the partly filled page, for read()";
	PageReader r(page.data());
	Decoded d;
	while (r.next(d))
		n++;
	EXPECT_EQ(n, 300u);
	EXPECT_EQ(b->take_page(page.data()), 0u);
}

// Overwritten events are reported in the next read page as native's: bit 31 of commit, the count after the data.
TEST(RingBuffer, TakePageFlagsMissedEvents)
{
	Clock clock(1 << 20);
	auto b = CpuBuffer::create(0, 2);
	ASSERT_TRUE(b);
	for (ktl::u32 i = 0; i < 1000; i++) {
		clock.advance(1);
		ASSERT_TRUE(write_event(*b, 24, i));
	}
	ktl::u64 overrun = b->counters().overrun;
	ASSERT_GT(overrun, 0u);
	std::vector<ktl::u8> page(kPageSize);
	ktl::u32 len = b->take_page(page.data());
	ASSERT_GT(len, 0u);
	ktl::u64 commit, stored;
	std::memcpy(&commit, page.data() + 8, 8);
	EXPECT_EQ(commit & 0xfffff, len);
	EXPECT_TRUE(commit & kMissedEvents);
	if (len + 8 <= kPageData) {
		EXPECT_TRUE(commit & kMissedStored);
		std::memcpy(&stored, page.data() + kPageHeader + len, 8);
		EXPECT_EQ(stored, overrun);
	} else {
		EXPECT_FALSE(commit & kMissedStored);
	}
	len = b->take_page(page.data());
	ASSERT_GT(len, 0u);
	std::memcpy(&commit, page.data() + 8, 8);
	EXPECT_EQ(commit, len) << "reported once";
}

TEST(RingBuffer, NonConsumingWalkSeesEverythingAndConsumesNothing)
{
	Clock clock;
	auto b = CpuBuffer::create(0, 3);
	ASSERT_TRUE(b);
	for (ktl::u32 i = 0; i < 100; i++)
		ASSERT_TRUE(write_event(*b, 64, i));
	for (int pass = 0; pass < 2; pass++) {
		Position pos = b->head();
		static EventCopy e;
		std::vector<ktl::u32> seen;
		while (b->next_at(pos, e))
			seen.push_back(first_word(e));
		ASSERT_FALSE(seen.empty());
		EXPECT_EQ(seen.back(), 99u);
		EXPECT_EQ(seen.size(), b->counters().entries());
	}
	EXPECT_EQ(b->counters().read, 0u);
}

// One writer thread per CPU and a consuming reader on each, at once.
TEST(RingBuffer, ConcurrentWritersAndReaders)
{
	constexpr unsigned kCpus = 3;
	constexpr ktl::u32 kEvents = 60000;
	std::vector<ktl::Owned<CpuBuffer>> buffers;
	for (unsigned c = 0; c < kCpus; c++) {
		buffers.push_back(CpuBuffer::create(c, 4));
		ASSERT_TRUE(buffers.back());
	}
	std::atomic<unsigned> writers_done{0};
	std::vector<std::thread> threads;
	std::vector<std::vector<ktl::u32>> seen(kCpus);
	std::vector<ktl::u64> accepted(kCpus);
	for (unsigned c = 0; c < kCpus; c++) {
		threads.emplace_back([&, c] {
			ktp_host::set_cpu(c);
			for (ktl::u32 i = 0; i < kEvents; i++)
				accepted[c] += write_event(*buffers[c], 4 + (i % 13) * 4, i);
			writers_done++;
		});
		threads.emplace_back([&, c] {
			auto e = std::make_unique<EventCopy>();
			for (;;) {
				bool done = writers_done.load() == kCpus;
				bool any = false;
				while (buffers[c]->peek(*e)) {
					if (buffers[c]->consume(*e))
						seen[c].push_back(first_word(*e));
					any = true;
				}
				if (done && !any)
					break;
			}
		});
	}
	for (auto &t : threads)
		t.join();
	for (unsigned c = 0; c < kCpus; c++) {
		// Every counter against what the threads counted themselves: the
		// writer's accepted events were all either read or lost to an
		// overwrite, and the values missing from what was read are the lost.
		Counters k = buffers[c]->counters();
		EXPECT_EQ(accepted[c], kEvents) << "overwrite mode with one writer refuses nothing";
		EXPECT_EQ(k.written, accepted[c]);
		EXPECT_EQ(k.dropped, kEvents - accepted[c]);
		EXPECT_EQ(k.read, seen[c].size());
		EXPECT_EQ(k.overrun, accepted[c] - seen[c].size());
		EXPECT_EQ(k.entries(), 0u);
		EXPECT_EQ(buffers[c]->unread_bytes(), 0u);
		for (size_t i = 1; i < seen[c].size(); i++)
			ASSERT_LT(seen[c][i - 1], seen[c][i]) << "events come out once, in order";
		ASSERT_FALSE(seen[c].empty());
		EXPECT_EQ(seen[c].back(), kEvents - 1) << "the newest event is never lost";
	}
}

TEST(RingBuffer, ResizeCarriesCountersAndFailsCleanly)
{
	Clock clock;
	ktp_host::set_nr_cpus(2);
	int allocations = ktp_host::run_with_each_allocation_failing([] {
		auto rb = RingBuffer::create(3);
		if (!rb)
			return;
		ASSERT_TRUE(write_event(*rb->cpu(0), 16, 5));
		ktl::u64 gen = rb->generation();
		ktl::Status s = rb->resize(RingBuffer::kAllCpus, 6);
		if (!s.ok()) {
			// The old buffer is intact.
			EXPECT_EQ(rb->generation(), gen);
			EXPECT_EQ(rb->cpu(0)->nr_pages(), 3u);
			EXPECT_EQ(drain(*rb->cpu(0)), std::vector<ktl::u32>{5});
			return;
		}
		EXPECT_EQ(rb->cpu(0)->nr_pages(), 6u);
		EXPECT_EQ(rb->cpu(1)->nr_pages(), 6u);
		Counters c = rb->cpu(0)->counters();
		EXPECT_EQ(c.written, 1u);
		EXPECT_EQ(c.overrun, 1u) << "the unread event is counted as lost";
		EXPECT_EQ(rb->cpu(0)->take_lost(), 1u);
		ASSERT_TRUE(write_event(*rb->cpu(0), 16, 6));
		EXPECT_EQ(drain(*rb->cpu(0)), std::vector<ktl::u32>{6});
		if (rb->reset().ok()) {
			EXPECT_EQ(rb->cpu(0)->counters().written, 0u);
		}
	});
	EXPECT_GT(allocations, 8);
	ktp_host::set_nr_cpus(4);
}

// A reader polling an empty buffer while the first event lands: the page's
// time is stamped by the writer then, so the reader must not look at it
// before anything on that page is committed (TSan reports it if it does).
TEST(RingBuffer, ReaderPollingAnEmptyPageLeavesItsTimeToTheWriter)
{
	for (int round = 0; round < 300; round++) {
		auto b = CpuBuffer::create(0, 2);
		ASSERT_TRUE(b);
		std::atomic<bool> polling{false}, stop{false};
		std::atomic<unsigned> found{0};
		std::thread reader([&] {
			auto e = std::make_unique<EventCopy>();
			polling = true;
			while (!stop) {
				if (b->peek(*e))
					found = first_word(*e) + 1;
				(void)b->empty();
				(void)b->oldest_timestamp();
			}
		});
		while (!polling)
			std::this_thread::yield();
		ASSERT_TRUE(write_event(*b, 8, 7));
		while (!found)
			std::this_thread::yield();
		stop = true;
		reader.join();
		EXPECT_EQ(found.load(), 8u);
	}
}
