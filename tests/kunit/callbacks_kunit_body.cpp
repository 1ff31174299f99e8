// SPDX-License-Identifier: GPL-2.0
// C++ bodies of the ktp_callbacks KUnit suite: record and raw callbacks on real call sites, against the buffer.
#define KTP_CREATE_EVENTS
#include "callbacks_kunit_events.h"

#include <ktp/callbacks.h>
#include <ktp/module.h>

#include "callbacks_kunit.h"
#include "kunit_bridge.h"
#include "events/registry.h"
#include "ring/ring_buffer.h"
#include "tracer.h"

namespace {

ktp::Event *find(const char *spec)
{
	ktl::LockGuard g(ktp::registry()->lock());
	return ktp::registry()->find(spec);
}

// The last record a callback saw, and where.
struct Captured {
	long calls = 0;
	unsigned int size = 0;
	unsigned int cpu = 0;
	ktl::u8 bytes[256];
};

void capture(void *data, const void *record, unsigned int size)
{
	auto *c = static_cast<Captured *>(data);
	c->calls++;
	c->size = size;
	c->cpu = ktp_this_cpu();
	for (unsigned int i = 0; i < size && i < sizeof(c->bytes); i++)
		c->bytes[i] = static_cast<const ktl::u8 *>(record)[i];
}

struct Args {
	long calls = 0;
	unsigned int nr = 0;
	unsigned long long v[4];
};

void capture_args(void *data, const unsigned long long *args, unsigned int nr)
{
	auto *a = static_cast<Args *>(data);
	a->calls++;
	a->nr = nr;
	for (unsigned int i = 0; i < nr && i < 4; i++)
		a->v[i] = args[i];
}

// The record the buffer got on cpu (the oldest unread there), compared with what the callback saw.
bool buffer_has(const Captured &c)
{
	ktl::Owned<ktp::ring::EventCopy> copy = ktl::make<ktp::ring::EventCopy>();
	ktp::ring::CpuBuffer *b = ktp::tracer()->buffer().cpu(c.cpu);
	if (!copy || !b || !b->peek(*copy) || !b->consume(*copy))
		return false;
	// The buffer rounds the payload up to 4 bytes; the record is its first size bytes.
	if (copy->length < c.size || copy->length >= c.size + 4)
		return false;
	for (unsigned int i = 0; i < c.size; i++)
		if (copy->data[i] != c.bytes[i])
			return false;
	return true;
}

// A fire from a fixed CPU: the callback and the buffer see the same context.
template <typename Fn> void on_one_cpu(Fn fn)
{
	ktp_probe_read_lock();
	fn();
	ktp_probe_read_unlock();
}

constinit Captured g_concurrent = {};

} // namespace

extern "C" int ktp_callbacks_kunit_setup(void)
{
	int err = ktp_core_init();
	if (err)
		return err;
	return ktp_module_events_register();
}

extern "C" void ktp_callbacks_kunit_teardown(void)
{
	ktp_module_events_unregister();
	ktp_core_exit();
}

extern "C" void ktp_callbacks_test_record_bytes(struct kunit *test)
{
	ktp::Event *pair = find("ktp_kunit_cb:cb_pair");
	ktp::Event *str = find("ktp_kunit_cb:cb_string");
	KTP_KEXPECT(test, pair && str);
	if (!pair || !str)
		return;
	KTP_KEXPECT(test, ktp_event_write_enable(pair->handle(), "1", 1) == 1);
	KTP_KEXPECT(test, ktp_event_write_enable(str->handle(), "1", 1) == 1);
	Captured c;
	auto *fn = reinterpret_cast<void *>(&capture);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &c) == 0);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_string", KTP_CALLBACK_RECORD, fn, &c) == 0);
	// Fixed-size records (assembled on the stack) and records with a dynamic string (a scratch record).
	on_one_cpu([] { trace_cb_pair(-7, 0x1122334455667788ull); });
	KTP_KEXPECT(test, c.calls == 1 && c.size == 24);
	KTP_KEXPECT(test, buffer_has(c));
	int marker;
	on_one_cpu([&] { trace_cb_string(-2, "a dynamic string", &marker); });
	KTP_KEXPECT(test, c.calls == 2 && c.size > 24);
	KTP_KEXPECT(test, buffer_has(c));
	on_one_cpu([&] { on_one_cpu([&] { trace_cb_string(3, "nested preemption off", &marker); }); });
	KTP_KEXPECT(test, c.calls == 3 && buffer_has(c));
	// A filter applies to both: the rejected record reaches neither.
	KTP_KEXPECT(test, ktp_event_write_filter(pair->handle(), "a > 0", 5) == 5);
	on_one_cpu([] { trace_cb_pair(-1, 1); });
	KTP_KEXPECT(test, c.calls == 3);
	on_one_cpu([] { trace_cb_pair(9, 2); });
	KTP_KEXPECT(test, c.calls == 4 && buffer_has(c));
	KTP_KEXPECT(test, ktp_callback_unregister("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &c) == 0);
	KTP_KEXPECT(test, ktp_callback_unregister("ktp_kunit_cb", "cb_string", KTP_CALLBACK_RECORD, fn, &c) == 0);
	KTP_KEXPECT(test, ktp_callback_unregister("ktp_kunit_cb", "cb_string", KTP_CALLBACK_RECORD, fn, &c) ==
				  -KTP_ENOENT);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "no_such", KTP_CALLBACK_RECORD, fn, &c) ==
				  -KTP_ENOENT);
}

extern "C" void ktp_callbacks_test_raw_args(struct kunit *test)
{
	Args a;
	auto *fn = reinterpret_cast<void *>(&capture_args);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_string", KTP_CALLBACK_RAW, fn, &a) == 0);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_string", KTP_CALLBACK_RAW, fn, &a) == -KTP_EEXIST);
	const char *s = "raw";
	int marker;
	trace_cb_string(-1, s, &marker);
	KTP_KEXPECT(test, a.calls == 1 && a.nr == 3);
	KTP_KEXPECT(test, a.v[0] == 0xffffull); // a short, zero-extended from its 2 bytes
	KTP_KEXPECT(test, a.v[1] == reinterpret_cast<unsigned long>(s));
	KTP_KEXPECT(test, a.v[2] == reinterpret_cast<unsigned long>(&marker));
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RAW, fn, &a) == 0);
	trace_cb_pair(5, ~0ull);
	KTP_KEXPECT(test, a.calls == 2 && a.nr == 2 && a.v[0] == 5 && a.v[1] == ~0ull);
	KTP_KEXPECT(test, ktp_callback_unregister("ktp_kunit_cb", "cb_string", KTP_CALLBACK_RAW, fn, &a) == 0);
	KTP_KEXPECT(test, ktp_callback_unregister("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RAW, fn, &a) == 0);
	trace_cb_pair(6, 6);
	KTP_KEXPECT(test, a.calls == 2);
}

extern "C" void ktp_callbacks_test_off(struct kunit *test)
{
	ktp::Event *pair = find("ktp_kunit_cb:cb_pair");
	KTP_KEXPECT(test, pair != nullptr);
	if (!pair)
		return;
	Captured c;
	auto *fn = reinterpret_cast<void *>(&capture);
	KTP_KEXPECT(test, !trace_cb_pair_enabled() && pair->key().refcount() == 0);
	trace_cb_pair(1, 1);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &c) == 0);
	KTP_KEXPECT(test, trace_cb_pair_enabled() && pair->key().enabled() && pair->key().sites_match());
	KTP_KEXPECT(test, !pair->recording());
	trace_cb_pair(2, 2);
	KTP_KEXPECT(test, c.calls == 1);
	KTP_KEXPECT(test, ktp_callback_unregister("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &c) == 0);
	// The key is off again and the sites are NOPs: nothing runs.
	KTP_KEXPECT(test, !trace_cb_pair_enabled() && !pair->key().enabled() && pair->key().sites_match());
	trace_cb_pair(3, 3);
	KTP_KEXPECT(test, c.calls == 1);
	// A failed registration leaves it off.
	ktp_fault_fail_nth_alloc(1);
	KTP_KEXPECT(test, ktp_callback_register("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &c) ==
				  -KTP_ENOMEM);
	ktp_fault_fail_nth_alloc(0);
	KTP_KEXPECT(test, !trace_cb_pair_enabled());
	trace_cb_pair(4, 4);
	KTP_KEXPECT(test, c.calls == 1);
}

extern "C" void ktp_callbacks_kunit_fire(int a)
{
	trace_cb_pair(a, 0);
}

extern "C" int ktp_callbacks_kunit_on(int on)
{
	auto *fn = reinterpret_cast<void *>(&capture);
	return on ? ktp_callback_register("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &g_concurrent)
		  : ktp_callback_unregister("ktp_kunit_cb", "cb_pair", KTP_CALLBACK_RECORD, fn, &g_concurrent);
}

extern "C" long ktp_callbacks_kunit_hits(void)
{
	return __atomic_load_n(&g_concurrent.calls, __ATOMIC_RELAXED);
}
