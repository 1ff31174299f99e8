// SPDX-License-Identifier: GPL-2.0
/* What ktp.ko exports to modules that define their own ktp events. */
#include <linux/export.h>

#include <ktp/callbacks.h>
#include <ktp/event_abi.h>

EXPORT_SYMBOL_GPL(ktp_register_module);
EXPORT_SYMBOL_GPL(ktp_unregister_module);
EXPORT_SYMBOL_GPL(ktp_probe_register);
EXPORT_SYMBOL_GPL(ktp_probe_unregister);
EXPORT_SYMBOL_GPL(ktp_rcu_read_lock);
EXPORT_SYMBOL_GPL(ktp_rcu_read_unlock);
EXPORT_SYMBOL_GPL(ktp_preempt_resched);
EXPORT_SYMBOL_GPL(ktp_snprintf);
EXPORT_SYMBOL_GPL(ktp_record_begin);
EXPORT_SYMBOL_GPL(ktp_record_end);
EXPORT_SYMBOL_GPL(ktp_record_write);
#define KTP_EXPORT_SIZED_WRITE(n) EXPORT_SYMBOL_GPL(ktp_record_write_##n);
KTP_SIZED_RECORD_WRITES(KTP_EXPORT_SIZED_WRITE)
EXPORT_SYMBOL_GPL(ktp_render_flags);
EXPORT_SYMBOL_GPL(ktp_render_symbolic);
EXPORT_SYMBOL_GPL(ktp_callback_register);
EXPORT_SYMBOL_GPL(ktp_callback_unregister);
EXPORT_SYMBOL_GPL(ktp_callback_write);
EXPORT_SYMBOL_GPL(ktp_callback_begin);
EXPORT_SYMBOL_GPL(ktp_callback_end);
EXPORT_SYMBOL_GPL(ktp_callback_raw);
