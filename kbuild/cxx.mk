# SPDX-License-Identifier: GPL-2.0
# Kbuild rules that compile a module's .cpp files with Kbuild's own machinery.
#
# Include this from a module's Kbuild file after setting KTP_ROOT. A .cpp file
# named in <module>-y as foo.o is built by the pattern rule below, which goes
# through if_changed_rule just as Kbuild's .c rule does, so it gets:
#   - the kernel's flags (KBUILD_CFLAGS without what g++ refuses for C++, the
#     KASAN/KCSAN/... instrumentation flags of the kernel being built for);
#   - dependency tracking (-Wp,-MMD + fixdep) and a .foo.o.cmd file, so a
#     changed header or flag rebuilds the object;
#   - objtool's pass over the object, with Kbuild's own arguments;
# and then ktp's own checks (kbuild/objtool-ktp.sh, for C objects too): call
# sites moved to ktp_jump_table, no dynamic initializers or global
# destructors (the loader would silently ignore them), no .eh_frame.
#
# The kernel's CONFIG_ macros (autoconf.h) and LINUX_VERSION_CODE (version.h),
# plain #defines, are visible, so that the C ABI's inline fast paths match the
# kernel being built for (module/kernel/compat/percpu_asm.h).
#
# The dialect is restricted C++20: no exceptions, no RTTI, no libstdc++, no
# thread-safe statics (no __cxa_guard_*), -fcheck-new so that a null from
# operator new is checked. Warnings are errors.

ifndef KTP_ROOT
$(error KTP_ROOT must point at the ktp source tree)
endif

# The C++ driver of the C compiler the kernel is built with: gcc-12 -> g++-12.
KTP_CXX ?= $(subst gcc,g++,$(CC))

# Options of Kbuild's C flags that g++ rejects or ignores for C++, found by
# asking it once per build (kbuild/cxx-flags.sh), so that whatever a kernel
# series passes (-Wno-override-init, -Wmissing-prototypes, -std=gnu11, ...)
# is kept out without a list to maintain.
ktp-cxx-c-only := $(shell $(CONFIG_SHELL) $(KTP_ROOT)/kbuild/cxx-flags.sh "$(KTP_CXX)" \
	$(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE) $(ccflags-y))

ktp-cxx-dialect := -std=gnu++20 -fno-exceptions -fno-rtti -ffreestanding \
	-nostdinc -nostdinc++ -fno-threadsafe-statics \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fcheck-new \
	-fno-use-cxa-atexit -fno-common -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Werror \
	-isystem $(shell $(KTP_CXX) -print-file-name=include) \
	-I$(KTP_ROOT)/include -I$(KTP_ROOT)/module/core \
	-include $(objtree)/include/generated/autoconf.h \
	-include $(objtree)/include/generated/uapi/linux/version.h

# The call-site table's linker script, by when objtool runs: on the linked
# module where Kbuild delays it (its delay-objtool, which 6.1 and 6.12 set for
# LTO_CLANG and X86_KERNEL_IBT, 7.3 also for KLP_BUILD; Makefile.lib defines
# it after this file is read, and ldflags-y expands at once, hence the copy).
# kbuild/objtool-ktp.sh and kbuild/check-sections.sh fail a mismatch.
ktp-objtool-linked := $(or $(CONFIG_LTO_CLANG),$(CONFIG_X86_KERNEL_IBT),$(CONFIG_KLP_BUILD))
ldflags-y += -T $(KTP_ROOT)/kbuild/ktp-sites-$(if $(ktp-objtool-linked),linked,object).lds

# Kernels that give modules BTF run pahole over the module's DWARF, and pahole
# cannot encode C++'s (DW_TAG_reference_type): there C++ objects carry none.
ktp-cxx-debug := $(if $(CONFIG_DEBUG_INFO_BTF_MODULES),-g0)

cxx_flags = -Wp,-MMD,$(depfile) \
	$(filter-out $(ktp-cxx-c-only), $(_c_flags) $(modkern_cflags)) \
	$(basename_flags) $(modname_flags) $(ktp-cxx-dialect) $(ktp-cxx-debug) $(cxxflags-y)

quiet_cmd_cxx_o_cpp = CXX $(quiet_modtag) $@
      cmd_cxx_o_cpp = $(KTP_CXX) $(cxx_flags) -c -o $@ $< $(cmd_objtool)

# objtool, for C and C++ objects alike, through ktp's wrapper: it moves ktp's
# call-site entries to ktp_jump_table and runs kbuild/check-sections.sh.
$(obj)/%.o: objtool = $(CONFIG_SHELL) $(KTP_ROOT)/kbuild/objtool-ktp.sh $(objtree)/tools/objtool/objtool

define rule_cxx_o_cpp
	$(call cmd_and_fixdep,cxx_o_cpp)
	$(call cmd,gen_objtooldep)
endef

$(obj)/%.o: $(src)/%.cpp FORCE
	$(call if_changed_rule,cxx_o_cpp)
