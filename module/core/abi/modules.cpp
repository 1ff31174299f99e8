// SPDX-License-Identifier: GPL-2.0
// The C ABI of module registration and probes (include/ktp/event_abi.h): what modules with ktp events call.
#include <ktp/event_abi.h>

#include "events/registry.h"

extern "C" int ktp_register_module(const struct ktp_module_tables *tables)
{
	ktp::Registry *reg = ktp::registry();
	if (!reg || !tables)
		return -KTP_ENODEV;
	return reg->register_module(tables).to_errno();
}

extern "C" void ktp_unregister_module(const struct ktp_module_tables *tables)
{
	if (ktp::Registry *reg = ktp::registry(); reg && tables)
		reg->unregister_module(tables);
}

extern "C" void ktp_core_init_text_done(void)
{
	if (ktp::Registry *reg = ktp::registry())
		reg->init_text_done();
}

extern "C" int ktp_probe_register(struct ktp_event *event, void *func, void *data, int prio)
{
	ktp::Registry *reg = ktp::registry();
	return reg ? reg->add_probe(event, func, data, prio).to_errno() : -KTP_ENODEV;
}

extern "C" int ktp_probe_unregister(struct ktp_event *event, void *func, void *data)
{
	ktp::Registry *reg = ktp::registry();
	return reg ? reg->remove_probe(event, func, data).to_errno() : -KTP_ENODEV;
}
