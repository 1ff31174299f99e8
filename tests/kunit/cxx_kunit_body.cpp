// SPDX-License-Identifier: GPL-2.0
// C++ bodies of the ktp_cxx KUnit suite: the language features and the ktl library, run in the kernel.
#include "cxx_kunit.h"
#include "kunit_bridge.h"
#include "ktl/list.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "ktl/span.h"

namespace {

template <typename T, ktl::size_t N> constexpr T sum(const T (&values)[N])
{
	T total{};
	for (ktl::size_t i = 0; i < N; i++)
		total += values[i];
	return total;
}

constexpr int kPrimes[] = {2, 3, 5, 7, 11};
static_assert(sum(kPrimes) == 28, "constexpr evaluation of a template");

template <typename T> struct Accumulator {
	T total{};
	void add(T v) { total += v; }
};

struct Shape {
	virtual ~Shape() { destructions++; }
	virtual int sides() const = 0;
	virtual int weight() const { return 1; }
	static inline int destructions = 0;
};

struct Triangle : Shape {
	int sides() const override { return 3; }
};

struct Hexagon : Shape {
	int sides() const override { return 6; }
	int weight() const override { return 2; }
};

// Out of line so the compiler cannot devirtualise the call.
[[gnu::noinline]] int sides_of(const Shape &s)
{
	return s.sides() * s.weight();
}

struct Aligned64 {
	alignas(64) unsigned char bytes[64];
};

ktl::Result<int> checked_div(int a, int b)
{
	if (b == 0)
		return ktl::Error(KTP_EINVAL);
	return a / b;
}

ktl::Status divide_all(ktl::Span<int> values, int by)
{
	for (int &v : values) {
		ktl::Result<int> r = checked_div(v, by);
		if (!r)
			return r.error();
		v = r.value();
	}
	return ktl::Status::success();
}

struct Node {
	int id;
	ktl::ListNode link;
	explicit Node(int i) : id(i) {}
};

ktl::LockClass kunit_mutex_class;
ktl::LockClass kunit_spin_class;

} // namespace

extern "C" void ktp_cxx_test_templates(struct kunit *test)
{
	Accumulator<ktl::u64> acc;
	for (int p : kPrimes)
		acc.add(static_cast<ktl::u64>(p) << 40);
	KTP_KEXPECT(test, acc.total == (28ull << 40));
	Accumulator<ktl::s8> small;
	small.add(-100);
	small.add(-20);
	KTP_KEXPECT(test, small.total == -120);
	KTP_KEXPECT(test, ktl::max(3, 9) == 9 && ktl::min(3, 9) == 3);
}

extern "C" void ktp_cxx_test_virtual_call(struct kunit *test)
{
	Shape::destructions = 0;
	{
		ktl::Owned<Shape> a = ktl::make<Triangle>();
		ktl::Owned<Shape> b = ktl::make<Hexagon>();
		KTP_KEXPECT(test, a && b);
		if (!a || !b)
			return;
		KTP_KEXPECT(test, sides_of(*a) == 3);
		KTP_KEXPECT(test, sides_of(*b) == 12);
	}
	KTP_KEXPECT(test, Shape::destructions == 2); // virtual destructors through the base
}

extern "C" void ktp_cxx_test_allocation_failure(struct kunit *test)
{
	ktp_fault_fail_nth_alloc(1);
	ktl::Owned<Triangle> failed = ktl::make<Triangle>();
	KTP_KEXPECT(test, !failed);

	// The second allocation fails: the first must be released, nothing leaks
	// (kmemleak checks after the run).
	ktp_fault_fail_nth_alloc(2);
	ktl::Owned<Triangle> first = ktl::make<Triangle>();
	ktl::Owned<Hexagon> second = ktl::make<Hexagon>();
	KTP_KEXPECT(test, first && !second);

	// A plain new-expression sees the null too (-fcheck-new): no constructor runs on it.
	Shape::destructions = 0;
	ktp_fault_fail_nth_alloc(1);
	Triangle *raw = new Triangle();
	KTP_KEXPECT(test, raw == nullptr);
	delete raw;
	KTP_KEXPECT(test, Shape::destructions == 0);

	ktl::Array<ktl::u64> array;
	ktp_fault_fail_nth_alloc(1);
	KTP_KEXPECT(test, !ktl::Array<ktl::u64>::create(array, 16));
	KTP_KEXPECT(test, ktl::Array<ktl::u64>::create(array, 16) && array.size() == 16);
	ktp_fault_fail_nth_alloc(0);
}

extern "C" void ktp_cxx_test_operator_new_forms(struct kunit *test)
{
	int *one = new int(7);
	int *many = new int[32]();
	Aligned64 *aligned = new Aligned64;
	KTP_KEXPECT(test, one && *one == 7);
	KTP_KEXPECT(test, many && many[31] == 0);
	KTP_KEXPECT(test, aligned && (reinterpret_cast<ktl::uintptr_t>(aligned) % 64) == 0);
	delete one;      // sized delete
	delete[] many;   // array delete
	delete aligned;  // aligned sized delete
}

extern "C" void ktp_cxx_test_result(struct kunit *test)
{
	ktl::Result<int> ok = checked_div(10, 2);
	KTP_KEXPECT(test, ok && ok.value() == 5 && ok.to_errno() == 0);
	ktl::Result<int> bad = checked_div(1, 0);
	KTP_KEXPECT(test, !bad && bad.to_errno() == -KTP_EINVAL);

	int values[] = {8, 4, 2};
	KTP_KEXPECT(test, divide_all(values, 2).ok());
	KTP_KEXPECT(test, values[0] == 4 && values[1] == 2 && values[2] == 1);
	ktl::Status s = divide_all(values, 0);
	KTP_KEXPECT(test, !s && s.to_errno() == -KTP_EINVAL);
}

extern "C" void ktp_cxx_test_intrusive_list(struct kunit *test)
{
	Node a(1), b(2), c(3);
	ktl::List<Node, &Node::link> list;
	list.push_back(b);
	list.push_front(a);
	list.push_back(c);
	int expect = 1;
	bool ordered = true;
	for (Node &n : list)
		ordered &= n.id == expect++;
	KTP_KEXPECT(test, ordered && list.size() == 3);
	list.remove(b);
	KTP_KEXPECT(test, list.size() == 2 && !b.link.linked());
	list.for_each_safe([&](Node &n) { list.remove(n); });
	KTP_KEXPECT(test, list.empty());
}

extern "C" void ktp_cxx_test_locks(struct kunit *test)
{
	ktl::Owned<ktl::Mutex> mutex = ktl::make<ktl::Mutex>("ktp_kunit_mutex", kunit_mutex_class);
	ktl::Owned<ktl::SpinLock> spin = ktl::make<ktl::SpinLock>("ktp_kunit_spin", kunit_spin_class);
	KTP_KEXPECT(test, mutex && spin);
	if (!mutex || !spin)
		return;
	int counter = 0;
	{
		ktl::LockGuard outer(*mutex);   // sleeping lock outside,
		ktl::LockGuard inner(*spin);    // spinning lock inside: a legal order
		counter++;
	}
	{
		ktl::LockGuard again(*mutex); // released above, so this does not deadlock
		counter++;
	}
	KTP_KEXPECT(test, counter == 2);
}
