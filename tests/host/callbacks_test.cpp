// SPDX-License-Identifier: GPL-2.0
// Host tests of consumer callbacks: the arrays, registration through the registry, what each kind sees, and when they run.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include <ktp/abi.h>
#include <ktp/callbacks.h>
#include <ktp/module.h>

#include "events/test_events_api.h"
#include "platform_host.h"
#include "events/callbacks.h"
#include "events/registry.h"

namespace {

void *fn(int n) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(0x1000 + n)); }
void *data(int n) { return reinterpret_cast<void *>(static_cast<std::uintptr_t>(0x2000 + n)); }

TEST(CallbackArrays, AddRemoveDuplicateUnknown)
{
	ktp::CallbackArray *a = nullptr;
	{
		auto r = ktp::callbacks_with(a, fn(1), data(1));
		ASSERT_TRUE(r.ok());
		a = r.value();
	}
	EXPECT_EQ(a->count, 1u);
	{
		auto dup = ktp::callbacks_with(a, fn(1), data(1));
		ASSERT_FALSE(dup.ok());
		EXPECT_EQ(dup.error(), ktl::Error(KTP_EEXIST));
	}
	// The same function with other data is another callback.
	auto r2 = ktp::callbacks_with(a, fn(1), data(2));
	ASSERT_TRUE(r2.ok());
	ktp::CallbackArray *b = r2.value();
	EXPECT_EQ(b->count, 2u);
	EXPECT_EQ(b->items[0].data, data(1));
	EXPECT_EQ(b->items[1].data, data(2));
	EXPECT_EQ(a->count, 1u) << "the old array is left as it was";
	{
		auto none = ktp::callbacks_without(b, fn(2), data(1));
		ASSERT_FALSE(none.ok());
		EXPECT_EQ(none.error(), ktl::Error(KTP_ENOENT));
	}
	{
		auto nofn = ktp::callbacks_with(b, nullptr, data(3));
		ASSERT_FALSE(nofn.ok());
		EXPECT_EQ(nofn.error(), ktl::Error(KTP_EINVAL));
	}
	auto r3 = ktp::callbacks_without(b, fn(1), data(1));
	ASSERT_TRUE(r3.ok());
	ktp::CallbackArray *c = r3.value();
	ASSERT_EQ(c->count, 1u);
	EXPECT_EQ(c->items[0].data, data(2));
	auto last = ktp::callbacks_without(c, fn(1), data(2));
	ASSERT_TRUE(last.ok());
	EXPECT_EQ(last.value(), nullptr) << "no callbacks left: no array";
	auto empty = ktp::callbacks_without(nullptr, fn(1), data(2));
	EXPECT_FALSE(empty.ok());
	ktp::callbacks_free(a);
	ktp::callbacks_free(b);
	ktp::callbacks_free(c);
}

TEST(CallbackArrays, NeuteredEntriesAreSkippedAndDropped)
{
	ktp::CallbackArray *a = ktp::callbacks_with(nullptr, fn(1), data(1)).value();
	ktp::CallbackArray *b = ktp::callbacks_with(a, fn(2), data(2)).value();
	EXPECT_TRUE(ktp::callbacks_neuter(b, fn(1), data(1)));
	EXPECT_FALSE(ktp::callbacks_neuter(b, fn(1), data(1)));
	EXPECT_EQ(ktp::callbacks_live(b), 1u);
	ktp::CallbackArray *c = ktp::callbacks_with(b, fn(3), data(3)).value();
	ASSERT_EQ(c->count, 2u) << "the copy drops the neutered entry";
	EXPECT_EQ(c->items[0].func, fn(2));
	EXPECT_EQ(c->items[1].func, fn(3));
	auto r = ktp::callbacks_without(b, fn(2), data(2));
	ASSERT_TRUE(r.ok());
	EXPECT_EQ(r.value(), nullptr) << "only a neutered entry would be left";
	ktp::callbacks_free(a);
	ktp::callbacks_free(b);
	ktp::callbacks_free(c);
}

TEST(CallbackArrays, AllocationFailureLeavesNothingBehind)
{
	ktp::CallbackArray *base = ktp::callbacks_with(nullptr, fn(1), data(1)).value();
	base = [&] {
		ktp::CallbackArray *two = ktp::callbacks_with(base, fn(2), data(2)).value();
		ktp::callbacks_free(base);
		return two;
	}();
	int allocations = ktp_host::run_with_each_allocation_failing([&] {
		auto grown = ktp::callbacks_with(base, fn(3), data(3));
		if (grown.ok()) {
			EXPECT_EQ(grown.value()->count, 3u);
			ktp::callbacks_free(grown.value());
		} else {
			EXPECT_EQ(grown.error(), ktl::Error(KTP_ENOMEM));
		}
		auto shrunk = ktp::callbacks_without(base, fn(1), data(1));
		if (shrunk.ok()) {
			EXPECT_EQ(shrunk.value()->count, 1u);
			ktp::callbacks_free(shrunk.value());
		} else {
			EXPECT_EQ(shrunk.error(), ktl::Error(KTP_ENOMEM));
		}
	});
	EXPECT_EQ(allocations, 2);
	EXPECT_EQ(base->count, 2u);
	ktp::callbacks_free(base);
}

// What the callbacks below saw.
struct Seen {
	std::vector<std::vector<unsigned char>> records;
	std::vector<std::vector<unsigned long long>> args;
};

void on_record(void *d, const void *record, unsigned int size)
{
	auto *p = static_cast<const unsigned char *>(record);
	static_cast<Seen *>(d)->records.emplace_back(p, p + size);
}

void on_args(void *d, const unsigned long long *args, unsigned int nr)
{
	static_cast<Seen *>(d)->args.emplace_back(args, args + nr);
}

class Callbacks : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(ktp_core_init(), 0);
		ASSERT_EQ(ktp_module_events_register(), 0);
		ktl::LockGuard g(ktp::registry()->lock());
		pair_ = ktp::registry()->find("host_test:pair_one");
		kinds_ = ktp::registry()->find("host_test:every_kind");
		ASSERT_NE(pair_, nullptr);
		ASSERT_NE(kinds_, nullptr);
	}
	void TearDown() override
	{
		ktp_module_events_unregister();
		ktp_core_exit();
		EXPECT_EQ(ktp_host::outstanding_allocations(), 0);
	}
	static int reg(const char *event, ktp_callback_kind kind, void *f, void *d)
	{
		return ktp_callback_register("host_test", event, kind, f, d);
	}
	static int unreg(const char *event, ktp_callback_kind kind, void *f, void *d)
	{
		return ktp_callback_unregister("host_test", event, kind, f, d);
	}
	ktp::Event *pair_ = nullptr;
	ktp::Event *kinds_ = nullptr;
};

} // namespace

TEST_F(Callbacks, RegistrationErrorsAsProbes)
{
	Seen seen;
	auto *f = reinterpret_cast<void *>(&on_record);
	EXPECT_EQ(ktp_callback_register("host_test", "no_such_event", KTP_CALLBACK_RECORD, f, &seen), -KTP_ENOENT);
	EXPECT_EQ(ktp_callback_register("nosys", "pair_one", KTP_CALLBACK_RECORD, f, &seen), -KTP_ENOENT);
	EXPECT_EQ(reg("pair_one", static_cast<ktp_callback_kind>(7), f, &seen), -KTP_EINVAL);
	EXPECT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, nullptr, &seen), -KTP_EINVAL);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &seen), -KTP_ENOENT);
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, f, &seen), 0);
	EXPECT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, f, &seen), -KTP_EEXIST);
	// The same pair as a raw callback is another registration.
	EXPECT_EQ(reg("pair_one", KTP_CALLBACK_RAW, reinterpret_cast<void *>(&on_args), &seen), 0);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RAW, f, &seen), -KTP_ENOENT);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RAW, reinterpret_cast<void *>(&on_args), &seen), 0);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &seen), 0);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &seen), -KTP_ENOENT);
}

TEST_F(Callbacks, NothingRunsWhileNoConsumerIsAttached)
{
	Seen seen;
	auto *f = reinterpret_cast<void *>(&on_record);
	EXPECT_FALSE(pair_one_enabled());
	EXPECT_EQ(pair_->key().refcount(), 0);
	fire_pair_one(1, 2);
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, f, &seen), 0);
	EXPECT_TRUE(pair_one_enabled()) << "a callback is a consumer: the sites jump";
	EXPECT_FALSE(pair_->recording()) << "without ktp's tree recording";
	fire_pair_one(3, 4);
	// A second callback keeps the one probe.
	Seen other;
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, f, &other), 0);
	EXPECT_EQ(pair_->key().refcount(), 1);
	fire_pair_one(5, 6);
	ASSERT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &seen), 0);
	EXPECT_TRUE(pair_one_enabled());
	ASSERT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &other), 0);
	EXPECT_FALSE(pair_one_enabled()) << "the last callback switched the sites off";
	EXPECT_EQ(pair_->key().refcount(), 0);
	fire_pair_one(7, 8);
	// Even a CPU that passed the site's test before the switch runs nothing.
	run_site_pair_one(9, 10);
	EXPECT_EQ(seen.records.size(), 2u);
	EXPECT_EQ(other.records.size(), 1u);
	EXPECT_GE(ktp_host::rcu_synchronizations(), 1);
}

TEST_F(Callbacks, RecordCallbacksSeeTheAssembledRecordAfterTheFilter)
{
	Seen seen;
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
	ktp_host::set_pid(4242);
	fire_pair_one(-1, 77);
	ASSERT_EQ(seen.records.size(), 1u);
	std::vector<unsigned char> want(seen.records[0].size());
	ASSERT_EQ(fill_pair(want.data(), static_cast<unsigned int>(want.size()), -1, 77), want.size());
	const auto *hdr = reinterpret_cast<const ktp_common_header *>(seen.records[0].data());
	EXPECT_EQ(hdr->common_type, pair_->id());
	EXPECT_EQ(hdr->common_pid, 4242);
	EXPECT_EQ(0, std::memcmp(seen.records[0].data() + 8, want.data() + 8, want.size() - 8));
	// The event's filter applies, as to the buffer.
	ASSERT_EQ(ktp_event_write_filter(pair_->handle(), "a > 0", 5), 5);
	fire_pair_one(-5, 1);
	fire_pair_one(5, 1);
	ASSERT_EQ(seen.records.size(), 2u);
	int a;
	std::memcpy(&a, seen.records[1].data() + 8, 4);
	EXPECT_EQ(a, 5);
	// A record with dynamic strings, assembled in a scratch record.
	ASSERT_EQ(reg("every_kind", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
	int marker = 0;
	fire_every_kind(-3, "a name", &marker);
	ASSERT_EQ(seen.records.size(), 3u);
	unsigned int size = size_every_kind(-3, "a name", &marker);
	ASSERT_EQ(seen.records[2].size(), size);
	std::vector<unsigned char> full(size);
	fill_every_kind(full.data(), size, -3, "a name", &marker);
	EXPECT_EQ(0, std::memcmp(seen.records[2].data() + 8, full.data() + 8, size - 8));
	EXPECT_EQ(unreg("every_kind", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
}

TEST_F(Callbacks, RawCallbacksSeeTheArgumentsWidened)
{
	Seen seen;
	ASSERT_EQ(reg("every_kind", KTP_CALLBACK_RAW, reinterpret_cast<void *>(&on_args), &seen), 0);
	const char *name = "raw";
	int marker = 0;
	fire_every_kind(-1, name, &marker);
	ASSERT_EQ(seen.args.size(), 1u);
	ASSERT_EQ(seen.args[0].size(), 3u);
	EXPECT_EQ(seen.args[0][0], 0xffffffffull) << "an int is zero-extended from its 4 bytes";
	EXPECT_EQ(seen.args[0][1], reinterpret_cast<std::uintptr_t>(name));
	EXPECT_EQ(seen.args[0][2], reinterpret_cast<std::uintptr_t>(&marker));
	// Raw callbacks are not filtered: they see the call, not the record.
	ASSERT_EQ(ktp_event_write_filter(kinds_->handle(), "s32v > 0", 8), 8);
	fire_every_kind(-2, name, &marker);
	EXPECT_EQ(seen.args.size(), 2u);
	EXPECT_EQ(unreg("every_kind", KTP_CALLBACK_RAW, reinterpret_cast<void *>(&on_args), &seen), 0);
	fire_every_kind(3, name, &marker);
	EXPECT_EQ(seen.args.size(), 2u);
}

TEST_F(Callbacks, RecordingAndCallbacksBothSeeEveryEvent)
{
	Seen seen;
	ASSERT_EQ(ktp_event_write_enable(pair_->handle(), "1", 1), 1);
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
	EXPECT_TRUE(pair_->recording());
	for (int i = 0; i < 5; i++)
		fire_pair_one(i, i);
	EXPECT_EQ(seen.records.size(), 5u);
	ASSERT_EQ(ktp_event_write_enable(pair_->handle(), "0", 1), 1);
	EXPECT_TRUE(pair_one_enabled()) << "the callback still consumes it";
	fire_pair_one(9, 9);
	EXPECT_EQ(seen.records.size(), 6u);
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
	EXPECT_FALSE(pair_one_enabled());
}

TEST_F(Callbacks, AModuleGoingDropsItsEventsCallbacks)
{
	Seen seen;
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), 0);
	ASSERT_EQ(reg("pair_one", KTP_CALLBACK_RAW, reinterpret_cast<void *>(&on_args), &seen), 0);
	ktp_module_events_unregister();
	EXPECT_FALSE(pair_one_enabled());
	fire_pair_one(1, 1);
	EXPECT_TRUE(seen.records.empty());
	EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, reinterpret_cast<void *>(&on_record), &seen), -KTP_ENOENT);
	ASSERT_EQ(ktp_module_events_register(), 0);
}

TEST_F(Callbacks, RegistrationUnderAllocationFailure)
{
	Seen seen;
	auto *f = reinterpret_cast<void *>(&on_record);
	int allocations = ktp_host::run_with_each_allocation_failing([&] {
		int r = reg("pair_one", KTP_CALLBACK_RECORD, f, &seen);
		if (r != 0) {
			EXPECT_EQ(r, -KTP_ENOMEM);
			EXPECT_FALSE(pair_one_enabled()) << "a failed registration leaves the event off";
			EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &seen), -KTP_ENOENT);
			return;
		}
		size_t before = seen.records.size();
		fire_pair_one(1, 2);
		EXPECT_EQ(seen.records.size(), before + 1);
		// Unregistering never fails for want of memory.
		EXPECT_EQ(unreg("pair_one", KTP_CALLBACK_RECORD, f, &seen), 0);
		EXPECT_FALSE(pair_one_enabled());
	});
	EXPECT_GE(allocations, 2);
}
