// SPDX-License-Identifier: GPL-2.0
// Host tests of the kernel template library: Result, Status, Span, List, locks, Owned, Array.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "ktl/list.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "ktl/span.h"
#include "platform_host.h"

using ktl::Error;
using ktl::Result;
using ktl::Status;

namespace {

Result<int> parse_digit(char c)
{
	if (c < '0' || c > '9')
		return Error(KTP_EINVAL);
	return c - '0';
}

Status check_even(int v)
{
	if (v % 2)
		return Error(KTP_ERANGE);
	return Status::success();
}

// Two digits, their sum even: KTP_TRY propagates the first failure.
int steps = 0;
Result<int> even_sum(char a, char b)
{
	int x = KTP_TRY(parse_digit(a));
	steps++;
	int y = KTP_TRY(parse_digit(b));
	steps++;
	KTP_TRY(check_even(x + y));
	steps++;
	return x + y;
}

Status even_digit(char c)
{
	KTP_TRY(check_even(KTP_TRY(parse_digit(c))));
	return Status::success();
}

struct Tracked {
	static inline int live = 0;
	int value;
	explicit Tracked(int v) : value(v) { live++; }
	Tracked(Tracked &&o) : value(o.value) { live++; }
	~Tracked() { live--; }
};

} // namespace

TEST(Result, HoldsValueOrError)
{
	Result<int> ok = parse_digit('7');
	ASSERT_TRUE(ok.ok());
	EXPECT_EQ(ok.value(), 7);
	EXPECT_EQ(ok.to_errno(), 0);

	Result<int> bad = parse_digit('x');
	ASSERT_FALSE(bad);
	EXPECT_EQ(bad.error(), Error(KTP_EINVAL));
	EXPECT_EQ(bad.to_errno(), -KTP_EINVAL);
}

TEST(Result, TryPropagatesTheFirstError)
{
	steps = 0;
	Result<int> ok = even_sum('3', '5');
	ASSERT_TRUE(ok.ok());
	EXPECT_EQ(ok.value(), 8);
	EXPECT_EQ(steps, 3);
	steps = 0;
	EXPECT_EQ(even_sum('x', '5').error(), Error(KTP_EINVAL));
	EXPECT_EQ(steps, 0) << "returned at the first KTP_TRY";
	EXPECT_EQ(even_sum('3', 'y').error(), Error(KTP_EINVAL));
	EXPECT_EQ(steps, 1);
	EXPECT_EQ(even_sum('3', '4').error(), Error(KTP_ERANGE));
	EXPECT_EQ(steps, 3);
	EXPECT_TRUE(even_digit('4').ok());
	EXPECT_EQ(even_digit('3').error(), Error(KTP_ERANGE));
	EXPECT_EQ(even_digit('-').error(), Error(KTP_EINVAL));
}

TEST(Result, DestroysItsValueExactlyOnce)
{
	{
		Result<Tracked> r(Tracked(3));
		EXPECT_EQ(Tracked::live, 1);
		Result<Tracked> moved(ktl::move(r));
		EXPECT_EQ(moved.value().value, 3);
		EXPECT_EQ(Tracked::live, 2); // the moved-from Result still owns its (moved-from) object
	}
	EXPECT_EQ(Tracked::live, 0);
	{
		Result<Tracked> e(Error(KTP_ENOMEM));
		EXPECT_EQ(Tracked::live, 0);
	}
	EXPECT_EQ(Tracked::live, 0);
}

TEST(ResultDeathTest, ReadingTheWrongSideTraps)
{
	Result<int> bad = parse_digit('x');
	EXPECT_DEATH((void)bad.value(), "ktp_trap");
	Result<int> good = parse_digit('1');
	EXPECT_DEATH((void)good.error(), "ktp_trap");
}

TEST(Status, SuccessAndError)
{
	EXPECT_TRUE(check_even(4).ok());
	Status s = check_even(3);
	EXPECT_FALSE(s);
	EXPECT_EQ(s.error().code, KTP_ERANGE);
	EXPECT_EQ(s.to_errno(), -KTP_ERANGE);
	EXPECT_EQ(Status::success().to_errno(), 0);
}

namespace {

Result<int> doubled_digit(char c)
{
	int v = KTP_TRY(parse_digit(c));
	return v * 2;
}

Result<ktl::Owned<Tracked>> make_tracked(int v)
{
	ktl::Owned<Tracked> t = ktl::make<Tracked>(v);
	if (!t)
		return Error(KTP_ENOMEM);
	return ktl::move(t);
}

Status keep_tracked(ktl::Owned<Tracked> &out, int v)
{
	out = KTP_TRY(make_tracked(v));
	return Status::success();
}

class Keyed {
public:
	static ktl::Owned<Keyed> create(int v) { return ktl::make<Keyed>(ktl::Passkey<Keyed>(), v); }
	Keyed(ktl::Passkey<Keyed>, int v) : value(v) {}
	int value;
};

} // namespace

TEST(Try, PropagatesErrorsAndGivesValues)
{
	EXPECT_EQ(doubled_digit('4').value(), 8);
	EXPECT_EQ(doubled_digit('x').error().code, KTP_EINVAL);
	EXPECT_EQ(even_digit('x').error().code, KTP_EINVAL);
	{
		ktl::Owned<Tracked> t;
		ASSERT_TRUE(keep_tracked(t, 7).ok());
		EXPECT_EQ(t->value, 7);
		EXPECT_EQ(Tracked::live, 1);
	}
	EXPECT_EQ(Tracked::live, 0);
}

TEST(Passkey, OpensTheConstructorToMake)
{
	ktl::Owned<Keyed> k = Keyed::create(3);
	ASSERT_TRUE(k);
	EXPECT_EQ(k->value, 3);
	static_assert(!__is_constructible(ktl::Passkey<Keyed>), "only Keyed makes its key");
}

TEST(Span, ViewsAndSubspans)
{
	int values[] = {1, 2, 3, 4, 5};
	ktl::Span<int> s(values);
	EXPECT_EQ(s.size(), 5u);
	int sum = 0;
	for (int v : s)
		sum += v;
	EXPECT_EQ(sum, 15);
	EXPECT_EQ(s.subspan(1, 2).size(), 2u);
	EXPECT_EQ(s.subspan(1, 2)[0], 2);
	EXPECT_EQ(s.subspan(4).size(), 1u);
	EXPECT_EQ(s.subspan(9).size(), 0u); // clamped, not out of range
	EXPECT_EQ(s.subspan(3, 100).size(), 2u);
	EXPECT_EQ(s.first(2)[1], 2);
	ktl::Span<const int> c = s;
	EXPECT_EQ(c[4], 5);
	EXPECT_TRUE(ktl::Span<int>().empty());
}

TEST(SpanDeathTest, OutOfRangeIndexTraps)
{
	int values[] = {1, 2};
	ktl::Span<int> s(values);
	EXPECT_DEATH((void)s[2], "ktp_trap");
}

namespace {
struct Item {
	int id;
	ktl::ListNode node;
	explicit Item(int i) : id(i) {}
};
using ItemList = ktl::List<Item, &Item::node>;

std::vector<int> ids(ItemList &l)
{
	std::vector<int> out;
	for (Item &i : l)
		out.push_back(i.id);
	return out;
}
} // namespace

TEST(List, OrderInsertRemove)
{
	Item a(1), b(2), c(3), d(4);
	ItemList l;
	EXPECT_TRUE(l.empty());
	l.push_back(a);
	l.push_back(c);
	l.push_front(d);
	l.insert_before(c, b);
	EXPECT_EQ(ids(l), (std::vector<int>{4, 1, 2, 3}));
	EXPECT_EQ(l.size(), 4u);
	l.remove(d);
	EXPECT_FALSE(d.node.linked());
	EXPECT_EQ(ids(l), (std::vector<int>{1, 2, 3}));
	EXPECT_EQ(l.front()->id, 1);
	EXPECT_EQ(l.back()->id, 3);
	EXPECT_EQ(l.pop_front()->id, 1);
	EXPECT_EQ(ids(l), (std::vector<int>{2, 3}));
	l.for_each_safe([&](Item &i) { l.remove(i); });
	EXPECT_TRUE(l.empty());
	EXPECT_EQ(l.pop_front(), nullptr);
}

TEST(ListDeathTest, DoubleInsertTraps)
{
	Item a(1);
	ItemList l;
	l.push_back(a);
	EXPECT_DEATH(l.push_back(a), "ktp_trap");
}

namespace {
struct CountingLock {
	int locks = 0, unlocks = 0;
	void lock() { locks++; }
	void unlock() { unlocks++; }
};
ktl::LockClass test_mutex_class;
ktl::LockClass test_spin_class;
} // namespace

TEST(LockGuard, LocksForItsScope)
{
	CountingLock lock;
	{
		ktl::LockGuard guard(lock);
		EXPECT_EQ(lock.locks, 1);
		EXPECT_EQ(lock.unlocks, 0);
	}
	EXPECT_EQ(lock.unlocks, 1);
}

TEST(LockGuard, MutexAndSpinLockExcludeEachOther)
{
	ktl::Mutex mutex("test_mutex", test_mutex_class);
	ktl::SpinLock spin("test_spin", test_spin_class);
	long mutex_counter = 0, spin_counter = 0;
	auto work = [&] {
		for (int i = 0; i < 20000; i++) {
			{
				ktl::LockGuard g(mutex);
				mutex_counter++;
			}
			ktl::LockGuard g(spin);
			spin_counter++;
		}
	};
	std::thread t1(work), t2(work);
	t1.join();
	t2.join();
	EXPECT_EQ(mutex_counter, 40000);
	EXPECT_EQ(spin_counter, 40000);
}

namespace {
struct Shape {
	virtual ~Shape() { destroyed++; }
	virtual int sides() const = 0;
	static inline int destroyed = 0;
};
struct Square : Shape {
	int sides() const override { return 4; }
};
} // namespace

TEST(Owned, MakeOwnsAndFrees)
{
	long before = ktp_host::outstanding_allocations();
	{
		ktl::Owned<Tracked> t = ktl::make<Tracked>(5);
		ASSERT_TRUE(t);
		EXPECT_EQ(t->value, 5);
		EXPECT_EQ(ktp_host::outstanding_allocations(), before + 1);
		ktl::Owned<Tracked> moved = ktl::move(t);
		EXPECT_FALSE(t);
		EXPECT_EQ(moved->value, 5);
	}
	EXPECT_EQ(Tracked::live, 0);
	EXPECT_EQ(ktp_host::outstanding_allocations(), before);
}

TEST(Owned, DerivedThroughBaseWithVirtualDestructor)
{
	Shape::destroyed = 0;
	{
		ktl::Owned<Shape> s = ktl::make<Square>();
		ASSERT_TRUE(s);
		EXPECT_EQ(s->sides(), 4);
	}
	EXPECT_EQ(Shape::destroyed, 1);
}

TEST(Owned, MakeReturnsEmptyWhenAllocationFails)
{
	ktp_fault_fail_nth_alloc(1);
	ktl::Owned<Tracked> t = ktl::make<Tracked>(1);
	EXPECT_FALSE(t);
	EXPECT_EQ(Tracked::live, 0); // nothing constructed
	ktl::Owned<Tracked> u = ktl::make<Tracked>(2);
	EXPECT_TRUE(u); // the injector fails one allocation only
}

TEST(Array, CreateIndexAndFailure)
{
	ktl::Array<int> a;
	ASSERT_TRUE(ktl::Array<int>::create(a, 8));
	EXPECT_EQ(a.size(), 8u);
	for (int v : a)
		EXPECT_EQ(v, 0);
	a[7] = 3;
	ktl::Array<int> b = ktl::move(a);
	EXPECT_EQ(a.size(), 0u);
	EXPECT_EQ(b[7], 3);

	ktp_fault_fail_nth_alloc(1);
	ktl::Array<int> c;
	EXPECT_FALSE(ktl::Array<int>::create(c, 4));
	EXPECT_EQ(c.size(), 0u);
	EXPECT_FALSE(ktl::Array<int>::create(c, static_cast<size_t>(-1) / 2)); // overflow refused
}

TEST(AllocationFailure, InjectorVisitsEveryAllocation)
{
	// Three allocations; each run must clean up whatever succeeded.
	int built = 0;
	int total = ktp_host::run_with_each_allocation_failing([&] {
		ktl::Owned<Tracked> a = ktl::make<Tracked>(1);
		if (!a)
			return;
		ktl::Owned<Tracked> b = ktl::make<Tracked>(2);
		if (!b)
			return;
		ktl::Array<Tracked *> c;
		if (!ktl::Array<Tracked *>::create(c, 3))
			return;
		built++;
	});
	EXPECT_EQ(total, 3);
	EXPECT_EQ(built, 1); // only the clean run got through
	EXPECT_EQ(Tracked::live, 0);
}
