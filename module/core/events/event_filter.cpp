// SPDX-License-Identifier: GPL-2.0
// An event's filter file: compile, swap under RCU, and the read-back text (semantics in event_filter.h).
#include "events/event_filter.h"

namespace ktp {

namespace {

char *copy_text(const char *s, ktl::size_t len)
{
	char *out = static_cast<char *>(ktp_alloc(len + 1));
	if (!out)
		return nullptr;
	for (ktl::size_t i = 0; i < len; i++)
		out[i] = s[i];
	out[len] = 0;
	return out;
}

} // namespace

EventFilter::~EventFilter()
{
	ktl::Owned<filter::Program> gone(program_);
	ktp_free(text_);
	ktp_free(error_);
}

void EventFilter::replace(filter::Program *fresh, char *text)
{
	filter::Program *old = program_;
	__atomic_store_n(&program_, fresh, __ATOMIC_RELEASE);
	if (fresh)
		__atomic_fetch_or(&in_force_, bit_, __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&in_force_, ~bit_, __ATOMIC_RELEASE);
	if (old)
		ktp_synchronize_rcu(); // no probe still runs the old program
	ktl::Owned<filter::Program> gone(old);
	ktp_free(text_);
	text_ = text;
	ktp_free(error_);
	error_ = nullptr;
}

int EventFilter::write(const char *input, ktl::size_t len, const filter::FieldTable &fields, bool from_system)
{
	if (len > filter::kMaxFilterLength)
		return -KTP_EINVAL;
	// "0", white space around it allowed, clears: checked in place, so
	// clearing never needs memory.
	ktl::size_t b = 0, e = len;
	while (b < e && (input[b] == ' ' || input[b] == '\t' || input[b] == '\n' || input[b] == '\r'))
		b++;
	while (e > b && (input[e - 1] == ' ' || input[e - 1] == '\t' || input[e - 1] == '\n' || input[e - 1] == '\r'))
		e--;
	if (e - b == 1 && input[b] == '0') {
		replace(nullptr, nullptr);
		return 0;
	}
	char *text = copy_text(input, len);
	if (!text)
		return -KTP_ENOMEM;
	text[filter::trimmed_length(text)] = 0;
	filter::ParseError err;
	auto prog = filter::compile(text, fields, err);
	if (prog) {
		replace(prog.value().release(), text);
		return 0;
	}
	if (from_system) {
		err.code = filter::ErrorCode::BadSubsysFilter;
		err.pos = 0;
	}
	TextBuffer block;
	filter::render_error(text, err, block);
	ktp_free(text);
	if (block.failed())
		return err.err_no;
	ktl::size_t size;
	char *rendered = block.release(&size);
	ktp_free(error_);
	error_ = rendered;
	return err.err_no;
}

bool EventFilter::read(TextBuffer &out) const
{
	if (error_) {
		// Native's block, byte for byte (it prints its stored text and a newline), then ktp's note.
		out.append(error_);
		out.append("\n");
		if (text_)
			out.printf("ktp: the write was refused; the filter in force is still: %s\n", text_);
		else
			out.append("ktp: the write was refused; no filter is in force\n");
		return !out.failed();
	}
	out.printf("%s\n", text_ ? text_ : "none");
	return !out.failed();
}

} // namespace ktp
