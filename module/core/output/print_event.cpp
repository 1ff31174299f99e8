// SPDX-License-Identifier: GPL-2.0
// ftrace:print (trace_marker's event) and ftrace:kernel_stack (the stacktrace trigger's): native's layouts, no enable file.
#include <ktp/event_abi.h>

#include "output/print_event.h"

namespace ktp {

namespace {

int print_marker(char *buf, ktp_size_t len, const void *record)
{
	return ktp_snprintf(buf, len, "tracing_mark_write: %s", static_cast<const char *>(record) + KTP_PRINT_BUF_OFFSET);
}

constinit ktp_event g_print_event = {0, 0, nullptr, nullptr, nullptr, 0};

// buf's signedness is char's as the kernel is compiled (unsigned from 6.2's
// -funsigned-char, which the core gets too), as native's is_signed_type(char).
constexpr int kCharSigned = static_cast<char>(-1) < 0 ? 1 : 0;

const ktp_field_desc g_print_fields[] = {
	{"unsigned long", "ip", KTP_PRINT_IP_OFFSET, 8, 0, KTP_FIELD_INT, 0},
	{"char[]", "buf", KTP_PRINT_BUF_OFFSET, 0, kCharSigned, KTP_FIELD_ARRAY, 0},
	{nullptr, nullptr, 0, 0, 0, 0, 0},
};

const ktp_event_desc g_print_desc = {
	"ftrace", "print", g_print_fields, 2, KTP_PRINT_BUF_OFFSET, "\"%ps: %s\", (void *)__entry->ip, __entry->buf",
	print_marker, &g_print_event, nullptr,
};

const ktp_event_desc *describe_print() { return &g_print_desc; }

// ftrace:kernel_stack, what the stacktrace trigger records (native's layout: size, then callers).
int print_stack(char *buf, ktp_size_t len, const void *record)
{
	const auto *rec = static_cast<const unsigned char *>(record);
	int n;
	__builtin_memcpy(&n, rec + KTP_STACK_SIZE_OFFSET, 4);
	int used = ktp_snprintf(buf, len, "<stack trace>\n");
	for (int i = 0; i < n && used >= 0 && static_cast<ktp_size_t>(used) < len; i++) {
		unsigned long ip;
		__builtin_memcpy(&ip, rec + KTP_STACK_CALLERS_OFFSET + 8 * i, 8);
		used += ktp_snprintf(buf + used, len - used, " => %ps\n", reinterpret_cast<void *>(ip));
	}
	return used;
}

constinit ktp_event g_stack_event = {0, 0, nullptr, nullptr, nullptr, 0};

const ktp_field_desc g_stack_fields[] = {
	{"int", "size", KTP_STACK_SIZE_OFFSET, 4, 1, KTP_FIELD_INT, 0},
	{"unsigned long[8]", "caller", KTP_STACK_CALLERS_OFFSET, 64, 0, KTP_FIELD_ARRAY, 8},
	{nullptr, nullptr, 0, 0, 0, 0, 0},
};

const ktp_event_desc g_stack_desc = {
	"ftrace", "kernel_stack", g_stack_fields, 2, KTP_STACK_CALLERS_OFFSET,
	"\"\\t=> %ps\\n\\t=> %ps\\n\\t=> %ps\\n\" \"\\t=> %ps\\n\\t=> %ps\\n\\t=> %ps\\n\" \"\\t=> %ps\\n\\t=> %ps\\n\", "
	"(void *)__entry->caller[0], (void *)__entry->caller[1], (void *)__entry->caller[2], (void *)__entry->caller[3], "
	"(void *)__entry->caller[4], (void *)__entry->caller[5], (void *)__entry->caller[6], (void *)__entry->caller[7]",
	print_stack, &g_stack_event, nullptr,
};

const ktp_event_desc *describe_stack() { return &g_stack_desc; }

} // namespace

// Registered with ktp's own events, through the ktp_events section.
__attribute__((used, section("ktp_events"), aligned(8))) constinit ktp_describe_fn g_print_describe = describe_print;
__attribute__((used, section("ktp_events"), aligned(8))) constinit ktp_describe_fn g_stack_describe = describe_stack;

ktp_event *print_event() { return &g_print_event; }
ktp_event *kernel_stack_event() { return &g_stack_event; }

} // namespace ktp
