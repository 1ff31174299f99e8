// SPDX-License-Identifier: GPL-2.0
// The texts of native's filter errors, and the read-back of a failed filter (text, caret line, message).
#include "filter/chars.h"
#include "filter/filter.h"

namespace ktp::filter {

namespace {

constexpr const char *kErrorText[] = {
#define KTP_FILTER_ERROR_TEXT(name, text) text,
	KTP_FILTER_ERRORS(KTP_FILTER_ERROR_TEXT)
#undef KTP_FILTER_ERROR_TEXT
};

} // namespace

const char *error_text(ErrorCode code)
{
	auto i = static_cast<unsigned>(code);
	return i < sizeof(kErrorText) / sizeof(kErrorText[0]) ? kErrorText[i] : "Error";
}

bool render_error(const char *text, const ParseError &error, TextBuffer &out)
{
	int len = static_cast<int>(ktl::c_length(text));
	int pos = error.pos > len ? len : error.pos;
	if (pos)
		pos++; // native's caret column
	out.append(text);
	if (error.code != ErrorCode::None) {
		out.printf("\n%*s", pos, "^");
		out.printf("\nparse_error: %s\n", error_text(error.code));
	} else {
		out.printf("\nError: (%d)\n", static_cast<int>(error.code));
	}
	return !out.failed();
}

ktl::size_t trimmed_length(const char *text)
{
	return ktl::StringView(text).trim_right(is_space).size();
}

} // namespace ktp::filter
