// SPDX-License-Identifier: GPL-2.0
// saved_cmdlines: a fixed-size pid-to-comm cache, newest name wins, filled from the record path.
//
// Two arrays as native keeps them: a ring of (pid, comm) entries of the
// configured size, and a direct-mapped index from pid (modulo 32768) to a
// ring slot. Saving a pid takes the next ring slot (evicting its old pid
// from the index) unless the pid already has one, whose name is then
// refreshed. Writers only try the lock, so the record path never waits.
#pragma once

#include "ktl/base.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "output/text.h"

namespace ktp {

class Cmdlines {
public:
	static constexpr ktl::u32 kDefaultSize = 128;
	// The largest request: the kernel's PID_MAX_DEFAULT, as native.
	static ktl::u32 max_request();
	static constexpr ktl::u32 kIndexSize = 32768;

	static ktl::Owned<Cmdlines> create(ktl::u32 size);
	explicit Cmdlines(ktl::Passkey<Cmdlines>) {}
	Cmdlines(const Cmdlines &) = delete;
	Cmdlines &operator=(const Cmdlines &) = delete;

	// From the record path: never waits (a busy lock skips the save).
	void save(int pid, const char comm[16]);
	// The comm of pid into out (16 bytes): "<idle>" for 0, "<...>" when unknown.
	void find(int pid, char out[16]);
	// "pid comm" lines in slot order (unsorted), as saved_cmdlines reads.
	bool render(TextBuffer &out);
	ktl::u32 size()
	{
		ktl::LockGuard guard(lock_);
		return size_;
	}
	// Resizes (1..max_request() rounded up as native); keep: the newest entries
	// that fit stay (else it starts empty, as native's write does).
	// ENOMEM leaves everything as it was.
	[[nodiscard]] ktl::Status resize(ktl::u32 size, bool keep = true);
	// The size native reports for a request: what its power-of-two
	// allocation holds (20 bytes an entry after a 131096-byte index).
	static ktl::u32 capacity_for(ktl::u32 wanted);

private:
	struct Entry {
		int pid;
		char comm[16];
	};
	ktl::SpinLock lock_{"ktp_cmdlines", lock_class_};
	static ktl::LockClass lock_class_;
	ktl::Array<Entry> ring_ KTP_GUARDED_BY(lock_);
	ktl::Array<ktl::u32> index_ KTP_GUARDED_BY(lock_); // pid % kIndexSize -> slot + 1 (0: none)
	ktl::u32 size_ KTP_GUARDED_BY(lock_) = 0;
	ktl::u32 next_ KTP_GUARDED_BY(lock_) = 0;
};

} // namespace ktp
