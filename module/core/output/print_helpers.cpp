// SPDX-License-Identifier: GPL-2.0
// ktp_print_flags and ktp_print_symbolic: native's __print_flags/__print_symbolic rendering for print formats.
#include <ktp/event_abi.h>

namespace {

// Appends text to the scratch space (truncating when full); returns false when full.
bool put(ktp_print_scratch *s, const char *text)
{
	while (*text) {
		if (s->used + 1 >= sizeof(s->buf))
			return false;
		s->buf[s->used++] = *text++;
	}
	s->buf[s->used] = 0;
	return true;
}

void put_hex(ktp_print_scratch *s, unsigned long long v)
{
	char tmp[24];
	ktp_snprintf(tmp, sizeof(tmp), "0x%llx", v);
	put(s, tmp);
}

char *begin(ktp_print_scratch *s)
{
	if (s->used >= sizeof(s->buf) - 1)
		s->used = sizeof(s->buf) - 1;
	char *start = s->buf + s->used;
	*start = 0;
	return start;
}

} // namespace

// Names of the masks the value holds, in table order, joined by delim; bits
// no name covers follow as hex; nothing at all for a zero value.
extern "C" const char *ktp_render_flags(struct ktp_print_scratch *s, unsigned long long value, const char *delim,
				       const struct ktp_symbol *names)
{
	char *start = begin(s);
	bool first = true;
	for (const ktp_symbol *n = names; n->name && value; n++) {
		if ((value & n->value) != n->value)
			continue;
		value &= ~n->value;
		if (!first && delim)
			put(s, delim);
		first = false;
		put(s, n->name);
	}
	if (value) {
		if (!first && delim)
			put(s, delim);
		put_hex(s, value);
	}
	s->used++; // past the terminator: the next helper writes after it
	return start;
}

// The name of the value, or the value in hex when the table has none.
extern "C" const char *ktp_render_symbolic(struct ktp_print_scratch *s, unsigned long long value,
					  const struct ktp_symbol *names)
{
	char *start = begin(s);
	const ktp_symbol *n = names;
	for (; n->name; n++)
		if (n->value == value)
			break;
	if (n->name)
		put(s, n->name);
	else
		put_hex(s, value);
	s->used++;
	return start;
}
