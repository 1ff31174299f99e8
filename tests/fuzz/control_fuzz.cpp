// SPDX-License-Identifier: GPL-2.0
// libFuzzer target: any sequence of writes to ktp's files (every parser of the tree) with records in between.
//
// The input is a list of operations, each three bytes then its text:
//
//     op  arg  n  text[n]
//
// op picks the file (a control file, an event's enable/filter/trigger, a
// system's enable/filter, trace_marker) or an action (fire the test
// events, render every file, read the trace, reset); arg picks the event,
// system or CPU. For example "\x02\x00\x05hello" writes "hello" to the
// first event's filter. After the run every file still renders and, once
// the core is torn down, nothing it allocated is left.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#include <ktp/abi.h>
#include <ktp/module.h>

#include "events/test_events_api.h"
#include "platform_host.h"
#include "events/registry.h"

namespace {

const char *const kEvents[] = {"host_test:every_kind", "host_test:pair_one", "host_test:pair_two",
			       "host_other:pair_three", "host_sizes:size_12", "host_sizes:size_52"};
const char *const kSystems[] = {"host_test", "host_other", "host_sizes", "nosuch"};
const ktp_control_file kControls[] = {KTP_CTL_TRACING_ON,	  KTP_CTL_BUFFER_SIZE_KB,
				      KTP_CTL_BUFFER_TOTAL_SIZE_KB, KTP_CTL_OVERWRITE,
				      KTP_CTL_SAVED_CMDLINES,	  KTP_CTL_SAVED_CMDLINES_SIZE,
				      KTP_CTL_SET_EVENT,	  KTP_CTL_EVENTS_ENABLE,
				      KTP_CTL_HEADER_PAGE,	  KTP_CTL_HEADER_EVENT,
				      KTP_CTL_STATS};
constexpr size_t kCount(const auto &a) { return sizeof(a) / sizeof(a[0]); }

ktp_event_handle *event_handle(unsigned int which)
{
	ktp::Registry *reg = ktp::registry();
	ktl::LockGuard guard(reg->lock());
	ktp::Event *ev = reg->find(kEvents[which % kCount(kEvents)]);
	return ev ? ev->handle() : nullptr;
}

void must(bool ok, const char *what)
{
	if (!ok) {
		std::fprintf(stderr, "control_fuzz: %s\n", what);
		std::abort();
	}
}

// A rendered file is freed at once; an error is fine, a crash or leak is not.
void render_and_free(int err, char *text)
{
	if (err == 0)
		ktp_free(text);
}

void render_everything()
{
	char *text;
	ktp_size_t len;
	for (ktp_control_file f : kControls)
		for (int cpu = -1; cpu < 2; cpu++)
			render_and_free(ktp_control_render(f, cpu, &text, &len), text);
	for (size_t i = 0; i < kCount(kEvents); i++) {
		ktp_event_handle *ev = event_handle(static_cast<unsigned int>(i));
		must(ev != nullptr, "a test event went missing");
		for (ktp_event_file f : {KTP_EVENT_ID, KTP_EVENT_FORMAT, KTP_EVENT_FILTER, KTP_EVENT_ENABLE, KTP_EVENT_TRIGGER})
			render_and_free(ktp_event_render(ev, f, &text, &len), text);
	}
	for (const char *sys : kSystems) {
		render_and_free(ktp_system_render_enable(sys, &text, &len), text);
		render_and_free(ktp_system_render_filter(sys, &text, &len), text);
	}
	render_and_free(ktp_render_text(KTP_TEXT_STATIC_KEYS, &text, &len), text);
	render_and_free(ktp_render_text(KTP_TEXT_AVAILABLE_EVENTS, &text, &len), text);
}

void read_out(ktp_reader_kind kind, int cpu)
{
	ktp_reader *reader = ktp_reader_open(kind, cpu);
	if (!reader)
		return;
	static char buf[8192];
	for (int i = 0; i < 64 && ktp_reader_read(reader, buf, sizeof(buf)) > 0; i++)
		;
	ktp_reader_close(reader);
}

void fire(unsigned int rounds)
{
	static const char *const labels[] = {"alpha", "", "a somewhat longer label"};
	for (unsigned int i = 0; i < rounds; i++) {
		fire_every_kind(static_cast<int>(i), labels[i % 3], &labels[i % 3]);
		fire_pair_one(static_cast<int>(i), -static_cast<int>(i));
		fire_pair_two(static_cast<int>(i) * 7, 3);
		fire_pair_three(1, static_cast<int>(i));
		fire_sizes(i);
	}
}

void run(const uint8_t *data, size_t size)
{
	while (size >= 3) {
		unsigned int op = data[0], arg = data[1];
		size_t n = data[2] <= size - 3 ? data[2] : size - 3;
		const char *text = reinterpret_cast<const char *>(data + 3);
		data += 3 + n;
		size -= 3 + n;
		int cpu = static_cast<int>(arg % 3) - 1;
		switch (op % 12) {
		case 0:
			ktp_control_write(kControls[arg % kCount(kControls)], cpu, text, n);
			break;
		case 1:
			ktp_event_write_enable(event_handle(arg), text, n);
			break;
		case 2:
			ktp_event_write_filter(event_handle(arg), text, n);
			break;
		case 3:
			ktp_event_write_trigger(event_handle(arg), text, n);
			break;
		case 4:
			ktp_system_write_enable(kSystems[arg % kCount(kSystems)], text, n);
			break;
		case 5:
			ktp_system_write_filter(kSystems[arg % kCount(kSystems)], text, n);
			break;
		case 6:
			ktp_trace_marker_write(text, n);
			break;
		case 7:
			fire(arg % 32 + 1);
			break;
		case 8:
			ktp_host::set_cpu(arg % 2);
			fire(arg % 8 + 1);
			ktp_host::set_cpu(0);
			break;
		case 9:
			read_out(static_cast<ktp_reader_kind>(arg % 3), arg % 3 == KTP_READER_RAW ? arg / 3 % 2 : cpu);
			break;
		case 10:
			ktp_trace_reset(cpu);
			break;
		case 11:
			ktp_control_truncate(KTP_CTL_SET_EVENT);
			break;
		}
	}
}

// The host platform reports misuse (a warning, a bad free) as a GoogleTest failure: here it ends the run.
class AbortOnFailure : public ::testing::EmptyTestEventListener {
	void OnTestPartResult(const ::testing::TestPartResult &result) override
	{
		if (result.failed()) {
			std::fprintf(stderr, "control_fuzz: %s\n", result.message());
			std::abort();
		}
	}
};

// Persistent mode (KTP_FUZZ_PERSISTENT=1, for long campaigns): one core
// for the whole run, brought back to a known state before each input
// through the files themselves; every trigger a file lists must be
// removable by its own name. Leaks are checked once, at exit.
bool g_persistent = false;

void remove_listed_triggers(ktp_event_handle *ev)
{
	char *text;
	ktp_size_t len;
	if (ktp_event_render(ev, KTP_EVENT_TRIGGER, &text, &len) != 0)
		return;
	for (char *line = text; line < text + len;) {
		char *end = static_cast<char *>(std::memchr(line, '\n', text + len - line));
		if (!end)
			end = text + len;
		if (*line != '#' && end > line) {
			// "enable_event:sys:event:count=3 if ..." is removed as "!enable_event:sys:event".
			size_t n = 0, colons = 0, keep = std::strncmp(line, "enable_event", 12) == 0 ||
						     std::strncmp(line, "disable_event", 13) == 0 ? 3 : 1;
			while (line + n < end && line[n] != ' ' && !(line[n] == ':' && ++colons == keep))
				n++;
			char cmd[128] = "!";
			must(n + 2 < sizeof(cmd), "a trigger name too long to remove");
			std::memcpy(cmd + 1, line, n);
			must(ktp_event_write_trigger(ev, cmd, n + 1) >= 0, "a listed trigger could not be removed");
		}
		line = end + 1;
	}
	ktp_free(text);
}

void back_to_known_state()
{
	ktp_control_truncate(KTP_CTL_SET_EVENT);
	for (size_t i = 0; i < kCount(kEvents); i++) {
		ktp_event_handle *ev = event_handle(static_cast<unsigned int>(i));
		remove_listed_triggers(ev);
		ktp_event_write_filter(ev, "0", 1);
		ktp_event_write_enable(ev, "0", 1);
	}
	for (const char *sys : kSystems)
		ktp_system_write_filter(sys, "0", 1);
	ktp_control_write(KTP_CTL_TRACING_ON, -1, "1", 1);
	ktp_control_write(KTP_CTL_OVERWRITE, -1, "1", 1);
	ktp_control_write(KTP_CTL_BUFFER_SIZE_KB, -1, "8", 1);
	ktp_trace_reset(-1);
	for (size_t i = 0; i < kCount(kEvents); i++) {
		char *text;
		ktp_size_t len;
		must(ktp_event_render(event_handle(static_cast<unsigned int>(i)), KTP_EVENT_TRIGGER, &text, &len) == 0,
		     "a trigger file did not render");
		bool none = len == 0 || text[0] == '#';
		ktp_free(text);
		must(none, "triggers left after removing every listed one");
	}
}

void tear_down_at_exit()
{
	ktp_module_events_unregister();
	ktp_core_exit();
	must(ktp_host::outstanding_allocations() == 0, "allocations left after ktp_core_exit");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	::testing::UnitTest::GetInstance()->listeners().Append(new AbortOnFailure);
	ktp_host::set_nr_cpus(2);
	ktp_host::set_initial_buffer_kb(8); // small pages fill, wrap and overrun within one input
	ktp_host::set_fake_clock(true, 1000);
	const char *persistent = std::getenv("KTP_FUZZ_PERSISTENT");
	g_persistent = persistent && *persistent == '1';
	if (g_persistent) {
		must(ktp_core_init() == 0, "ktp_core_init failed");
		must(ktp_module_events_register() == 0, "the test events did not register");
		std::atexit(tear_down_at_exit);
	}
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	ktp_host::set_cpu(0);
	if (g_persistent) {
		back_to_known_state();
	} else {
		must(ktp_core_init() == 0, "ktp_core_init failed");
		must(ktp_module_events_register() == 0, "the test events did not register");
	}
	run(data, size);
	ktp_host::advance_fake_clock(1000);
	fire(2);
	render_everything();
	read_out(KTP_READER_TRACE, -1);
	read_out(KTP_READER_PIPE, -1);
	if (!g_persistent) {
		ktp_module_events_unregister();
		ktp_core_exit();
		must(ktp_host::outstanding_allocations() == 0, "allocations left after ktp_core_exit");
	}
	return 0;
}
