// SPDX-License-Identifier: GPL-2.0
// Host tests of the tracer's record path: enabling, filters before reserve, reader wake-ups, tracing_on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <ktp/abi.h>
#include <ktp/module.h>

#include "events/c_events.h"
#include "events/test_events_api.h"
#include "platform_host.h"
#include "events/registry.h"
#include "tracer.h"

namespace {

class TracerTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(ktp_core_init(), 0);
		ASSERT_EQ(ktp_module_events_register(), 0);
		ktl::LockGuard g(ktp::registry()->lock());
		ev_ = ktp::registry()->find("host_test:pair_one");
		ASSERT_NE(ev_, nullptr);
	}
	void TearDown() override
	{
		ktp_module_events_unregister();
		ktp_core_exit();
	}
	// Everything trace_pipe gives now, as text.
	std::string drain()
	{
		ktp_reader *r = ktp_reader_open(KTP_READER_PIPE, -1);
		EXPECT_NE(r, nullptr);
		std::string out;
		char buf[4096];
		long n;
		while (r && (n = ktp_reader_read(r, buf, sizeof(buf))) > 0)
			out.append(buf, static_cast<size_t>(n));
		ktp_reader_close(r);
		return out;
	}
	static int lines(const std::string &s, const char *what)
	{
		int n = 0;
		for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
			n++;
		return n;
	}
	ktp::Event *ev_ = nullptr;
};

} // namespace

TEST_F(TracerTest, EnabledEventsAreRecordedAndRead)
{
	fire_pair_one(1, 2);
	EXPECT_EQ(lines(drain(), "pair_one:"), 0) << "not enabled yet";
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1\n", 2), 2);
	for (int i = 0; i < 10; i++)
		fire_pair_one(i, -i);
	std::string text = drain();
	EXPECT_EQ(lines(text, "pair_one:"), 10);
	EXPECT_EQ(drain(), "") << "trace_pipe consumes";
}

// A busy writer does not wake the reader on every event: one wake-up per wait.
TEST_F(TracerTest, OneWakeupPerWait)
{
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	long start = ktp_host::reader_wakeups();
	for (int i = 0; i < 50; i++)
		fire_pair_one(i, i);
	EXPECT_EQ(ktp_host::reader_wakeups(), start) << "nobody waits";
	ktp_reader_want_wakeup();
	for (int i = 0; i < 50; i++)
		fire_pair_one(i, i);
	EXPECT_EQ(ktp_host::reader_wakeups(), start + 1) << "the first commit wakes, the rest do not";
	ktp_reader_want_wakeup();
	ASSERT_EQ(ktp_trace_marker_write("hello", 5), 5);
	EXPECT_EQ(ktp_host::reader_wakeups(), start + 2) << "a marker wakes too";
	EXPECT_EQ(lines(drain(), "pair_one:"), 100);
}

// Saving the task's comm and waking a reader hang on one per-CPU test (the
// record's pid against the CPU's last): a reader going to sleep makes the
// next record of the same task, on any CPU, look for it; one wakes it.
TEST_F(TracerTest, ASleepingReaderIsWokenFromAnyCpuOnce)
{
	auto cmdlines = [] {
		char *out = nullptr;
		ktp_size_t len = 0;
		EXPECT_EQ(ktp_control_render(KTP_CTL_SAVED_CMDLINES, -1, &out, &len), 0);
		std::string text(out ? out : "", len);
		ktp_free(out);
		return text;
	};
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	ktp_host::set_pid(4242);
	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		ktp_host::set_cpu(cpu);
		fire_pair_one(1, 1);
	}
	long start = ktp_host::reader_wakeups();
	EXPECT_NE(cmdlines().find("4242 task-4242\n"), std::string::npos) << cmdlines();
	ktp_reader_want_wakeup();
	fire_pair_one(2, 2); // CPU 1, the same task as its last record
	EXPECT_EQ(ktp_host::reader_wakeups(), start + 1) << "the task did not change, the reader is still woken";
	ktp_host::set_cpu(0);
	fire_pair_one(3, 3);
	ktp_host::set_cpu(1);
	fire_pair_one(4, 4);
	EXPECT_EQ(ktp_host::reader_wakeups(), start + 1) << "one wake-up per wait";
	ktp_host::set_pid(4343);
	fire_pair_one(5, 5);
	EXPECT_EQ(ktp_host::reader_wakeups(), start + 1);
	EXPECT_NE(cmdlines().find("4343 task-4343\n"), std::string::npos) << "a new task is still saved";
	ktp_host::set_cpu(0);
	ktp_host::set_pid(1000);
	EXPECT_EQ(lines(drain(), "pair_one:"), 6);
}

// A filter runs before anything is reserved: rejected events leave no trace in the counters.
TEST_F(TracerTest, FilteredEventsNeverTouchTheBuffer)
{
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	const char *expr = "a > 5 && common_pid > 0";
	ASSERT_EQ(ktp_event_write_filter(ev_->handle(), expr, strlen(expr)), static_cast<int>(strlen(expr)));
	for (int i = 0; i < 10; i++)
		fire_pair_one(i, 0);
	char *text;
	ktp_size_t len;
	ASSERT_EQ(ktp_control_render(KTP_CTL_STATS, 0, &text, &len), 0);
	std::string stats(text, len);
	ktp_free(text);
	EXPECT_NE(stats.find("entries: 4\n"), std::string::npos) << stats;
	EXPECT_NE(stats.find("dropped events: 0\n"), std::string::npos) << stats;
	EXPECT_EQ(lines(drain(), "pair_one:"), 4);
}

// tracing_on 0 mutes an event whose only probe records; 1 brings it back.
TEST_F(TracerTest, TracingOffMutesRecordOnlyEvents)
{
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	EXPECT_TRUE(pair_one_enabled());
	ASSERT_EQ(ktp_control_write(KTP_CTL_TRACING_ON, -1, "0", 1), 1);
	EXPECT_FALSE(pair_one_enabled()) << "muted at the site";
	fire_pair_one(1, 1);
	ASSERT_EQ(ktp_control_write(KTP_CTL_TRACING_ON, -1, "1", 1), 1);
	EXPECT_TRUE(pair_one_enabled());
	fire_pair_one(2, 2);
	EXPECT_EQ(lines(drain(), "pair_one:"), 1);
}

// A traceon trigger still runs while tracing is off, and nothing stays muted after it.
TEST_F(TracerTest, TraceonTriggerWorksWhileTracingIsOff)
{
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	ASSERT_EQ(ktp_event_write_trigger(ev_->handle(), "traceon", 7), 7);
	ASSERT_EQ(ktp_control_write(KTP_CTL_TRACING_ON, -1, "0", 1), 1);
	EXPECT_TRUE(pair_one_enabled()) << "an event with triggers is never muted";
	fire_pair_one(1, 1); // the trigger turns recording back on
	char *text;
	ktp_size_t len;
	ASSERT_EQ(ktp_control_render(KTP_CTL_TRACING_ON, -1, &text, &len), 0);
	EXPECT_EQ(std::string(text, len), "1\n");
	ktp_free(text);
	fire_pair_one(2, 2);
	// The trigger runs before the record is kept, as native's: the event that
	// turned recording on is recorded too.
	EXPECT_EQ(lines(drain(), "pair_one:"), 2);
	ASSERT_EQ(ktp_event_write_trigger(ev_->handle(), "!traceon", 8), 8);
}

// Records that a filter keeps are copied from the scratch record whole,
// whatever byte their dynamic strings end on, and so are unfiltered ones.
TEST_F(TracerTest, KeptRecordsKeepEveryByte)
{
	ktp::Event *from_c;
	{
		ktl::LockGuard g(ktp::registry()->lock());
		from_c = ktp::registry()->find("host_test:from_c");
	}
	ASSERT_NE(from_c, nullptr);
	ASSERT_EQ(ktp_event_write_enable(from_c->handle(), "1", 1), 1);
	const std::string letters = "abcdefghijklmnopq";
	for (int filtered = 0; filtered < 2; filtered++) {
		const char *expr = filtered ? "seq < 100" : "0";
		ASSERT_EQ(ktp_event_write_filter(from_c->handle(), expr, strlen(expr)), static_cast<int>(strlen(expr)));
		for (unsigned int n = 0; n <= letters.size(); n++)
			host_fire_from_c(n, letters.substr(0, n).c_str());
		host_fire_from_c(500, "rejected when filtered");
		std::string text = drain();
		for (unsigned int n = 0; n <= letters.size(); n++) {
			std::string line = "seq=" + std::to_string(n) + " who=" + letters.substr(0, n) + "\n";
			EXPECT_NE(text.find(line), std::string::npos) << line << " in\n" << text;
		}
		EXPECT_EQ(lines(text, "seq=500"), filtered ? 0 : 1);
	}
	// A fixed-size record assembled on the probe's stack, filtered and not.
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	for (int filtered = 0; filtered < 2; filtered++) {
		const char *expr = filtered ? "a != 7" : "0";
		ASSERT_EQ(ktp_event_write_filter(ev_->handle(), expr, strlen(expr)), static_cast<int>(strlen(expr)));
		fire_pair_one(7, -123456);
		fire_pair_one(-99, 2147483647);
		std::string text = drain();
		EXPECT_NE(text.find("a=-99 b=2147483647"), std::string::npos) << text;
		EXPECT_EQ(lines(text, "a=7 "), filtered ? 0 : 1) << text;
	}
}

// The record path's three filter ways on a small record: numbers alone, a
// filter that does not read the common header (CPU, comm), and one that needs the
// common header; each keeps exactly the records the filter selects.
TEST_F(TracerTest, EveryFilterWayKeepsWhatItSelects)
{
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	const char *exprs[] = {"a > 2 && b < 100", "CPU == 1 && a > 2", "comm != \"x\" && a > 2",
			       "common_pid >= 0 && a > 2"};
	for (const char *expr : exprs) {
		ASSERT_EQ(ktp_event_write_filter(ev_->handle(), expr, strlen(expr)), static_cast<int>(strlen(expr)));
		for (unsigned int cpu = 0; cpu < 2; cpu++) {
			ktp_host::set_cpu(cpu);
			for (int a = 0; a < 6; a++)
				fire_pair_one(a, 10 * a);
		}
		ktp_host::set_cpu(0);
		std::string text = drain();
		bool by_cpu = std::string(expr).find("CPU") != std::string::npos;
		EXPECT_EQ(lines(text, "pair_one:"), by_cpu ? 3 : 6) << expr << "\n" << text;
		EXPECT_EQ(lines(text, "a=1 "), 0) << expr;
		EXPECT_EQ(lines(text, "a=5 b=50"), by_cpu ? 1 : 2) << expr;
	}
}

// Small records go through the core's entry point for their size (12..48
// bytes) or the general one (52): every field comes back, filtered or not.
TEST_F(TracerTest, EveryRecordSizeKeepsItsFields)
{
	EXPECT_EQ(record_size_12(), 12u);
	EXPECT_EQ(record_size_20(), 20u);
	EXPECT_EQ(record_size_48(), 48u);
	EXPECT_EQ(record_size_52(), 52u);
	const char *names[] = {"host_sizes:size_12", "host_sizes:size_20", "host_sizes:size_48", "host_sizes:size_52"};
	std::vector<ktp::Event *> events;
	for (const char *name : names) {
		ktl::LockGuard g(ktp::registry()->lock());
		events.push_back(ktp::registry()->find(name));
		ASSERT_NE(events.back(), nullptr) << name;
	}
	for (ktp::Event *e : events)
		ASSERT_EQ(ktp_event_write_enable(e->handle(), "1", 1), 1);
	const std::string pad(35, 'p');
	for (int filtered = 0; filtered < 2; filtered++) {
		const char *expr = filtered ? "a != 5" : "0";
		for (ktp::Event *e : events)
			ASSERT_EQ(ktp_event_write_filter(e->handle(), expr, strlen(expr)), static_cast<int>(strlen(expr)));
		for (unsigned int v = 4; v < 7; v++)
			fire_sizes(v);
		std::string text = drain();
		for (unsigned int v = 4; v < 7; v++) {
			int want = filtered && v == 5 ? 0 : 1;
			std::string s = std::to_string(v);
			EXPECT_EQ(lines(text, ("size_12: a=" + s + "\n").c_str()), want) << text;
			EXPECT_EQ(lines(text, ("size_20: a=" + s + " b=" + std::to_string(v + 1) + " c=" +
					       std::to_string(v + 2) + "\n").c_str()), want) << text;
			EXPECT_EQ(lines(text, ("size_48: a=" + s + " b=" + std::to_string(v + 1) + " c=" +
					       std::to_string(v + 2) + " d=" + std::to_string(v + 3) + " e=" +
					       std::to_string(v + 4) + "\n").c_str()), want) << text;
			EXPECT_EQ(lines(text, ("size_52: a=" + s + " pad=" + pad + " z=" + std::to_string(v + 9) + "\n")
						  .c_str()),
				  want)
				<< text;
		}
	}
}

namespace {
void count_probe(void *data, int, int) { ++*static_cast<int *>(data); }
} // namespace

// A probe array names the recording probe's data when that is its only
// probe (the site then records inline); with another probe beside it,
// neither is skipped; when the other goes, the name comes back.
TEST_F(TracerTest, RecordingAloneIsNamedInTheProbeArray)
{
	ktp_event *raw = ev_->raw();
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1", 1), 1);
	ASSERT_NE(raw->probes, nullptr);
	EXPECT_EQ(raw->probes->record, static_cast<void *>(ev_));
	fire_pair_one(1, 1);
	EXPECT_EQ(lines(drain(), "pair_one:"), 1);

	int calls = 0;
	ASSERT_EQ(ktp_probe_register(raw, reinterpret_cast<void *>(count_probe), &calls, 0), 0);
	EXPECT_EQ(raw->probes->count, 2u);
	EXPECT_EQ(raw->probes->record, nullptr);
	fire_pair_one(2, 2);
	EXPECT_EQ(calls, 1);
	EXPECT_EQ(lines(drain(), "pair_one:"), 1) << "the recording probe still runs beside another";

	ASSERT_EQ(ktp_probe_unregister(raw, reinterpret_cast<void *>(count_probe), &calls), 0);
	EXPECT_EQ(raw->probes->record, static_cast<void *>(ev_));
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "0", 1), 1);
	// No probes: the empty array, so that a late site needs no null test.
	ASSERT_NE(raw->probes, nullptr);
	EXPECT_EQ(raw->probes->count, 0u);
	EXPECT_EQ(raw->probes->record, nullptr);
	run_site_pair_one(9, 9);
	EXPECT_EQ(lines(drain(), "pair_one:"), 0) << "a site that raced with switching off calls nothing";

	// Another probe alone is never taken for the recording one.
	ASSERT_EQ(ktp_probe_register(raw, reinterpret_cast<void *>(count_probe), &calls, 0), 0);
	EXPECT_EQ(raw->probes->record, nullptr);
	fire_pair_one(3, 3);
	EXPECT_EQ(calls, 2);
	EXPECT_EQ(lines(drain(), "pair_one:"), 0);
	ASSERT_EQ(ktp_probe_unregister(raw, reinterpret_cast<void *>(count_probe), &calls), 0);
}

// A resize allocates its buffers while writers go on and pauses them only
// for the swap; with any one of its allocations failing, the old buffers
// stay in force (same buffers, sizes, data and counters, writers running).
// Buffer memory is allocated inside the platform's bracket, which closes.
TEST_F(TracerTest, ResizeAllocatesWhileWritersRunAndFailsWithNoTrace)
{
	ASSERT_EQ(ktp_event_write_enable(ev_->handle(), "1\n", 2), 2);
	ktp::Tracer *t = ktp::tracer();
	const ktl::u32 cpus = ktp_nr_cpu_ids();
	const long outside = ktp_host::buffer_allocs_outside_bracket();
	auto size_for = [](ktl::u64 kb) {
		ktl::u64 pages = ((kb << 10) + ktp::ring::kPageData - 1) / ktp::ring::kPageData;
		return static_cast<ktl::u32>((pages * ktp::ring::kPageData) >> 10);
	};
	auto resize = [&](const std::string &text, ktl::u64 kb) {
		SCOPED_TRACE(text);
		ktp::ring::RingBuffer &rb = t->buffer();
		const ktl::u32 before = t->size_kb(0);
		fire_pair_one(1, 2);
		ktp::ring::CpuBuffer *old = rb.cpu(0);
		const ktp::ring::Counters c0 = old->counters();
		const ktl::u64 gen = rb.generation();
		bool fired = false;
		ktl::u64 written_during = 0;
		long r;
		{
			// At the first page allocated, a writer records as usual.
			ktp_host::TestPointHook hook([&](ktp_test_point p) {
				if (p != KTP_POINT_BUFFER_PAGE_ALLOC || fired)
					return;
				fired = true;
				fire_pair_one(3, 4);
				written_during = old->counters().written;
			});
			r = ktp_control_write(KTP_CTL_BUFFER_SIZE_KB, -1, text.data(), text.size());
		}
		EXPECT_EQ(ktp_host::buffer_alloc_depth(), 0);
		if (fired) {
			EXPECT_EQ(written_during, c0.written + 1) << "writers paused while pages were allocated";
		}
		EXPECT_EQ(t->paused_drops(0), 0u);
		if (r < 0) {
			EXPECT_EQ(r, -KTP_ENOMEM);
			EXPECT_EQ(rb.generation(), gen);
			EXPECT_EQ(rb.cpu(0), old);
			for (ktl::u32 c = 0; c < cpus; c++)
				EXPECT_EQ(t->size_kb(c), before);
			ktp::ring::Counters c1 = old->counters();
			EXPECT_EQ(c1.written, c0.written + fired);
			EXPECT_EQ(c1.read, c0.read);
			EXPECT_EQ(c1.overrun, c0.overrun);
			EXPECT_EQ(c1.dropped, c0.dropped);
		} else {
			EXPECT_EQ(r, static_cast<long>(text.size()));
			EXPECT_NE(rb.generation(), gen);
			for (ktl::u32 c = 0; c < cpus; c++)
				EXPECT_EQ(t->size_kb(c), size_for(kb));
			ktp::ring::Counters c1 = rb.cpu(0)->counters();
			EXPECT_EQ(c1.written, c0.written + fired);
			EXPECT_EQ(c1.read, c0.read);
			EXPECT_EQ(c1.overrun, c0.overrun + c0.entries() + fired) << "the unread events are lost";
			EXPECT_EQ(c1.entries(), 0u);
		}
		// Writers run afterwards, into the buffer now in force.
		ktl::u64 w = rb.cpu(0)->counters().written;
		fire_pair_one(5, 6);
		EXPECT_EQ(rb.cpu(0)->counters().written, w + 1);
	};
	resize("20\n", 20); // the size each run ends with, so that runs leave nothing behind
	int allocations = ktp_host::run_with_each_allocation_failing([&] {
		resize("8\n", 8);
		resize("20\n", 20);
		if (t->size_kb(0) != size_for(20)) { // the failure hit the second: back to the size runs end with
			ASSERT_EQ(ktp_control_write(KTP_CTL_BUFFER_SIZE_KB, -1, "20", 2), 2);
		}
	});
	EXPECT_GT(allocations, 2 * static_cast<int>(cpus) * 3);
	EXPECT_EQ(ktp_host::buffer_allocs_outside_bracket(), outside);
}
