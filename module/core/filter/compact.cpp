// SPDX-License-Identifier: GPL-2.0
// The record path's fast forms of a numeric program: compact steps, a conjunction's chain, the u32 pair.
#include "filter/filter.h"

namespace ktp::filter {

static_assert(kMaxPredicates + 1 <= 0xffff, "a compact step's target fits 16 bits");

namespace {

// Every predicate compares an event field (not the common header) with a number by a range.
bool qualifies(const Predicate *preds, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		const Predicate &p = preds[i];
		if (p.cls != FieldClass::Number || p.op == Op::Band || p.offset < sizeof(ktp_common_header))
			return false;
	}
	return true;
}

} // namespace

// The compact numeric program, when every predicate qualifies (without
// memory for it, the general walk serves: the fast form is only faster),
// then the chain and the pair where the program allows them.
void Program::build_compact_forms()
{
	if (count_ == 0 || !qualifies(preds_.data(), count_) || !ktl::Array<NumberStep>::create(numbers_, count_))
		return;
	for (unsigned int i = 0; i < count_; i++) {
		const Predicate &p = preds_[i];
		NumberStep &n = numbers_[i];
		n.where = step_where(p.offset, p.load);
		// A predicate holds when in-range differs from outside; the walk
		// branches when it equals when_to_branch.
		n.branch_if_in = steps_[i].when_to_branch != p.outside;
		n.next = static_cast<ktl::u16>(steps_[i].target + 1);
		n.flip = p.flip;
		n.lo = p.lo;
		n.span = p.span;
	}
	if (build_chain())
		build_u32_pair();
}

// A conjunction: every step either rejects at once (it branches to the
// reject slot, count_ + 1) or goes on, so each predicate must come out
// as the opposite of when_to_branch. Each step becomes "holds inside its
// range": a predicate that must be true outside [lo, lo + span] (or,
// negated, must be false inside it) must be true inside the complement,
// the range [lo + span + 1, lo - 1] of span ~span - 1 (wrapping round
// 2^64). A step that can never pass (outside everything) has no such
// range; its program keeps the general walk.
bool Program::build_chain()
{
	for (unsigned int i = 0; i < count_; i++)
		if (steps_[i].target != count_ ||
		    (preds_[i].outside != steps_[i].when_to_branch && preds_[i].span == ~0ull))
			return false;
	for (unsigned int i = 0; i < count_; i++) {
		NumberStep &n = numbers_[i];
		if (preds_[i].outside != steps_[i].when_to_branch) {
			n.lo = preds_[i].lo + preds_[i].span + 1;
			n.span = ~preds_[i].span - 1;
		}
		n.branch_if_in = false; // out of range: to the reject slot
		n.next = static_cast<ktl::u16>(count_ + 1);
	}
	chain_end_ = numbers_.data() + count_;
	return true;
}

// The pair: a chain of one or two steps, each on a u32 field (kind U32 is 0)
// with u32 values that pass.
void Program::build_u32_pair()
{
	if (count_ > 2)
		return;
	for (unsigned int i = 0; i < count_; i++) {
		if (numbers_[i].where > 0xffff)
			return;
		pair_[i].offset = numbers_[i].where;
		if (!narrow_to_u32(numbers_[i].lo, numbers_[i].span, pair_[i].lo, pair_[i].span))
			return; // no u32 value passes: the chain walk says so
	}
	if (count_ == 1)
		pair_[1] = U32Range{pair_[0].offset, 0, ~0u}; // always holds
	u32_pair_ = true;
}

// The range [lo, end] either stays below 2^64 or wraps round to [0, end];
// the u32 values are its part below 2^32, which mod 2^32 is one range.
bool narrow_to_u32(ktl::u64 lo, ktl::u64 span, ktl::u32 &lo32, ktl::u32 &span32)
{
	constexpr ktl::u64 kMax = 0xffffffffull;
	ktl::u64 end = lo + span;
	if (end >= lo) { // no wrap
		if (lo > kMax)
			return false;
		lo32 = static_cast<ktl::u32>(lo);
		span32 = static_cast<ktl::u32>((end < kMax ? end : kMax) - lo);
		return true;
	}
	// [lo, 2^64 - 1] and [0, end]
	ktl::u64 low_end = end < kMax ? end : kMax;
	if (lo > kMax) { // only the wrapped part holds u32 values
		lo32 = 0;
		span32 = static_cast<ktl::u32>(low_end);
	} else if (low_end + 1 >= lo) { // the two parts meet: every value
		lo32 = 0;
		span32 = ~0u;
	} else { // from lo up through 2^32 - 1, round to low_end
		lo32 = static_cast<ktl::u32>(lo);
		span32 = static_cast<ktl::u32>(low_end - lo);
	}
	return true;
}
} // namespace ktp::filter
