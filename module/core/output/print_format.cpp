// SPDX-License-Identifier: GPL-2.0
// Rewrites a print format as written in an event definition into native's "print fmt" form.
#include "output/print_format.h"
#include "ktl/string_view.h"

namespace ktp {

bool render_print_fmt(const char *written, TextBuffer &out)
{
	static const char kWrapper[] = "KTP_PRINT(";
	const char *p = written;
	const char *end = written + ktl::c_length(written);
	if (ktl::StringView(written).starts_with(kWrapper) && end > p && end[-1] == ')') {
		p += sizeof(kWrapper) - 1;
		end--;
	}
	struct Rewrite {
		const char *from, *to;
	} rewrites[] = {{"__entry->", "REC->"},
			{"ktp_get_str(", "__get_str("},
			{"ktp_print_flags(", "__print_flags("},
			{"ktp_print_symbolic(", "__print_symbolic("}};
	bool in_string = false;
	char piece[2] = {0, 0};
	while (p < end) {
		if (*p == '"' && (p == written || p[-1] != '\\'))
			in_string = !in_string;
		bool rewritten = false;
		if (!in_string) {
			for (const Rewrite &r : rewrites) {
				ktl::StringView from(r.from);
				if (ktl::StringView(p, static_cast<ktl::size_t>(end - p)).starts_with(from)) {
					if (!out.append(r.to))
						return false;
					p += from.size();
					rewritten = true;
					break;
				}
			}
		}
		if (rewritten)
			continue;
		piece[0] = *p++;
		if (!out.append(piece))
			return false;
	}
	return !out.failed();
}

} // namespace ktp
