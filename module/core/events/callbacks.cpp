// SPDX-License-Identifier: GPL-2.0
// Consumer callback arrays: copy-on-change, duplicates and unknown pairs refused.
#include "events/callbacks.h"

namespace ktp {
namespace {

CallbackArray *allocate(ktl::u32 count)
{
	auto *a = static_cast<CallbackArray *>(ktp_zalloc(sizeof(CallbackArray) + count * sizeof(Callback)));
	if (a)
		a->count = count;
	return a;
}

ktl::u32 count_of(const CallbackArray *a) { return a ? a->count : 0; }

int index_of(const CallbackArray *a, void *func, void *data)
{
	for (ktl::u32 i = 0; i < count_of(a); i++)
		if (a->items[i].func == func && a->items[i].data == data)
			return static_cast<int>(i);
	return -1;
}

} // namespace

ktl::u32 callbacks_live(const CallbackArray *array)
{
	ktl::u32 live = 0;
	for (ktl::u32 i = 0; i < count_of(array); i++)
		live += array->items[i].func != nullptr;
	return live;
}

ktl::Result<CallbackArray *> callbacks_with(const CallbackArray *old, void *func, void *data)
{
	if (!func)
		return ktl::Error(KTP_EINVAL);
	if (index_of(old, func, data) >= 0)
		return ktl::Error(KTP_EEXIST);
	CallbackArray *fresh = allocate(callbacks_live(old) + 1);
	if (!fresh)
		return ktl::Error(KTP_ENOMEM);
	ktl::u32 n = 0;
	for (ktl::u32 i = 0; i < count_of(old); i++)
		if (old->items[i].func)
			fresh->items[n++] = old->items[i];
	fresh->items[n] = Callback{func, data};
	return fresh;
}

ktl::Result<CallbackArray *> callbacks_without(const CallbackArray *old, void *func, void *data)
{
	int gone = func ? index_of(old, func, data) : -1;
	if (gone < 0)
		return ktl::Error(KTP_ENOENT);
	ktl::u32 live = callbacks_live(old);
	if (live == 1)
		return static_cast<CallbackArray *>(nullptr);
	CallbackArray *fresh = allocate(live - 1);
	if (!fresh)
		return ktl::Error(KTP_ENOMEM);
	ktl::u32 n = 0;
	for (ktl::u32 i = 0; i < old->count; i++)
		if (static_cast<int>(i) != gone && old->items[i].func)
			fresh->items[n++] = old->items[i];
	return fresh;
}

bool callbacks_neuter(CallbackArray *array, void *func, void *data)
{
	int i = func ? index_of(array, func, data) : -1;
	if (i < 0)
		return false;
	__atomic_store_n(&array->items[i].func, nullptr, __ATOMIC_RELEASE);
	return true;
}

void callbacks_free(CallbackArray *array) { ktp_free(array); }

} // namespace ktp
