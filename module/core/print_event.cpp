// SPDX-License-Identifier: GPL-2.0
// ftrace:print, the event trace_marker writes: native's layout (ip, then the text), no enable file.
#include <ktp/event_abi.h>

#include "print_event.h"

namespace ktp {

namespace {

int print_marker(char *buf, ktp_size_t len, const void *record)
{
	return ktp_snprintf(buf, len, "tracing_mark_write: %s", static_cast<const char *>(record) + 16);
}

constinit ktp_event g_print_event = {0, 0, nullptr, nullptr};

const ktp_field_desc g_print_fields[] = {
	{"unsigned long", "ip", 8, 8, 0, KTP_FIELD_INT, 0},
	{"char[]", "buf", 16, 0, 1, KTP_FIELD_ARRAY, 0},
	{nullptr, nullptr, 0, 0, 0, 0, 0},
};

const ktp_event_desc g_print_desc = {
	"ftrace", "print", g_print_fields, 2, 16, "\"%ps: %s\", (void *)__entry->ip, __entry->buf",
	print_marker, &g_print_event, nullptr,
};

const ktp_event_desc *describe_print() { return &g_print_desc; }

} // namespace

// Registered with ktp's own events, through the ktp_events section.
__attribute__((used, section("ktp_events"), aligned(8))) constinit ktp_describe_fn g_print_describe = describe_print;

ktp_event *print_event() { return &g_print_event; }
bool is_print_event(const ktp_event_desc &desc) { return &desc == &g_print_desc; }

} // namespace ktp
