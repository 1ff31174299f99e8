#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fails when an object that finds kernel addresses at run time makes any indirect call or jump.
#
# usage: check-indirect-calls.sh OBJECT...
#
# On an IBT kernel a function whose ENDBR was sealed at boot (one the kernel
# never takes the address of) faults when called through a pointer, and the
# addresses kallsyms or a kprobe return are of exactly such functions. ktp
# calls them only through static calls (a direct jmp patched into a
# trampoline; see module/kernel/text_patch.c), and this check keeps it so,
# by construction rather than by following data: an object that references
# a run-time resolver (register_kprobe*, register_kretprobe*, kallsyms_*,
# module_kallsyms_lookup_name, kprobe_lookup_name)
#   - makes no indirect call or jump: no "call *"/"jmp *" and no call to a
#     retpoline, ITS or call-depth thunk (__x86_indirect_*), and
#   - defines no global data but static-call keys (__SCK__*), so a resolved
#     address cannot leave it through a variable another object reads.
# kbuild/objtool-ktp.sh runs it on every object of a module (on the linked
# module's members where objtool runs once); tests/build/indirect_call is a
# module that must fail it.
status=0
for obj; do
	undefined=$(${NM:-nm} -u "$obj" | awk '{print $NF}')
	resolver=$(printf '%s\n' "$undefined" | grep -m1 -x -E \
		'register_kprobes?|register_kretprobes?|kallsyms_[a-z_]+|module_kallsyms_lookup_name|kprobe_lookup_name' || true)
	[ -n "$resolver" ] || continue
	indirect=$(${OBJDUMP:-objdump} -dr --no-show-raw-insn "$obj" | awk '
		/^[0-9a-f]+ <.*>:$/ { fn = $2 }
		/\t(call|jmp)[a-z]* +\*/ { print fn " " $0; exit }
		/R_X86_64_(PLT32|PC32)[ \t]+__x86_indirect_/ { print fn " " $0; exit }')
	if [ -n "$indirect" ]; then
		echo "$obj: error: indirect call in an object that resolves kernel addresses at run time ($resolver): call them through a static call, never through a pointer (IBT): $(printf '%s' "$indirect" | tr -s ' \t' ' ')" >&2
		status=1
	fi
	data=$(${NM:-nm} --defined-only "$obj" | awk '$2 ~ /^[DBRGS]$/ && $3 !~ /^__SCK__/ {print $3; exit}')
	if [ -n "$data" ]; then
		echo "$obj: error: global data $data in an object that resolves kernel addresses at run time ($resolver): keep what it resolves in static storage" >&2
		status=1
	fi
done
exit $status
