// SPDX-License-Identifier: GPL-2.0
// Host tests of the ring-buffer page format: round trips, and libtraceevent's kbuffer reading ktp's pages.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

extern "C" {
#include <traceevent/kbuffer.h>
}

#include "ring/ring_format.h"

namespace {

using namespace ktp::ring;

struct Written {
	ktl::u64 timestamp;
	std::vector<unsigned char> payload;
	ktl::u32 offset; // of the payload within the page
};

// Fills a page with events of the given payload sizes and deltas; returns what went where.
std::vector<Written> fill_page(std::vector<unsigned char> &page, const std::vector<std::pair<ktl::u32, ktl::u64>> &events,
			       ktl::u64 page_time)
{
	page.assign(kPageSize, 0);
	std::memcpy(page.data(), &page_time, 8);
	std::vector<Written> out;
	ktl::u32 offset = 0;
	ktl::u64 now = page_time;
	unsigned char fill = 1;
	for (auto [payload, delta] : events) {
		ktl::u32 need = event_size(payload) + (delta > kMaxDelta ? kTimeExtendSize : 0);
		if (offset + need > kPageData)
			break;
		ktl::u8 *at = page.data() + kPageHeader + offset;
		if (delta > kMaxDelta) {
			write_time_extend(at, delta);
			at += kTimeExtendSize;
			offset += kTimeExtendSize;
		}
		ktl::u8 *data = write_data_header(at, payload, delta > kMaxDelta ? 0 : static_cast<ktl::u32>(delta));
		now += delta;
		Written w{now, std::vector<unsigned char>(payload, fill++), static_cast<ktl::u32>(data - page.data())};
		if (payload)
			std::memcpy(data, w.payload.data(), payload);
		out.push_back(w);
		offset += event_size(payload);
	}
	ktl::u64 commit = offset;
	std::memcpy(page.data() + 8, &commit, 8);
	return out;
}

} // namespace

TEST(RingFormat, EventSizes)
{
	EXPECT_EQ(event_size(0), 8u);   // an empty payload still takes one word
	EXPECT_EQ(event_size(1), 8u);
	EXPECT_EQ(event_size(4), 8u);
	EXPECT_EQ(event_size(5), 12u);
	EXPECT_EQ(event_size(112), 116u); // the largest small event: type_len 28
	EXPECT_EQ(event_size(113), 124u); // then a length word: 116 + 8
	EXPECT_EQ(event_size(4000), 4008u);
}

TEST(RingFormat, HeaderBits)
{
	unsigned char buf[16] = {};
	ktl::u8 *data = write_data_header(buf, 16, 5);
	ktl::u32 word;
	std::memcpy(&word, buf, 4);
	EXPECT_EQ(word, (5u << 5) | 4u); // type_len 4, delta 5
	EXPECT_EQ(data, buf + 4);
	data = write_data_header(buf, 200, 7);
	std::memcpy(&word, buf, 4);
	EXPECT_EQ(word & 31, 0u);
	ktl::u32 len;
	std::memcpy(&len, buf + 4, 4);
	EXPECT_EQ(len, 204u);
	EXPECT_EQ(data, buf + 8);
	write_time_extend(buf, (3ull << 27) | 9);
	std::memcpy(&word, buf, 4);
	EXPECT_EQ(word & 31, kTypeTimeExtend);
	EXPECT_EQ(word >> 5, 9u);
	std::memcpy(&len, buf + 4, 4);
	EXPECT_EQ(len, 3u);
}

TEST(RingFormat, RoundTripAndLibtraceeventAgree)
{
	std::mt19937 rng(5);
	struct kbuffer *kbuf = kbuffer_alloc(KBUFFER_LSIZE_8, KBUFFER_ENDIAN_LITTLE);
	ASSERT_NE(kbuf, nullptr);
	int pages = 0, events = 0;
	for (int round = 0; round < 200; round++) {
		std::vector<std::pair<ktl::u32, ktl::u64>> spec;
		for (int i = 0; i < 80; i++) {
			ktl::u32 payload = rng() % 4 == 0 ? rng() % 600 : rng() % 64;
			ktl::u64 delta = rng() % 5 == 0 ? (1ull << 27) + rng() % (1ull << 33) : rng() % 1000;
			spec.push_back({payload, delta});
		}
		std::vector<unsigned char> page;
		ktl::u64 base = 1000000000ull + round;
		std::vector<Written> written = fill_page(page, spec, base);
		ASSERT_FALSE(written.empty());

		// ktp's own reader.
		PageReader reader(page.data());
		Decoded d;
		size_t i = 0;
		while (reader.next(d)) {
			ASSERT_LT(i, written.size());
			EXPECT_EQ(d.timestamp, written[i].timestamp);
			EXPECT_EQ(static_cast<size_t>(d.data - page.data()), written[i].offset);
			EXPECT_EQ(d.length, (written[i].payload.size() + 3) / 4 * 4 + (written[i].payload.empty() ? 4 : 0));
			if (!written[i].payload.empty()) {
				EXPECT_EQ(std::memcmp(d.data, written[i].payload.data(), written[i].payload.size()), 0);
			}
			i++;
		}
		EXPECT_EQ(i, written.size());

		// libtraceevent's reader, as trace-cmd uses it.
		ASSERT_EQ(kbuffer_load_subbuffer(kbuf, page.data()), 0);
		unsigned long long ts;
		void *data = kbuffer_read_event(kbuf, &ts);
		i = 0;
		while (data) {
			ASSERT_LT(i, written.size());
			EXPECT_EQ(ts, written[i].timestamp) << "event " << i;
			EXPECT_EQ(static_cast<size_t>(static_cast<unsigned char *>(data) - page.data()), written[i].offset);
			EXPECT_GE(static_cast<size_t>(kbuffer_event_size(kbuf)), written[i].payload.size());
			i++;
			events++;
			data = kbuffer_next_event(kbuf, &ts);
		}
		EXPECT_EQ(i, written.size());
		pages++;
	}
	kbuffer_free(kbuf);
	EXPECT_EQ(pages, 200);
	EXPECT_GT(events, 2000);
}

TEST(RingFormat, PaddingAndTornData)
{
	std::vector<unsigned char> page(kPageSize, 0);
	ktl::u64 ts = 100;
	std::memcpy(page.data(), &ts, 8);
	ktl::u8 *at = page.data() + kPageHeader;
	write_data_header(at, 8, 1);
	write_padding(at + 12, 20); // a discarded event
	write_data_header(at + 32, 4, 2);
	ktl::u64 commit = 40;
	std::memcpy(page.data() + 8, &commit, 8);
	PageReader r(page.data());
	Decoded d;
	ASSERT_TRUE(r.next(d));
	EXPECT_EQ(d.timestamp, 101u);
	ASSERT_TRUE(r.next(d));
	EXPECT_EQ(d.timestamp, 103u);
	EXPECT_FALSE(r.next(d));

	// A commit word that cuts an event: the reader stops, it does not read past.
	commit = 38;
	std::memcpy(page.data() + 8, &commit, 8);
	PageReader torn(page.data());
	ASSERT_TRUE(torn.next(d));
	EXPECT_FALSE(torn.next(d));
}
