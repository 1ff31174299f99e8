// SPDX-License-Identifier: GPL-2.0
// Consumer callbacks of one event: immutable arrays of (function, data), published with RCU.
//
// An array is never changed in place: adding or removing makes a new one,
// the registry publishes it and frees the old one after a grace period, so
// the probe path walks an array with no lock and no allocation:
//
//     a = [f1/d1]            with(a, f2, d2)  -> [f1/d1, f2/d2]
//     with(a, f1, d1)        -> EEXIST (the pair is already there)
//     without(a, f3, d3)     -> ENOENT
//     without([f1/d1], f1, d1) -> null (no callbacks left)
//
// Neutered entries (function null, left by a removal without memory) are
// skipped by the probe path and dropped by the next copy.
#pragma once

#include <ktp/callbacks.h>

#include "ktl/base.h"
#include "ktl/result.h"

namespace ktp {

struct Callback {
	void *func;
	void *data;
};

struct CallbackArray {
	ktl::u32 count;
	Callback items[];
};

// A new array holding old's callbacks then (func, data); old is left as it is.
// EEXIST when the pair is in old, ENOMEM when the allocation fails.
[[nodiscard]] ktl::Result<CallbackArray *> callbacks_with(const CallbackArray *old, void *func, void *data);
// A new array without (func, data), null when none would be left; ENOENT when
// the pair is not in old, ENOMEM when the allocation fails.
[[nodiscard]] ktl::Result<CallbackArray *> callbacks_without(const CallbackArray *old, void *func, void *data);
// When a new array cannot be had: clears the pair's function in place (the
// probe path skips a null function); false when the pair is not there.
bool callbacks_neuter(CallbackArray *array, void *func, void *data);
// The callbacks not neutered.
ktl::u32 callbacks_live(const CallbackArray *array);
void callbacks_free(CallbackArray *array);

} // namespace ktp
