// SPDX-License-Identifier: GPL-2.0
// libFuzzer target: any text through the filter compiler, and any compiled program over a record (every form it has agreeing).
//
// Input: 64 bytes of record (a too-short input is padded with zeros), then
// the filter text. The record's __data_loc word is forced to point inside
// the record, as ktp's own records always do.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "filter/filter.h"

namespace {

using namespace ktp::filter;

const ktp_field_desc kFields[] = {
	{"char[16]", "prev_comm", 8, 16, 1, KTP_FIELD_ARRAY, 16},
	{"pid_t", "prev_pid", 24, 4, 1, KTP_FIELD_INT, 0},
	{"unsigned int", "u32f", 28, 4, 0, KTP_FIELD_INT, 0},
	{"long", "prev_state", 32, 8, 1, KTP_FIELD_INT, 0},
	{"unsigned char", "u8f", 40, 1, 0, KTP_FIELD_INT, 0},
	{"unsigned short", "u16f", 42, 2, 0, KTP_FIELD_INT, 0},
	{"__data_loc char[]", "name", 44, 4, 0, KTP_FIELD_STRING, 0},
	{"unsigned long long", "u64f", 48, 8, 0, KTP_FIELD_INT, 0},
	{"const char *", "ptr", 56, 8, 0, KTP_FIELD_POINTER, 0},
};

long copy_string(char *dst, const char *src, long size)
{
	static const char kFixed[] = "fuzzed-pointer";
	(void)src; // never dereference the fuzzer's pointer bytes
	std::memcpy(dst, kFixed, sizeof(kFixed) < static_cast<size_t>(size) ? sizeof(kFixed) : size);
	return 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ktl::Owned<FieldTable> *fields = [] {
		auto r = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
		return new ktl::Owned<FieldTable>(ktl::move(r.value()));
	}();
	unsigned char record[96] = {};
	size_t head = size < 64 ? size : 64;
	std::memcpy(record, data, head);
	std::string text(reinterpret_cast<const char *>(data + head), size - head);
	if (text.size() > 2 * kMaxFilterLength)
		return 0;
	// A string of up to 31 bytes at offset 64, NUL-terminated.
	unsigned int len = record[63] % 32;
	record[64 + len] = 0;
	unsigned int loc = ((len + 1) << 16) | 64;
	std::memcpy(record + 44, &loc, 4);

	ParseError err;
	auto prog = compile(text.c_str(), **fields, err);
	if (prog.ok()) {
		char comm[16] = "fuzz";
		MatchContext ctx{static_cast<int>(record[0] % 4), comm, copy_string};
		const Program &p = *prog.value();
		bool verdict = p.match(record, ctx);
		// The record path's fast forms give the general walk's answer.
		if (p.numbers_only() && p.match_numbers(record) != verdict)
			__builtin_trap();
		if (p.is_chain() && p.match_chain(record) != verdict)
			__builtin_trap();
		if (p.is_u32_pair() && p.match_u32_pair(record) != verdict)
			__builtin_trap();
	} else {
		ktp::TextBuffer out;
		(void)render_error(text.c_str(), err, out);
		if (err.err_no >= 0)
			__builtin_trap(); // a failure always carries a negative errno
	}
	return 0;
}
