// SPDX-License-Identifier: GPL-2.0
// C++ side of the ktp_ring KUnit suite: the core's CpuBuffer behind a C interface, and the pure cases.
#include "kunit_bridge.h"
#include "ring/ring_buffer.h"
#include "ring_kunit.h"

using ktp::ring::CpuBuffer;
using ktp::ring::Counters;
using ktp::ring::EventCopy;

extern "C" void *ktp_ring_kunit_create(unsigned int pages) { return CpuBuffer::create(0, pages).release(); }

extern "C" void ktp_ring_kunit_destroy(void *ring) { ktl::Owned<CpuBuffer> gone(static_cast<CpuBuffer *>(ring)); }

extern "C" void *ktp_ring_kunit_reserve(void *ring, unsigned int len, unsigned int value)
{
	ktl::u8 *p = static_cast<CpuBuffer *>(ring)->reserve(len, true);
	if (p)
		__builtin_memcpy(p, &value, 4);
	return p;
}

extern "C" void ktp_ring_kunit_commit(void *ring) { static_cast<CpuBuffer *>(ring)->commit(); }

extern "C" int ktp_ring_kunit_write(void *ring, unsigned int len, unsigned int value)
{
	if (!ktp_ring_kunit_reserve(ring, len, value))
		return -1;
	ktp_ring_kunit_commit(ring);
	return 0;
}

extern "C" unsigned int ktp_ring_kunit_drain(void *ring, unsigned int *values, unsigned long long *stamps,
					     unsigned int max)
{
	auto *b = static_cast<CpuBuffer *>(ring);
	auto *e = static_cast<EventCopy *>(ktp_alloc(sizeof(EventCopy)));
	unsigned int n = 0;
	if (!e)
		return 0;
	while (n < max && b->peek(*e)) {
		if (!b->consume(*e))
			continue;
		__builtin_memcpy(&values[n], e->data, 4);
		if (stamps)
			stamps[n] = e->timestamp;
		n++;
	}
	ktp_free(e);
	return n;
}

extern "C" unsigned int ktp_ring_kunit_visible(void *ring) { return !static_cast<CpuBuffer *>(ring)->empty(); }

extern "C" void ktp_ring_kunit_counters(void *ring, unsigned long long *written, unsigned long long *read,
					unsigned long long *overrun, unsigned long long *dropped)
{
	Counters c = static_cast<CpuBuffer *>(ring)->counters();
	*written = c.written;
	*read = c.read;
	*overrun = c.overrun;
	*dropped = c.dropped;
}

// Every size from 4 to 400 bytes, through several wraps of a 3-page ring in overwrite mode.
extern "C" void ktp_ring_test_sizes_and_wrap(struct kunit *test)
{
	void *ring = ktp_ring_kunit_create(3);
	KTP_KEXPECT(test, ring);
	if (!ring)
		return;
	const unsigned int total = 2000;
	ktp_rcu_read_lock(); // writers run with preemption off, as on the probe path
	for (unsigned int i = 0; i < total; i++)
		KTP_KEXPECT(test, ktp_ring_kunit_write(ring, 4 + (i % 100) * 4, i) == 0);
	ktp_rcu_read_unlock();
	auto *values = static_cast<unsigned int *>(ktp_alloc(sizeof(unsigned int) * total));
	KTP_KEXPECT(test, values);
	if (values) {
		unsigned int n = ktp_ring_kunit_drain(ring, values, nullptr, total);
		unsigned long long written, read, overrun, dropped;
		ktp_ring_kunit_counters(ring, &written, &read, &overrun, &dropped);
		KTP_KEXPECT(test, n > 0 && values[n - 1] == total - 1);
		KTP_KEXPECT(test, values[0] == overrun);
		KTP_KEXPECT(test, written == total && read == n && written == read + overrun && dropped == 0);
		for (unsigned int i = 1; i < n; i++)
			KTP_KEXPECT(test, values[i] == values[i - 1] + 1);
		ktp_free(values);
	}
	ktp_ring_kunit_destroy(ring);
}
