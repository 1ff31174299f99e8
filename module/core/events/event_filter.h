// SPDX-License-Identifier: GPL-2.0
// An event's filter file: the compiled filter in force (RCU-swapped) and the text the file reads back.
//
// Semantics, as native's filter file, with one deliberate difference:
//   - a write is stripped of trailing white space; "0" clears the filter;
//   - a valid expression replaces the filter atomically: the probe path
//     sees the old program or the new one, never a mix, and the old one is
//     freed only after every reader has left;
//   - reading shows the expression, or "none";
//   - an invalid expression fails with native's errno, and reading shows
//     native's error block (text, caret, "parse_error: ..."). Native then
//     drops its filter and records everything; ktp keeps the previous
//     filter in force and says so on the line after the error block.
#pragma once

#include "filter/filter.h"
#include "ktl/lock.h"
#include "ktl/memory.h"
#include "ktl/rcu.h"
#include "ktl/result.h"
#include "output/text.h"

namespace ktp {

class EventFilter {
public:
	// in_force: a word of the owner's in which bit is set while a program is in force.
	EventFilter(ktl::u32 &in_force, ktl::u32 bit) : in_force_(in_force), bit_(bit) {}
	~EventFilter();
	EventFilter(const EventFilter &) = delete;
	EventFilter &operator=(const EventFilter &) = delete;

	// Applies a write of len bytes; fails with native's errno. Callers serialise writes.
	// A write through the system's filter file reports a failure as native
	// does there: "Couldn't find or set field in one of a subsystem's events".
	[[nodiscard]] ktl::Status write(const char *text, ktl::size_t len, const filter::FieldTable &fields,
					bool from_system = false);
	// The file's text.
	bool read(TextBuffer &out) const;
	// The program in force, for the probe path (inside an RCU read section).
	const filter::Program *program() const { return program_.read(); }
	bool active() const { return program() != nullptr; }

private:
	void replace(ktl::Owned<filter::Program> fresh, ktl::OwnedChars text);
	ktl::RcuPtr<filter::Program> program_;
	ktl::u32 &in_force_;
	ktl::u32 bit_;
	ktl::OwnedChars text_;  // the filter in force, as written
	ktl::OwnedChars error_; // the last failed write's error block, if any
};

} // namespace ktp
