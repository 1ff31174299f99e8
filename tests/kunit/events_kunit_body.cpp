// SPDX-License-Identifier: GPL-2.0
// C++ bodies of the ktp_events KUnit suite: real call sites in kernel text, patched and probed.
#define KTP_CREATE_EVENTS
#include "kunit_events.h"

#include <ktp/module.h>

#include "events_kunit.h"
#include "kunit_bridge.h"
#include "events/registry.h"
#include "events/static_key.h"

namespace {

ktp::Event *find(const char *spec)
{
	ktl::LockGuard g(ktp::registry()->lock());
	return ktp::registry()->find(spec);
}

bool site_is(const ktp::Site &site, const ktl::u8 want[KTP_SITE_LEN])
{
	ktl::u8 have[KTP_SITE_LEN];
	if (ktp_text_read(reinterpret_cast<const void *>(site.addr), have, KTP_SITE_LEN))
		return false;
	for (int i = 0; i < KTP_SITE_LEN; i++)
		if (have[i] != want[i])
			return false;
	return true;
}

// A jmp whose rel32 lands exactly on the site's recorded target.
bool site_jumps_to_target(const ktp::Site &site)
{
	ktl::u8 have[KTP_SITE_LEN];
	if (ktp_text_read(reinterpret_cast<const void *>(site.addr), have, KTP_SITE_LEN) || have[0] != 0xe9)
		return false;
	ktl::s32 rel = static_cast<ktl::s32>(have[1] | have[2] << 8 | have[3] << 16 | static_cast<ktl::u32>(have[4]) << 24);
	return site.addr + KTP_SITE_LEN + static_cast<ktl::s64>(rel) == site.target;
}

struct Counter {
	long hits = 0;
	int last = 0;
};

void count_probe(void *data, int a, int)
{
	auto *c = static_cast<Counter *>(data);
	__atomic_add_fetch(&c->hits, 1, __ATOMIC_RELAXED);
	c->last = a;
}

Counter g_concurrent;

} // namespace

extern "C" int ktp_events_kunit_setup(int patching)
{
	int err = ktp_core_init();
	if (err)
		return err;
	if (!patching)
		ktp::set_patching_enabled(false);
	return ktp_module_events_register();
}

extern "C" void ktp_events_kunit_teardown(void)
{
	ktp_module_events_unregister();
	ktp_core_exit();
}

extern "C" void ktp_events_test_site_bytes(struct kunit *test)
{
	ktp::Event *ev = find("ktp_kunit:kunit_first");
	KTP_KEXPECT(test, ev != nullptr);
	if (!ev)
		return;
	KTP_KEXPECT(test, ktp::patching_enabled());
	// Four call sites: two in this body, one in each fire helper.
	KTP_KEXPECT(test, ev->key().sites().size() == 4);
	for (const ktp::Site &site : ev->key().sites())
		KTP_KEXPECT(test, site_is(site, ktp::kNop5)); // exactly 0f 1f 44 00 00

	Counter c;
	KTP_KEXPECT(test, register_trace_kunit_first(count_probe, &c) == 0);
	for (const ktp::Site &site : ev->key().sites())
		KTP_KEXPECT(test, site_jumps_to_target(site)); // e9 rel32 to the recorded target
	KTP_KEXPECT(test, ev->key().sites_match());
	trace_kunit_first(5, 6);
	KTP_KEXPECT(test, c.hits == 1 && c.last == 5);
	KTP_KEXPECT(test, unregister_trace_kunit_first(count_probe, &c) == 0);
	for (const ktp::Site &site : ev->key().sites())
		KTP_KEXPECT(test, site_is(site, ktp::kNop5));
	trace_kunit_first(7, 8);
	KTP_KEXPECT(test, c.hits == 1);
}

extern "C" void ktp_events_test_refcounts(struct kunit *test)
{
	ktp::Event *ev = find("ktp_kunit:kunit_second");
	KTP_KEXPECT(test, ev != nullptr && !ev->key().sites().empty());
	if (!ev || ev->key().sites().empty())
		return;
	const ktp::Site site = ev->key().sites()[0];
	Counter one, two;
	KTP_KEXPECT(test, register_trace_kunit_second(count_probe, &one) == 0);
	KTP_KEXPECT(test, register_trace_kunit_second(count_probe, &two) == 0);
	KTP_KEXPECT(test, ev->key().refcount() == 2);
	KTP_KEXPECT(test, unregister_trace_kunit_second(count_probe, &one) == 0);
	KTP_KEXPECT(test, ev->key().refcount() == 1 && ev->key().enabled());
	KTP_KEXPECT(test, site_jumps_to_target(site)); // the remaining user keeps it on
	trace_kunit_second(1, 1);
	KTP_KEXPECT(test, one.hits == 0 && two.hits == 1);
	KTP_KEXPECT(test, unregister_trace_kunit_second(count_probe, &two) == 0);
	KTP_KEXPECT(test, ev->key().refcount() == 0 && site_is(site, ktp::kNop5));
}

extern "C" void ktp_events_test_batch(struct kunit *test)
{
	const char *names[] = {"ktp_kunit:kunit_first", "ktp_kunit:kunit_second", "ktp_kunit:kunit_third",
			       "ktp_kunit:kunit_fourth"};
	ktp::Event *evs[4];
	for (int i = 0; i < 4; i++) {
		evs[i] = find(names[i]);
		KTP_KEXPECT(test, evs[i] != nullptr);
		if (!evs[i])
			return;
	}
	ktl::u64 before = ktp::KeyBatch::batches_written();
	{
		ktl::LockGuard g(ktp::registry()->lock());
		ktp::KeyBatch batch;
		for (ktp::Event *ev : evs)
			batch.get(ev->key());
	}
	KTP_KEXPECT(test, ktp::KeyBatch::batches_written() == before + 1); // one text_poke batch for all four
	for (ktp::Event *ev : evs) {
		KTP_KEXPECT(test, ev->key().sites().size() >= 1);
		for (const ktp::Site &site : ev->key().sites())
			KTP_KEXPECT(test, site_jumps_to_target(site));
	}
	before = ktp::KeyBatch::batches_written();
	{
		ktl::LockGuard g(ktp::registry()->lock());
		ktp::KeyBatch batch;
		for (ktp::Event *ev : evs)
			batch.put(ev->key());
	}
	KTP_KEXPECT(test, ktp::KeyBatch::batches_written() == before + 1);
	for (ktp::Event *ev : evs)
		for (const ktp::Site &site : ev->key().sites())
			KTP_KEXPECT(test, site_is(site, ktp::kNop5));
	KTP_KEXPECT(test, ktp::KeyBatch::sites_refused() == 0);
}

extern "C" void ktp_events_test_fallback(struct kunit *test)
{
	// The suite's init set patching off for this case: sites keep the compiled jmp.
	ktp::Event *ev = find("ktp_kunit:kunit_third");
	KTP_KEXPECT(test, ev != nullptr && !ktp::patching_enabled() && !ev->key().sites().empty());
	if (!ev || ev->key().sites().empty())
		return;
	const ktp::Site site = ev->key().sites()[0];
	KTP_KEXPECT(test, site_jumps_to_target(site));
	Counter c;
	trace_kunit_third(1, 1);
	KTP_KEXPECT(test, c.hits == 0);
	KTP_KEXPECT(test, register_trace_kunit_third(count_probe, &c) == 0);
	trace_kunit_third(2, 2);
	KTP_KEXPECT(test, c.hits == 1 && c.last == 2);
	KTP_KEXPECT(test, unregister_trace_kunit_third(count_probe, &c) == 0);
	trace_kunit_third(3, 3);
	KTP_KEXPECT(test, c.hits == 1); // the flag test stops it
	KTP_KEXPECT(test, site_jumps_to_target(site) && ev->key().sites_match());
}

extern "C" void ktp_events_test_probe_errors(struct kunit *test)
{
	Counter c;
	KTP_KEXPECT(test, register_trace_kunit_fourth(count_probe, &c) == 0);
	KTP_KEXPECT(test, register_trace_kunit_fourth(count_probe, &c) == -KTP_EEXIST);
	KTP_KEXPECT(test, unregister_trace_kunit_fourth(count_probe, nullptr) == -KTP_ENOENT);
	trace_kunit_fourth(4, 4);
	KTP_KEXPECT(test, c.hits == 1);
	KTP_KEXPECT(test, unregister_trace_kunit_fourth(count_probe, &c) == 0);
	KTP_KEXPECT(test, unregister_trace_kunit_fourth(count_probe, &c) == -KTP_ENOENT);
	// Allocation failure while registering: refused cleanly, nothing enabled.
	ktp_fault_fail_nth_alloc(1);
	KTP_KEXPECT(test, register_trace_kunit_fourth(count_probe, &c) == -KTP_ENOMEM);
	ktp_fault_fail_nth_alloc(0);
	KTP_KEXPECT(test, !trace_kunit_fourth_enabled());
}

extern "C" void ktp_events_test_registry(struct kunit *test)
{
	ktp::Registry &reg = *ktp::registry();
	ktl::LockGuard g(reg.lock());
	// The module's events (this suite's four, ktp_callbacks' two) and the
	// core's own ftrace:print and ftrace:kernel_stack.
	KTP_KEXPECT(test, reg.event_count() == 8);
	KTP_KEXPECT(test, reg.find("ftrace:print") != nullptr);
	ktp::Event *first = reg.find("ktp_kunit:kunit_first");
	KTP_KEXPECT(test, first && reg.find(first->id()) == first);
	KTP_KEXPECT(test, reg.find("ktp_kunit", "kunit_third") != nullptr);
	KTP_KEXPECT(test, reg.find("ktp_kunit:none") == nullptr);
	int count = 0, sorted = 1;
	const char *prev = "";
	reg.for_each_event([&](ktp::Event &ev) {
		if (ktl::StringView(ev.system().name()) != "ktp_kunit")
			return;
		count++;
		sorted &= ktl::StringView(prev).compare(ev.name()) < 0;
		prev = ev.name();
	});
	KTP_KEXPECT(test, count == 4 && sorted);
}

extern "C" void ktp_events_kunit_fire(int a)
{
	trace_kunit_first(a, a);
}

extern "C" int ktp_events_kunit_probe_on(void)
{
	return register_trace_kunit_first(count_probe, &g_concurrent);
}

extern "C" int ktp_events_kunit_probe_off(void)
{
	return unregister_trace_kunit_first(count_probe, &g_concurrent);
}

extern "C" long ktp_events_kunit_probe_hits(void)
{
	return __atomic_load_n(&g_concurrent.hits, __ATOMIC_RELAXED);
}

extern "C" int ktp_events_kunit_probe_raw(void (*fn)(void *, int, int), void *data, int on)
{
	return on ? register_trace_kunit_first(fn, data) : unregister_trace_kunit_first(fn, data);
}

// Not a tail call: the frame of the function holding the site stays on the
// stack while the probe runs, so an unwinder has to pass through it.
extern "C" [[gnu::noinline]] long ktp_events_kunit_fire_framed(int a)
{
	static long fired;
	trace_kunit_first(a, a);
	return __atomic_add_fetch(&fired, 1, __ATOMIC_RELAXED);
}

// Someone else rewrote a site: ktp refuses to patch over bytes it does not
// expect (a warning, never a BUG), and static_keys-style checking sees it.
extern "C" void ktp_events_test_mismatch(struct kunit *test)
{
	ktp::Event *ev = find("ktp_kunit:kunit_second");
	KTP_KEXPECT(test, ev != nullptr && ktp::patching_enabled() && !ev->key().sites().empty());
	if (!ev || ev->key().sites().empty())
		return;
	const ktp::Site site = ev->key().sites()[0];
	KTP_KEXPECT(test, site_is(site, ktp::kNop5) && ev->key().sites_match());

	// A foreign writer turns the disabled site into a jmp behind ktp's back.
	ktp_text_patch foreign = {reinterpret_cast<void *>(site.addr), {}, {}, 0};
	for (int i = 0; i < KTP_SITE_LEN; i++)
		foreign.old[i] = ktp::kNop5[i];
	ktp::encode_jump(site.addr, site.target, foreign.new_);
	KTP_KEXPECT(test, ktp_text_patch_batch(&foreign, 1) == 1);
	KTP_KEXPECT(test, !ev->key().sites_match());

	// Enabling expects a NOP there: the write is refused and counted.
	ktl::u64 refused = ktp::KeyBatch::sites_refused();
	Counter c;
	KTP_KEXPECT(test, register_trace_kunit_second(count_probe, &c) == 0);
	KTP_KEXPECT(test, ktp::KeyBatch::sites_refused() == refused + 1);
	KTP_KEXPECT(test, unregister_trace_kunit_second(count_probe, &c) == 0);
	// Disabling found the jmp it expects and put the NOP back.
	KTP_KEXPECT(test, site_is(site, ktp::kNop5) && ev->key().sites_match());
}
