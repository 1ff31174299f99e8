// SPDX-License-Identifier: GPL-2.0
// Host tests of ktl::StringView: absent and empty views, bounds, finds, strsep-style splits, trims and compares.
#include <gtest/gtest.h>

#include <string>

#include "ktl/string_view.h"

using ktl::StringView;

namespace {

std::string str(StringView v) { return v.absent() ? "<absent>" : std::string(v.data(), v.size()); }

TEST(StringView, AbsentIsNotEmptyText)
{
	StringView none;
	EXPECT_TRUE(none.absent());
	EXPECT_TRUE(none.empty());
	StringView empty("");
	EXPECT_FALSE(empty.absent());
	EXPECT_TRUE(empty.empty());
	EXPECT_TRUE(none == empty) << "equal as text";
}

TEST(StringView, CStringsAreMeasuredWithoutTheirNul)
{
	StringView s("sched_switch");
	EXPECT_EQ(s.size(), 12u);
	EXPECT_EQ(ktl::c_length("a\0b"), 1u);
	static_assert(StringView("abc").size() == 3, "usable at compile time");
}

TEST(StringView, SubstrClampsAndIndexingTraps)
{
	StringView s("abcdef");
	EXPECT_EQ(str(s.substr(2, 3)), "cde");
	EXPECT_EQ(str(s.substr(4)), "ef");
	EXPECT_EQ(str(s.substr(9)), "") << "clamped, not out of range";
	EXPECT_FALSE(s.substr(9).absent());
	EXPECT_EQ(str(s.first(100)), "abcdef");
	EXPECT_EQ(s[5], 'f');
	EXPECT_DEATH((void)s[6], "ktp_trap");
}

TEST(StringView, UpToNulStopsWhereACopiedWriteEnds)
{
	const char text[] = {'a', 'b', 0, 'c'};
	EXPECT_EQ(str(StringView(text, sizeof(text)).up_to_nul()), "ab");
	EXPECT_EQ(str(StringView("abc", 3).up_to_nul()), "abc");
}

TEST(StringView, Finds)
{
	StringView s("sys:event:5");
	EXPECT_EQ(s.find(':'), 3u);
	EXPECT_EQ(s.find('x'), StringView::npos);
	EXPECT_EQ(s.find_first_of("5e"), 4u);
	EXPECT_EQ(s.find_first_of(""), StringView::npos);
	EXPECT_TRUE(s.contains("event"));
	EXPECT_TRUE(s.contains(""));
	EXPECT_FALSE(s.contains("events"));
	EXPECT_FALSE(StringView("ev").contains("event")) << "a needle longer than the text";
	EXPECT_TRUE(s.starts_with("sys:"));
	EXPECT_FALSE(s.starts_with("sys:event:55"));
}

TEST(StringView, SplitIsStrsep)
{
	StringView rest;
	StringView text("enable_event:sched:sched_switch:5 if pid > 1");
	EXPECT_EQ(str(text.split(": \t", rest)), "enable_event");
	EXPECT_EQ(str(rest), "sched:sched_switch:5 if pid > 1");
	StringView target = rest.split(" \t", rest);
	EXPECT_EQ(str(target), "sched:sched_switch:5");
	EXPECT_EQ(str(rest.split(" \t", rest)), "if");
	EXPECT_EQ(str(rest), "pid > 1");
	// No delimiter: the whole view, and rest absent; a trailing delimiter: rest present and empty.
	EXPECT_EQ(str(StringView("traceon").split(":", rest)), "traceon");
	EXPECT_TRUE(rest.absent());
	EXPECT_EQ(str(StringView("traceon:").split(":", rest)), "traceon");
	EXPECT_FALSE(rest.absent());
	EXPECT_TRUE(rest.empty());
	// rest may be the view split.
	StringView v("a:b");
	EXPECT_EQ(str(v.split(":", v)), "a");
	EXPECT_EQ(str(v), "b");
}

TEST(StringView, TrimsWithTheKernelsIsspaceOrAnyClass)
{
	EXPECT_EQ(str(StringView(" \t\n\v\f\r x y \xa0\n").trim()), "x y") << "0xa0 is the kernel's white space";
	EXPECT_EQ(str(StringView("  x  ").trim_left()), "x  ");
	EXPECT_EQ(str(StringView("  x  ").trim_right()), "  x");
	EXPECT_EQ(str(StringView(" \t ").trim()), "");
	auto blank = [](char c) { return c == ' '; };
	EXPECT_EQ(str(StringView("\t x \t").trim(blank)), "\t x \t");
	EXPECT_EQ(str(StringView("  x\t  ").trim(blank)), "x\t");
	EXPECT_FALSE(ktl::is_kernel_space('x'));
	EXPECT_FALSE(ktl::is_kernel_space('\0'));
}

TEST(StringView, CompareIsStrcmpOrder)
{
	EXPECT_EQ(StringView("abc").compare("abc"), 0);
	EXPECT_LT(StringView("abc").compare("abd"), 0);
	EXPECT_GT(StringView("abd").compare("abc"), 0);
	EXPECT_LT(StringView("ab").compare("abc"), 0) << "a prefix sorts first";
	EXPECT_GT(StringView("abc").compare("ab"), 0);
	EXPECT_GT(StringView("\xff").compare("a"), 0) << "bytes compare unsigned";
	EXPECT_TRUE(StringView("ab", 2) == "ab");
	EXPECT_TRUE(StringView("abc", 2) == "ab");
	EXPECT_TRUE(StringView("ab") != "abc");
	EXPECT_TRUE(StringView("ab") != "ac");
}

} // namespace
