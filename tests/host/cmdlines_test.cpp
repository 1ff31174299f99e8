// SPDX-License-Identifier: GPL-2.0
// Host tests of saved_cmdlines: newest name wins, the oldest entries leave first, resizing, native's sizes.
#include <gtest/gtest.h>

#include <string>

#include "output/cmdlines.h"
#include "platform_host.h"

namespace {

std::string comm_of(ktp::Cmdlines &c, int pid)
{
	char out[16];
	c.find(pid, out);
	return out;
}

} // namespace

TEST(Cmdlines, NewestNameWinsAndOldestLeaveFirst)
{
	auto c = ktp::Cmdlines::create(4);
	ASSERT_TRUE(c);
	c->save(10, "first");
	c->save(10, "renamed");
	EXPECT_EQ(comm_of(*c, 10), "renamed") << "the newest name wins";
	EXPECT_EQ(comm_of(*c, 0), "<idle>");
	EXPECT_EQ(comm_of(*c, 99), "<...>");
	for (int pid = 11; pid <= 14; pid++)
		c->save(pid, "t");
	EXPECT_EQ(comm_of(*c, 10), "<...>") << "four slots: pid 10 was the oldest";
	EXPECT_EQ(comm_of(*c, 14), "t");
	ktp::TextBuffer text;
	ASSERT_TRUE(c->render(text));
	// In slot order, as native's (unsorted): pid 14 took pid 10's slot.
	EXPECT_EQ(std::string(text.data()), "14 t\n11 t\n12 t\n13 t\n");
}

TEST(Cmdlines, ResizeKeepsTheNewestOrEmpties)
{
	auto c = ktp::Cmdlines::create(8);
	ASSERT_TRUE(c);
	for (int pid = 1; pid <= 6; pid++)
		c->save(pid, ("p" + std::to_string(pid)).c_str());
	ASSERT_TRUE(c->resize(3).ok());
	EXPECT_EQ(comm_of(*c, 6), "p6");
	EXPECT_EQ(comm_of(*c, 4), "p4");
	EXPECT_EQ(comm_of(*c, 3), "<...>");
	ASSERT_TRUE(c->resize(5, false).ok());
	EXPECT_EQ(comm_of(*c, 6), "<...>") << "a saved_cmdlines_size write empties the cache, as native";
	EXPECT_FALSE(c->resize(0).ok());
}

TEST(Cmdlines, SizesAsNative)
{
	// With PID_MAX_DEFAULT 32768, as Debian's kernel: 128 gives 6552 and 32768 gives 45874.
	EXPECT_EQ(ktp::Cmdlines::capacity_for(128), 6552u);
	EXPECT_EQ(ktp::Cmdlines::capacity_for(32768), 45874u);
	EXPECT_EQ(ktp::Cmdlines::max_request(), 32768u);
}

TEST(Cmdlines, AllocationFailureLeavesNothingBehind)
{
	ktp_host::run_with_each_allocation_failing([] {
		auto c = ktp::Cmdlines::create(16);
		if (!c)
			return;
		c->save(7, "x");
		if (!c->resize(32).ok()) {
			EXPECT_EQ(comm_of(*c, 7), "x") << "a failed resize changes nothing";
		}
	});
}
