// SPDX-License-Identifier: GPL-2.0
// An event's print format as native shows it: "fmt", REC->field, __get_str(name).
#pragma once

#include "output/text.h"

namespace ktp {

// From the text kept by the event definition (KTP_PRINT("...", __entry->x, ...))
// to the native form ("...", REC->x, ...); false when memory runs out.
bool render_print_fmt(const char *written, TextBuffer &out);

} // namespace ktp
