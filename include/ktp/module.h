/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registering a module's ktp events (its ktp_events and ktp_jump_table
 * sections) with ktp: explicit, from the module's init and exit.
 *
 *     static int __init my_init(void)  { return ktp_module_events_register(); }
 *     static void __exit my_exit(void) { ktp_module_events_unregister(); }
 *
 * Registration makes the module's events appear in ktp's registry (and
 * tree) and patches their call sites; unregistration disables them,
 * detaches every probe and filter and waits for running probes, so that the
 * module can go away safely. The module must be composite (foo-y := ...),
 * include kbuild/cxx.mk and add "ldflags-y += -T $(KTP_ROOT)/kbuild/ktp.lds"
 * to its Kbuild file, and it depends on
 * ktp.ko through the symbols it calls, so ktp cannot unload before it.
 */
#ifndef KTP_MODULE_H
#define KTP_MODULE_H

#include <ktp/event_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef KTP_HOSTED
/* A host executable: the linker brackets the sections itself. */
extern const ktp_describe_fn __start_ktp_events[], __stop_ktp_events[];
extern const struct ktp_jump_entry __start___jump_table[], __stop___jump_table[];
#define KTP_SITES_START __start___jump_table
#define KTP_SITES_STOP __stop___jump_table
#define KTP_SITES_SECTION "__jump_table"
#else
extern const ktp_describe_fn __start_ktp_events[], __stop_ktp_events[];
extern const struct ktp_jump_entry __start_ktp_jump_table[], __stop_ktp_jump_table[];
#define KTP_SITES_START __start_ktp_jump_table
#define KTP_SITES_STOP __stop_ktp_jump_table
#define KTP_SITES_SECTION "ktp_jump_table"
#endif

#ifdef __cplusplus
}
#endif

/* Both sections exist, allocatable, even in a module without events or sites. */
asm(".pushsection ktp_events, \"aw\"\n\t.popsection\n\t"
    ".pushsection " KTP_SITES_SECTION ", \"aw\"\n\t.popsection");

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "host"
#endif

static const struct ktp_module_tables ktp_this_module_tables __attribute__((unused)) = {
	__start_ktp_events, __stop_ktp_events, KTP_SITES_START, KTP_SITES_STOP, KBUILD_MODNAME,
};

static inline int ktp_module_events_register(void)
{
	return ktp_register_module(&ktp_this_module_tables);
}

static inline void ktp_module_events_unregister(void)
{
	ktp_unregister_module(&ktp_this_module_tables);
}

#endif /* KTP_MODULE_H */
