// SPDX-License-Identifier: GPL-2.0
// Encoding and decoding of native ring-buffer pages (the format is described in ring_format.h).
#include "ring/ring_format.h"

namespace ktp::ring {

namespace {

void put32(ktl::u8 *at, ktl::u32 v) { __builtin_memcpy(at, &v, 4); }
ktl::u32 get32(const ktl::u8 *at)
{
	ktl::u32 v;
	__builtin_memcpy(&v, at, 4);
	return v;
}

ktl::u32 header(ktl::u32 type_len, ktl::u32 delta) { return (type_len & 31) | (delta << 5); }

} // namespace

ktl::u8 *write_data_header(ktl::u8 *at, ktl::u32 payload, ktl::u32 delta)
{
	ktl::u32 size = event_size(payload);
	if (size - 4 > kMaxSmallData) {
		put32(at, header(0, delta));
		put32(at + 4, size - 4); // the length word counts itself
		return at + 8;
	}
	put32(at, header((size - 4) / 4, delta));
	return at + 4;
}

void write_time_extend(ktl::u8 *at, ktl::u64 delta)
{
	put32(at, header(kTypeTimeExtend, static_cast<ktl::u32>(delta & kMaxDelta)));
	put32(at + 4, static_cast<ktl::u32>(delta >> kDeltaBits));
}

void write_padding(ktl::u8 *at, ktl::u32 size)
{
	// A padding event with a nonzero delta field says how long it is.
	put32(at, header(kTypePadding, 1));
	if (size >= 8)
		put32(at + 4, size - 4);
}

PageReader::PageReader(const ktl::u8 *page) : data_(page + kPageHeader)
{
	ktl::u64 ts, commit;
	__builtin_memcpy(&ts, page, 8);
	__builtin_memcpy(&commit, page + 8, 8);
	time_ = ts;
	// The high bits of the commit word carry flags (missed events).
	commit_ = static_cast<ktl::u32>(commit & 0xfffff);
	if (commit_ > kPageData)
		commit_ = 0; // not a page we wrote: read nothing
}

bool decode_next(const ktl::u8 *data, ktl::u32 &offset, ktl::u32 limit, ktl::u64 &time, Decoded &out)
{
	while (offset + 4 <= limit) {
		const ktl::u8 *at = data + offset;
		ktl::u32 word = get32(at);
		ktl::u32 type_len = word & 31, delta = word >> 5;
		switch (type_len) {
		case kTypePadding: {
			ktl::u32 size = (delta && offset + 8 <= limit) ? get32(at + 4) + 4 : limit - offset;
			offset += size ? size : 4;
			continue;
		}
		case kTypeTimeExtend:
			if (offset + 8 > limit)
				return false;
			time += delta + (static_cast<ktl::u64>(get32(at + 4)) << kDeltaBits);
			offset += 8;
			continue;
		case kTypeTimeStamp:
			if (offset + 8 > limit)
				return false;
			time = delta + (static_cast<ktl::u64>(get32(at + 4)) << kDeltaBits);
			offset += 8;
			continue;
		default:
			break;
		}
		ktl::u32 length, skip;
		if (type_len == 0) {
			if (offset + 8 > limit)
				return false;
			length = get32(at + 4) - 4;
			skip = 8;
		} else {
			length = type_len * 4;
			skip = 4;
		}
		if (length > limit || offset + skip + length > limit)
			return false; // a torn event: stop rather than read past the data
		time += delta;
		out = Decoded{type_len, true, time, at + skip, length, skip + length};
		offset += skip + length;
		return true;
	}
	return false;
}

bool PageReader::next(Decoded &out)
{
	return decode_next(data_, offset_, commit_, time_, out);
}

} // namespace ktp::ring
