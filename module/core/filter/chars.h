// SPDX-License-Identifier: GPL-2.0
// The character classes and C-string helpers the filter's passes share (as native's isspace, isdigit, isalnum).
#pragma once

#include "ktl/base.h"

namespace ktp::filter {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

inline ktl::size_t str_len(const char *s)
{
	ktl::size_t n = 0;
	while (s[n])
		n++;
	return n;
}

inline bool str_equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

inline bool str_contains(const char *hay, const char *needle)
{
	ktl::size_t n = str_len(needle);
	for (; *hay; hay++) {
		ktl::size_t i = 0;
		while (i < n && hay[i] == needle[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

} // namespace ktp::filter
