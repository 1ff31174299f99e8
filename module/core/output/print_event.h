// SPDX-License-Identifier: GPL-2.0
// ftrace:print, the event trace_marker writes into the buffer.
#pragma once

#include <ktp/event_abi.h>

namespace ktp {

// The event's run-time object (its core pointer is the registered Event).
ktp_event *print_event();
// ftrace:kernel_stack, which the stacktrace trigger writes.
ktp_event *kernel_stack_event();

} // namespace ktp
