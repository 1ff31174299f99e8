// SPDX-License-Identifier: GPL-2.0
// The core's entry points: global bring-up and tear-down, and the read-only text files it renders.
#include <ktp/abi.h>
#include <ktp/version.h>

#include "events/registry.h"
#include "tracer.h"
#include "events/static_key.h"
#include "events/triggers.h"
#include "output/text.h"
#include "filter/filter.h"

namespace ktp {
namespace {

// static_keys: each key with its users, sites, state, and whether the code agrees.
void render_static_keys(TextBuffer &out)
{
	Registry &reg = *registry();
	ktl::LockGuard guard(reg.lock());
	out.printf("# patching: %s\n", patching_enabled() ? "text_poke_bp" : "unavailable, flag test at each site");
	out.printf("# %-40s %5s %5s %-8s %s\n", "event", "refs", "sites", "state", "code");
	reg.for_each_event([&](Event &ev) {
		char name[144];
		ktp_snprintf(name, sizeof(name), "%s:%s", ev.system().name(), ev.name());
		const StaticKey &key = ev.key();
		out.printf("  %-40s %5d %5zu %-8s %s\n", name, key.refcount(), key.sites().size(),
			   key.enabled() ? "enabled" : "disabled",
			   key.sites().empty() ? "-" : key.sites_match() ? "match" : "MISMATCH");
	});
}

// available_events: every event as system:event, systems and events sorted by name.
void render_available_events(TextBuffer &out)
{
	Registry &reg = *registry();
	ktl::LockGuard guard(reg.lock());
	// Only events that can be enabled, as native (ftrace:print is not listed).
	reg.for_each_event([&](Event &ev) {
		if (ev.desc().record)
			out.printf("%s:%s\n", ev.system().name(), ev.name());
	});
}

} // namespace
} // namespace ktp

extern "C" int ktp_core_init(void)
{
	ktp::filter::set_glob_class_needs_char(ktp_kernel_features() & KTP_FEATURE_GLOB_CLASS_NEEDS_CHAR);
	ktp::filter::set_trailing_operator_accepted(ktp_kernel_features() & KTP_FEATURE_FILTER_TRAILING_OPERATOR);
	ktl::Status s = ktp::registry_init();
	if (!s)
		return s.to_errno();
	s = ktp::tracer_init();
	if (!s) {
		ktp::registry_exit();
		return s.to_errno();
	}
	ktp::registry()->set_hooks({&ktp::forget_module_triggers, &ktp::clear_after_module_removal,
				    &ktp::tracer_recording_on});
	int patching = ktp_text_patching_available();
	if (patching < 0) {
		ktp::tracer_exit();
		ktp::registry_exit();
		return patching;
	}
	ktp::set_patching_enabled(patching > 0);
	if (!ktp::patching_enabled())
		ktp_log(KTP_LOG_WARNING, "text patching unavailable: call sites fall back to a flag test");
	return 0;
}

extern "C" void ktp_core_exit(void)
{
	ktp::tracer_exit();
	ktp::registry_exit();
}

extern "C" const char *ktp_core_version(void)
{
	return KTP_VERSION;
}

extern "C" int ktp_render_text(enum ktp_text_file which, char **out, ktp_size_t *len)
{
	if (!ktp::registry())
		return -KTP_ENODEV;
	ktp::TextBuffer text;
	switch (which) {
	case KTP_TEXT_STATIC_KEYS:
		ktp::render_static_keys(text);
		break;
	case KTP_TEXT_AVAILABLE_EVENTS:
		ktp::render_available_events(text);
		break;
	default:
		return -KTP_EINVAL;
	}
	if (text.failed())
		return -KTP_ENOMEM;
	*out = text.release(len);
	if (!*out) {
		*out = static_cast<char *>(ktp_zalloc(1));
		if (!*out)
			return -KTP_ENOMEM;
	}
	return 0;
}
