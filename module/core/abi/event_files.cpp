// SPDX-License-Identifier: GPL-2.0
// The contents of each event's id, format and filter files, for the platform's file operations.
#include <ktp/abi.h>

#include "output/format.h"
#include "events/registry.h"
#include "output/text.h"
#include "events/triggers.h"

using ktp::Event;

extern "C" int ktp_event_render(ktp_event_handle *handle, enum ktp_event_file which, char **out, ktp_size_t *len)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg || !handle)
		return -KTP_ENODEV;
	Event *ev = Event::from(handle);
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
		case KTP_EVENT_ENABLE:
			ktp::render_enable(*ev, text);
			break;
		case KTP_EVENT_TRIGGER:
			ktp::render_triggers(*ev, text);
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

extern "C" int ktp_event_write_filter(ktp_event_handle *handle, const char *buf, ktp_size_t len)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg || !handle)
		return -KTP_ENODEV;
	Event *ev = Event::from(handle);
	ktl::LockGuard guard(reg->lock());
	ktl::Status s = ev->filter().write(buf, len, ev->fields());
	return s ? static_cast<int>(len) : s.to_errno();
}

namespace {

constexpr const char kSystemFilterMessage[] =
	"### global filter ###\n"
	"# Use this to set filters for multiple events.\n"
	"# Only events with the given fields will be affected.\n"
	"# If no events are modified, an error message will be displayed here\n";

ktp::System *find_system(ktp::Registry &reg, const char *name) KTP_REQUIRES(reg.lock())
{
	for (ktp::System &sys : reg.systems())
		if (ktl::StringView(sys.name()) == name)
			return &sys;
	return nullptr;
}

} // namespace

extern "C" int ktp_system_render_filter(const char *system, char **out, ktp_size_t *len)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg)
		return -KTP_ENODEV;
	ktp::TextBuffer text;
	{
		ktl::LockGuard guard(reg->lock());
		ktp::System *sys = find_system(*reg, system);
		if (!sys)
			return -KTP_ENODEV;
		// Native shows its standard message unless no event took the filter.
		text.append(sys->events().empty() ? "" : kSystemFilterMessage);
	}
	if (text.failed())
		return -KTP_ENOMEM;
	*out = text.release(len);
	if (!*out)
		*out = static_cast<char *>(ktp_zalloc(1));
	return *out ? 0 : -KTP_ENOMEM;
}

// Native applies a system filter to every event of the system: those with
// the fields take it, the others show native's subsystem error (and, in
// ktp, keep the filter they had). "0" clears every event's filter.
extern "C" int ktp_system_write_filter(const char *system, const char *buf, ktp_size_t len)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg)
		return -KTP_ENODEV;
	ktl::LockGuard guard(reg->lock());
	ktp::System *sys = find_system(*reg, system);
	if (!sys || sys->events().empty())
		return -KTP_ENODEV;
	for (ktp::Event &ev : sys->events()) {
		ktl::Status s = ev.filter().write(buf, len, ev.fields(), true);
		if (!s && s.error() == ktl::Error(KTP_ENOMEM))
			return s.to_errno();
	}
	return static_cast<int>(len);
}
