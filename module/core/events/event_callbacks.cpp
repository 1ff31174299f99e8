// SPDX-License-Identifier: GPL-2.0
// The registry's consumer callbacks: each kind's array per event, and the probe that serves it.
#include <ktp/callbacks.h>

#include "events/registry.h"

namespace ktp {
namespace {

// The generated probe that serves callbacks of a kind, or null (an event with no such probe).
void *callback_probe(const Event &ev, int kind)
{
	if (kind == KTP_CALLBACK_RECORD)
		return ev.desc().callback;
	if (kind == KTP_CALLBACK_RAW)
		return ev.desc().raw;
	return nullptr;
}

bool valid_kind(int kind) { return kind == KTP_CALLBACK_RECORD || kind == KTP_CALLBACK_RAW; }

} // namespace

ktl::Status Registry::add_callback(const char *system, const char *name, int kind, void *func, void *data)
{
	if (!valid_kind(kind) || !func || !system || !name)
		return ktl::Error(KTP_EINVAL);
	ktl::LockGuard guard(lock_);
	Event *ev = find(system, name);
	if (!ev)
		return ktl::Error(KTP_ENOENT);
	void *probe = callback_probe(*ev, kind);
	if (!probe)
		return ktl::Error(KTP_EINVAL);
	CallbackArray *old = ev->callbacks(kind);
	CallbackArray *fresh = KTP_TRY(callbacks_with(old, func, data));
	// Published before the probe is attached: the probe never finds it empty.
	ev->publish_callbacks(kind, fresh);
	if (callbacks_live(old) == 0) {
		KeyBatch batch;
		RetiredProbes retired;
		ktl::Status s = add_probe_locked(*ev, probe, ev, KTP_PRIO_DEFAULT, batch, retired);
		batch.commit();
		update_mute(*ev);
		if (!s) {
			ev->publish_callbacks(kind, old);
			callbacks_free(fresh); // never seen: the probe is not attached
			return s;
		}
	}
	if (old) {
		ktp_synchronize_rcu();
		callbacks_free(old);
	}
	return ktl::Status::success();
}

ktl::Status Registry::remove_callback(const char *system, const char *name, int kind, void *func, void *data)
{
	if (!valid_kind(kind) || !system || !name)
		return ktl::Error(KTP_EINVAL);
	ktl::LockGuard guard(lock_);
	Event *ev = find(system, name);
	if (!ev)
		return ktl::Error(KTP_ENOENT);
	CallbackArray *old = ev->callbacks(kind);
	ktl::Result<CallbackArray *> fresh = callbacks_without(old, func, data);
	CallbackArray *retire = old;
	if (!fresh) {
		if (fresh.error() != ktl::Error(KTP_ENOMEM))
			return fresh.error();
		// No memory for a copy: the entry is cleared where it is.
		callbacks_neuter(old, func, data);
		retire = nullptr;
		if (callbacks_live(old) == 0)
			retire = old;
	}
	CallbackArray *next = fresh ? fresh.value() : retire ? nullptr : old;
	if (!next) {
		// The last one: the probe goes first, then its array.
		KeyBatch batch;
		RetiredProbes retired;
		ktl::Status s = remove_probe_locked(*ev, callback_probe(*ev, kind), ev, batch, retired);
		batch.commit();
		update_mute(*ev);
		(void)s; // attached with the first callback, so present
	}
	ev->publish_callbacks(kind, next);
	// Returns once no CPU runs the callback: its module may go right after.
	ktp_synchronize_rcu();
	callbacks_free(retire);
	return ktl::Status::success();
}

} // namespace ktp
