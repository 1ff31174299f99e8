// SPDX-License-Identifier: GPL-2.0
// Host tests of event definitions, the registry, static keys (through the mprotect patcher) and probes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <ktp/module.h>

#include "events/c_events.h"
#include "events/test_events_api.h"
#include "platform_host.h"
#include "events/registry.h"
#include "events/static_key.h"

namespace {

class Events : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(ktp_core_init(), 0);
		ASSERT_EQ(ktp_module_events_register(), 0);
	}
	void TearDown() override
	{
		ktp_module_events_unregister();
		ktp_core_exit();
		ktp_host::set_text_patching_available(true);
		EXPECT_EQ(ktp_host::outstanding_allocations(), 0);
	}

	ktp::Registry &reg() { return *ktp::registry(); }
	ktp::Event *event(const char *spec)
	{
		ktl::LockGuard g(reg().lock());
		return reg().find(spec);
	}
};

// The descriptor of the event named name, from the ktp_events section.
const ktp_event_desc *describe(const char *name)
{
	for (const ktp_describe_fn *f = __start_ktp_events; f < __stop_ktp_events; f++)
		if (std::strcmp((*f)()->name, name) == 0)
			return (*f)();
	return nullptr;
}

const ktp_field_desc *field(const ktp_event_desc &d, const char *name)
{
	for (unsigned int i = 0; i < d.nr_fields; i++)
		if (std::strcmp(d.fields[i].name, name) == 0)
			return &d.fields[i];
	return nullptr;
}

std::vector<unsigned char> bytes_at(ktl::uintptr_t addr)
{
	auto *p = reinterpret_cast<const unsigned char *>(addr);
	return std::vector<unsigned char>(p, p + KTP_SITE_LEN);
}

std::vector<unsigned char> jump_bytes(const ktp::Site &s)
{
	unsigned char b[KTP_SITE_LEN];
	ktp::encode_jump(s.addr, s.target, b);
	return std::vector<unsigned char>(b, b + KTP_SITE_LEN);
}

const std::vector<unsigned char> kNop = {0x0f, 0x1f, 0x44, 0x00, 0x00};

struct Calls {
	int count = 0;
	int last_a = 0, last_b = 0;
	std::vector<int> order;
};

void probe_a(void *data, int a, int b)
{
	auto *c = static_cast<Calls *>(data);
	c->count++;
	c->last_a = a;
	c->last_b = b;
	c->order.push_back(1);
}

void probe_b(void *data, int, int)
{
	auto *c = static_cast<Calls *>(data);
	c->count++;
	c->order.push_back(2);
}

void probe_c(void *data, int, int)
{
	static_cast<Calls *>(data)->order.push_back(3);
}

} // namespace

TEST(EventLayout, FieldTableMatchesTheCompiler)
{
	const ktp_event_desc *d = describe("every_kind");
	ASSERT_NE(d, nullptr);
	EXPECT_STREQ(d->system, "host_test");
	EXPECT_EQ(d->record_size, every_kind_record_size);
	ASSERT_EQ(d->nr_fields, every_kind_fact_count);
	unsigned int prev_end = sizeof(ktp_common_header);
	for (unsigned int i = 0; i < d->nr_fields; i++) {
		const FieldFact &fact = every_kind_facts[i];
		EXPECT_STREQ(d->fields[i].name, fact.name);
		EXPECT_EQ(d->fields[i].offset, fact.offset) << fact.name;
		EXPECT_EQ(d->fields[i].size, fact.size) << fact.name;
		EXPECT_GE(d->fields[i].offset, prev_end) << "fields in declaration order: " << fact.name;
		prev_end = d->fields[i].offset + d->fields[i].size;
	}
	EXPECT_EQ(sizeof(ktp_common_header), 8u);
}

TEST(EventLayout, TypesSignednessAndKinds)
{
	const ktp_event_desc *d = describe("every_kind");
	ASSERT_NE(d, nullptr);
	struct Want {
		const char *name, *type;
		int is_signed, kind, size;
	} wants[] = {
		{"s8v", "signed char", 1, KTP_FIELD_INT, 1},
		{"u8v", "unsigned char", 0, KTP_FIELD_INT, 1},
		{"s16v", "short", 1, KTP_FIELD_INT, 2},
		{"u16v", "unsigned short", 0, KTP_FIELD_INT, 2},
		{"s32v", "int", 1, KTP_FIELD_INT, 4},
		{"u32v", "unsigned int", 0, KTP_FIELD_INT, 4},
		{"s64v", "long long", 1, KTP_FIELD_INT, 8},
		{"u64v", "unsigned long long", 0, KTP_FIELD_INT, 8},
		{"flag", "bool", 0, KTP_FIELD_INT, 1},
		{"comm", "char[16]", 1, KTP_FIELD_ARRAY, 16},
		{"name", "__data_loc char[]", 1, KTP_FIELD_STRING, 4}, // char is signed on x86, as native says
		{"ptr", "const void *", 0, KTP_FIELD_POINTER, 8},
	};
	for (const Want &w : wants) {
		const ktp_field_desc *f = field(*d, w.name);
		ASSERT_NE(f, nullptr) << w.name;
		EXPECT_STREQ(f->type, w.type) << w.name;
		EXPECT_EQ(f->is_signed, w.is_signed) << w.name;
		EXPECT_EQ(f->kind, w.kind) << w.name;
		EXPECT_EQ(f->size, w.size) << w.name;
	}
	EXPECT_EQ(field(*d, "comm")->array_len, 16);
}

TEST(EventLayout, FillAndPrint)
{
	int marker = 0;
	unsigned int size = size_every_kind(-3, "hello", &marker);
	std::vector<unsigned char> rec(size, 0xcc);
	EXPECT_EQ(fill_every_kind(rec.data(), size, -3, "hello", &marker), size);
	const ktp_event_desc *d = describe("every_kind");
	ASSERT_NE(d, nullptr);
	char text[512];
	d->print(text, sizeof(text), rec.data());
	char want[512];
	std::snprintf(want, sizeof(want),
		      "s8=-3 u8=253 s16=-3 u16=65533 s32=-3 u32=4294967293 s64=-3000000000 "
		      "u64=18446744073709551613 flag=1 comm=comm name=hello ptr=%p second=fixed",
		      static_cast<void *>(&marker));
	EXPECT_STREQ(text, want);
	// The dynamic strings sit after the fixed part, with their NULs, in order.
	EXPECT_EQ(size, every_kind_record_size + 6 + 6);
	// The print format is kept as written (the format file rewrites __entry-> to REC->).
	EXPECT_NE(std::strstr(d->print_fmt, "\"s8=%d u8=%u"), nullptr);
	EXPECT_NE(std::strstr(d->print_fmt, "ktp_get_str(name)"), nullptr);
}

TEST(EventLayout, NullAndOversizedStrings)
{
	unsigned int size = size_every_kind(1, nullptr, nullptr);
	std::vector<unsigned char> rec(size);
	fill_every_kind(rec.data(), size, 1, nullptr, nullptr);
	const ktp_event_desc *d = describe("every_kind");
	char text[512];
	d->print(text, sizeof(text), rec.data());
	EXPECT_NE(std::strstr(text, "name=(null)"), nullptr);

	std::string big(5000, 'x');
	size = size_every_kind(1, big.c_str(), nullptr);
	EXPECT_EQ(size, every_kind_record_size + KTP_STRING_MAX + 6);
	rec.assign(size, 0);
	fill_every_kind(rec.data(), size, 1, big.c_str(), nullptr);
	d->print(text, sizeof(text), rec.data());
	EXPECT_NE(std::strstr(text, "name=xxxx"), nullptr);
	// Truncated and terminated: the next field prints normally.
	std::string full(8192, 0);
	d->print(full.data(), full.size(), rec.data());
	EXPECT_NE(std::strstr(full.c_str(), std::string(KTP_STRING_MAX - 1, 'x').append(" ptr=").c_str()), nullptr);
}

TEST(EventLayout, ClassAndCDefinitions)
{
	unsigned char buf[64];
	EXPECT_EQ(fill_pair(buf, sizeof(buf), 4, 5), 16u);
	unsigned char cbuf[64];
	unsigned int n = host_c_record(cbuf, sizeof(cbuf), 9, "cee");
	EXPECT_EQ(n, 8u + 4 + 4 + 4);
	const ktp_event_desc *d = describe("from_c");
	ASSERT_NE(d, nullptr);
	char text[64];
	d->print(text, sizeof(text), cbuf);
	EXPECT_STREQ(text, "seq=9 who=cee");
}

TEST_F(Events, RegistryLookupsAndIds)
{
	ktl::LockGuard g(reg().lock());
	// The section also holds the core's own ftrace:print and ftrace:kernel_stack
	// and print_helpers_test.cpp's host_print:print_helpers.
	EXPECT_EQ(reg().event_count(), 12u);
	ktp::Event *one = reg().find("host_test:pair_one");
	ktp::Event *three = reg().find("host_other", "pair_three");
	ASSERT_NE(one, nullptr);
	ASSERT_NE(three, nullptr);
	EXPECT_EQ(reg().find(one->id()), one);
	EXPECT_EQ(reg().find(three->id()), three);
	EXPECT_EQ(reg().find(event_pair_one()), one);
	EXPECT_EQ(reg().find("host_test:nope"), nullptr);
	EXPECT_EQ(reg().find("host_test"), nullptr);
	EXPECT_EQ(reg().find("no_such:pair_one"), nullptr);
	std::vector<std::string> order;
	std::vector<int> ids;
	reg().for_each_event([&](ktp::Event &ev) {
		order.push_back(std::string(ev.system().name()) + ":" + ev.name());
		ids.push_back(ev.id());
	});
	EXPECT_EQ(order, (std::vector<std::string>{"ftrace:kernel_stack", "ftrace:print", "host_other:pair_three", "host_print:print_helpers", "host_sizes:size_12", "host_sizes:size_20",
						   "host_sizes:size_48", "host_sizes:size_52", "host_test:every_kind",
						   "host_test:from_c", "host_test:pair_one",
						   "host_test:pair_two"}));
	std::sort(ids.begin(), ids.end());
	EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end()) << "ids are unique";
	EXPECT_EQ(ids.front() > 0, true);
}

TEST_F(Events, RegisteringTwiceIsRefused)
{
	EXPECT_EQ(ktp_module_events_register(), -KTP_EEXIST);
}

TEST_F(Events, SitesAreNopWhenDisabledAndJumpWhenEnabled)
{
	ktp::Event *one = event("host_test:pair_one");
	ASSERT_NE(one, nullptr);
	ASSERT_EQ(one->key().sites().size(), 1u);
	ktp::Site site = one->key().sites()[0];
	EXPECT_EQ(bytes_at(site.addr), kNop);
	EXPECT_EQ(pair_one_enabled(), false);

	Calls calls;
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site));
	EXPECT_EQ(bytes_at(site.addr)[0], 0xe9);
	EXPECT_TRUE(pair_one_enabled());
	fire_pair_one(7, 8);
	EXPECT_EQ(calls.count, 1);
	EXPECT_EQ(calls.last_a, 7);
	EXPECT_EQ(calls.last_b, 8);
	EXPECT_TRUE(one->key().sites_match());

	ASSERT_EQ(unregister_pair_one(probe_a, &calls), 0);
	EXPECT_EQ(bytes_at(site.addr), kNop);
	fire_pair_one(1, 2);
	EXPECT_EQ(calls.count, 1) << "no probe runs once the event is off";
	EXPECT_TRUE(one->key().sites_match());
}

// Sites in a module's init text are patched while the module initializes
// and forgotten once its init is done (the text is freed next): ktp never
// writes there again, as the kernel's jump labels skip init entries then.
TEST_F(Events, InitTextSitesAreForgottenWhenInitIsDone)
{
	const ktp::Site site = event("host_test:pair_one")->key().sites()[0];
	ktp_module_events_unregister();
	ktp_host::set_init_text(site.addr, site.addr + KTP_SITE_LEN, KTP_TEXT_INIT);
	ASSERT_EQ(ktp_module_events_register(), 0);
	ktp::Event *one = event("host_test:pair_one");
	ASSERT_EQ(one->key().sites().size(), 1u);
	EXPECT_TRUE(one->key().sites()[0].init);
	EXPECT_EQ(bytes_at(site.addr), kNop) << "patched while its module initializes";
	Calls calls;
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site));

	// Another module's init is done: this one's init text stays.
	ktp_core_init_text_done();
	EXPECT_EQ(one->key().sites().size(), 1u);
	// Its own init is done: the site goes before its text does.
	ktp_host::set_init_text(site.addr, site.addr + KTP_SITE_LEN, KTP_TEXT_GONE);
	ktp_core_init_text_done();
	EXPECT_EQ(one->key().sites().size(), 0u);
	ASSERT_EQ(unregister_pair_one(probe_a, &calls), 0);
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site)) << "freed init text was written (disable)";
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	ktp_module_events_unregister();
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site)) << "freed init text was written (unregister)";

	// Registered after its init text is gone: the site is left out, untouched.
	ASSERT_EQ(ktp_module_events_register(), 0);
	one = event("host_test:pair_one");
	EXPECT_EQ(one->key().sites().size(), 0u);
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site));
	fire_pair_one(3, 4);
	EXPECT_EQ(calls.count, 0) << "the site's flag test still works";
	ktp_host::set_init_text(0, 0, KTP_TEXT_INIT);
}

TEST_F(Events, RefcountsTwoUsersOneLeaves)
{
	ktp::Event *one = event("host_test:pair_one");
	ktp::Site site = one->key().sites()[0];
	Calls c1, c2;
	ASSERT_EQ(register_pair_one(probe_a, &c1, 10), 0);
	ASSERT_EQ(register_pair_one(probe_a, &c2, 10), 0); // same function, other data: a second user
	EXPECT_EQ(one->key().refcount(), 2);
	ASSERT_EQ(unregister_pair_one(probe_a, &c1), 0);
	EXPECT_EQ(one->key().refcount(), 1);
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site)) << "still enabled for the remaining user";
	fire_pair_one(1, 1);
	EXPECT_EQ(c1.count, 0);
	EXPECT_EQ(c2.count, 1);
	ASSERT_EQ(unregister_pair_one(probe_a, &c2), 0);
	EXPECT_EQ(one->key().refcount(), 0);
	EXPECT_EQ(bytes_at(site.addr), kNop);
}

TEST_F(Events, DuplicateAndUnknownProbes)
{
	Calls calls;
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	EXPECT_EQ(register_pair_one(probe_a, &calls, 10), -KTP_EEXIST);
	EXPECT_EQ(register_pair_one(probe_a, &calls, 99), -KTP_EEXIST) << "priority does not make it new";
	EXPECT_EQ(unregister_pair_one(probe_b, &calls), -KTP_ENOENT);
	EXPECT_EQ(unregister_pair_one(probe_a, nullptr), -KTP_ENOENT);
	EXPECT_EQ(event("host_test:pair_one")->key().refcount(), 1);
	ASSERT_EQ(unregister_pair_one(probe_a, &calls), 0);
	EXPECT_EQ(unregister_pair_one(probe_a, &calls), -KTP_ENOENT);
	EXPECT_EQ(ktp_probe_register(event_pair_one(), nullptr, nullptr, 0), -KTP_EINVAL);
}

TEST_F(Events, ProbesRunByPriorityThenRegistrationOrder)
{
	Calls calls;
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	ASSERT_EQ(register_pair_one(probe_b, &calls, 20), 0);
	ASSERT_EQ(register_pair_one(probe_c, &calls, 10), 0);
	fire_pair_one(0, 0);
	EXPECT_EQ(calls.order, (std::vector<int>{2, 1, 3}));
	for (auto p : {probe_a, probe_b, probe_c})
		ASSERT_EQ(unregister_pair_one(p, &calls), 0);
}

TEST_F(Events, ClassEventsHaveTheirOwnKeys)
{
	Calls calls;
	ASSERT_EQ(ktp_probe_register(event_pair_two(), reinterpret_cast<void *>(probe_a), &calls, 10), 0);
	fire_pair_one(1, 1);
	fire_pair_three(3, 3);
	EXPECT_EQ(calls.count, 0);
	fire_pair_two(2, 2);
	EXPECT_EQ(calls.count, 1);
	EXPECT_EQ(calls.last_a, 2);
	EXPECT_EQ(ktp_probe_unregister(event_pair_two(), reinterpret_cast<void *>(probe_a), &calls), 0);
}

TEST_F(Events, EventsDefinedInCFire)
{
	Calls calls;
	struct Seen {
		unsigned int seq = 0;
		std::string who;
	} seen;
	auto probe = [](void *data, unsigned int seq, const char *who) {
		auto *s = static_cast<Seen *>(data);
		s->seq = seq;
		s->who = who;
	};
	void (*fn)(void *, unsigned int, const char *) = probe;
	ASSERT_EQ(register_trace_from_c(fn, &seen), 0);
	host_fire_from_c(42, "c-side");
	EXPECT_EQ(seen.seq, 42u);
	EXPECT_EQ(seen.who, "c-side");
	EXPECT_EQ(unregister_trace_from_c(fn, &seen), 0);
}

TEST_F(Events, BatchPatchesManyKeysAtOnce)
{
	ktp::Event *evs[] = {event("host_test:pair_one"), event("host_test:pair_two"),
			     event("host_other:pair_three"), event("host_test:every_kind")};
	long before = ktp_host::text_patch_batches();
	{
		ktl::LockGuard g(reg().lock());
		ktp::KeyBatch batch;
		for (ktp::Event *ev : evs)
			batch.get(ev->key());
		batch.commit();
	}
	EXPECT_EQ(ktp_host::text_patch_batches(), before + 1);
	for (ktp::Event *ev : evs) {
		EXPECT_TRUE(ev->key().enabled());
		EXPECT_EQ(bytes_at(ev->key().sites()[0].addr), jump_bytes(ev->key().sites()[0]));
	}
	before = ktp_host::text_patch_batches();
	{
		ktl::LockGuard g(reg().lock());
		ktp::KeyBatch batch;
		for (ktp::Event *ev : evs)
			batch.put(ev->key());
		batch.commit();
	}
	EXPECT_EQ(ktp_host::text_patch_batches(), before + 1);
	for (ktp::Event *ev : evs)
		EXPECT_EQ(bytes_at(ev->key().sites()[0].addr), kNop);
}

TEST_F(Events, MismatchedSiteBytesAreRefusedWithAWarning)
{
	ktp::Event *one = event("host_test:pair_one");
	ktp::Site site = one->key().sites()[0];
	// Someone else rewrote the site: ktp must refuse to patch over it.
	ktp_text_patch foreign = {reinterpret_cast<void *>(site.addr), {0x0f, 0x1f, 0x44, 0x00, 0x00},
				  {0xe9, 0x00, 0x00, 0x00, 0x00}, 0};
	ASSERT_EQ(ktp_text_patch_batch(&foreign, 1), 1);
	ktp_host::set_expecting_warnings(true);
	size_t warnings = ktp_host::warnings().size();
	Calls calls;
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	EXPECT_GT(ktp_host::warnings().size(), warnings);
	EXPECT_FALSE(one->key().sites_match());
	ASSERT_EQ(unregister_pair_one(probe_a, &calls), 0);
	ktp_host::set_expecting_warnings(false);
	// Put the compiled bytes back for the tests that follow.
	ktp_text_patch back = {reinterpret_cast<void *>(site.addr), {0xe9, 0x00, 0x00, 0x00, 0x00}, {}, 0};
	std::vector<unsigned char> nop = kNop;
	std::memcpy(back.new_, nop.data(), KTP_SITE_LEN);
	ASSERT_EQ(ktp_text_patch_batch(&back, 1), 1);
	EXPECT_TRUE(one->key().sites_match());
}

TEST(EventsFallback, WithoutPatchingSitesKeepTheirJumpAndTestTheFlag)
{
	ktp_host::set_text_patching_available(false);
	ASSERT_EQ(ktp_core_init(), 0);
	ASSERT_EQ(ktp_module_events_register(), 0);
	ktp::Event *one;
	{
		ktl::LockGuard g(ktp::registry()->lock());
		one = ktp::registry()->find("host_test:pair_one");
	}
	ktp::Site site = one->key().sites()[0];
	EXPECT_EQ(bytes_at(site.addr), jump_bytes(site)) << "the compiled jmp stays";
	EXPECT_TRUE(one->key().sites_match());
	Calls calls;
	fire_pair_one(1, 1);
	EXPECT_EQ(calls.count, 0);
	ASSERT_EQ(register_pair_one(probe_a, &calls, 10), 0);
	fire_pair_one(1, 1);
	EXPECT_EQ(calls.count, 1);
	ASSERT_EQ(unregister_pair_one(probe_a, &calls), 0);
	fire_pair_one(1, 1);
	EXPECT_EQ(calls.count, 1);
	ktp_module_events_unregister();
	ktp_core_exit();
	ktp_host::set_text_patching_available(true);
}

TEST(EventsAllocation, RegistrationSurvivesEveryAllocationFailure)
{
	ASSERT_EQ(ktp_core_init(), 0);
	int total = ktp_host::run_with_each_allocation_failing([] {
		int err = ktp_module_events_register();
		if (err == 0) {
			ktl::LockGuard g(ktp::registry()->lock());
			EXPECT_EQ(ktp::registry()->event_count(), 12u);
		} else {
			EXPECT_EQ(err, -KTP_ENOMEM);
			ktl::LockGuard g(ktp::registry()->lock());
			EXPECT_EQ(ktp::registry()->event_count(), 0u) << "a failed registration leaves nothing";
			EXPECT_TRUE(ktp::registry()->systems().empty());
		}
		// Every site is back to its compiled state either way.
		ktp_module_events_unregister();
		for (const ktp_jump_entry *e = __start___jump_table; e < __stop___jump_table; e++) {
			auto addr = reinterpret_cast<ktl::uintptr_t>(&e->code) + e->code;
			EXPECT_EQ(bytes_at(addr)[0], 0xe9);
		}
	});
	EXPECT_GE(total, 8);
	ktp_core_exit();
}

TEST(EventsAllocation, ProbeChangesSurviveEveryAllocationFailure)
{
	ASSERT_EQ(ktp_core_init(), 0);
	ASSERT_EQ(ktp_module_events_register(), 0);
	Calls keep, extra;
	ASSERT_EQ(register_pair_one(probe_a, &keep, 10), 0);
	ktp_host::run_with_each_allocation_failing([&] {
		int err = register_pair_one(probe_b, &extra, 10);
		if (err == 0) {
			EXPECT_EQ(unregister_pair_one(probe_b, &extra), 0);
		} else {
			EXPECT_EQ(err, -KTP_ENOMEM);
		}
		keep.count = 0;
		fire_pair_one(1, 2);
		EXPECT_EQ(keep.count, 1) << "the existing probe keeps running";
	});
	ASSERT_EQ(unregister_pair_one(probe_a, &keep), 0);
	ktp_module_events_unregister();
	ktp_core_exit();
	EXPECT_EQ(ktp_host::outstanding_allocations(), 0);
}

TEST(EventsConcurrency, ProbesComeAndGoWhileTheEventFires)
{
	ASSERT_EQ(ktp_core_init(), 0);
	ASSERT_EQ(ktp_module_events_register(), 0);
	// Patch once (enabled), then churn only the probe arrays while another thread fires.
	Calls anchor;
	ASSERT_EQ(ktp_probe_register(event_pair_two(), reinterpret_cast<void *>(probe_b), &anchor, 0), 0);
	std::atomic<bool> stop{false};
	std::atomic<long> fired{0};
	std::thread firer([&] {
		while (!stop) {
			fire_pair_two(1, 2);
			fired++;
		}
	});
	static std::atomic<long> hits{0};
	auto counting = [](void *, int, int) { hits++; };
	void (*fn)(void *, int, int) = counting;
	for (int i = 0; i < 300; i++) {
		ASSERT_EQ(ktp_probe_register(event_pair_two(), reinterpret_cast<void *>(fn), nullptr, 5), 0);
		ASSERT_EQ(ktp_probe_unregister(event_pair_two(), reinterpret_cast<void *>(fn), nullptr), 0);
		// unregister returned: the probe must not run any more, though the event keeps firing
		long after = hits.load();
		long fired_before = fired.load();
		while (fired.load() < fired_before + 3)
			std::this_thread::yield();
		EXPECT_EQ(hits.load(), after);
	}
	stop = true;
	firer.join();
	EXPECT_GT(fired.load(), 0);
	ASSERT_EQ(ktp_probe_unregister(event_pair_two(), reinterpret_cast<void *>(probe_b), &anchor), 0);
	ktp_module_events_unregister();
	ktp_core_exit();
}

#include "output/print_format.h"

TEST(PrintFormat, NativeFormFromTheDefinition)
{
	const ktp_event_desc *d = describe("from_c");
	ASSERT_NE(d, nullptr);
	ktp::TextBuffer out;
	ASSERT_TRUE(ktp::render_print_fmt(d->print_fmt, out));
	EXPECT_STREQ(out.data(), "\"seq=%u who=%s\", REC->seq, __get_str(who)");

	struct Case {
		const char *written, *native;
	} cases[] = {
		{"KTP_PRINT(\"a=%d\", __entry->a)", "\"a=%d\", REC->a"},
		{"KTP_PRINT(\"no args\")", "\"no args\""},
		{"KTP_PRINT(\"__entry->x stays in the string\", __entry->x)", "\"__entry->x stays in the string\", REC->x"},
		{"KTP_PRINT(\"q=\\\"%s\\\"\", ktp_get_str(n))", "\"q=\\\"%s\\\"\", __get_str(n)"},
		{"KTP_PRINT(\"%d\", __entry->a ? __entry->b : 0)", "\"%d\", REC->a ? REC->b : 0"},
	};
	for (const Case &c : cases) {
		ktp::TextBuffer o;
		ASSERT_TRUE(ktp::render_print_fmt(c.written, o));
		EXPECT_STREQ(o.data(), c.native) << c.written;
	}
}

TEST(PrintFormat, AllocationFailureIsReported)
{
	ktp_host::run_with_each_allocation_failing([] {
		ktp::TextBuffer o;
		bool ok = ktp::render_print_fmt("KTP_PRINT(\"a=%d b=%d\", __entry->a, __entry->b)", o);
		if (ok)
			EXPECT_STREQ(o.data(), "\"a=%d b=%d\", REC->a, REC->b");
		else
			EXPECT_TRUE(o.failed());
	});
}
