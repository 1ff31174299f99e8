// SPDX-License-Identifier: GPL-2.0
// Rewrites a print format as written in an event definition into native's "print fmt" form.
#include "output/print_format.h"
#include "events/registry.h"

namespace ktp {

namespace {

bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

} // namespace

bool render_print_fmt(const char *written, TextBuffer &out)
{
	static const char kWrapper[] = "KTP_PRINT(";
	const char *p = written;
	const char *end = written;
	while (*end)
		end++;
	if (starts_with(p, kWrapper) && end > p && end[-1] == ')') {
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
				if (starts_with(p, r.from)) {
					if (!out.append(r.to))
						return false;
					p += length(r.from);
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
