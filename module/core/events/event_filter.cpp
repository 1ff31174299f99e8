// SPDX-License-Identifier: GPL-2.0
// An event's filter file: compile, swap under RCU, and the read-back text (semantics in event_filter.h).
#include "events/event_filter.h"

namespace ktp {

namespace {

ktl::OwnedChars copy_text(const char *s, ktl::size_t len)
{
	ktl::OwnedChars out(static_cast<char *>(ktp_alloc(len + 1)));
	if (!out)
		return out;
	for (ktl::size_t i = 0; i < len; i++)
		out.get()[i] = s[i];
	out.get()[len] = 0;
	return out;
}

} // namespace

EventFilter::~EventFilter()
{
	ktl::Owned<filter::Program> gone = program_.take(); // the event goes: no probe is left
}

void EventFilter::replace(ktl::Owned<filter::Program> fresh, ktl::OwnedChars text)
{
	bool in_force = static_cast<bool>(fresh);
	ktl::Owned<filter::Program> old = program_.publish(ktl::move(fresh));
	if (in_force)
		__atomic_fetch_or(&in_force_, bit_, __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&in_force_, ~bit_, __ATOMIC_RELEASE);
	ktl::rcu_retire(ktl::move(old)); // no probe still runs the old program
	text_ = ktl::move(text);
	error_.reset();
}

ktl::Status EventFilter::write(const char *input, ktl::size_t len, const filter::FieldTable &fields, bool from_system)
{
	if (len > filter::kMaxFilterLength)
		return ktl::Error(KTP_EINVAL);
	// "0", white space around it allowed, clears: checked in place, so
	// clearing never needs memory.
	auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
	if (ktl::StringView(input, len).trim(is_space) == "0") {
		replace({}, {});
		return ktl::Status::success();
	}
	ktl::OwnedChars text = copy_text(input, len);
	if (!text)
		return ktl::Error(KTP_ENOMEM);
	text.get()[filter::trimmed_length(text.get())] = 0;
	filter::ParseError err;
	auto prog = filter::compile(text.get(), fields, err);
	if (prog) {
		replace(ktl::move(prog.value()), ktl::move(text));
		return ktl::Status::success();
	}
	if (from_system) {
		err.code = filter::ErrorCode::BadSubsysFilter;
		err.pos = 0;
	}
	TextBuffer block;
	filter::render_error(text.get(), err, block);
	ktl::Error failed = prog.error();
	if (block.failed())
		return failed;
	ktl::size_t size;
	error_.reset(block.release(&size));
	return failed;
}

bool EventFilter::read(TextBuffer &out) const
{
	if (error_) {
		// Native's block, byte for byte (it prints its stored text and a newline), then ktp's note.
		out.append(error_.get());
		out.append("\n");
		if (text_)
			out.printf("ktp: the write was refused; the filter in force is still: %s\n", text_.get());
		else
			out.append("ktp: the write was refused; no filter is in force\n");
		return !out.failed();
	}
	out.printf("%s\n", text_ ? text_.get() : "none");
	return !out.failed();
}

} // namespace ktp
