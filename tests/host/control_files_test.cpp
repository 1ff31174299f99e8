// SPDX-License-Identifier: GPL-2.0
// Host tests of the control files as native 6.1 answers them: empty files, numeric values, set_event, trigger counts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <ktp/abi.h>
#include <ktp/module.h>

#include "events/test_events_api.h"
#include "platform_host.h"
#include "events/registry.h"

namespace {

// Two registrations out of the host's one table: the first events, then the
// rest with every call site (all events exist by then).
ktp_module_tables first_tables, second_tables;

std::string render(ktp_control_file which)
{
	char *out = nullptr;
	ktp_size_t len = 0;
	int err = ktp_control_render(which, -1, &out, &len);
	EXPECT_EQ(err, 0) << "render of file " << which;
	EXPECT_NE(out, nullptr) << "an empty file is still a string";
	std::string text(out ? out : "", out ? len : 0);
	ktp_free(out);
	return text;
}

std::string trigger_text(ktp::Event *ev)
{
	char *out = nullptr;
	ktp_size_t len = 0;
	EXPECT_EQ(ktp_event_render(ev, KTP_EVENT_TRIGGER, &out, &len), 0);
	std::string text(out ? out : "", len);
	ktp_free(out);
	return text;
}

long write_str(ktp_control_file which, const std::string &s)
{
	return ktp_control_write(which, -1, s.data(), s.size());
}

class ControlFilesTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(ktp_core_init(), 0);
		ktp_size_t n = static_cast<ktp_size_t>(__stop_ktp_events - __start_ktp_events);
		ASSERT_GE(n, 4u);
		first_tables = {__start_ktp_events, __start_ktp_events + n / 2, KTP_SITES_START, KTP_SITES_START, "first"};
		second_tables = {__start_ktp_events + n / 2, __stop_ktp_events, KTP_SITES_START, KTP_SITES_STOP, "second"};
		ASSERT_EQ(ktp_register_module(&first_tables), 0);
		ASSERT_EQ(ktp_register_module(&second_tables), 0);
		ktl::LockGuard g(ktp::registry()->lock());
		ev_ = ktp::registry()->find("host_test:pair_one");
		ASSERT_NE(ev_, nullptr);
	}
	void TearDown() override
	{
		ktp_unregister_module(&second_tables);
		ktp_unregister_module(&first_tables);
		ktp_core_exit();
	}
	ktp::Event *ev_ = nullptr;
};

} // namespace

// Native reads an empty file; ktp's first cat used to fail with ENOMEM.
TEST_F(ControlFilesTest, EmptyFilesReadAsEmpty)
{
	EXPECT_EQ(render(KTP_CTL_SET_EVENT), "");
	EXPECT_EQ(render(KTP_CTL_SAVED_CMDLINES), "");
}

// The order of native's list: the newest registration first, each module's
// events in reverse order of its table (each is added at the list's head).
TEST_F(ControlFilesTest, SetEventListsEventsInNativesOrder)
{
	ASSERT_EQ(write_str(KTP_CTL_SET_EVENT, "*:*"), 3);
	std::string expected;
	for (const ktp_module_tables *t : {&second_tables, &first_tables})
		for (const ktp_describe_fn *d = t->events_stop; d-- != t->events_start;) {
			const ktp_event_desc *desc = (*d)();
			ktl::LockGuard g(ktp::registry()->lock());
			ktp::Event *ev = ktp::registry()->find(desc->system, desc->name);
			if (ev && ev->recording())
				expected += std::string(desc->system) + ":" + desc->name + "\n";
		}
	EXPECT_NE(expected, "");
	EXPECT_EQ(render(KTP_CTL_SET_EVENT), expected);
}

// A numeric file reads as kstrtoul_from_user: the first 66 bytes, up to a
// NUL, and the whole write is taken (native's answers, recorded in the VM).
TEST_F(ControlFilesTest, NumericFilesReadValuesAsKstrtoulFromUser)
{
	const std::string nul("\0", 1);
	EXPECT_EQ(write_str(KTP_CTL_TRACING_ON, "0" + nul + "xyz"), 5);
	EXPECT_EQ(render(KTP_CTL_TRACING_ON), "0\n");
	EXPECT_EQ(write_str(KTP_CTL_TRACING_ON, "1\n" + nul), 3);
	EXPECT_EQ(render(KTP_CTL_TRACING_ON), "1\n");
	EXPECT_EQ(write_str(KTP_CTL_TRACING_ON, nul), -KTP_EINVAL);
	EXPECT_EQ(write_str(KTP_CTL_TRACING_ON, nul + "0"), -KTP_EINVAL);
	EXPECT_EQ(write_str(KTP_CTL_TRACING_ON, "0 " + nul), -KTP_EINVAL);
	EXPECT_EQ(render(KTP_CTL_TRACING_ON), "1\n");
	// 64 zeros and a 0: 65 bytes, all read.
	EXPECT_EQ(write_str(KTP_CTL_OVERWRITE, std::string(64, '0') + "0"), 65);
	EXPECT_EQ(render(KTP_CTL_OVERWRITE), "0\n");
	// A value, a NUL and anything up to a page: the value is read, all taken.
	std::string tail = "1" + nul + std::string(200, 'x');
	EXPECT_EQ(write_str(KTP_CTL_OVERWRITE, tail), static_cast<long>(tail.size()));
	EXPECT_EQ(render(KTP_CTL_OVERWRITE), "1\n");
	// 66 zeros, then a 1 that is past what kstrtoul_from_user reads.
	EXPECT_EQ(write_str(KTP_CTL_TRACING_ON, std::string(66, '0') + "1"), 67);
	EXPECT_EQ(render(KTP_CTL_TRACING_ON), "0\n");
	EXPECT_EQ(ktp_event_write_enable(ev_, tail.data(), tail.size()), static_cast<int>(tail.size()));
	EXPECT_TRUE(ev_->recording());
}

// set_event takes one token per call and consumes the character after it;
// the first part of a longer write leaves a token that runs into its end
// for the next call, so the kernel copies a bounded chunk per call.
TEST_F(ControlFilesTest, SetEventTakesOneTokenPerCallFromAChunk)
{
	std::string w = "host_test:pair_one host_test:pair_two";
	EXPECT_EQ(ktp_set_event_write(w.data(), w.size(), 1), 19);
	EXPECT_EQ(render(KTP_CTL_SET_EVENT), "host_test:pair_one\n");
	std::string cut = "   host_test:pair_t";
	EXPECT_EQ(ktp_set_event_write(cut.data(), cut.size(), 0), 3) << "only the white space before a cut token";
	EXPECT_EQ(ktp_set_event_write(cut.data() + 3, cut.size() - 3, 1), -KTP_EINVAL) << "a whole write ends its token";
	std::string nul("  \0host_test:pair_two", 21);
	EXPECT_EQ(ktp_set_event_write(nul.data(), nul.size(), 1), 3) << "white space up to a NUL, as native";
	std::string too_long(128, 'a');
	EXPECT_EQ(ktp_set_event_write(too_long.data(), too_long.size(), 0), -KTP_EINVAL);
	// A long write, fed as the kernel feeds it: chunk by chunk, one token each.
	std::string many;
	for (int i = 0; i < 2000; i++)
		many += i % 2 ? "host_test:pair_two " : "host_test:pair_one\n";
	ktp_size_t at = 0, calls = 0;
	while (at < many.size()) {
		ktp_size_t n = std::min<ktp_size_t>(many.size() - at, KTP_SET_EVENT_CHUNK);
		long r = ktp_set_event_write(many.data() + at, n, at + n == many.size());
		ASSERT_GT(r, 0);
		at += static_cast<ktp_size_t>(r);
		calls++;
	}
	EXPECT_EQ(calls, 2000u);
	EXPECT_EQ(render(KTP_CTL_SET_EVENT).size(), std::string("host_test:pair_one\nhost_test:pair_two\n").size());
}

// Counts as kstrtoul takes them, and native's read-back (recorded in the VM).
TEST_F(ControlFilesTest, TriggerCountsAreReadAsKstrtoul)
{
	struct Case {
		const char *write;
		int err;
		const char *readback;
	} cases[] = {
		{"traceoff:0x10", 0, "traceoff:count=16\n"},
		{"traceoff:0X1f", 0, "traceoff:count=31\n"},
		{"traceoff:010", 0, "traceoff:count=8\n"},
		{"traceoff:10000000000", 0, "traceoff:count=10000000000\n"},
		{"traceoff:18446744073709551615", 0, "traceoff:unlimited\n"},
		{"traceoff:9223372036854775808", 0, "traceoff:count=-9223372036854775808\n"},
		{"traceoff:5:7", 0, "traceoff:count=5\n"},
		{"traceoff:18446744073709551616", -KTP_ERANGE, nullptr},
		{"traceoff:1x", -KTP_EINVAL, nullptr},
		{"traceoff:0x", -KTP_EINVAL, nullptr},
		{"traceoff:+5", -KTP_EINVAL, nullptr},
	};
	std::string help = trigger_text(ev_);
	for (const Case &c : cases) {
		std::string w = c.write;
		int r = ktp_event_write_trigger(ev_, w.data(), w.size());
		EXPECT_EQ(r, c.err ? c.err : static_cast<int>(w.size())) << w;
		EXPECT_EQ(trigger_text(ev_), c.readback ? c.readback : help) << w;
		ASSERT_EQ(ktp_event_write_trigger(ev_, "!traceoff", 9), 9);
	}
}

// A counted trigger past 2^63 still counts down (only all ones is unlimited).
TEST_F(ControlFilesTest, HugeCountsCountDown)
{
	std::string w = "traceoff:9223372036854775808";
	ASSERT_EQ(ktp_event_write_trigger(ev_, w.data(), w.size()), static_cast<int>(w.size()));
	ASSERT_EQ(ktp_event_write_enable(ev_, "1", 1), 1);
	fire_pair_one(1, 1);
	std::string text = trigger_text(ev_);
	EXPECT_EQ(text.rfind("traceoff:count=92233720368547758", 0), 0u) << text;
	EXPECT_NE(text, "traceoff:count=-9223372036854775808\n");
	ASSERT_EQ(ktp_control_write(KTP_CTL_TRACING_ON, -1, "1", 1), 1);
}

// As native's, a counted trigger uses up a run only when it changes something.
TEST_F(ControlFilesTest, CountedTriggersCountOnlyWhatTheyChange)
{
	ASSERT_EQ(ktp_event_write_enable(ev_, "1", 1), 1);
	ASSERT_EQ(ktp_event_write_trigger(ev_, "traceon:3", 9), 9);
	fire_pair_one(1, 1); // recording is on: traceon changes nothing
	fire_pair_one(2, 2);
	EXPECT_EQ(trigger_text(ev_), "traceon:count=3\n");
	ASSERT_EQ(ktp_control_write(KTP_CTL_TRACING_ON, -1, "0", 1), 1);
	fire_pair_one(3, 3); // turns recording back on: one run
	fire_pair_one(4, 4); // on already: none
	EXPECT_EQ(trigger_text(ev_), "traceon:count=2\n");
	EXPECT_EQ(render(KTP_CTL_TRACING_ON), "1\n");
	ASSERT_EQ(ktp_event_write_trigger(ev_, "!traceon", 8), 8);

	ASSERT_EQ(ktp_event_write_trigger(ev_, "traceoff:2", 10), 10);
	fire_pair_one(5, 5); // turns recording off: one run
	fire_pair_one(6, 6); // off already: none
	EXPECT_EQ(trigger_text(ev_), "traceoff:count=1\n");
	ASSERT_EQ(ktp_event_write_trigger(ev_, "!traceoff", 9), 9);
	ASSERT_EQ(ktp_control_write(KTP_CTL_TRACING_ON, -1, "1", 1), 1);

	// stacktrace changes something every time.
	ASSERT_EQ(ktp_event_write_trigger(ev_, "stacktrace:5", 12), 12);
	fire_pair_one(7, 7);
	fire_pair_one(8, 8);
	EXPECT_EQ(trigger_text(ev_), "stacktrace:count=3\n");
	ASSERT_EQ(ktp_event_write_trigger(ev_, "!stacktrace", 11), 11);
}

// Removing a trigger that is not there succeeds silently, as native's.
TEST_F(ControlFilesTest, RemovingAMissingTriggerSucceeds)
{
	EXPECT_EQ(ktp_event_write_trigger(ev_, "!traceoff", 9), 9);
	EXPECT_EQ(ktp_event_write_trigger(ev_, "!stacktrace:5", 13), 13);
	std::string w = "!enable_event:host_test:pair_two";
	EXPECT_EQ(ktp_event_write_trigger(ev_, w.data(), w.size()), static_cast<int>(w.size()));
	EXPECT_EQ(ev_->soft_refs(), 0);
	w = "!enable_event:nosuch:event";
	EXPECT_EQ(ktp_event_write_trigger(ev_, w.data(), w.size()), -KTP_EINVAL) << "an unknown target is still an error";
}

// header_page as native prints it on each series: 6.1 (signed char, int
// overwrite), 6.12 (unsigned char), 7.3 (unsigned char, char overwrite).
TEST_F(ControlFilesTest, HeaderPageFollowsTheKernelSeries)
{
	const std::string common = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
				   "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n";
	EXPECT_EQ(render(KTP_CTL_HEADER_PAGE), common +
		  "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
		  "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n");
	ktp_host::set_kernel_features(KTP_FEATURE_UNSIGNED_CHAR);
	EXPECT_EQ(render(KTP_CTL_HEADER_PAGE), common +
		  "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
		  "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n");
	ktp_host::set_kernel_features(KTP_FEATURE_UNSIGNED_CHAR | KTP_FEATURE_CHAR_OVERWRITE |
				      KTP_FEATURE_LAZY_RESCHED);
	EXPECT_EQ(render(KTP_CTL_HEADER_PAGE), common +
		  "\tfield: char overwrite;\toffset:8;\tsize:1;\tsigned:0;\n"
		  "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n");
	ktp_host::set_kernel_features(0);
}
