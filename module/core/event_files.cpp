// SPDX-License-Identifier: GPL-2.0
// The contents of each event's id, format and filter files, for the platform's file operations.
#include <ktp/abi.h>

#include "format.h"
#include "registry.h"
#include "text.h"

using ktp::Event;

extern "C" int ktp_event_render(void *handle, enum ktp_event_file which, char **out, ktp_size_t *len)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg || !handle)
		return -KTP_ENODEV;
	auto *ev = static_cast<Event *>(handle);
	ktp::TextBuffer text;
	{
		ktl::LockGuard guard(reg->lock());
		switch (which) {
		case KTP_EVENT_ID:
			text.printf("%u\n", ev->id());
			break;
		case KTP_EVENT_FORMAT:
			ktp::render_format(ev->desc(), ev->id(), text);
			break;
		case KTP_EVENT_FILTER:
			ev->filter().read(text);
			break;
		default:
			return -KTP_EINVAL;
		}
	}
	if (text.failed())
		return -KTP_ENOMEM;
	*out = text.release(len);
	return *out ? 0 : -KTP_ENOMEM;
}

extern "C" int ktp_event_write_filter(void *handle, const char *buf, ktp_size_t len)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg || !handle)
		return -KTP_ENODEV;
	auto *ev = static_cast<Event *>(handle);
	ktl::LockGuard guard(reg->lock());
	int err = ev->filter().write(buf, len, ev->fields());
	return err ? err : static_cast<int>(len);
}
