// SPDX-License-Identifier: GPL-2.0
// Filters on non-char array fields: native's answer on every evaluation path (general walk, compact steps, chains, u32 pairs).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "filter/filter.h"

namespace {

using namespace ktp::filter;

// raw_syscalls:sys_enter as native 6.1 lays it out, and arrays of every
// total size that matters: native compares a number field by its size
// alone (1, 2, 4 or 8 bytes, with the element's signedness) and never
// matches one of any other size (an array whose type names "char" is a
// string, as in native: u8 arrays here).
const ktp_field_desc kFields[] = {
	{"long", "id", 8, 8, 1, KTP_FIELD_INT, 0},
	{"unsigned long[6]", "args", 16, 48, 0, KTP_FIELD_ARRAY, 6},
	{"u8[4]", "b4", 64, 4, 0, KTP_FIELD_ARRAY, 4},
	{"int[2]", "i2", 72, 8, 1, KTP_FIELD_ARRAY, 2},
	{"short[3]", "s3", 80, 6, 1, KTP_FIELD_ARRAY, 3},
	{"u8[1]", "one", 86, 1, 0, KTP_FIELD_ARRAY, 1},
	{"u16[1]", "h1", 88, 2, 0, KTP_FIELD_ARRAY, 1},
	{"u8[264]", "big", 90, 264, 0, KTP_FIELD_ARRAY, 264},
	{"int[0]", "none", 356, 0, 1, KTP_FIELD_ARRAY, 0},
};

struct Record {
	alignas(8) unsigned char bytes[360] = {};
	template <typename T> void put(unsigned int offset, T v) { std::memcpy(bytes + offset, &v, sizeof(v)); }
};

// args[0] = 1 (low byte 1: the old record path compared it), b4 = {1,0,0,0}
// (1 as a u32), i2 = {-1, -1} (-1 as an s64), s3 and big start with 1.
Record sample()
{
	Record r;
	r.put<long>(8, 0);
	r.put<unsigned long>(16, 1);
	r.put<unsigned long>(24, 2);
	r.bytes[64] = 1;
	r.put<int>(72, -1);
	r.put<int>(76, -1);
	r.put<short>(80, 1);
	r.bytes[86] = 7;
	r.put<unsigned short>(88, 300);
	r.bytes[90] = 1;
	return r;
}

ktl::Owned<FieldTable> fields()
{
	auto r = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	EXPECT_TRUE(r.ok());
	return ktl::move(r.value());
}

// The answer of every path the program offers; the test fails when two disagree.
bool evaluate(const std::string &expr, const Record &r)
{
	auto table = fields();
	ParseError err;
	auto prog = compile(expr.c_str(), *table, err);
	EXPECT_TRUE(prog.ok()) << expr << " -> " << error_text(err.code);
	if (!prog.ok())
		return false;
	const Program &p = *prog.value();
	char comm[16] = "sh";
	MatchContext ctx{0, comm, nullptr};
	bool general = p.match(r.bytes, ctx);
	if (p.numbers_only()) {
		EXPECT_EQ(general, p.match_numbers(r.bytes)) << "compact steps of " << expr;
	}
	if (p.is_chain()) {
		EXPECT_EQ(general, p.match_chain(r.bytes)) << "chain of " << expr;
	}
	if (p.is_u32_pair()) {
		EXPECT_EQ(general, p.match_u32_pair(r.bytes)) << "u32 pair of " << expr;
	}
	return general;
}

} // namespace

// What native 6.1 recorded for raw_syscalls:sys_enter in the VM: no record
// for args with any operator, every record once the predicate is negated.
TEST(FilterArray, AnArrayOfNoIntegerWidthNeverMatches)
{
	Record r = sample();
	for (const char *op : {"==", "!=", "<", "<=", ">", ">=", "&"})
		for (const char *v : {"0", "1", "2", "0x7fffffffffffffff"}) {
			std::string e = std::string("args ") + op + " " + v;
			EXPECT_FALSE(evaluate(e, r)) << e;
			EXPECT_TRUE(evaluate("!(" + e + ")", r)) << e;
			EXPECT_FALSE(evaluate(e + " && id >= 0", r)) << e;
			EXPECT_TRUE(evaluate(e + " || id >= 0", r)) << e;
			for (const char *f : {"s3", "big", "none"}) {
				std::string g = std::string(f) + " " + op + " " + v;
				EXPECT_FALSE(evaluate(g, r)) << g;
				EXPECT_TRUE(evaluate("!(" + g + ")", r)) << g;
			}
		}
}

TEST(FilterArray, AnArrayOfAnIntegerWidthComparesAsThatInteger)
{
	Record r = sample();
	EXPECT_TRUE(evaluate("b4 == 1", r));
	EXPECT_TRUE(evaluate("b4 < 2 && b4 > 0", r));
	EXPECT_FALSE(evaluate("b4 != 1", r));
	EXPECT_TRUE(evaluate("b4 & 1", r));
	EXPECT_TRUE(evaluate("i2 == -1", r));
	EXPECT_TRUE(evaluate("i2 < 0", r));
	EXPECT_FALSE(evaluate("i2 > 0", r));
	EXPECT_TRUE(evaluate("one == 7 && h1 == 300", r));
	EXPECT_TRUE(evaluate("h1 > 255", r));
	EXPECT_FALSE(evaluate("one > 7", r));
}

TEST(FilterArray, ArraysAreNotStrings)
{
	auto table = fields();
	ParseError err;
	EXPECT_FALSE(compile("args == \"x\"", *table, err).ok());
	EXPECT_EQ(err.code, ErrorCode::ExpectDigit);
	EXPECT_FALSE(compile("args ~ 1", *table, err).ok());
	EXPECT_EQ(err.code, ErrorCode::IllegalFieldOp);
	EXPECT_FALSE(compile("args[0] == 1", *table, err).ok());
	EXPECT_EQ(err.code, ErrorCode::InvalidOp);
}
