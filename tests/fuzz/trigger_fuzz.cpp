// SPDX-License-Identifier: GPL-2.0
// libFuzzer target: any text through the trigger parser; every part it returns lies inside the text.
//
// parse_trigger splits "[!]cmd[:sys:event][:count] [if filter]" into views
// of the caller's text: a view that points outside it, or a command that is
// not one of the table's, is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "events/triggers.h"

namespace {

void must(bool ok, const char *what)
{
	if (!ok) {
		std::fprintf(stderr, "trigger_fuzz: %s\n", what);
		std::abort();
	}
}

void inside(const ktl::StringView &v, const char *text, size_t len, const char *what)
{
	if (v.size() == 0)
		return;
	must(v.data() >= text && v.data() + v.size() <= text + len, what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	// A copy of exactly size bytes, so that ASan sees any read past it.
	std::vector<char> text(data, data + size);
	auto spec = ktp::parse_trigger(text.data(), size);
	if (!spec.ok())
		return 0;
	const ktp::TriggerSpec &s = spec.value();
	must(s.command != nullptr, "a parsed trigger without a command");
	inside(s.target_system, text.data(), size, "target system outside the text");
	inside(s.target_event, text.data(), size, "target event outside the text");
	inside(s.count, text.data(), size, "count outside the text");
	inside(s.filter, text.data(), size, "filter outside the text");
	return 0;
}
