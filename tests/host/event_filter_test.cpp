// SPDX-License-Identifier: GPL-2.0
// Host tests of an event's filter file (state and read-back) and of the format file.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>

#include "events/event_filter.h"
#include "output/format.h"
#include "platform_host.h"

namespace {

const ktp_field_desc kFields[] = {
	{"int", "a", 8, 4, 1, KTP_FIELD_INT, 0},
	{"char[16]", "name", 12, 16, 1, KTP_FIELD_ARRAY, 16},
	{"__data_loc char[]", "path", 28, 4, 0, KTP_FIELD_STRING, 0},
	{"const void *", "ptr", 32, 8, 0, KTP_FIELD_POINTER, 0},
};

ktl::Owned<ktp::filter::FieldTable> table()
{
	auto t = ktp::filter::FieldTable::for_event(kFields, 4);
	EXPECT_TRUE(t.ok());
	return ktl::move(t.value());
}

std::string read(const ktp::EventFilter &f)
{
	ktp::TextBuffer out;
	EXPECT_TRUE(f.read(out));
	return out.data();
}

int write(ktp::EventFilter &f, const ktp::filter::FieldTable &t, const std::string &s, bool system = false)
{
	return f.write(s.data(), s.size(), t, system).to_errno();
}

} // namespace

TEST(EventFilter, WriteReadClear)
{
	auto t = table();
	ktl::u32 in_force = 0;
	ktp::EventFilter f(in_force, 4);
	EXPECT_EQ(read(f), "none\n");
	EXPECT_FALSE(f.active());
	EXPECT_EQ(write(f, *t, "a > 3\n"), 0);
	EXPECT_EQ(read(f), "a > 3\n") << "the trailing newline of echo is stripped";
	EXPECT_TRUE(f.active());
	EXPECT_EQ(in_force, 4u) << "the owner's word says a filter is in force (the record path tests it)";
	in_force |= 1;
	EXPECT_EQ(write(f, *t, "  0 \n"), 0);
	EXPECT_EQ(read(f), "none\n");
	EXPECT_FALSE(f.active());
	EXPECT_EQ(in_force, 1u) << "clearing the filter clears its bit only";
}

TEST(EventFilter, AFailedWriteKeepsTheFilterInForce)
{
	auto t = table();
	ktl::u32 in_force = 0;
	ktp::EventFilter f(in_force, 4);
	ASSERT_EQ(write(f, *t, "a == 1"), 0);
	const ktp::filter::Program *before = f.program();
	EXPECT_EQ(write(f, *t, "a == \"x\"\n"), -KTP_EINVAL);
	EXPECT_EQ(f.program(), before);
	EXPECT_EQ(read(f), "a == \"x\"\n      ^\nparse_error: Expecting numeric field\n\n"
			   "ktp: the write was refused; the filter in force is still: a == 1\n");
	EXPECT_EQ(write(f, *t, "(a == 1"), -2) << "native's errno for an unmatched '('";
	EXPECT_EQ(write(f, *t, "a == 2"), 0);
	EXPECT_EQ(read(f), "a == 2\n") << "a good write clears the error";
	EXPECT_EQ(write(f, *t, "zz == 1"), -KTP_EINVAL);
	ASSERT_EQ(write(f, *t, "0"), 0);
	EXPECT_EQ(write(f, *t, "zz == 1"), -KTP_EINVAL);
	EXPECT_NE(read(f).find("ktp: the write was refused; no filter is in force\n"), std::string::npos);
}

TEST(EventFilter, ThroughTheSystemFile)
{
	auto t = table();
	ktl::u32 in_force = 0;
	ktp::EventFilter f(in_force, 4);
	EXPECT_EQ(write(f, *t, "nope == 1", true), -KTP_EINVAL);
	EXPECT_EQ(read(f), "nope == 1\n^\nparse_error: Couldn't find or set field in one of a subsystem's events\n\n"
			   "ktp: the write was refused; no filter is in force\n");
}

TEST(EventFilter, OversizeAndAllocationFailure)
{
	auto t = table();
	ktl::u32 in_force = 0;
	ktp::EventFilter f(in_force, 4);
	std::string big(ktp::filter::kMaxFilterLength + 1, 'a');
	EXPECT_EQ(write(f, *t, big), -KTP_EINVAL);
	ktp_host::run_with_each_allocation_failing([&] {
		int err = write(f, *t, "a > 1 && name ~ \"x*\"");
		EXPECT_TRUE(err == 0 || err == -KTP_ENOMEM) << err;
		(void)write(f, *t, "0");
	});
}

TEST(EventFilter, SwappedWhileReadersEvaluate)
{
	auto t = table();
	ktl::u32 in_force = 0;
	ktp::EventFilter f(in_force, 4);
	ASSERT_EQ(write(f, *t, "a > 0"), 0);
	std::atomic<bool> stop{false};
	std::atomic<long> evaluated{0};
	std::thread reader([&] {
		unsigned char rec[64] = {};
		int a = 5;
		std::memcpy(rec + 8, &a, 4);
		char comm[16] = {};
		ktp::filter::MatchContext ctx{0, comm, nullptr};
		while (!stop) {
			ktp_rcu_read_lock();
			const ktp::filter::Program *p = f.program();
			if (p) {
				EXPECT_TRUE(p->match(rec, ctx)); // every filter written below accepts a == 5
			}
			ktp_rcu_read_unlock();
			evaluated++;
		}
	});
	for (int i = 0; i < 500; i++) {
		ASSERT_EQ(write(f, *t, i % 2 ? "a > 0" : "a == 5 || name == \"q\""), 0);
		long seen = evaluated.load();
		while (evaluated.load() == seen)
			std::this_thread::yield(); // the reader runs between swaps
	}
	stop = true;
	reader.join();
	EXPECT_GT(evaluated.load(), 0);
}

TEST(Format, NativeLayout)
{
	ktp_event_desc desc = {};
	desc.system = "sys";
	desc.name = "ev";
	desc.fields = kFields;
	desc.nr_fields = 4;
	desc.print_fmt = "KTP_PRINT(\"a=%d name=%s path=%s\", __entry->a, __entry->name, ktp_get_str(path))";
	ktp::TextBuffer out;
	ASSERT_TRUE(ktp::render_format(desc, 42, out));
	EXPECT_STREQ(out.data(),
		     "name: ev\nID: 42\nformat:\n"
		     "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		     "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		     "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		     "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
		     "\n"
		     "\tfield:int a;\toffset:8;\tsize:4;\tsigned:1;\n"
		     "\tfield:char name[16];\toffset:12;\tsize:16;\tsigned:1;\n"
		     "\tfield:__data_loc char[] path;\toffset:28;\tsize:4;\tsigned:0;\n"
		     "\tfield:const void * ptr;\toffset:32;\tsize:8;\tsigned:0;\n"
		     "\n"
		     "print fmt: \"a=%d name=%s path=%s\", REC->a, REC->name, __get_str(path)\n");
}
