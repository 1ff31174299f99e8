// SPDX-License-Identifier: GPL-2.0
// ktp's own static keys: per-event refcounts and the call sites they patch between NOP and jmp.
//
// The patching protocol. Every site is a 5-byte instruction, compiled as
// `e9 rel32` (jmp to the flag test, see include/ktp/site.h). A key with no
// users has its flag clear and all its sites rewritten to the NOP
// 0f 1f 44 00 00; the first user sets the flag, then rewrites the sites back
// to `e9 rel32` (target - (site + 5)); the last user clears the flag, then
// rewrites them to NOP. The flag alone decides whether probes run (it is
// also clear while the key is muted: tracing off, and recording its only
// use), so a site in either state is always safe: patching only removes the
// cost of the flag test, and without text patching the sites keep their
// compiled jmp. Changes to many keys are collected in a KeyBatch and written as one
// platform batch (one text_poke_queue/text_poke_finish), sorted by address;
// before each write the platform checks the current bytes and refuses (with
// a warning) a site that does not hold what ktp expects.
#pragma once

#include <ktp/event_abi.h>

#include "ktl/base.h"
#include "ktl/list.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "ktl/span.h"

namespace ktp {

inline constexpr ktl::u8 kNop5[KTP_SITE_LEN] = {0x0f, 0x1f, 0x44, 0x00, 0x00};

// The bytes of a `jmp target` at site.
void encode_jump(ktl::uintptr_t site, ktl::uintptr_t target, ktl::u8 out[KTP_SITE_LEN]);

struct Site {
	ktl::uintptr_t addr = 0;
	ktl::uintptr_t target = 0;
	const void *owner = nullptr; // the module tables the site came from
	bool init = false;           // in a module's init text: forgotten when that is freed
};

class StaticKey {
public:
	explicit StaticKey(ktp_event *raw) : raw_(raw) {}

	int refcount() const { return refcount_; }
	bool enabled() const { return refcount_ > 0; }
	ktl::Span<const Site> sites() const { return ktl::Span<const Site>(sites_.data(), nr_sites_); }
	ktp_event *raw() const { return raw_; }

	// Adds sites (allocates; the sites are not patched here).
	[[nodiscard]] ktl::Status add_sites(ktl::Span<const Site> sites);
	// Forgets every site of owner, without touching its code.
	void remove_sites_of(const void *owner);
	// Forgets every init-text site whose text the platform no longer calls
	// init (its module's init is done), without touching its code.
	void remove_finished_init_sites();

	// The bytes a site should hold in the current state (NOP or jmp).
	void expected_bytes(const Site &site, ktl::u8 out[KTP_SITE_LEN]) const;
	// True when every site holds the bytes of the current state.
	bool sites_match() const;
	// Sets the flag the sites test: on while the key has users, unless muted
	// (tracing is off and recording is the key's only use).
	void refresh_flag() const
	{
		int on = enabled() && !__atomic_load_n(&raw_->muted, __ATOMIC_RELAXED);
		__atomic_store_n(&raw_->enabled, on, __ATOMIC_RELEASE);
	}

private:
	friend class KeyBatch;
	ktp_event *raw_;
	int refcount_ = 0;
	// Membership of the KeyBatch being built (under the registry lock).
	ktl::ListNode batch_node_;
	int batch_delta_ = 0;
	bool batch_was_enabled_ = false;
	ktl::Array<Site> sites_;
	ktl::size_t nr_sites_ = 0;
};

// Reference changes on several keys, applied with one text-patching batch.
class KeyBatch {
public:
	KeyBatch() = default;
	~KeyBatch() { commit(); }
	KeyBatch(const KeyBatch &) = delete;
	KeyBatch &operator=(const KeyBatch &) = delete;

	// Take or drop one reference; nothing is patched until commit().
	void get(StaticKey &key) { change(key, +1); }
	void put(StaticKey &key) { change(key, -1); }
	// Applies the changes: flags first for keys going on, then one patch
	// batch, then flags for keys going off. Never fails: if memory for the
	// batch runs out, the sites are written in fixed-size chunks instead.
	void commit();

	// Counters for introspection and benchmarks.
	static ktl::u64 batches_written();
	static ktl::u64 sites_refused();

private:
	void change(StaticKey &key, int delta);
	ktl::List<StaticKey, &StaticKey::batch_node_> pending_;
};

// A site just registered (still holding its compiled jmp) and the key it belongs to.
struct NewSite {
	const StaticKey *key;
	Site site;
};

// Rewrites freshly registered sites to the state of their keys, in one batch.
void patch_new_sites(ktl::Span<const NewSite> sites);
// Collects site rewrites into one platform batch, written at finish() or
// destruction; when memory for the batch runs out, in stack-sized chunks.
class SitePatcher {
public:
	explicit SitePatcher(ktl::size_t count);
	~SitePatcher();
	SitePatcher(const SitePatcher &) = delete;
	SitePatcher &operator=(const SitePatcher &) = delete;

	// From the bytes `from` to the bytes of the key's current state.
	void to_state(const StaticKey &key, const Site &site, const ktl::u8 from[KTP_SITE_LEN]);
	// From the key's current state back to the compiled jmp.
	void to_compiled(const StaticKey &key, const Site &site);
	void finish();

private:
	void push(ktl::uintptr_t addr, const ktl::u8 from[KTP_SITE_LEN], const ktl::u8 to[KTP_SITE_LEN]);
	static constexpr ktl::size_t kChunk = 8;
	ktp_text_patch chunk_[kChunk];
	ktp_text_patch *heap_;
	ktp_text_patch *buf_;
	ktl::size_t cap_;
	ktl::size_t n_ = 0;
};

// One process-wide switch: are sites patched at all (text patching available)?
bool patching_enabled();
void set_patching_enabled(bool on);

} // namespace ktp
