/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktp's call sites: a 5-byte patchable instruction recorded in ktp's jump
 * table, x86_64.
 *
 * How a site works. The compiler emits, at each trace_X() call,
 *
 *     site:  e9 <rel32 to yes>        ; 5-byte jmp, as compiled
 *            ...                      ; "no": the code after the call
 *     yes:   if (event.enabled) __ktp_trace_X(args); jmp back
 *
 * and a 16-byte entry {site - ., yes - ., &event - .} in the kernel's
 * jump-table format. objtool reads that format (in __jump_table) and so
 * follows both edges of the site and emits ORC for both paths; after objtool
 * has run, kbuild/objtool-ktp.sh renames the section to ktp_jump_table so the
 * kernel's own jump-label code never sees ktp's entries, and the module's
 * linker script (kbuild/ktp.lds) brackets it with start/stop symbols.
 *
 * As compiled, every site jumps to the flag test, which is always correct:
 * if text patching is unavailable, that flag test is the fallback. When the
 * events are registered, ktp rewrites every site of a disabled event to the
 * 5-byte NOP 0f 1f 44 00 00 in one text_poke batch; enabling an event sets
 * the flag and rewrites its sites back to e9 <rel32>, disabling does the
 * reverse. A disabled site therefore costs one NOP.
 */
#ifndef KTP_SITE_H
#define KTP_SITE_H

#include <ktp/event_abi.h>

#ifndef __x86_64__
#error "ktp's call sites are implemented for x86_64 only"
#endif

/* True on the jump path of the site; the caller tests the event's flag there. */
static inline __attribute__((always_inline)) int ktp_site(struct ktp_event *event)
{
	asm goto("1:\n\t"
		 ".byte 0xe9\n\t"
		 ".long %l[l_jump] - 2f\n\t"
		 "2:\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - ., %l[l_jump] - .\n\t"
		 ".quad %c0 - .\n\t"
		 ".popsection\n\t"
		 : : "i"(event) : : l_jump);
	return 0;
l_jump:
	return 1;
}

#endif /* KTP_SITE_H */
