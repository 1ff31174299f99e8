// SPDX-License-Identifier: GPL-2.0
// Compiled filters against a direct tree interpreter, on random expressions and random records.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "filter/filter.h"

namespace {

using namespace ktp::filter;

const ktp_field_desc kFields[] = {
	{"int", "a", 8, 4, 1, KTP_FIELD_INT, 0},
	{"unsigned int", "b", 12, 4, 0, KTP_FIELD_INT, 0},
	{"short", "c", 16, 2, 1, KTP_FIELD_INT, 0},
	{"unsigned char", "d", 18, 1, 0, KTP_FIELD_INT, 0},
	{"unsigned int", "f", 20, 4, 0, KTP_FIELD_INT, 0},
	{"long long", "e", 24, 8, 1, KTP_FIELD_INT, 0},
	{"char[8]", "s", 32, 8, 1, KTP_FIELD_ARRAY, 8},
};

// The obviously correct side: a tree, evaluated by recursion over its nodes.
struct Node {
	enum Kind { Leaf, And, Or, Not } kind;
	std::string text;      // a leaf's predicate
	bool leaf_value = false;
	std::unique_ptr<Node> l, r;
};

struct Generated {
	std::string text;
	std::unique_ptr<Node> tree;
};

class Generator {
public:
	explicit Generator(unsigned seed) : rng_(seed) {}

	std::unique_ptr<Node> make(int depth, std::string &out)
	{
		int pick = depth > 3 ? 0 : static_cast<int>(rng_() % 5);
		auto n = std::make_unique<Node>();
		if (pick <= 1) {
			n->kind = Node::Leaf;
			n->text = leaf();
			out += n->text;
		} else if (pick == 2) {
			n->kind = Node::Not;
			out += "!(";
			n->l = make(depth + 1, out);
			out += ")";
		} else {
			// Parenthesised, so the tree's shape is the text's shape.
			n->kind = pick == 3 ? Node::And : Node::Or;
			out += "(";
			n->l = make(depth + 1, out);
			out += pick == 3 ? " && " : " || ";
			n->r = make(depth + 1, out);
			out += ")";
		}
		return n;
	}

	std::string leaf()
	{
		static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">=", "&"};
		static const char *const fields[] = {"a", "b", "c", "d", "e"};
		static const char *const values[] = {"0", "1", "-1", "7", "0x10", "010", "255", "-32768", "65535"};
		if (rng_() % 6 == 0) {
			static const char *const strs[] = {"s == \"ab\"", "s ~ \"a*\"", "s != \"zz\"", "s ~ \"*b\"", "s ~ \"?b*\""};
			return strs[rng_() % 5];
		}
		const char *f = fields[rng_() % 5];
		const char *v = values[rng_() % 9];
		// Unsigned fields do not take negative constants.
		if ((f[0] == 'b' || f[0] == 'd') && v[0] == '-')
			v = "3";
		return std::string(f) + " " + ops[rng_() % 7] + " " + v;
	}

	void record(unsigned char *rec)
	{
		for (int i = 0; i < 40; i++)
			rec[i] = static_cast<unsigned char>(rng_() % 4 == 0 ? 0 : rng_());
		static const char *const strs[] = {"ab", "abc", "b", "zz", "xb"};
		std::memset(rec + 32, 0, 8);
		std::strcpy(reinterpret_cast<char *>(rec + 32), strs[rng_() % 5]);
	}

private:
	std::mt19937 rng_;
};

bool leaf_value(const std::string &pred, const FieldTable &fields, const unsigned char *rec)
{
	ParseError err;
	auto prog = compile(pred.c_str(), fields, err);
	EXPECT_TRUE(prog.ok()) << pred;
	char comm[16] = {};
	MatchContext ctx{0, comm, nullptr};
	return prog.ok() && prog.value()->match(rec, ctx);
}

bool interpret(const Node &n, const FieldTable &fields, const unsigned char *rec)
{
	switch (n.kind) {
	case Node::Leaf:
		return leaf_value(n.text, fields, rec);
	case Node::Not:
		return !interpret(*n.l, fields, rec);
	case Node::And:
		return interpret(*n.l, fields, rec) && interpret(*n.r, fields, rec);
	case Node::Or:
		return interpret(*n.l, fields, rec) || interpret(*n.r, fields, rec);
	}
	return false;
}

} // namespace

TEST(FilterRandom, CompiledProgramAgreesWithTheTreeInterpreter)
{
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	ASSERT_TRUE(fields.ok());
	Generator gen(20261123);
	int checked = 0, numeric = 0;
	for (int e = 0; e < 400; e++) {
		std::string text;
		std::unique_ptr<Node> tree = gen.make(0, text);
		ParseError err;
		auto prog = compile(text.c_str(), *fields.value(), err);
		ASSERT_TRUE(prog.ok()) << text << ": " << error_text(err.code) << " at " << err.pos;
		numeric += prog.value()->numbers_only();
		for (int r = 0; r < 25; r++) {
			unsigned char rec[40];
			gen.record(rec);
			char comm[16] = {};
			MatchContext ctx{0, comm, nullptr};
			bool expect = interpret(*tree, *fields.value(), rec);
			ASSERT_EQ(prog.value()->match(rec, ctx), expect) << text;
			// The record path's compact numeric walk gives the same answer.
			if (prog.value()->numbers_only()) {
				ASSERT_EQ(prog.value()->match_numbers(rec), expect) << text;
			}
			if (prog.value()->is_chain()) {
				ASSERT_EQ(prog.value()->match_chain(rec), expect) << text;
			}
			checked++;
		}
	}
	EXPECT_EQ(checked, 10000);
	EXPECT_GT(numeric, 50) << "the generator makes enough all-numeric programs to test their walk";
}

TEST(FilterRandom, ConjunctionsWalkAsRangeChains)
{
	// Conjunctions of numeric predicates (the record path's straight walk):
	// every operator but '&' on every width and sign, with the values at
	// each type's edges, against the general walk and the interpreter.
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	ASSERT_TRUE(fields.ok());
	std::mt19937 rng(11);
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	static const char *const names[] = {"a", "b", "c", "d", "e", "f", "b", "f"};
	static const char *const values[] = {"0", "1", "-1", "2147483647", "-2147483648", "4294967295", "127",
					     "-128", "255", "32767", "-32768", "65535", "9223372036854775807",
					     "-9223372036854775808", "7"};
	int chains = 0, never = 0, u32_pairs = 0;
	for (int round = 0; round < 3000; round++) {
		std::string text;
		std::vector<std::string> leaves;
		int n = 1 + static_cast<int>(rng() % 4);
		for (int i = 0; i < n; i++) {
			const char *f = names[rng() % 8];
			const char *v = values[rng() % 15];
			if ((f[0] == 'b' || f[0] == 'd' || f[0] == 'f') && v[0] == '-')
				v = "0";
			leaves.push_back(std::string(f) + " " + ops[rng() % 6] + " " + v);
			text += (i ? " && " : "") + leaves.back();
		}
		ParseError err;
		auto prog = compile(text.c_str(), *fields.value(), err);
		ASSERT_TRUE(prog.ok()) << text;
		chains += prog.value()->is_chain();
		u32_pairs += prog.value()->is_u32_pair();
		if (prog.value()->is_u32_pair()) {
			EXPECT_LE(n, 2) << text;
			EXPECT_TRUE(prog.value()->is_chain()) << text;
		}
		if (!prog.value()->is_chain()) {
			// Only a predicate that can never hold ("b < 0") keeps the general walk.
			never++;
			continue;
		}
		for (int r = 0; r < 40; r++) {
			unsigned char rec[40];
			for (int i = 0; i < 40; i++) {
				unsigned pick = rng() % 8;
				rec[i] = static_cast<unsigned char>(pick == 0 ? 0 : pick == 1 ? 0xff : pick == 2 ? 0x80
								  : pick == 3 ? 0x7f : rng());
			}
			bool expect = true;
			for (const std::string &leaf : leaves)
				expect = expect && leaf_value(leaf, *fields.value(), rec);
			char comm[16] = {};
			MatchContext ctx{0, comm, nullptr};
			ASSERT_EQ(prog.value()->match(rec, ctx), expect) << text;
			ASSERT_EQ(prog.value()->match_chain(rec), expect) << text;
			ASSERT_EQ(prog.value()->match_numbers(rec), expect) << text;
			if (prog.value()->is_u32_pair()) {
				ASSERT_EQ(prog.value()->match_u32_pair(rec), expect) << text;
			}
		}
	}
	EXPECT_GT(chains, 2500);
	EXPECT_GT(u32_pairs, 100) << "enough of them with one or two tests";
	EXPECT_GT(never, 0) << "some conjunctions hold a predicate that can never be true";
}

TEST(FilterRandom, OnlyConjunctionsAreChains)
{
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	ASSERT_TRUE(fields.ok());
	struct Case {
		const char *text;
		bool chain;
	} cases[] = {
		{"a >= 0 && b > 15", true}, {"a == 1", true}, {"a != 1 && b != 2", true},
		{"a == 1 || b == 2", false}, {"!(a == 1 && b == 2)", false}, {"a == 1 && (b == 2 || c == 3)", false},
		{"a & 4 && b == 1", false}, {"b < 0 && a == 1", false}, {"s == \"ab\" && a == 1", false},
		{"!(a == 1) && b == 2", true},
	};
	for (const Case &c : cases) {
		ParseError err;
		auto prog = compile(c.text, *fields.value(), err);
		ASSERT_TRUE(prog.ok()) << c.text;
		EXPECT_EQ(prog.value()->is_chain(), c.chain) << c.text;
	}
}

TEST(FilterRandom, OneOrTwoUnsignedTestsArePairs)
{
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	ASSERT_TRUE(fields.ok());
	struct Case {
		const char *text;
		bool chain, pair;
	} cases[] = {
		{"b > 15", true, true}, {"b >= 0 && f > 15", true, true}, {"!(b == 3) && f != 4294967295", true, true},
		{"b > 1 && f > 2 && b < 9", true, false}, {"a > 1 && b > 2", true, false},
		{"b > 4294967295", true, false}, // no u32 value passes: the chain walk rejects all
		{"b == 1 || f == 2", false, false},
	};
	for (const Case &c : cases) {
		ParseError err;
		auto prog = compile(c.text, *fields.value(), err);
		ASSERT_TRUE(prog.ok()) << c.text;
		EXPECT_EQ(prog.value()->is_chain(), c.chain) << c.text;
		EXPECT_EQ(prog.value()->is_u32_pair(), c.pair) << c.text;
	}
	// The single test's partner always holds; the never-passing chain never does.
	unsigned char rec[40] = {};
	for (ktl::u32 v : {0u, 15u, 16u, 0xffffffffu}) {
		std::memcpy(rec + 12, &v, 4);
		ParseError err;
		auto one = compile("b > 15", *fields.value(), err);
		auto none = compile("b > 4294967295", *fields.value(), err);
		ASSERT_TRUE(one.ok() && none.ok());
		EXPECT_EQ(one.value()->match_u32_pair(rec), v > 15) << v;
		EXPECT_FALSE(none.value()->match_chain(rec)) << v;
	}
}

// narrow_to_u32 against a direct membership test, on ranges and values at
// the edges of both widths.
TEST(FilterRandom, RangesNarrowToU32)
{
	std::mt19937_64 rng(7);
	const ktl::u64 edges[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x100000000ull,
				  0x100000001ull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull - 1, ~0ull};
	auto pick = [&]() -> ktl::u64 {
		unsigned k = rng() % 4;
		ktl::u64 e = edges[rng() % (sizeof(edges) / sizeof(edges[0]))];
		return k == 0 ? rng() : k == 1 ? e : k == 2 ? e + rng() % 5 : e - rng() % 5;
	};
	int empty = 0, full = 0;
	for (int round = 0; round < 20000; round++) {
		ktl::u64 lo = pick(), span = pick();
		ktl::u32 lo32 = 0, span32 = 0;
		bool some = narrow_to_u32(lo, span, lo32, span32);
		empty += !some;
		full += some && span32 == ~0u;
		std::vector<ktl::u64> probes = {0, 0xffffffff, lo, lo - 1, lo + 1, lo + span, lo + span + 1,
						lo + span - 1};
		for (int i = 0; i < 8; i++)
			probes.push_back(rng() & 0xffffffff);
		bool any_inside = false;
		for (ktl::u64 v : probes) {
			v &= 0xffffffff;
			bool inside = v - lo <= span;
			any_inside |= inside;
			if (some) {
				ASSERT_EQ(static_cast<ktl::u32>(v - lo32) <= span32, inside)
					<< std::hex << "lo " << lo << " span " << span << " v " << v;
			}
		}
		if (!some) {
			ASSERT_FALSE(any_inside) << std::hex << "lo " << lo << " span " << span;
		}
	}
	EXPECT_GT(empty, 100);
	EXPECT_GT(full, 100);
}

TEST(FilterRandom, UnparenthesisedPrecedence)
{
	// && binds tighter than ||, and ! applies to the predicate or group after it.
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	ASSERT_TRUE(fields.ok());
	std::mt19937 rng(7);
	const char *preds[] = {"a == 1", "b == 1", "c == 1", "d == 1"};
	for (int round = 0; round < 300; round++) {
		int which[4];
		bool neg[4];
		bool and_op[3];
		std::string text;
		for (int i = 0; i < 4; i++) {
			which[i] = static_cast<int>(rng() % 4);
			neg[i] = rng() % 3 == 0;
			if (i) {
				and_op[i - 1] = rng() % 2;
				text += and_op[i - 1] ? " && " : " || ";
			}
			text += std::string(neg[i] ? "!" : "") + preds[which[i]];
		}
		ParseError err;
		auto prog = compile(text.c_str(), *fields.value(), err);
		ASSERT_TRUE(prog.ok()) << text;
		for (int r = 0; r < 16; r++) {
			unsigned char rec[40] = {};
			bool v[4];
			for (int f = 0; f < 4; f++) {
				bool on = (r >> f) & 1;
				if (on) {
					if (f == 0) rec[8] = 1;
					if (f == 1) rec[12] = 1;
					if (f == 2) rec[16] = 1;
					if (f == 3) rec[18] = 1;
				}
			}
			for (int i = 0; i < 4; i++)
				v[i] = (((r >> which[i]) & 1) != 0) != neg[i];
			// Sum of products: split on ||, each term a conjunction.
			bool result = false, term = v[0];
			for (int i = 1; i < 4; i++) {
				if (and_op[i - 1]) {
					term = term && v[i];
				} else {
					result = result || term;
					term = v[i];
				}
			}
			result = result || term;
			char comm[16] = {};
			MatchContext ctx{0, comm, nullptr};
			ASSERT_EQ(prog.value()->match(rec, ctx), result) << text << " record " << r;
			ASSERT_TRUE(prog.value()->numbers_only()) << text;
			ASSERT_EQ(prog.value()->match_numbers(rec), result) << text << " record " << r;
		}
	}
}
