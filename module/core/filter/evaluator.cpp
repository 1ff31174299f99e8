// SPDX-License-Identifier: GPL-2.0
// The general evaluator: one forward walk over a program's predicates, with native's string tests.
#include "filter/chars.h"
#include "filter/filter.h"

namespace ktp::filter {

namespace {

// The string tests of native, over a string that may not be terminated:
// len is the field's length (0: terminated).
bool match_string(const char *pat, ktl::size_t plen, Match kind, const char *str, ktl::size_t len)
{
	switch (kind) {
	case Match::Full: {
		if (!len)
			return str_equal(str, pat);
		if (len < plen)
			return false;
		for (ktl::size_t i = 0; i < len; i++) {
			if (str[i] != pat[i])
				return false;
			if (!str[i])
				return true;
		}
		return true;
	}
	case Match::Front:
		if (len && len < plen)
			return false;
		for (ktl::size_t i = 0; i < plen; i++)
			if (str[i] != pat[i])
				return false;
		return true;
	case Match::Middle: {
		// Bounded by len, not by a NUL: native scans the whole field.
		ktl::size_t n = len ? len : ktl::c_length(str);
		if (plen == 0)
			return true;
		if (n < plen)
			return false;
		const char first = pat[0];
		for (const char *at = str, *last = str + (n - plen); at <= last; at++) {
			if (*at != first)
				continue; // the usual case: one compare per position
			ktl::size_t k = 1;
			while (k < plen && at[k] == pat[k])
				k++;
			if (k == plen)
				return true;
		}
		return false;
	}
	case Match::End: {
		if (!len)
			return false; // native compares at len - 1: never for terminated strings
		ktl::size_t n = len - 1;
		if (n < plen)
			return false;
		for (ktl::size_t i = 0; i < plen; i++)
			if (str[n - plen + i] != pat[i])
				return false;
		return true;
	}
	case Match::Glob:
		return glob_match(pat, str, len ? len : ktl::c_length(str) + 1);
	}
	return false;
}

bool match_string(const Predicate &p, const char *str, ktl::size_t len)
{
	return match_string(p.pattern.data(), p.pattern_len, p.match, str, len);
}

template <typename T> T load(const void *record, ktl::u16 offset)
{
	T v;
	__builtin_memcpy(&v, static_cast<const char *>(record) + offset, sizeof(T));
	return v;
}

// Every numeric predicate but '&' is one range test on the widened value
// (see lower_number): (x ^ flip - lo) <= span, inverted when outside.
inline __attribute__((always_inline)) bool eval_number(const Predicate &p, const void *rec)
{
	ktl::u64 x = load_number(static_cast<const ktl::u8 *>(rec) + p.offset, p.load);
	if (p.op == Op::Band)
		return (x & p.value) != 0;
	x ^= p.flip;
	return ((x - p.lo) <= p.span) != p.outside;
}

bool eval_cpu(const Predicate &p, int cpu)
{
	int v = static_cast<int>(p.value);
	switch (p.op) {
	case Op::Eq: return cpu == v;
	case Op::Ne: return cpu != v;
	case Op::Lt: return cpu < v;
	case Op::Le: return cpu <= v;
	case Op::Gt: return cpu > v;
	case Op::Ge: return cpu >= v;
	default: return false;
	}
}

// A char * field: the string is copied (safely) first; kept out of line so
// that the common predicates need no large stack frame.
__attribute__((noinline)) bool eval_char_ptr(const Predicate &p, const void *rec, const MatchContext &ctx)
{
	const char *ptr = load<const char *>(rec, p.offset);
	char copy[256];
	if (!ctx.copy_string || ctx.copy_string(copy, ptr, sizeof(copy)) < 0)
		return false; // a fault is no match
	copy[sizeof(copy) - 1] = 0;
	return match_string(p, copy, ktl::c_length(copy) + 1) != p.negate;
}

inline __attribute__((always_inline)) bool eval(const Predicate &p, const void *rec, const MatchContext &ctx)
{
	switch (p.cls) {
	case FieldClass::Number:
		return eval_number(p, rec);
	case FieldClass::Cpu:
		return eval_cpu(p, ctx.cpu);
	case FieldClass::Comm:
		return match_string(p, ctx.comm, 16) != p.negate;
	case FieldClass::StaticString:
		return match_string(p, static_cast<const char *>(rec) + p.offset, p.field_len) != p.negate;
	case FieldClass::DynString: {
		ktl::u32 loc = load<ktl::u32>(rec, p.offset);
		const char *str = static_cast<const char *>(rec) + (loc & 0xffff);
		return match_string(p, str, loc >> 16) != p.negate;
	}
	case FieldClass::CharPtr:
		return eval_char_ptr(p, rec, ctx);
	}
	return false;
}

} // namespace

KTP_NOTRACE bool Program::match(const void *record, const MatchContext &ctx) const
{
	// One forward walk: a predicate whose result equals when_to_branch jumps.
	unsigned int i = 0;
	while (i < count_) {
		bool result = eval(preds_.data()[i], record, ctx);
		if (result == steps_.data()[i].when_to_branch)
			i = steps_.data()[i].target + 1;
		else
			i++;
	}
	return steps_.data()[i].target != 0; // slot count_: accept, count_ + 1: reject
}

} // namespace ktp::filter
