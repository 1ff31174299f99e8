// SPDX-License-Identifier: GPL-2.0
// The lowering: the postfix form to the flat program's jumps, and each numeric predicate to a load and a range test.
#include "filter/passes.h"

namespace ktp::filter {

namespace {

// Every numeric predicate but '&' is one range test on the widened value:
// after xoring the sign bit, signed order is unsigned order, so x < v is
// x in [0, v - 1], x >= v is x in [v, max], x != v is x outside [v, v].
// The test is then (x - lo) <= span: one subtraction and one comparison.
void lower_range(Predicate &p, ktl::u64 key)
{
	p.outside = false;
	p.lo = 0;
	p.span = ~0ull;
	switch (p.op) {
	case Op::Eq:
	case Op::Ne:
		p.lo = key;
		p.span = 0;
		p.outside = p.negate;
		return;
	case Op::Lt:
		if (key == 0)
			p.outside = true; // nothing is below the smallest value
		else
			p.span = key - 1;
		return;
	case Op::Le:
		p.span = key;
		return;
	case Op::Gt:
		if (key == ~0ull) {
			p.outside = true;
		} else {
			p.lo = key + 1;
			p.span = ~0ull - p.lo;
		}
		return;
	case Op::Ge:
		p.lo = key;
		p.span = ~0ull - key;
		return;
	default:
		p.outside = true; // no other operator applies to numbers
		return;
	}
}

} // namespace

// Fills a numeric predicate's load and range from its op, size, sign and value.
void lower_number(Predicate &p)
{
	if (p.never) {
		// One byte of the field is loaded (in bounds whatever its size) and
		// tested against an empty range: every path gives false.
		p.size = 1;
		p.is_signed = false;
		p.load = Load::U8;
		p.op = Op::Eq;
		p.negate = false;
		p.flip = 0;
		p.lo = 0;
		p.span = ~0ull;
		p.outside = true;
		return;
	}
	unsigned int bits = p.size * 8u;
	ktl::u64 mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
	ktl::u64 v = p.value & mask;
	if (p.op == Op::Band) {
		// The field is compared at its own width: zero-extend both sides.
		p.load = load_kind(p.size, false);
		p.value = v;
		return;
	}
	p.load = load_kind(p.size, p.is_signed);
	if (p.is_signed && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~mask; // sign-extend the value like the field
	p.flip = p.is_signed ? 1ull << 63 : 0;
	lower_range(p, v ^ p.flip);
}

// Replays the postfix form as native builds its program: a predicate's
// target is first "the one before it" (a chain of pending predicates); a
// connective links that chain to branch past its last predicate, on false
// for '&&' and on true for '||' (the other way round under a negation).
// Then a jump to a jump on the same condition goes straight on, and the
// negations fold into the branch conditions.
ktl::Status Compiler::lower(Program &prog, const Parsed &parsed)
{
	ktl::Array<int> &target = ws_.target;
	ktl::Array<bool> &branch = ws_.branch;
	unsigned int n = 0;
	for (unsigned int k = 0; k < parsed.nodes; k++) {
		const Node &node = ws_.postfix[k];
		if (node.kind == NodeKind::Predicate) {
			ws_.inverts[n] = node.invert;
			target[n] = static_cast<int>(n) - 1;
			n++;
			continue;
		}
		// Links the pending chain of predicate n - 1 to branch past it.
		auto t = static_cast<ktl::size_t>(target[n - 1]);
		int s = target[t];
		branch[t] = node.kind == NodeKind::And ? node.invert : !node.invert;
		target[t] = static_cast<int>(n - 1);
		target[n - 1] = s;
	}
	// The accept and reject slots, and the last predicate falls to accept.
	target[n] = 1;
	target[n + 1] = 0;
	target[n - 1] = static_cast<int>(n);
	branch[n - 1] = false;
	for (unsigned int i = n - 1; i--;) {
		auto t = static_cast<ktl::size_t>(target[i]);
		if (branch[i] == branch[t])
			target[i] = target[t];
	}
	for (unsigned int i = 0; i < n; i++) {
		branch[i] = ws_.inverts[i] != branch[i];
		if (target[i] <= static_cast<int>(i))
			return report_.fail(KTP_EINVAL, ErrorCode::None, 0);
	}
	for (unsigned int i = 0; i < n + 2; i++)
		prog.steps_[i] = Program::Step{static_cast<ktl::u32>(target[i]), branch[i]};
	for (unsigned int k = 0; k < n; k++) {
		Predicate &p = prog.preds_[k];
		prog.needs_comm_ |= p.cls == FieldClass::Comm;
		if (p.cls == FieldClass::Number) {
			lower_number(p);
			prog.needs_common_ |= p.offset < sizeof(ktp_common_header);
		}
	}
	return ktl::Status::success();
}

} // namespace ktp::filter
