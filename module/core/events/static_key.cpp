// SPDX-License-Identifier: GPL-2.0
// Static keys: refcounts, site bookkeeping and batched patching (the protocol is described in static_key.h).
#include "events/static_key.h"

namespace ktp {

namespace {

constinit bool g_patching = false;
constinit ktl::u64 g_batches = 0;
constinit ktl::u64 g_refused = 0;

// Writes patches in batches; on allocation failure in chunks from the stack.
void write_patches(ktp_text_patch *patches, ktl::size_t n)
{
	if (n == 0 || !g_patching)
		return;
	int written = ktp_text_patch_batch(patches, static_cast<unsigned int>(n));
	g_batches++;
	if (written >= 0 && static_cast<ktl::size_t>(written) < n)
		g_refused += n - static_cast<ktl::size_t>(written);
}

} // namespace

SitePatcher::SitePatcher(ktl::size_t count)
{
	heap_ = static_cast<ktp_text_patch *>(ktp_alloc((count ? count : 1) * sizeof(ktp_text_patch)));
	buf_ = heap_ ? heap_ : chunk_;
	cap_ = heap_ ? (count ? count : 1) : kChunk;
}

SitePatcher::~SitePatcher()
{
	finish();
	ktp_free(heap_);
}

void SitePatcher::push(ktl::uintptr_t addr, const ktl::u8 from[KTP_SITE_LEN], const ktl::u8 to[KTP_SITE_LEN])
{
	bool same = true;
	for (int b = 0; b < KTP_SITE_LEN; b++)
		same &= from[b] == to[b];
	if (same)
		return; // already right
	ktp_text_patch &p = buf_[n_];
	for (int b = 0; b < KTP_SITE_LEN; b++) {
		p.old[b] = from[b];
		p.new_[b] = to[b];
	}
	p.addr = reinterpret_cast<void *>(addr);
	p.applied = 0;
	if (++n_ == cap_)
		finish();
}

void SitePatcher::to_state(const StaticKey &key, const Site &site, const ktl::u8 from[KTP_SITE_LEN])
{
	ktl::u8 to[KTP_SITE_LEN];
	key.expected_bytes(site, to);
	push(site.addr, from, to);
}

void SitePatcher::to_compiled(const StaticKey &key, const Site &site)
{
	ktl::u8 from[KTP_SITE_LEN], to[KTP_SITE_LEN];
	key.expected_bytes(site, from);
	encode_jump(site.addr, site.target, to);
	push(site.addr, from, to);
}

void SitePatcher::finish()
{
	write_patches(buf_, n_);
	n_ = 0;
}

void patch_new_sites(ktl::Span<const NewSite> sites)
{
	if (!g_patching || sites.empty())
		return;
	SitePatcher patcher(sites.size());
	for (const NewSite &s : sites) {
		ktl::u8 compiled[KTP_SITE_LEN];
		encode_jump(s.site.addr, s.site.target, compiled);
		patcher.to_state(*s.key, s.site, compiled);
	}
}

bool patching_enabled() { return g_patching; }
void set_patching_enabled(bool on) { g_patching = on; }

ktl::u64 KeyBatch::batches_written() { return g_batches; }
ktl::u64 KeyBatch::sites_refused() { return g_refused; }

void encode_jump(ktl::uintptr_t site, ktl::uintptr_t target, ktl::u8 out[KTP_SITE_LEN])
{
	ktl::s64 rel = static_cast<ktl::s64>(target - (site + KTP_SITE_LEN));
	ktl::u32 rel32 = static_cast<ktl::u32>(static_cast<ktl::s32>(rel));
	out[0] = 0xe9;
	for (int i = 0; i < 4; i++)
		out[1 + i] = static_cast<ktl::u8>(rel32 >> (8 * i));
}

ktl::Status StaticKey::add_sites(ktl::Span<const Site> sites)
{
	if (sites.empty())
		return ktl::Status::success();
	ktl::Array<Site> grown;
	if (!ktl::Array<Site>::create(grown, nr_sites_ + sites.size()))
		return ktl::Error(KTP_ENOMEM);
	for (ktl::size_t i = 0; i < nr_sites_; i++)
		grown[i] = sites_[i];
	for (ktl::size_t i = 0; i < sites.size(); i++)
		grown[nr_sites_ + i] = sites[i];
	sites_ = ktl::move(grown);
	nr_sites_ += sites.size();
	return ktl::Status::success();
}

void StaticKey::remove_sites_of(const void *owner)
{
	ktl::size_t kept = 0;
	for (ktl::size_t i = 0; i < nr_sites_; i++)
		if (sites_[i].owner != owner)
			sites_[kept++] = sites_[i];
	nr_sites_ = kept;
}

void StaticKey::remove_finished_init_sites()
{
	ktl::size_t kept = 0;
	for (ktl::size_t i = 0; i < nr_sites_; i++)
		if (!sites_[i].init || ktp_text_kind_of(reinterpret_cast<const void *>(sites_[i].addr)) == KTP_TEXT_INIT)
			sites_[kept++] = sites_[i];
	nr_sites_ = kept;
}

void StaticKey::expected_bytes(const Site &site, ktl::u8 out[KTP_SITE_LEN]) const
{
	// Unpatched (no text patching): sites keep their compiled jmp.
	if (enabled() || !g_patching) {
		encode_jump(site.addr, site.target, out);
		return;
	}
	for (int i = 0; i < KTP_SITE_LEN; i++)
		out[i] = kNop5[i];
}

bool StaticKey::sites_match() const
{
	for (const Site &site : sites()) {
		ktl::u8 want[KTP_SITE_LEN], have[KTP_SITE_LEN];
		expected_bytes(site, want);
		if (ktp_text_read(reinterpret_cast<const void *>(site.addr), have, KTP_SITE_LEN))
			return false;
		for (int i = 0; i < KTP_SITE_LEN; i++)
			if (want[i] != have[i])
				return false;
	}
	return true;
}

void KeyBatch::change(StaticKey &key, int delta)
{
	if (!key.batch_node_.linked()) {
		key.batch_delta_ = 0;
		pending_.push_back(key);
	}
	key.batch_delta_ += delta;
}

void KeyBatch::commit()
{
	// New reference counts; count the sites of keys that change state.
	ktl::size_t nr_sites = 0;
	for (StaticKey &key : pending_) {
		key.batch_was_enabled_ = key.enabled();
		key.refcount_ += key.batch_delta_;
		if (key.refcount_ < 0) {
			ktp_warn("static key reference count underflow");
			key.refcount_ = 0;
		}
		if (key.batch_was_enabled_ != key.enabled())
			nr_sites += key.nr_sites_;
	}
	// Every key that changes state gets its flag first, then its sites: set
	// before the jmps go in, cleared before the NOPs do (a jmp only tests
	// the flag, so either order of the two is safe; this one is the header's).
	for (StaticKey &key : pending_)
		if (key.enabled() != key.batch_was_enabled_)
			key.refresh_flag();

	if (g_patching && nr_sites) {
		SitePatcher patcher(nr_sites);
		for (StaticKey &key : pending_) {
			if (key.batch_was_enabled_ == key.enabled())
				continue;
			for (const Site &site : key.sites()) {
				ktl::u8 from[KTP_SITE_LEN];
				if (key.enabled())
					for (int b = 0; b < KTP_SITE_LEN; b++)
						from[b] = kNop5[b];
				else
					encode_jump(site.addr, site.target, from);
				patcher.to_state(key, site, from);
			}
		}
	}
	pending_.for_each_safe([&](StaticKey &key) {
		pending_.remove(key);
		key.batch_delta_ = 0;
	});
}

} // namespace ktp
