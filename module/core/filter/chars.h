// SPDX-License-Identifier: GPL-2.0
// The character classes the filter's passes share (as native's isspace, isdigit, isalnum), and the record path's string compare.
#pragma once

#include "ktl/base.h"
#include "ktl/string_view.h"

namespace ktp::filter {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Two NUL-terminated strings equal, compared as they are walked (neither
// measured first): the '==' of a string predicate on the record path.
inline bool str_equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

} // namespace ktp::filter
