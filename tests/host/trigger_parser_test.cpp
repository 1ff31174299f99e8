// SPDX-License-Identifier: GPL-2.0
// Host tests of the trigger and set_event parsers: ktp must give native 6.1's recorded answer (errno and read-back) to every case of tests/host/data/native_triggers.txt.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <ktp/abi.h>
#include <ktp/module.h>

#include "events/registry.h"
#include "events/triggers.h"
#include "platform_host.h"

namespace {

// One recorded case: what scripts/guest/native_triggers wrote and what native answered.
struct NativeCase {
	std::string kind, arg, text; // text as in the input: echo -e escapes
	std::string setup_err, err;
	std::string readback;
};

std::vector<NativeCase> load_cases(const char *path)
{
	std::ifstream in(path);
	std::vector<NativeCase> cases;
	std::string line;
	NativeCase *c = nullptr;
	while (std::getline(in, line)) {
		if (!c) {
			if (line.rfind("CASE[", 0) != 0)
				continue;
			// CASE[kind][arg][text]: kind and arg hold no ']'; text runs to the last one.
			std::size_t k = line.find(']', 5);
			std::size_t a = line.find(']', k + 2);
			cases.push_back({line.substr(5, k - 5), line.substr(k + 2, a - k - 2),
					 line.substr(a + 2, line.size() - a - 3), "", "", ""});
			c = &cases.back();
		} else if (line == "END") {
			c = nullptr;
		} else if (line.rfind("SETUP_ERR[", 0) == 0) {
			c->setup_err = line.substr(10, line.size() - 11);
		} else if (line.rfind("ERR[", 0) == 0) {
			c->err = line.substr(4, line.size() - 5);
		} else {
			c->readback += line + "\n";
		}
	}
	return cases;
}

// What busybox's echo -ne writes for the escapes the cases use.
std::string unescape(const std::string &s)
{
	std::string out;
	for (std::size_t i = 0; i < s.size(); i++) {
		if (s[i] != '\\' || i + 1 == s.size()) {
			out += s[i];
			continue;
		}
		char e = s[++i];
		out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
	}
	return out;
}

// Native's strerror text, as the job recorded it, for a negative errno.
std::string errtext(long ret)
{
	return ret >= 0 ? std::string() : std::string(std::strerror(static_cast<int>(-ret)));
}

// Native's help line lists the snapshot and hist triggers ktp does not have.
std::string map_native(std::string text)
{
	const std::string native_help =
		"# traceon traceoff snapshot stacktrace enable_event disable_event enable_hist disable_hist hist\n";
	std::size_t at = text.find(native_help);
	if (at != std::string::npos)
		text.replace(at, native_help.size(), "# traceon traceoff stacktrace enable_event disable_event\n");
	return text;
}

// The native events the cases name, with the same system and event names,
// registered as one module so that set_event lists them in native's order
// (each module's events in reverse table order). sched_switch has native's
// fields, for trigger filters; the others borrow host_test:pair_one's.
const ktp_field_desc kSwitchFields[] = {
	{"char[16]", "prev_comm", 8, 16, 1, KTP_FIELD_ARRAY, 16},
	{"pid_t", "prev_pid", 24, 4, 1, KTP_FIELD_INT, 0},
	{"int", "prev_prio", 28, 4, 1, KTP_FIELD_INT, 0},
	{"long", "prev_state", 32, 8, 1, KTP_FIELD_INT, 0},
	{"char[16]", "next_comm", 40, 16, 1, KTP_FIELD_ARRAY, 16},
	{"pid_t", "next_pid", 56, 4, 1, KTP_FIELD_INT, 0},
	{"int", "next_prio", 60, 4, 1, KTP_FIELD_INT, 0},
};
constexpr const char *kNames[][2] = {
	{"raw_syscalls", "sys_enter"}, {"raw_syscalls", "sys_exit"}, {"sched", "sched_wakeup"},
	{"sched", "sched_switch"},     {"sched", "sched_process_fork"},
};
constexpr int kEvents = 5;
ktp_event_desc descs[kEvents];
ktp_event events[kEvents];
template <int I> const ktp_event_desc *describe() { return &descs[I]; }
const ktp_describe_fn kTable[kEvents] = {describe<0>, describe<1>, describe<2>, describe<3>, describe<4>};
const ktp_module_tables kTables = {kTable, kTable + kEvents, KTP_SITES_START, KTP_SITES_START, "native_named"};

class TriggerParserTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		const ktp_event_desc *pair = nullptr;
		for (const ktp_describe_fn *d = __start_ktp_events; d != __stop_ktp_events; d++)
			if (std::strcmp((*d)()->name, "pair_one") == 0)
				pair = (*d)();
		ASSERT_NE(pair, nullptr);
		for (int i = 0; i < kEvents; i++) {
			descs[i] = *pair;
			descs[i].system = kNames[i][0];
			descs[i].name = kNames[i][1];
			descs[i].event = &events[i];
			events[i] = ktp_event{};
			if (std::strcmp(kNames[i][1], "sched_switch") == 0) {
				descs[i].fields = kSwitchFields;
				descs[i].nr_fields = sizeof(kSwitchFields) / sizeof(kSwitchFields[0]);
				descs[i].record_size = 64;
			}
		}
		ASSERT_EQ(ktp_core_init(), 0);
	}
	void TearDown() override { ktp_core_exit(); }

	ktp::Event *find(const char *system, const char *name)
	{
		ktl::LockGuard g(ktp::registry()->lock());
		return ktp::registry()->find(system, name);
	}
};

std::string render_triggers(ktp::Event *ev)
{
	char *out = nullptr;
	ktp_size_t len = 0;
	EXPECT_EQ(ktp_event_render(ev->handle(), KTP_EVENT_TRIGGER, &out, &len), 0);
	std::string text(out ? out : "", len);
	ktp_free(out);
	return text;
}

// set_event's lines that name the events above, as the job filtered them.
std::string render_set_event()
{
	char *out = nullptr;
	ktp_size_t len = 0;
	EXPECT_EQ(ktp_control_render(KTP_CTL_SET_EVENT, -1, &out, &len), 0);
	std::string all(out ? out : "", len), kept;
	ktp_free(out);
	for (std::size_t at = 0; at < all.size();) {
		std::size_t nl = all.find('\n', at);
		std::string line = all.substr(at, nl - at);
		for (const auto &n : kNames)
			if (line == std::string(n[0]) + ":" + n[1])
				kept += line + "\n";
		at = nl + 1;
	}
	return kept;
}

long write_trigger(ktp::Event *ev, const std::string &text)
{
	if (text.empty())
		return 0; // echo -n "" makes no write(2)
	return ktp_event_write_trigger(ev->handle(), text.data(), text.size());
}

// A write(2) to set_event as the shell makes it: the kernel takes one
// token per call and the shell writes the rest until all is taken.
long write_set_event(const std::string &text)
{
	for (std::size_t done = 0; done < text.size();) {
		long r = ktp_set_event_write(text.data() + done, text.size() - done, 1);
		if (r <= 0)
			return r;
		done += static_cast<std::size_t>(r);
	}
	return 0;
}

} // namespace

TEST_F(TriggerParserTest, AnswersAsNative)
{
	std::vector<NativeCase> cases = load_cases(KTP_TEST_DATA "/native_triggers.txt");
	ASSERT_GE(cases.size(), 140u);
	int triggers = 0, set_events = 0;
	for (const NativeCase &c : cases) {
		SCOPED_TRACE(c.kind + " [" + c.arg + "] [" + c.text + "]");
		ASSERT_EQ(ktp_register_module(&kTables), 0);
		if (c.kind == "trigger") {
			ktp::Event *ev = find("sched", "sched_switch");
			ASSERT_NE(ev, nullptr);
			EXPECT_EQ(errtext(write_trigger(ev, unescape(c.arg))), c.setup_err);
			EXPECT_EQ(errtext(write_trigger(ev, unescape(c.text))), c.err);
			EXPECT_EQ(render_triggers(ev), map_native(c.readback));
			triggers++;
		} else {
			ASSERT_EQ(c.kind, "set_event");
			ASSERT_EQ(write_set_event("sched:sched_wakeup"), 0);
			ASSERT_EQ(write_set_event("raw_syscalls:sys_exit"), 0);
			if (c.arg == ">") {
				ASSERT_EQ(ktp_control_truncate(KTP_CTL_SET_EVENT), 0);
			}
			EXPECT_EQ(errtext(write_set_event(unescape(c.text))), c.err);
			EXPECT_EQ(render_set_event(), c.readback);
			ASSERT_EQ(ktp_control_truncate(KTP_CTL_SET_EVENT), 0);
			set_events++;
		}
		ktp_unregister_module(&kTables); // drops the triggers
	}
	EXPECT_GE(triggers, 90);
	EXPECT_GE(set_events, 45);
}

namespace {
std::string str(ktl::StringView v) { return !v.absent() ? std::string(v.data(), v.size()) : "<absent>"; }
} // namespace

// The spec the parser makes: command, target, count and filter as native splits them.
TEST(TriggerSpec, SplitsAsNative)
{
	auto spec = ktp::parse_trigger(" !enable_event:sched:sched_wakeup:0x10:7 if  a == 1 \n", 52);
	ASSERT_TRUE(spec.ok());
	EXPECT_STREQ(spec->command->name, "enable_event");
	EXPECT_TRUE(spec->command->takes_target);
	EXPECT_TRUE(spec->remove);
	EXPECT_EQ(str(spec->target_system), "sched");
	EXPECT_EQ(str(spec->target_event), "sched_wakeup");
	EXPECT_EQ(str(spec->count), "0x10");
	EXPECT_EQ(str(spec->filter), "if  a == 1");

	auto off = ktp::parse_trigger("traceoff", 8);
	ASSERT_TRUE(off.ok());
	EXPECT_EQ(off->command->kind, ktp::TriggerKind::TraceOff);
	EXPECT_FALSE(off->remove);
	EXPECT_EQ(str(off->count), "<absent>");
	EXPECT_EQ(str(off->filter), "<absent>");

	// Not a digit after the command: all of it is the filter clause (refused when adding).
	auto x = ktp::parse_trigger("traceon:x", 9);
	ASSERT_TRUE(x.ok());
	EXPECT_EQ(str(x->count), "<absent>");
	EXPECT_EQ(str(x->filter), "x");

	// A NUL ends the write, as the kernel's C string copy.
	auto nul = ktp::parse_trigger("stacktrace:3\0junk", 17);
	ASSERT_TRUE(nul.ok());
	EXPECT_EQ(str(nul->count), "3");
	EXPECT_EQ(str(nul->filter), "<absent>");

	EXPECT_EQ(ktp::parse_trigger("enable_event:sched", 18).error(), ktl::Error(KTP_EINVAL));
	EXPECT_EQ(ktp::parse_trigger("traceonx", 8).error(), ktl::Error(KTP_EINVAL));
	EXPECT_EQ(ktp::parse_trigger(" \t", 2).error(), ktl::Error(KTP_EINVAL));
}
