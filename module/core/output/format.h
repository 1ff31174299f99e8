// SPDX-License-Identifier: GPL-2.0
// An event's format file, laid out as native's: header, common fields, fields, print fmt.
#pragma once

#include <ktp/event_abi.h>

#include "output/text.h"

namespace ktp {

bool render_format(const ktp_event_desc &desc, unsigned int id, TextBuffer &out);

} // namespace ktp
