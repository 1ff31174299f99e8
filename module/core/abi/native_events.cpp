// SPDX-License-Identifier: GPL-2.0
// What the shim's native registration of ktp events (perf and BPF) asks of the core: the print format as ktp's format file shows it.
#include <ktp/abi.h>

#include "output/print_format.h"
#include "output/text.h"

// Needs no running core (the kernel registers ktp.ko's own native events before its init).
extern "C" int ktp_render_native_print_fmt(const char *written, char *buf, ktp_size_t len)
{
	ktp::TextBuffer text;
	if (!ktp::render_print_fmt(written, text) || text.failed())
		return -KTP_ENOMEM;
	if (text.size() + 1 > len)
		return -KTP_ENOSPC;
	for (ktl::size_t i = 0; i < text.size(); i++)
		buf[i] = text.data()[i];
	buf[text.size()] = 0;
	return static_cast<int>(text.size());
}
