// SPDX-License-Identifier: GPL-2.0
// A compiled filter: its predicates and steps, and the compact, chain and u32-pair forms the record path runs inline.
//
// Predicate i either falls through to i+1 or, when its result equals
// when_to_branch[i], jumps to target[i]; two extra slots at the end mean
// "accept" and "reject". For "a == 1 && (b == 2 || !c == 3)":
//     0: a == 1   false -> 3 (reject)
//     1: b == 2   true  -> 4 (accept)
//     2: c == 3   true  -> 3 (reject)      [negated]
//     3: reject   4: accept
#pragma once

#include <ktp/event_abi.h>

#include "filter/fields.h"
#include "ktl/base.h"
#include "ktl/memory.h"

namespace ktp::filter {

enum class Op : ktl::u8 { Glob, Ne, Eq, Le, Lt, Ge, Gt, Band };

// How a string predicate compares (picked from the pattern's '*'s).
enum class Match : ktl::u8 { Full, Front, Middle, End, Glob };

// How a number field is loaded and widened to 64 bits: its width and
// signedness, the one encoding of the general walk and of the compact steps.
// U32, the common kind, is 0 (see Program::NumberStep).
enum class Load : ktl::u8 { U32, S32, U64, U16, S16, U8, S8 };

constexpr Load load_kind(unsigned int size, bool is_signed)
{
	switch (size) {
	case 4: return is_signed ? Load::S32 : Load::U32;
	case 8: return Load::U64;
	case 2: return is_signed ? Load::S16 : Load::U16;
	default: return is_signed ? Load::S8 : Load::U8;
	}
}

// The field at `field`, widened to 64 bits (sign-extended for the signed
// kinds); the common widths are tested first, in this order (no jump table).
[[gnu::always_inline]] inline ktl::u64 load_number(const ktl::u8 *field, Load kind)
{
	if (kind == Load::U32) {
		ktl::u32 v;
		__builtin_memcpy(&v, field, 4);
		return v;
	}
	if (kind == Load::S32) {
		ktl::s32 v;
		__builtin_memcpy(&v, field, 4);
		return static_cast<ktl::u64>(static_cast<ktl::s64>(v));
	}
	if (kind == Load::U64) {
		ktl::u64 v;
		__builtin_memcpy(&v, field, 8);
		return v;
	}
	if (kind == Load::U16 || kind == Load::S16) {
		ktl::u16 v;
		__builtin_memcpy(&v, field, 2);
		return kind == Load::U16 ? v : static_cast<ktl::u64>(static_cast<ktl::s16>(v));
	}
	ktl::u8 v = field[0];
	return kind == Load::U8 ? v : static_cast<ktl::u64>(static_cast<ktl::s8>(v));
}

// One compiled predicate; values already cast to the field's width. 64
// bytes, so that the general walk indexes it with a shift.
struct Predicate {
	Op op;
	FieldClass cls;
	bool negate; // the string/equality "not" (!=, or "!pattern" with ~)
	ktl::u8 size;
	bool is_signed;
	Match match; // string match kind
	ktl::u16 offset;
	ktl::u16 field_len;
	// A number field of no integer width (an array such as unsigned long
	// args[6]): native picks no comparison for it, so the predicate is false
	// whatever the operator ('!=' and '&' included); only '!' inverts it.
	bool never;
	// Numbers, lowered (see lower_number): a load, then one range test.
	Load load;
	bool outside; // true: the predicate holds outside [lo, lo + span]
	ktl::u16 pattern_len;
	ktl::u64 value;
	ktl::Array<char> pattern; // NUL-terminated
	ktl::u64 flip;            // xor applied after loading: maps signed order onto unsigned
	ktl::u64 lo, span;
};
static_assert(sizeof(Predicate) == 64);

// What evaluation needs besides the record.
struct MatchContext {
	int cpu;
	const char *comm; // 16 bytes
	// Copies a string from an untrusted kernel pointer; <0 on a fault.
	long (*copy_string)(char *dst, const char *src, long size);
};

class Program {
public:
	Program() = default;
	Program(const Program &) = delete;
	Program &operator=(const Program &) = delete;

	// True when the record passes the filter.
	bool match(const void *record, const MatchContext &ctx) const;
	unsigned int size() const { return count_; }
	// True when a predicate reads the current task's comm (the caller fetches it only then).
	bool needs_comm() const { return needs_comm_; }
	// True when a predicate reads the record's common header (common_pid, ...).
	bool needs_common() const { return needs_common_; }
	// Every predicate compares an event field with a number (no strings, CPU,
	// comm, '&' or common field): match_numbers() gives match()'s answer
	// through a compact copy of the program, without a context.
	bool numbers_only() const { return numbers_.data() != nullptr; }
	// Inline: the record path runs it without a call of its own.
	bool match_numbers(const void *record) const
	{
		const auto *rec = static_cast<const ktl::u8 *>(record);
		const NumberStep *steps = numbers_.data();
		const NumberStep *n = steps, *end = steps + count_;
		while (n < end) {
			bool in = (load_step(*n, rec) ^ n->flip) - n->lo <= n->span;
			n = in == n->branch_if_in ? steps + n->next : n + 1;
		}
		return n == end; // slot count_ accepts, count_ + 1 rejects
	}
	// A conjunction of numeric predicates ("a >= 0 && b > 15"): the
	// compact steps are ranges that must all hold, in order, with no
	// targets to follow. match_chain() gives match()'s answer.
	bool is_chain() const { return chain_end_ != nullptr; }
	// A chain of one or two tests on 32-bit unsigned fields ("b > 15", "a >=
	// 1 && b < 10": the usual filter): each narrowed to a 32-bit range, so
	// that match_u32_pair() tests them with no loop and no width test (a
	// single test is paired with one that always holds).
	bool is_u32_pair() const { return u32_pair_; }
	bool match_u32_pair(const void *record) const
	{
		const auto *rec = static_cast<const ktl::u8 *>(record);
		ktl::u32 first, second;
		__builtin_memcpy(&first, rec + pair_[0].offset, 4);
		if (first - pair_[0].lo > pair_[0].span)
			return false;
		__builtin_memcpy(&second, rec + pair_[1].offset, 4);
		return second - pair_[1].lo <= pair_[1].span;
	}
	bool match_chain(const void *record) const
	{
		const auto *rec = static_cast<const ktl::u8 *>(record);
		const NumberStep *n = numbers_.data(); // a chain has at least one step
		do {
			if ((load_step(*n, rec) ^ n->flip) - n->lo > n->span)
				return false;
		} while (++n != chain_end_);
		return true;
	}

private:
	friend class Compiler;
	struct Step {
		ktl::u32 target;
		bool when_to_branch;
	};
	// One numeric predicate and its step, 32 bytes: load the field as its
	// Load kind says, xor flip, and "in range" is (x - lo) <= span; the
	// walk jumps to step next when that equals branch_if_in, and goes on to
	// the following step otherwise. The field's offset and kind share one
	// word (offset | kind << 16), so that the common kind, U32 (0), is told
	// by the word alone being below 2^16.
	struct NumberStep {
		ktl::u32 where;
		bool branch_if_in;
		ktl::u16 next; // at most kMaxPredicates + 1
		ktl::u64 flip, lo, span;
	};
	static_assert(sizeof(NumberStep) == 32);
	static constexpr ktl::u32 step_where(ktl::u16 offset, Load kind)
	{
		return offset | static_cast<ktl::u32>(kind) << 16;
	}
	// A step's field, widened to 64 bits: a U32 field by the word alone.
	static ktl::u64 load_step(const NumberStep &n, const ktl::u8 *rec)
	{
		ktl::u32 where = n.where;
		if (__builtin_expect(where <= 0xffff, 1)) {
			ktl::u32 v;
			__builtin_memcpy(&v, rec + where, 4);
			return v;
		}
		return load_number(rec + (where & 0xffff), static_cast<Load>(where >> 16));
	}

	// The compact, chain and u32-pair forms, where they apply (compact.cpp).
	void build_compact_forms();
	bool build_chain();
	void build_u32_pair();

	ktl::Array<Predicate> preds_;
	ktl::Array<Step> steps_; // count_ + 2 entries used: the last two are accept, reject
	ktl::Array<NumberStep> numbers_; // the compact form, when every predicate qualifies
	unsigned int count_ = 0;
	bool needs_comm_ = false;
	bool needs_common_ = false;
	const NumberStep *chain_end_ = nullptr; // numbers_ + count_ when they make a conjunction
	// The u32 pair: the values of the field at offset that pass are lo .. lo + span (mod 2^32).
	struct U32Range {
		ktl::u32 offset, lo, span;
	};
	U32Range pair_[2] = {};
	bool u32_pair_ = false;
};

// The values of a 32-bit unsigned field inside the 64-bit range [lo, lo +
// span] (mod 2^64), as a range mod 2^32: always one such range, or none.
bool narrow_to_u32(ktl::u64 lo, ktl::u64 span, ktl::u32 &lo32, ktl::u32 &span32);

// Input limits (all bounded; the predicate count by native's 16384).
inline constexpr ktl::size_t kMaxFilterLength = 8192;
inline constexpr ktl::size_t kMaxStringValue = 256; // native MAX_FILTER_STR_VAL
inline constexpr unsigned int kMaxPredicates = 16384;

} // namespace ktp::filter
