// SPDX-License-Identifier: GPL-2.0
// The native ring-buffer page and event-header format, which trace-cmd and libtraceevent read.
//
// A page (what events/header_page describes): a u64 timestamp at 0, the
// commit word (bytes of data) at 8, 4080 bytes of data from 16. The data is
// a sequence of events, each opening with a u32:
//
//     bits 0..4   type_len    1..28: data of type_len * 4 bytes follows
//                             0:     the next u32 holds the length of data + 4
//                             29:    padding, 30: time extend, 31: time stamp
//     bits 5..31  time_delta  nanoseconds since the previous event (27 bits)
//
// A delta that does not fit in 27 bits goes in a time-extend event just
// before: its time_delta holds the low 27 bits, the next u32 bits 27..58.
// So a 16-byte payload written 5 ns after the previous event is the 20
// bytes "0xa4 (type_len 4, delta 5) + 16 bytes".
#pragma once

#include "ktl/base.h"

namespace ktp::ring {

inline constexpr ktl::u32 kPageSize = 4096;
inline constexpr ktl::u32 kPageHeader = 16;
inline constexpr ktl::u32 kPageData = kPageSize - kPageHeader;
inline constexpr ktl::u32 kMaxSmallData = 28 * 4;
inline constexpr ktl::u32 kTypePadding = 29;
inline constexpr ktl::u32 kTypeTimeExtend = 30;
inline constexpr ktl::u32 kTypeTimeStamp = 31;
inline constexpr ktl::u32 kDeltaBits = 27;
// Flags of a read page's commit word: events were lost before the page, and their count follows the data.
inline constexpr ktl::u64 kMissedEvents = 1ull << 31;
inline constexpr ktl::u64 kMissedStored = 1ull << 30;
inline constexpr ktl::u64 kMaxDelta = (1ull << kDeltaBits) - 1;
inline constexpr ktl::u32 kTimeExtendSize = 8;

// Bytes a data event with payload bytes takes on the page, header included.
constexpr ktl::u32 event_size(ktl::u32 payload)
{
	ktl::u32 n = payload ? payload : 1;
	n = (n + 3) & ~3u;
	return n > kMaxSmallData ? n + 8 : n + 4;
}

// The largest payload one event can carry on an empty page.
inline constexpr ktl::u32 kMaxPayload = kPageData - 8 - kTimeExtendSize;

// Writes the header of a data event; returns where its payload goes.
ktl::u8 *write_data_header(ktl::u8 *at, ktl::u32 payload, ktl::u32 delta);
// Writes a time-extend event (kTimeExtendSize bytes) carrying delta.
void write_time_extend(ktl::u8 *at, ktl::u64 delta);
// Fills size bytes with a padding event.
void write_padding(ktl::u8 *at, ktl::u32 size);

// One decoded event of a page.
struct Decoded {
	ktl::u32 type_len;      // 0 for data events with a length word (normalised: data events report 0)
	bool is_data;
	ktl::u64 timestamp;     // absolute, accumulated from the page's timestamp
	const ktl::u8 *data;
	ktl::u32 length;        // payload bytes (rounded up to 4, as the format stores them)
	ktl::u32 size;          // bytes on the page
};

// Decodes the event at data[offset] (limit: the end of committed data),
// skipping padding and time records; time is the timestamp before it and is
// advanced. Returns false at the end or at a torn event.
bool decode_next(const ktl::u8 *data, ktl::u32 &offset, ktl::u32 limit, ktl::u64 &time, Decoded &out);

// Walks a page's events: returns false at the end of the committed data.
class PageReader {
public:
	PageReader(const ktl::u8 *page);
	bool next(Decoded &out);
	ktl::u32 commit() const { return commit_; }

private:
	const ktl::u8 *data_;
	ktl::u32 commit_;
	ktl::u32 offset_ = 0;
	ktl::u64 time_;
};

} // namespace ktp::ring
