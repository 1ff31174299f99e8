// SPDX-License-Identifier: GPL-2.0
// Host tests of the filter compiler and evaluator: native's verdicts, errors and carets, and evaluation.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "filter/filter.h"
#include "platform_host.h"

namespace {

using namespace ktp::filter;

// sched:sched_switch as native 6.1 lays it out.
const ktp_field_desc kSchedSwitch[] = {
	{"char[16]", "prev_comm", 8, 16, 1, KTP_FIELD_ARRAY, 16},
	{"pid_t", "prev_pid", 24, 4, 1, KTP_FIELD_INT, 0},
	{"int", "prev_prio", 28, 4, 1, KTP_FIELD_INT, 0},
	{"long", "prev_state", 32, 8, 1, KTP_FIELD_INT, 0},
	{"char[16]", "next_comm", 40, 16, 1, KTP_FIELD_ARRAY, 16},
	{"pid_t", "next_pid", 56, 4, 1, KTP_FIELD_INT, 0},
	{"int", "next_prio", 60, 4, 1, KTP_FIELD_INT, 0},
};

ktl::Owned<FieldTable> sched_switch_fields()
{
	auto r = FieldTable::for_event(kSchedSwitch, sizeof(kSchedSwitch) / sizeof(kSchedSwitch[0]));
	EXPECT_TRUE(r.ok());
	return ktl::move(r.value());
}

struct NativeCase {
	std::string event, expr;
	int err_no;
	std::string readback;
};

// An event's fields, rebuilt from its native format file.
struct NativeEvent {
	std::vector<std::string> strings; // storage for the descriptors' texts
	std::vector<ktp_field_desc> fields;
};

int errno_of(const std::string &text)
{
	static const std::map<std::string, int> names = {
		{"", 0}, {"Operation not permitted", -1}, {"No such file or directory", -2},
		{"No such process", -3}, {"Invalid argument", -22}, {"Cannot allocate memory", -12}};
	auto it = names.find(text);
	EXPECT_NE(it, names.end()) << "unknown error text " << text;
	return it == names.end() ? 1 : it->second;
}

// "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:1;" -> a field descriptor.
void add_field(NativeEvent &ev, const std::string &line, std::deque<std::string> &store)
{
	auto take = [&](const char *key) {
		auto at = line.find(key);
		return line.substr(at + std::strlen(key), line.find(';', at) - at - std::strlen(key));
	};
	std::string decl = take("field:");
	int offset = std::stoi(take("offset:")), size = std::stoi(take("size:")), is_signed = std::stoi(take("signed:"));
	auto space = decl.rfind(' ');
	std::string type = decl.substr(0, space), name = decl.substr(space + 1);
	ktl::u8 kind = KTP_FIELD_INT;
	ktl::u16 len = 0;
	if (auto br = name.find('['); br != std::string::npos) {
		type += name.substr(br);
		len = static_cast<ktl::u16>(std::stoi(name.substr(br + 1)));
		name = name.substr(0, br);
		kind = KTP_FIELD_ARRAY;
	}
	if (type.find("__data_loc") != std::string::npos)
		kind = KTP_FIELD_STRING;
	else if (type.find('*') != std::string::npos)
		kind = KTP_FIELD_POINTER;
	if (name.rfind("common_", 0) == 0)
		return; // the common header comes with every table
	store.push_back(type);
	const char *t = store.back().c_str();
	store.push_back(name);
	const char *n = store.back().c_str();
	ev.fields.push_back(ktp_field_desc{t, n, static_cast<unsigned short>(offset), static_cast<unsigned short>(size),
					   static_cast<unsigned char>(is_signed), kind, len});
}

std::vector<NativeCase> load_native(const char *path, std::map<std::string, NativeEvent> &events,
				    std::deque<std::string> &store)
{
	std::ifstream in(path);
	std::vector<NativeCase> cases;
	std::string line, current;
	NativeCase c;
	enum { Idle, Format, Err, Body } state = Idle;
	while (std::getline(in, line)) {
		if (state == Idle && line.rfind("FORMAT[", 0) == 0) {
			current = line.substr(7, line.size() - 8);
			events[current];
			state = Format;
		} else if (state == Format) {
			if (line == "END")
				state = Idle;
			else if (line.find("field:") != std::string::npos)
				add_field(events[current], line, store);
		} else if (state == Idle && line.rfind("EXPR[", 0) == 0) {
			auto close = line.find("][");
			c = NativeCase{line.substr(5, close - 5), line.substr(close + 2, line.size() - close - 3), 0, ""};
			state = Err;
		} else if (state == Err) {
			c.err_no = errno_of(line.substr(4, line.size() - 5));
			state = Body;
		} else if (state == Body) {
			if (line == "END") {
				cases.push_back(c);
				state = Idle;
			} else {
				c.readback += line + "\n";
			}
		}
	}
	return cases;
}

// What ktp's filter file reads back: the text, or the error block, then "\n".
std::string readback(const std::string &expr, bool ok, const ParseError &err)
{
	ktp::TextBuffer out;
	if (ok)
		out.append(expr.c_str());
	else
		render_error(expr.c_str(), err, out);
	return std::string(out.data()) + "\n";
}

} // namespace

TEST(FilterNative, SameErrnoMessageAndCaretAsNative)
{
	std::map<std::string, NativeEvent> events;
	std::deque<std::string> store;
	std::vector<NativeCase> cases = load_native(KTP_TEST_DATA "/native_filters.txt", events, store);
	ASSERT_GE(cases.size(), 400u);
	ASSERT_GE(events.size(), 6u);
	int compared = 0;
	for (const NativeCase &c : cases) {
		if (c.expr.empty()) {
			// echo -n "" makes no write at all: the file keeps no filter.
			EXPECT_EQ(c.err_no, 0);
			EXPECT_EQ(c.readback, "none\n");
			continue;
		}
		const NativeEvent &ev = events.at(c.event);
		auto fields = FieldTable::for_event(ev.fields.data(), static_cast<unsigned int>(ev.fields.size()));
		ASSERT_TRUE(fields.ok());
		// The filter file strips trailing white space before compiling, as native does.
		std::string text = c.expr;
		text.resize(trimmed_length(text.c_str()));
		ParseError err;
		auto prog = compile(text.c_str(), *fields.value(), err);
		EXPECT_EQ(prog.ok() ? 0 : err.err_no, c.err_no) << c.event << " [" << c.expr << "]";
		EXPECT_EQ(readback(text, prog.ok(), err), c.readback) << c.event << " [" << c.expr << "]";
		compared++;
	}
	EXPECT_GE(compared, 400);
}

namespace {

struct Record {
	unsigned char bytes[72] = {};
	Record &str(ktl::u16 off, const char *s)
	{
		std::strncpy(reinterpret_cast<char *>(bytes + off), s, 16);
		return *this;
	}
	template <typename T> Record &num(ktl::u16 off, T v)
	{
		std::memcpy(bytes + off, &v, sizeof(v));
		return *this;
	}
};

Record sched(const char *prev, int prev_pid, int prev_prio, long state, const char *next, int next_pid, int next_prio)
{
	Record r;
	r.str(8, prev).num<int>(24, prev_pid).num<int>(28, prev_prio).num<long>(32, state);
	r.str(40, next).num<int>(56, next_pid).num<int>(60, next_prio).num<int>(4, 4242);
	return r;
}

bool run(const char *expr, const Record &r, int cpu = 0, const char *comm = "bash")
{
	auto fields = sched_switch_fields();
	ParseError err;
	auto prog = compile(expr, *fields, err);
	EXPECT_TRUE(prog.ok()) << expr << " -> " << error_text(err.code);
	if (!prog.ok())
		return false;
	char comm16[16] = {};
	std::strncpy(comm16, comm, sizeof(comm16));
	MatchContext ctx{cpu, comm16, nullptr};
	return prog.value()->match(r.bytes, ctx);
}

} // namespace

TEST(FilterEval, NumbersAndLogic)
{
	Record r = sched("bash", 10, 120, 1, "swapper/0", 0, 120);
	EXPECT_TRUE(run("prev_pid == 10", r));
	EXPECT_FALSE(run("prev_pid != 10", r));
	EXPECT_TRUE(run("prev_pid > 5 && next_pid == 0", r));
	EXPECT_FALSE(run("prev_pid > 50 && next_pid == 0", r));
	EXPECT_TRUE(run("prev_pid > 50 || next_pid == 0", r));
	EXPECT_TRUE(run("!(prev_pid > 50)", r));
	EXPECT_FALSE(run("!(prev_pid < 50 && next_pid == 0)", r));
	EXPECT_TRUE(run("!(prev_pid < 50 && next_pid == 1)", r));
	EXPECT_TRUE(run("prev_state & 1", r));
	EXPECT_FALSE(run("prev_state & 2", r));
	EXPECT_TRUE(run("prev_pid == 0xa && prev_prio == 0170", r));
	EXPECT_TRUE(run("((prev_pid == 1) || (next_pid == 0)) && prev_prio >= 120", r));
	EXPECT_TRUE(run("common_pid == 4242", r));
}

TEST(FilterEval, SignedAndUnsignedEdges)
{
	Record r = sched("a", -1, INT32_MIN, INT64_MIN, "b", INT32_MAX, 0);
	EXPECT_TRUE(run("prev_pid < 0", r));
	EXPECT_TRUE(run("prev_pid == -1", r));
	EXPECT_TRUE(run("prev_prio == -2147483648", r));
	EXPECT_TRUE(run("prev_prio < -2147483647", r));
	EXPECT_TRUE(run("prev_state == -9223372036854775808", r));
	EXPECT_TRUE(run("prev_state < 0", r));
	EXPECT_TRUE(run("next_pid == 2147483647", r));
	EXPECT_TRUE(run("next_pid > 2147483646", r));
	// The constant is cut to the field's width, as native does.
	EXPECT_TRUE(run("next_pid == 0x7fffffff", r));
	EXPECT_TRUE(run("prev_pid == 0xffffffff", r));
	EXPECT_TRUE(run("common_type == 0", r));
}

TEST(FilterEval, StringsAndGlobs)
{
	Record r = sched("bash", 1, 1, 0, "kworker/0:1", 2, 2);
	EXPECT_TRUE(run("prev_comm == \"bash\"", r));
	EXPECT_FALSE(run("prev_comm == \"bas\"", r));
	EXPECT_TRUE(run("prev_comm != \"zsh\"", r));
	EXPECT_TRUE(run("prev_comm ~ \"ba*\"", r));
	EXPECT_TRUE(run("next_comm ~ \"*work*\"", r));
	EXPECT_TRUE(run("next_comm ~ \"kworker/?:?\"", r));
	EXPECT_TRUE(run("next_comm ~ \"kworker/[0-9]:*\"", r));
	EXPECT_FALSE(run("next_comm ~ \"kworker/[!0-9]*\"", r));
	EXPECT_TRUE(run("prev_comm ~ \"!zsh\"", r));
	EXPECT_TRUE(run("prev_comm ~ 'bash'", r));
	EXPECT_TRUE(run("comm ~ \"ba*\"", r, 0, "bash"));
	EXPECT_FALSE(run("COMM == \"zsh\"", r, 0, "bash"));
	EXPECT_TRUE(run("cpu == 1", r, 1));
	EXPECT_TRUE(run("CPU != 1 || common_cpu >= 0", r, 0));
}

TEST(FilterGlob, Semantics)
{
	struct G {
		const char *pat, *str;
		bool match;
	} cases[] = {
		{"*", "", true},         {"a*", "abc", true},       {"a?c", "abc", true},
		{"a?c", "ac", false},    {"[abc]x", "bx", true},    {"[!abc]x", "bx", false},
		{"[a-c]", "b", true},    {"[a-c]", "d", false},     {"\\*", "*", true},
		{"\\*", "a", false},     {"*x*y", "axbxy", true},   {"[", "[", true},
		{"a[", "a[", true},      {"*c", "abc", true},       {"*c", "abd", false},
	};
	for (const G &g : cases)
		EXPECT_EQ(glob_match(g.pat, g.str, std::strlen(g.str) + 1), g.match) << g.pat << " ~ " << g.str;
}

// 6.12 on: a class at the string's end fails the match; Debian's 6.1 tries it against NUL.
TEST(FilterGlob, ClassAtTheEndFollowsTheKernelSeries)
{
	EXPECT_TRUE(glob_match("[!a]*", "", 1));
	EXPECT_TRUE(glob_match("x[!a]", "x", 2));
	ktp::filter::set_glob_class_needs_char(true);
	EXPECT_FALSE(glob_match("[!a]*", "", 1));
	EXPECT_FALSE(glob_match("x[!a]", "x", 2));
	EXPECT_TRUE(glob_match("[!a]*", "b", 2));
	EXPECT_TRUE(glob_match("*", "", 1));
	ktp::filter::set_glob_class_needs_char(false);
}

// 6.12 reads a filter ending in && or || after a complete expression as that expression; 6.1 and 7.3 refuse it.
TEST(FilterParse, TrailingOperatorFollowsTheKernelSeries)
{
	auto fields = sched_switch_fields();
	auto refused = [&](const char *expr) {
		ParseError err;
		auto prog = compile(expr, *fields, err);
		return !prog.ok() && err.code == ErrorCode::InvalidFilter;
	};
	EXPECT_TRUE(refused("prev_pid == 10 &&"));
	EXPECT_TRUE(refused("prev_pid == 10 ||"));
	ktp::filter::set_trailing_operator_accepted(true);
	Record r = sched("bash", 10, 120, 1, "swapper/0", 0, 120);
	Record other = sched("bash", 11, 120, 1, "swapper/0", 0, 120);
	EXPECT_TRUE(run("prev_pid == 10 &&", r));
	EXPECT_FALSE(run("prev_pid == 10 &&", other));
	EXPECT_TRUE(run("prev_pid == 10 ||", r));
	EXPECT_FALSE(run("prev_pid == 10 || ", other));
	EXPECT_FALSE(run("prev_pid == 10 && next_pid == 1 ||", r));
	// A pending || under the trailing && leaves two expressions unjoined: still refused.
	EXPECT_TRUE(refused("prev_pid == 10 || next_pid == 0 &&"));
	ParseError open_err;
	EXPECT_FALSE(compile("(prev_pid == 10 &&", *fields, open_err).ok());
	EXPECT_EQ(open_err.code, ErrorCode::TooManyOpen);
	ktp::filter::set_trailing_operator_accepted(false);
}

TEST(FilterAllocation, CompileSurvivesEveryAllocationFailure)
{
	auto fields = sched_switch_fields();
	ktp_host::run_with_each_allocation_failing([&] {
		ParseError err;
		auto prog = compile("prev_comm ~ \"ba*\" && (prev_pid == 1 || next_comm == \"x\")", *fields, err);
		if (!prog.ok()) {
			EXPECT_EQ(err.err_no, -KTP_ENOMEM);
		}
	});
}
