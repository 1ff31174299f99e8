// SPDX-License-Identifier: GPL-2.0
// An event's field table for its filters, and the classification of a field's C type.
#include "filter/fields.h"

#include "filter/chars.h"

namespace ktp::filter {

FieldClass classify(const char *type, ktl::u8 kind)
{
	ktl::StringView t(type);
	if (t.contains("__data_loc") && t.contains("char"))
		return FieldClass::DynString;
	if (t.contains("[") && t.contains("char"))
		return FieldClass::StaticString;
	if (t == "char *" || t == "const char *")
		return FieldClass::CharPtr;
	return FieldClass::Number;
}

ktl::Result<ktl::Owned<FieldTable>> FieldTable::for_event(const ktp_field_desc *fields, unsigned int count)
{
	static const Field generic[] = {
		{"CPU", FieldClass::Cpu, 0, 4, true},     {"cpu", FieldClass::Cpu, 0, 4, true},
		{"common_cpu", FieldClass::Cpu, 0, 4, true}, {"COMM", FieldClass::Comm, 0, 16, false},
		{"comm", FieldClass::Comm, 0, 16, false},
		{"common_type", FieldClass::Number, 0, 2, false},
		{"common_flags", FieldClass::Number, 2, 1, false},
		{"common_preempt_count", FieldClass::Number, 3, 1, false},
		{"common_pid", FieldClass::Number, 4, 4, true},
	};
	constexpr unsigned int kGeneric = sizeof(generic) / sizeof(generic[0]);
	ktl::Owned<FieldTable> table = ktl::make<FieldTable>();
	if (!table || !ktl::Array<Field>::create(table->fields_, count + kGeneric))
		return ktl::Error(KTP_ENOMEM);
	for (unsigned int i = 0; i < count; i++) {
		const ktp_field_desc &d = fields[i];
		table->fields_[i] = Field{d.name, classify(d.type, d.kind), d.offset, d.size, d.is_signed != 0};
	}
	for (unsigned int i = 0; i < kGeneric; i++)
		table->fields_[count + i] = generic[i];
	return table;
}

const Field *FieldTable::find(const char *name, ktl::size_t len) const
{
	for (const Field &f : fields_)
		if (ktl::StringView(f.name) == ktl::StringView(name, len))
			return &f;
	return nullptr;
}

} // namespace ktp::filter
