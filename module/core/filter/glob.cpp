// SPDX-License-Identifier: GPL-2.0
// Glob matching as ftrace does it: '*', '?', '[...]' (ranges, '!' negation), '\' escapes.
#include "filter/filter.h"

namespace ktp::filter {

namespace {

enum class ClassResult : ktl::u8 { Match, NoMatch, Malformed };

// A class after its '[': '!' negates, a-z ranges, up to ']'. On a match,
// pat moves past the class; a class with no ']' is malformed.
ClassResult match_class(const unsigned char *&pat, unsigned char c)
{
	bool matched = false, inverted = *pat == '!';
	const unsigned char *cls = pat + inverted;
	unsigned char a = *cls++;
	do {
		unsigned char b = a;
		if (a == 0)
			return ClassResult::Malformed;
		if (cls[0] == '-' && cls[1] != ']') {
			b = cls[1];
			if (b == 0)
				return ClassResult::Malformed;
			cls += 2;
		}
		matched |= a <= c && c <= b;
	} while ((a = *cls++) != ']');
	if (matched == inverted)
		return ClassResult::NoMatch;
	pat = cls;
	return ClassResult::Match;
}

} // namespace

static constinit bool glob_class_needs_char = false;

void set_glob_class_needs_char(bool on) { glob_class_needs_char = on; }

// Glob: '*' any run, '?' any one character, '[...]' a class ('!' negates,
// a-z ranges; a malformed class is literal), '\' takes the next character
// literally. Past len the string reads as NUL; only one level of
// backtracking is ever needed, since '*' matches everything.
bool glob_match(const char *pattern, const char *string, ktl::size_t len)
{
	auto pat = reinterpret_cast<const unsigned char *>(pattern);
	auto str = reinterpret_cast<const unsigned char *>(string);
	const unsigned char *end = str + len;
	const unsigned char *back_pat = nullptr, *back_str = nullptr;
	for (;;) {
		unsigned char c = str >= end ? 0 : *str;
		unsigned char d = *pat++;
		str++;
		switch (d) {
		case '?':
			if (c == 0)
				return false;
			continue;
		case '*':
			if (*pat == 0)
				return true;
			back_pat = pat;
			back_str = --str;
			continue;
		case '[': {
			if (c == 0 && glob_class_needs_char)
				return false;
			ClassResult r = match_class(pat, c);
			if (r == ClassResult::Match)
				continue;
			if (r == ClassResult::Malformed && c == d)
				continue; // a malformed class: '[' is a literal character
			break;
		}
		case '\\':
			d = *pat++;
			[[fallthrough]];
		default:
			if (c == d) {
				if (d == 0)
					return true;
				continue;
			}
			break;
		}
		// Mismatch: retry from the last '*', one character further.
		if (c == 0 || !back_pat)
			return false;
		pat = back_pat;
		str = ++back_str;
	}
}

} // namespace ktp::filter
