# SPDX-License-Identifier: GPL-2.0
# Kbuild rules that compile a module's .cpp files with Kbuild's own machinery.
#
# Include this from a module's Kbuild file after setting KTP_ROOT. A .cpp file
# named in <module>-y as foo.o is built by the pattern rule below, which goes
# through if_changed_rule just as Kbuild's .c rule does, so it gets:
#   - the kernel's flags (KBUILD_CFLAGS with the C-only options removed, the
#     KASAN/KCSAN/... instrumentation flags of the kernel being built for);
#   - dependency tracking (-Wp,-MMD + fixdep) and a .foo.o.cmd file, so a
#     changed header or flag rebuilds the object;
#   - objtool's pass over the object, with Kbuild's own arguments;
# and then ktp's own checks (kbuild/objtool-ktp.sh, for C objects too): call
# sites moved to ktp_jump_table, no dynamic initializers or global
# destructors (the loader would silently ignore them), no .eh_frame.
#
# The kernel's CONFIG_ macros (autoconf.h, plain #defines) are visible, so
# that the C ABI's inline fast paths match the kernel being built for.
#
# The dialect is restricted C++20: no exceptions, no RTTI, no libstdc++, no
# thread-safe statics (no __cxa_guard_*), -fcheck-new so that a null from
# operator new is checked. Warnings are errors.

ifndef KTP_ROOT
$(error KTP_ROOT must point at the ktp source tree)
endif

# The C++ driver of the C compiler the kernel is built with: gcc-12 -> g++-12.
KTP_CXX ?= $(subst gcc,g++,$(CC))

# Options of KBUILD_CFLAGS that exist for C only (or that C++ rejects).
ktp-cxx-c-only := -std=% -Wstrict-prototypes -Wold-style-definition \
	-Wmissing-prototypes -Wdeclaration-after-statement -Werror=implicit-% \
	-Werror=incompatible-pointer-types -Werror=designated-init \
	-Wno-pointer-sign -fshort-wchar -Werror=strict-prototypes \
	-Wno-format-security -Werror=date-time -Wpointer-arith \
	-Wno-stringop-truncation -Wno-stringop-overflow -Wno-restrict \
	-Wno-maybe-uninitialized -Wno-alloc-size-larger-than \
	-Wmissing-include-dirs -Wimplicit-fallthrough=% -Wno-main \
	-Werror=strict-prototypes -Wno-array-bounds -Wno-dangling-pointer \
	-Wno-unused-but-set-variable -Wno-unused-const-variable \
	-Wno-enum-int-mismatch -Wno-zero-length-bounds -Wno-packed-not-aligned

ktp-cxx-dialect := -std=gnu++20 -fno-exceptions -fno-rtti -ffreestanding \
	-nostdinc -nostdinc++ -fno-threadsafe-statics \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fcheck-new \
	-fno-use-cxa-atexit -fno-common -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Werror \
	-isystem $(shell $(KTP_CXX) -print-file-name=include) \
	-I$(KTP_ROOT)/include -I$(KTP_ROOT)/module/core \
	-include $(objtree)/include/generated/autoconf.h

cxx_flags = -Wp,-MMD,$(depfile) \
	$(filter-out $(ktp-cxx-c-only), $(_c_flags) $(modkern_cflags)) \
	$(basename_flags) $(modname_flags) $(ktp-cxx-dialect) $(cxxflags-y)

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
