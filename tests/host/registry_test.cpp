// SPDX-License-Identifier: GPL-2.0
// Host tests of what the registry keeps after a module goes: lent names, the module's records, its event ids.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <ktp/abi.h>
#include <ktp/module.h>

#include "events/test_events_api.h"
#include "platform_host.h"
#include "events/registry.h"

namespace {

// The descriptors the describe functions below hand out, one slot each.
constexpr int kSlots = 8;
const ktp_event_desc *g_slots[kSlots];
template <int N> const ktp_event_desc *slot() { return g_slots[N]; }
const ktp_describe_fn kSlotFns[kSlots] = {slot<0>, slot<1>, slot<2>, slot<3>, slot<4>, slot<5>, slot<6>, slot<7>};
int g_next_slot = 0;

const ktp_event_desc *describe(const char *name)
{
	for (const ktp_describe_fn *f = __start_ktp_events; f < __stop_ktp_events; f++)
		if (std::strcmp((*f)()->name, name) == 0)
			return (*f)();
	return nullptr;
}

char *lend(const char *s)
{
	char *p = static_cast<char *>(std::malloc(std::strlen(s) + 1));
	std::strcpy(p, s);
	return p;
}

// Scribbled over, then freed: a later read is a use-after-free under ASan.
void take_back(char *p)
{
	std::memset(p, 'X', std::strlen(p));
	std::free(p);
}

// A module with events of host_test:pair_one's layout whose every string
// (system, event, field names and types, print format) lives on the heap
// for as long as the "module" does.
class LentModule {
public:
	LentModule(const char *system, std::vector<const char *> names)
	{
		const ktp_event_desc *model = describe("pair_one");
		first_slot_ = g_next_slot;
		g_next_slot += static_cast<int>(names.size());
		EXPECT_LE(g_next_slot, kSlots);
		events_.resize(names.size());
		for (size_t i = 0; i < names.size(); i++) {
			Lent &e = events_[i];
			e.desc = *model;
			e.desc.system = strings_.emplace_back(lend(system));
			e.desc.name = strings_.emplace_back(lend(names[i]));
			e.desc.print_fmt = strings_.emplace_back(lend(model->print_fmt));
			e.fields.assign(model->fields, model->fields + model->nr_fields);
			for (ktp_field_desc &f : e.fields) {
				f.name = strings_.emplace_back(lend(f.name));
				f.type = strings_.emplace_back(lend(f.type));
			}
			e.desc.fields = e.fields.data();
			e.desc.event = &e.raw;
		}
		for (size_t i = 0; i < names.size(); i++)
			g_slots[first_slot_ + i] = &events_[i].desc;
		tables_ = {&kSlotFns[first_slot_], &kSlotFns[first_slot_] + names.size(), nullptr, nullptr, "lent"};
	}
	~LentModule() { free_strings(); }

	int load() { return ktp_register_module(&tables_); }
	void unload() { ktp_unregister_module(&tables_); }
	// The module is gone: its memory is reused.
	void free_strings()
	{
		for (char *s : strings_)
			take_back(s);
		strings_.clear();
	}
	// What a call site of event i does.
	void fire(size_t i, int a, int b)
	{
		ktp_event &raw = events_[i].raw;
		ktp_probe_read_lock();
		ktp_probe_array *pa = __atomic_load_n(&raw.probes, __ATOMIC_ACQUIRE);
		if (__atomic_load_n(&raw.enabled, __ATOMIC_ACQUIRE) && pa)
			for (unsigned int p = 0; p < pa->count; p++)
				reinterpret_cast<void (*)(void *, int, int)>(pa->probes[p].func)(pa->probes[p].data, a, b);
		ktp_probe_read_unlock();
	}

private:
	struct Lent {
		ktp_event_desc desc;
		ktp_event raw{};
		std::vector<ktp_field_desc> fields;
	};
	std::vector<Lent> events_;
	std::vector<char *> strings_;
	ktp_module_tables tables_{};
	int first_slot_ = 0;
};

class Registry : public ::testing::Test {
protected:
	void SetUp() override
	{
		g_next_slot = 0;
		ASSERT_EQ(ktp_core_init(), 0);
		ASSERT_EQ(ktp_module_events_register(), 0);
	}
	void TearDown() override
	{
		ktp_module_events_unregister();
		ktp_core_exit();
		EXPECT_EQ(ktp_host::outstanding_allocations(), 0);
	}

	static std::string text_file(ktp_text_file which)
	{
		char *out = nullptr;
		ktp_size_t len = 0;
		EXPECT_EQ(ktp_render_text(which, &out, &len), 0);
		std::string s(out ? out : "", out ? len : 0);
		ktp_free(out);
		return s;
	}
	static std::string control(ktp_control_file which)
	{
		char *out = nullptr;
		ktp_size_t len = 0;
		EXPECT_EQ(ktp_control_render(which, -1, &out, &len), 0);
		std::string s(out ? out : "", out ? len : 0);
		ktp_free(out);
		return s;
	}
	static void write_control(ktp_control_file which, const char *text)
	{
		ASSERT_EQ(ktp_control_write(which, -1, text, std::strlen(text)), static_cast<long>(std::strlen(text)))
			<< text;
	}
	static std::string event_file(ktp::Event *ev, ktp_event_file which)
	{
		char *out = nullptr;
		ktp_size_t len = 0;
		EXPECT_EQ(ktp_event_render(ev->handle(), which, &out, &len), 0);
		std::string s(out ? out : "", out ? len : 0);
		ktp_free(out);
		return s;
	}
	static ktp::Event *find(const char *spec)
	{
		ktl::LockGuard g(ktp::registry()->lock());
		return ktp::registry()->find(spec);
	}
	// The whole buffer as the trace file shows it, without its header.
	static std::string trace()
	{
		ktp_reader *r = ktp_reader_open(KTP_READER_TRACE, -1);
		EXPECT_NE(r, nullptr);
		std::string out;
		char buf[4096];
		long n;
		while (r && (n = ktp_reader_read(r, buf, sizeof(buf))) > 0)
			out.append(buf, static_cast<size_t>(n));
		ktp_reader_close(r);
		std::string body;
		size_t at = 0;
		while (at < out.size()) {
			size_t end = out.find('\n', at);
			std::string line = out.substr(at, end == std::string::npos ? std::string::npos : end + 1 - at);
			if (line[0] != '#')
				body += line;
			at = end == std::string::npos ? out.size() : end + 1;
		}
		return body;
	}
	static int count(const std::string &s, const char *what)
	{
		int n = 0;
		for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
			n++;
		return n;
	}
};

} // namespace

// The module that created a system goes while another module's events are
// still in it: every path that names the system still works (no read of the
// first module's freed strings).
TEST_F(Registry, ASystemOutlivesTheModuleThatNamedIt)
{
	LentModule first("lent_sys", {"a_first"});
	LentModule second("lent_sys", {"b_second"});
	ASSERT_EQ(first.load(), 0);
	ASSERT_EQ(second.load(), 0);
	write_control(KTP_CTL_SET_EVENT, "lent_sys:b_second");
	ktp::Event *other = find("host_test:pair_two");
	ASSERT_NE(other, nullptr);
	ASSERT_EQ(ktp_event_write_trigger(other->handle(), "enable_event:lent_sys:b_second", 30), 30);

	first.unload();
	first.free_strings();

	ktp::Event *b = find("lent_sys:b_second");
	ASSERT_NE(b, nullptr);
	{
		ktl::LockGuard g(ktp::registry()->lock());
		EXPECT_EQ(ktp::registry()->find("lent_sys", "b_second"), b);
		EXPECT_EQ(ktp::registry()->find("lent_sys:a_first"), nullptr);
	}
	EXPECT_EQ(count(text_file(KTP_TEXT_AVAILABLE_EVENTS), "lent_sys:b_second\n"), 1);
	EXPECT_EQ(count(text_file(KTP_TEXT_STATIC_KEYS), "lent_sys:b_second"), 1);
	EXPECT_EQ(count(control(KTP_CTL_SET_EVENT), "lent_sys:b_second\n"), 1);
	EXPECT_EQ(event_file(other, KTP_EVENT_TRIGGER), "enable_event:lent_sys:b_second:unlimited\n");
	char *out = nullptr;
	ktp_size_t len = 0;
	ASSERT_EQ(ktp_system_render_enable("lent_sys", &out, &len), 0);
	EXPECT_EQ(std::string(out, len), "1\n");
	ktp_free(out);
	EXPECT_EQ(ktp_system_write_filter("lent_sys", "a > 1", 5), 5);
	second.fire(0, 7, 8);
	EXPECT_EQ(count(trace(), "b_second: a=7 b=8"), 1);

	// A module joining the system now, and the system going with its last event.
	LentModule third("lent_sys", {"c_third"});
	ASSERT_EQ(third.load(), 0);
	EXPECT_EQ(count(text_file(KTP_TEXT_AVAILABLE_EVENTS), "lent_sys:"), 2);
	second.unload();
	second.free_strings();
	EXPECT_EQ(count(text_file(KTP_TEXT_AVAILABLE_EVENTS), "lent_sys:c_third\n"), 1);
	EXPECT_EQ(count(event_file(other, KTP_EVENT_TRIGGER), "lent_sys"), 0) << "the trigger went with its target";
	third.unload();
	EXPECT_EQ(count(text_file(KTP_TEXT_AVAILABLE_EVENTS), "lent_sys:"), 0);
}

// As native: removing a module whose events were ever enabled clears the
// buffers, so its records never print as unknown types.
TEST_F(Registry, RemovingAModuleThatRecordedClearsTheBuffer)
{
	LentModule mod("gone_sys", {"recorded"});
	ASSERT_EQ(mod.load(), 0);
	write_control(KTP_CTL_SET_EVENT, "gone_sys:recorded");
	write_control(KTP_CTL_SET_EVENT, "host_test:pair_one");
	for (int i = 0; i < 3; i++)
		mod.fire(0, i, i);
	fire_pair_one(1, 2);
	std::string before = trace();
	ASSERT_EQ(count(before, "recorded: a="), 3) << before;
	ASSERT_EQ(count(before, "pair_one: a=1 b=2"), 1) << before;

	mod.unload();
	std::string after = trace();
	EXPECT_EQ(count(after, "Unknown type"), 0) << after;
	EXPECT_EQ(after, "") << "every CPU's buffer is cleared, as native";
	fire_pair_one(3, 4);
	EXPECT_EQ(count(trace(), "pair_one: a=3 b=4"), 1) << "recording goes on";
}

// A module whose events never recorded leaves the buffer alone (native
// clears only for events that were ever enabled).
TEST_F(Registry, RemovingAModuleThatNeverRecordedKeepsTheBuffer)
{
	LentModule mod("quiet_sys", {"never"});
	ASSERT_EQ(mod.load(), 0);
	write_control(KTP_CTL_SET_EVENT, "host_test:pair_one");
	fire_pair_one(5, 6);
	mod.unload();
	EXPECT_EQ(count(trace(), "pair_one: a=5 b=6"), 1);
}

// When the clear fails (no memory), the removed event's records stay in the
// buffer: its id is not given to a new event, whose printer would decode
// them, until a clear of every buffer has dropped them.
TEST_F(Registry, AnIdWithRecordsLeftIsNotReusedUntilAClear)
{
	LentModule gone("old_sys", {"old_layout"});
	ktl::u16 stale = 0;
	bool kept = false;
	for (int nth = 1; nth <= 40 && !kept; nth++) {
		ASSERT_EQ(gone.load(), 0);
		stale = find("old_sys:old_layout")->id();
		write_control(KTP_CTL_SET_EVENT, "old_sys:old_layout");
		gone.fire(0, 1, 2);
		ktp_fault_fail_nth_alloc(nth);
		ktp_host::set_expecting_warnings(true);
		gone.unload();
		ktp_host::set_expecting_warnings(false);
		ktp_fault_fail_nth_alloc(0);
		kept = count(trace(), "Unknown type") == 1;
	}
	ASSERT_TRUE(kept) << "no allocation failure left the records in the buffer";

	// Around the whole id space: a new event never takes the stale id.
	LentModule cycler("new_sys", {"new_layout"});
	bool below = false, wrapped = false;
	int loads = 0;
	for (; loads < 70000 && !wrapped; loads++) {
		ASSERT_EQ(cycler.load(), 0);
		ktl::u16 id = find("new_sys:new_layout")->id();
		cycler.unload();
		ASSERT_NE(id, stale) << "reused while a record of the old event is in the buffer";
		below |= id < stale;
		wrapped = below && id > stale;
	}
	ASSERT_TRUE(wrapped);
	EXPECT_GT(loads, 60000);
	std::string text = trace();
	EXPECT_EQ(count(text, "new_layout"), 0) << text;
	EXPECT_EQ(count(text, "Unknown type"), 1) << text;

	// A clear of every CPU drops the records, and the id is free again.
	ASSERT_EQ(ktp_trace_reset(-1), 0);
	bool reused = false;
	for (int i = 0; i < 65536 && !reused; i++) {
		ASSERT_EQ(cycler.load(), 0);
		reused = find("new_sys:new_layout")->id() == stale;
		cycler.unload();
	}
	EXPECT_TRUE(reused);
}
