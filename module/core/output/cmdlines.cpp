// SPDX-License-Identifier: GPL-2.0
// The saved_cmdlines cache (described in cmdlines.h).
#include "output/cmdlines.h"

namespace ktp {

ktl::LockClass Cmdlines::lock_class_;

namespace {

void copy_comm(char *dst, const char *src)
{
	ktl::size_t i = 0;
	for (; i < 15 && src[i]; i++)
		dst[i] = src[i];
	for (; i < 16; i++)
		dst[i] = 0;
}

} // namespace

// Not analysed: the object is nobody else's until it is returned.
KTP_NO_THREAD_SAFETY_ANALYSIS ktl::Owned<Cmdlines> Cmdlines::create(ktl::u32 size)
{
	ktl::Owned<Cmdlines> c = ktl::make<Cmdlines>(ktl::Passkey<Cmdlines>());
	if (!c || !ktl::Array<ktl::u32>::create(c->index_, kIndexSize))
		return {};
	if (!c->resize(size).ok())
		return {};
	return c;
}

void Cmdlines::save(int pid, const char comm[16])
{
	if (pid <= 0 || !lock_.try_lock())
		return;
	// Unchecked: key < kIndexSize, and slots in the index are below size_.
	ktl::u32 *index = index_.data();
	Entry *ring = ring_.data();
	ktl::u32 key = static_cast<ktl::u32>(pid) % kIndexSize;
	ktl::u32 slot = index[key];
	if (slot && ring[slot - 1].pid == pid) {
		copy_comm(ring[slot - 1].comm, comm);
	} else {
		Entry &e = ring[next_];
		if (e.pid > 0) {
			ktl::u32 old_key = static_cast<ktl::u32>(e.pid) % kIndexSize;
			if (index[old_key] == next_ + 1)
				index[old_key] = 0;
		}
		e.pid = pid;
		copy_comm(e.comm, comm);
		index[key] = next_ + 1;
		next_ = (next_ + 1) % size_;
	}
	lock_.unlock();
}

void Cmdlines::find(int pid, char out[16])
{
	if (pid == 0) {
		copy_comm(out, "<idle>");
		return;
	}
	copy_comm(out, "<...>");
	if (pid < 0)
		return;
	ktl::LockGuard guard(lock_);
	ktl::u32 slot = index_.data()[static_cast<ktl::u32>(pid) % kIndexSize];
	if (slot && ring_.data()[slot - 1].pid == pid)
		copy_comm(out, ring_.data()[slot - 1].comm);
}

bool Cmdlines::render(TextBuffer &out)
{
	// Allocate first (never under the spinlock), copy under it, format outside it.
	ktl::u32 n;
	ktl::Array<Entry> copy;
	for (;;) {
		n = __atomic_load_n(&size_, __ATOMIC_RELAXED);
		if (!ktl::Array<Entry>::create(copy, n))
			return false;
		lock_.lock();
		if (size_ == n)
			break; // still holding the lock
		lock_.unlock(); // resized meanwhile: size again
	}
	__builtin_memcpy(copy.data(), ring_.data(), sizeof(Entry) * n);
	lock_.unlock();
	for (const Entry &e : copy)
		if (e.pid > 0)
			out.printf("%d %s\n", e.pid, e.comm);
	return !out.failed();
}

ktl::u32 Cmdlines::max_request() { return ktp_pid_max_default(); }

ktl::u32 Cmdlines::capacity_for(ktl::u32 wanted)
{
	// Native's allocation: a pid index of PID_MAX_DEFAULT ints and a 24-byte
	// header, then 20 bytes an entry, rounded up to a power-of-two of pages.
	ktl::u64 fixed = 4ull * ktp_pid_max_default() + 24;
	ktl::u64 bytes = 4096;
	while (bytes < fixed + 20ull * wanted)
		bytes <<= 1;
	return static_cast<ktl::u32>((bytes - fixed) / 20);
}

ktl::Status Cmdlines::resize(ktl::u32 size, bool keep)
{
	if (size < 1 || size > capacity_for(max_request()))
		return ktl::Error(KTP_EINVAL);
	ktl::Array<Entry> fresh;
	if (!ktl::Array<Entry>::create(fresh, size))
		return ktl::Error(KTP_ENOMEM);
	{
		ktl::LockGuard guard(lock_);
		// Keep the newest entries that fit, oldest first.
		ktl::u32 kept = 0;
		for (ktl::u32 i = 0; i < kIndexSize; i++)
			index_[i] = 0;
		if (ring_.size() && keep) {
			ktl::u32 total = size_ < size ? size_ : size;
			for (ktl::u32 k = 0; k < size_ && kept < total; k++) {
				// Walk from the newest backwards.
				ktl::u32 idx = (next_ + size_ - 1 - k) % size_;
				if (ring_[idx].pid > 0)
					fresh[total - 1 - kept++] = ring_[idx];
			}
			if (kept < total) {
				// Compact to the front.
				for (ktl::u32 i = 0; i < kept; i++)
					fresh[i] = fresh[total - kept + i];
				for (ktl::u32 i = kept; i < total; i++)
					fresh[i] = Entry{};
			}
		}
		for (ktl::u32 i = 0; i < kept; i++)
			index_[static_cast<ktl::u32>(fresh[i].pid) % kIndexSize] = i + 1;
		ktl::swap(ring_, fresh); // fresh now holds the old entries, freed outside the lock
		size_ = size;
		next_ = kept % size;
	}
	return ktl::Status::success();
}

} // namespace ktp
