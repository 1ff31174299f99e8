// SPDX-License-Identifier: GPL-2.0
// Renders an event's format file in native's layout (libtraceevent parses it).
#include "output/format.h"

#include "ktl/string_view.h"
#include "output/print_format.h"

namespace ktp {

namespace {

void field_line(TextBuffer &out, const char *type, const char *name, unsigned int offset, unsigned int size,
		int is_signed)
{
	// "char[16]" prints as "char name[16]"; a __data_loc type keeps its "[]".
	ktl::StringView t(type);
	ktl::size_t at = t.find('[');
	const char *bracket = t.starts_with("__data_loc") || at == ktl::StringView::npos ? nullptr : type + at;
	if (bracket)
		out.printf("\tfield:%.*s %s%s;\toffset:%u;\tsize:%u;\tsigned:%d;\n", static_cast<int>(bracket - type),
			   type, name, bracket, offset, size, is_signed);
	else
		out.printf("\tfield:%s %s;\toffset:%u;\tsize:%u;\tsigned:%d;\n", type, name, offset, size, is_signed);
}

} // namespace

bool render_format(const ktp_event_desc &desc, unsigned int id, TextBuffer &out)
{
	out.printf("name: %s\nID: %u\nformat:\n", desc.name, id);
	field_line(out, "unsigned short", "common_type", 0, 2, 0);
	field_line(out, "unsigned char", "common_flags", 2, 1, 0);
	field_line(out, "unsigned char", "common_preempt_count", 3, 1, 0);
	field_line(out, "int", "common_pid", 4, 4, 1);
	out.append("\n");
	for (unsigned int i = 0; i < desc.nr_fields; i++) {
		const ktp_field_desc &f = desc.fields[i];
		field_line(out, f.type, f.name, f.offset, f.size, f.is_signed);
	}
	out.append("\nprint fmt: ");
	render_print_fmt(desc.print_fmt, out);
	out.append("\n");
	return !out.failed();
}

} // namespace ktp
