// SPDX-License-Identifier: GPL-2.0
// The C ABI of consumer callbacks: registration (<ktp/callbacks.h>) and the probe-path entry points (event_abi.h).
#include <ktp/callbacks.h>
#include <ktp/event_abi.h>

#include "events/registry.h"
#include "tracer.h"

namespace ktp {
namespace {

// A record assembled by the probe (fields filled): its common header, the
// event's filter, then every record callback with the kept record.
KTP_NOTRACE void deliver(Event &ev, CallbackArray *cbs, ktl::u8 *rec, ktl::u32 size, ktl::u32 cpu)
{
	ktp_fill_common(reinterpret_cast<ktp_common_header *>(rec), ev.id(), ev.preempt_base());
	if (const filter::Program *prog = ev.filter().program(); prog && !Tracer::passes(*prog, rec, cpu))
		return;
	for (ktl::u32 i = 0; i < cbs->count; i++) {
		void *func = __atomic_load_n(&cbs->items[i].func, __ATOMIC_ACQUIRE);
		if (func)
			reinterpret_cast<ktp_record_callback_fn>(func)(cbs->items[i].data, rec, size);
	}
}

} // namespace
} // namespace ktp

extern "C" int ktp_callback_register(const char *system, const char *event, enum ktp_callback_kind kind, void *fn,
				     void *data)
{
	ktp::Registry *reg = ktp::registry();
	return reg ? reg->add_callback(system, event, kind, fn, data).to_errno() : -KTP_ENODEV;
}

extern "C" int ktp_callback_unregister(const char *system, const char *event, enum ktp_callback_kind kind,
				       void *fn, void *data)
{
	ktp::Registry *reg = ktp::registry();
	return reg ? reg->remove_callback(system, event, kind, fn, data).to_errno() : -KTP_ENODEV;
}

// The probe path, preemption off (the site's read side): event is the core's event.
extern "C" KTP_NOTRACE void ktp_callback_write(void *event, void *record, unsigned int size)
{
	auto &ev = *static_cast<ktp::Event *>(event);
	if (ktp::CallbackArray *cbs = ev.callbacks(KTP_CALLBACK_RECORD))
		ktp::deliver(ev, cbs, static_cast<ktl::u8 *>(record), size, ktp_this_cpu());
}

extern "C" KTP_NOTRACE void *ktp_callback_begin(struct ktp_record *rec, void *event, unsigned int size)
{
	ktp::Tracer *t = ktp::tracer();
	if (!t || !static_cast<ktp::Event *>(event)->callbacks(KTP_CALLBACK_RECORD))
		return nullptr;
	ktl::u32 cpu = ktp_this_cpu();
	ktl::u8 *p = t->take_scratch(cpu, size);
	if (!p)
		return nullptr;
	rec->event = event;
	rec->buffer = t;
	rec->data = p;
	rec->size = size;
	return p;
}

extern "C" KTP_NOTRACE void ktp_callback_end(struct ktp_record *rec)
{
	auto &ev = *static_cast<ktp::Event *>(rec->event);
	auto *t = static_cast<ktp::Tracer *>(rec->buffer);
	ktl::u32 cpu = ktp_this_cpu();
	if (ktp::CallbackArray *cbs = ev.callbacks(KTP_CALLBACK_RECORD))
		ktp::deliver(ev, cbs, rec->data, rec->size, cpu);
	t->give_scratch(cpu);
}

extern "C" KTP_NOTRACE void ktp_callback_raw(void *event, const unsigned long long *args, unsigned int nr_args)
{
	auto &ev = *static_cast<ktp::Event *>(event);
	ktp::CallbackArray *cbs = ev.callbacks(KTP_CALLBACK_RAW);
	for (ktl::u32 i = 0; cbs && i < cbs->count; i++) {
		void *func = __atomic_load_n(&cbs->items[i].func, __ATOMIC_ACQUIRE);
		if (func)
			reinterpret_cast<ktp_raw_callback_fn>(func)(cbs->items[i].data, args, nr_args);
	}
}
