// SPDX-License-Identifier: GPL-2.0
// Host tests of ktl::RcuPtr and the rcu_* helpers: publish hands back the old object, retire waits for readers first.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ktl/rcu.h"
#include "platform_host.h"

namespace {

struct Counted {
	explicit Counted(int v, std::atomic<int> *freed) : value(v), freed_(freed) {}
	~Counted() { ++*freed_; }
	int value;
	std::atomic<int> *freed_;
};

TEST(Rcu, PublishHandsBackTheReplacedObject)
{
	std::atomic<int> freed{0};
	ktl::RcuPtr<Counted> p;
	EXPECT_EQ(p.read(), nullptr);
	ktl::Owned<Counted> none = p.publish(ktl::make<Counted>(1, &freed));
	EXPECT_FALSE(none);
	ASSERT_NE(p.read(), nullptr);
	EXPECT_EQ(p.read()->value, 1);
	ktl::Owned<Counted> old = p.publish(ktl::make<Counted>(2, &freed));
	ASSERT_TRUE(old);
	EXPECT_EQ(old->value, 1) << "the caller holds the old object until it retires it";
	EXPECT_EQ(freed, 0);
	EXPECT_EQ(p.get()->value, 2);
	old.reset();
	EXPECT_EQ(freed, 1);
	ktl::Owned<Counted> last = p.take();
	EXPECT_EQ(p.read(), nullptr);
	EXPECT_EQ(last->value, 2);
	last.reset();
	EXPECT_EQ(freed, 2);
}

TEST(Rcu, RetireWaitsForAGracePeriodOnlyWhenThereIsAnObject)
{
	std::atomic<int> freed{0};
	long before = ktp_host::rcu_synchronizations();
	ktl::rcu_retire(ktl::Owned<Counted>());
	EXPECT_EQ(ktp_host::rcu_synchronizations(), before) << "nothing to retire: no wait";
	ktl::rcu_retire(ktl::make<Counted>(3, &freed));
	EXPECT_EQ(ktp_host::rcu_synchronizations(), before + 1);
	EXPECT_EQ(freed, 1);
}

// A reader inside its read section keeps the old object alive: retire frees it only after the reader left.
TEST(Rcu, RetireFreesOnlyAfterTheReaderLeft)
{
	std::atomic<int> freed{0};
	ktl::RcuPtr<Counted> p;
	ktl::Owned<Counted> none = p.publish(ktl::make<Counted>(1, &freed));
	std::atomic<bool> inside{false}, leave{false};
	std::atomic<int> seen{0};
	std::thread reader([&] {
		ktp_rcu_read_lock();
		Counted *c = p.read();
		inside = true;
		while (!leave)
			std::this_thread::yield();
		seen = c->value; // still valid: the writer waits for this section
		ktp_rcu_read_unlock();
	});
	while (!inside)
		std::this_thread::yield();
	std::thread writer([&] { ktl::rcu_retire(p.publish(ktl::make<Counted>(2, &freed))); });
	std::this_thread::sleep_for(std::chrono::milliseconds(20));
	EXPECT_EQ(freed, 0) << "freed while a reader was inside";
	leave = true;
	reader.join();
	writer.join();
	EXPECT_EQ(seen.load(), 1);
	EXPECT_EQ(freed, 1);
	ktl::Owned<Counted> last = p.take();
}

} // namespace
