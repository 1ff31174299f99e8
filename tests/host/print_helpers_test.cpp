// SPDX-License-Identifier: GPL-2.0
// Host tests of the print helpers (ktp_print_flags, ktp_print_symbolic): native's rendering and format text.
#include <gtest/gtest.h>

#include <string>

#define KTP_CREATE_EVENTS
#include <ktp/event.h>

#include "output/print_format.h"
#include "output/text.h"

KTP_TRACE_EVENT(host_print, print_helpers,
	KTP_PROTO(unsigned int flags, int state),
	KTP_ARGS(flags, state),
	KTP_STRUCT(
		ktp_field(unsigned int, flags)
		ktp_field(int, state)
	),
	KTP_ASSIGN(
		__entry->flags = flags;
		__entry->state = state;
	),
	KTP_PRINT("flags=%s state=%s", ktp_print_flags(__entry->flags, "|", { 1, "A" }, { 2, "B" }, { 6, "BC" }),
		  ktp_print_symbolic(__entry->state, { 0, "idle" }, { (unsigned long long)-1, "gone" }))
)

extern "C" const ktp_describe_fn __start_ktp_events[], __stop_ktp_events[];

namespace {

std::string render(unsigned int flags, int state)
{
	const ktp_event_desc *d = nullptr;
	for (const ktp_describe_fn *f = __start_ktp_events; f < __stop_ktp_events; f++)
		if (std::string((*f)()->name) == "print_helpers")
			d = (*f)();
	EXPECT_NE(d, nullptr);
	unsigned char rec[64] = {};
	__builtin_memcpy(rec + 8, &flags, 4);
	__builtin_memcpy(rec + 12, &state, 4);
	char out[256];
	d->print(out, sizeof(out), rec);
	return out;
}

} // namespace

TEST(PrintHelpers, FlagsAsNative)
{
	EXPECT_EQ(render(0, 0), "flags= state=idle");
	EXPECT_EQ(render(1, 0), "flags=A state=idle");
	EXPECT_EQ(render(3, 0), "flags=A|B state=idle");
	// A multi-bit mask matches only when all its bits are set; what no name covers follows in hex.
	EXPECT_EQ(render(4, 0), "flags=0x4 state=idle");
	EXPECT_EQ(render(7, 0), "flags=A|B|0x4 state=idle");
	EXPECT_EQ(render(0x16, 0), "flags=B|0x14 state=idle");
}

TEST(PrintHelpers, SymbolicAsNative)
{
	EXPECT_EQ(render(0, -1), "flags= state=gone");
	EXPECT_EQ(render(0, 5), "flags= state=0x5");
}

TEST(PrintHelpers, FormatShowsNativeHelpers)
{
	ktp::TextBuffer out;
	ASSERT_TRUE(ktp::render_print_fmt("KTP_PRINT(\"f=%s\", ktp_print_flags(__entry->flags, \"|\", { 1, \"A\" }))", out));
	EXPECT_EQ(std::string(out.data()), "\"f=%s\", __print_flags(REC->flags, \"|\", { 1, \"A\" })");
}

TEST(PrintHelpers, ScratchNeverOverflows)
{
	ktp_print_scratch s;
	s.used = 0;
	static const ktp_symbol names[] = {{1, "a-rather-long-flag-name-that-fills-the-scratch-space-quickly"}, {0, nullptr}};
	for (int i = 0; i < 40; i++) {
		const char *t = ktp_render_flags(&s, 3, "|", names);
		ASSERT_LE(s.used, sizeof(s.buf));
		ASSERT_LT(t, s.buf + sizeof(s.buf));
	}
}
