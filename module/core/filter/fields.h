// SPDX-License-Identifier: GPL-2.0
// The fields a filter may name: each event's own, the generic ones (CPU, COMM) and the common header's.
#pragma once

#include <ktp/event_abi.h>

#include "ktl/base.h"
#include "ktl/memory.h"
#include "ktl/result.h"

namespace ktp::filter {

// What kind of value a field holds, as the filter sees it.
enum class FieldClass : ktl::u8 {
	Number,
	StaticString, // char[N]
	DynString,    // __data_loc char[]
	CharPtr,      // char * / const char *
	Cpu,          // CPU, cpu, common_cpu: the CPU the event fires on
	Comm,         // COMM, comm: the current task's name
};

inline bool is_string_class(FieldClass cls)
{
	return cls == FieldClass::StaticString || cls == FieldClass::DynString || cls == FieldClass::CharPtr ||
	       cls == FieldClass::Comm;
}

struct Field {
	const char *name;
	FieldClass cls;
	ktl::u16 offset;
	ktl::u16 size;
	bool is_signed;
};

// The classification native uses for a field of a given C type string.
FieldClass classify(const char *type, ktl::u8 kind);

// The fields a filter may name, searched as native does: the event's own,
// then the generic ones, then the common header's.
class FieldTable {
public:
	// Builds the table of an event (allocates).
	[[nodiscard]] static ktl::Result<ktl::Owned<FieldTable>> for_event(const ktp_field_desc *fields,
									  unsigned int count);
	const Field *find(const char *name, ktl::size_t len) const;

private:
	ktl::Array<Field> fields_;
};

} // namespace ktp::filter
