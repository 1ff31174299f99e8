# SPDX-License-Identifier: GPL-2.0
# ktp's front door: build the module, run the tests, boot the VM, show the demo.
#
#   make test                  every test level; ends with "N passed, N failed"
#   make demo                  boot the VM, trace the same events in both trees, show them side by side
#   make compare               the same commands in both trees over a set of scenarios: a table
#   make vm [KERNEL=debug]     an interactive shell in the VM with ktp loaded
#   make module [KDIR=DIR]     build/<kernel release>/ktp.ko (default: the test kernel)
#   make bench                 native vs ktp, instructions per call (build/bench.md, build/bench.png)
#   make profile CASE=enabled TREE=ktp   one call stepped in the VM: instructions per function
#   make host-test             the host unit tests only
#   make fuzz [SECONDS=300]    the libFuzzer targets, longer than make test runs them
#   make torture [SCALE=10]    the reliability campaigns: fuzzing, then the debug kernel's VM campaigns; a figure line each
#   make kernel [KERNEL=test]  build (or reuse) a test kernel
#   make deps                  install the Debian packages ktp needs
#   make tools                 build/tools/ktp-cmd-preload.so (tools/ktp-cmd runs trace-cmd on ktp's tree) and its host test
#   make install [KVER=release] [PREFIX=/usr/local]  ktp.ko in /lib/modules/KVER/updates (depmod), sources and headers in /usr/src/ktp-VERSION, ktp-cmd in PREFIX/bin
#   make uninstall [KVER=...]   takes them away again
#   make deb                   build/deb/ktp-dkms_VERSION_all.deb and ktp-tools_VERSION_amd64.deb
#   SERIES=6.12 (or 7.3, "6.1 7.3", ...) with any of them: the kernel series (default: 6.1; make test and bench: all)

KERNEL ?= debian
SHELL := /bin/bash
ifdef SERIES
export KTP_SERIES := $(SERIES)
endif

.PHONY: all test demo compare vm module bench profile host-test fuzz torture kernel deps tools install uninstall deb clean distclean

all: module

deps:
	@scripts/deps.sh

PREFIX ?= /usr/local
tools:
	@scripts/test-ktp-cmd.sh

test:
	@scripts/test.sh

demo: deps
	@scripts/demo.sh

compare: deps
	@scripts/compare.sh

vm: deps
	@scripts/vm.sh --interactive $(KERNEL) shell

module: deps
ifdef KDIR
	@scripts/build-module.sh $(KDIR) module >/dev/null && echo "built build/$$(sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' $(KDIR)/include/generated/utsrelease.h)/ktp.ko"
else
	@kdir=$$(scripts/build-kernel.sh test) && scripts/build-module.sh $$kdir module >/dev/null && \
		echo "built build/$$(cat $$kdir/include/config/kernel.release)/ktp.ko"
endif

host-test: deps
	@$(MAKE) -s -C tests/host SAN=asan && build/host/asan/ktp_host_tests

bench: deps
	@scripts/bench.sh

profile: deps
	@scripts/profile.sh $(or $(CASE),enabled) $(or $(TREE),ktp)

fuzz: deps
	@$(MAKE) -s -C tests/fuzz run SECONDS=$(or $(SECONDS),300)

torture: deps
	@scripts/torture.sh --scale $(or $(SCALE),10)

kernel: deps
	@scripts/build-kernel.sh $(if $(filter debian,$(KERNEL)),test,$(KERNEL))

install: tools
	@scripts/install.sh install
	install -D -m 755 tools/ktp-cmd $(DESTDIR)$(PREFIX)/bin/ktp-cmd
	install -D -m 644 build/tools/ktp-cmd-preload.so $(DESTDIR)$(PREFIX)/lib/ktp/ktp-cmd-preload.so

uninstall:
	@scripts/install.sh uninstall
	rm -f $(DESTDIR)$(PREFIX)/bin/ktp-cmd $(DESTDIR)$(PREFIX)/lib/ktp/ktp-cmd-preload.so
	rmdir $(DESTDIR)$(PREFIX)/lib/ktp 2>/dev/null || true

deb:
	@scripts/deb.sh

clean:
	rm -rf build

# Also forgets the cached kernel builds and ccache.
distclean: clean
	rm -rf $${KTP_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/ktp}
