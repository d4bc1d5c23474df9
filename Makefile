# SPDX-License-Identifier: GPL-2.0
#
# nkipc top-level Makefile.
#   make            module (against KDIR) and every userspace part, into build/
#                   (plus build/test-module/nkipc.ko, the test build with
#                   stop points, see selftests/README.md)
#   make deps       install what is missing (Debian packages, virtme-ng)
#   make check      all tests: static checks, unit tests (plain and
#                   ASan+UBSan), bounded fuzzing, VM selftests on the
#                   Debian kernel and on the debug kernel; ends with
#                   "N passed, N failed"
#   make check-debug  only the VM selftests on the debug kernel (KASAN,
#                   UBSAN, kmemleak, lockdep...: selftests/debug.config),
#                   built once into $NKIPC_CACHE (scripts/debug-kernel)
#   make fuzz-debug NKFUZZ_OPS=1000000  a long fuzzer run (50-fuzz) on the
#                   debug kernel, on demand; output in build/fuzz-debug.log
#   make demo       boot the VM; nkinit runs examples/echo (init.yaml) under
#                   its security.psl
#   make install    PREFIX=/usr/local DESTDIR= : headers (KOS API and the
#                   kernel ABI), libnkos, nkc, nkpolicy, man pages, systemd
#                   units (packaging.mk)
#   make install-module  the module into /lib/modules/KVER/updates + depmod,
#                   its udev rule, modprobe.d, modules-load.d, sysusers.d
#   make dkms-install  the module sources for DKMS into /usr/src/nkipc-VERSION
#   make style      checkpatch.pl --strict on module/ and uapi/
#   make sparse     sparse (C=2) over module/
#   make module W=1 extra warnings

TOP := $(CURDIR)
KDIR ?= $(shell $(TOP)/scripts/kdir.sh 2>/dev/null)
KVER := $(if $(KDIR),$(shell $(TOP)/scripts/kver.sh $(KDIR) 2>/dev/null))
B := $(TOP)/build
PREFIX ?= /usr/local
DESTDIR ?=

# One version for every part: the module (MODULE_VERSION, read by Kbuild),
# libnkos.pc, nkc --version, nkpolicy --version, DKMS.
NKIPC_VERSION := $(shell cat $(TOP)/VERSION)

CC ?= cc
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(TOP)/uapi \
	-I$(TOP)/libnkos/include -I$(B)/include \
	-DNKIPC_VERSION='"$(NKIPC_VERSION)"'
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
export TOP B KDIR KVER NKIPC_VERSION
# How every Check unit test is run: its TAP log is stdout itself ("-"; a
# second open of /dev/stdout would write over what the tests print when
# stdout is a file, as under scripts/run-suite).
CK_TAP_ENV := CK_TAP_LOG_FILE_NAME=- CK_VERBOSITY=silent

.PHONY: all module userspace deps check check-static check-unit \
	check-fuzz check-vm check-debug check-debug-vm debug-kernel debug-module \
	fuzz-debug \
	test-module demo install install-uapi install-module clean style sparse help

all: module test-module userspace

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run 'make deps'" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) modules

deps:
	@$(TOP)/scripts/deps.sh

# Each part adds its userspace targets to USERSPACE, its unit test suites
# to UNIT_SUITES (targets that write build/results/NAME.tap), its fuzz runs
# to FUZZ_SUITES, and puts VM test programs into build/vmtests/.
USERSPACE :=
UNIT_SUITES :=
FUZZ_SUITES :=
# The one fuzz-time knob: seconds per libFuzzer target in check-fuzz
# (`make check-fuzz FUZZ_TIME=600`); given on the command line it also
# bounds `make fuzz-debug` (NKFUZZ_TIME).
FUZZ_TIME ?= 30
INSTALL_TARGETS :=
-include libnkos/build.mk
-include nkc/build.mk
-include policy/build.mk
-include selftests/build.mk
-include kosipc/build.mk
-include examples/build.mk
-include nkinit/build.mk
-include bench/build.mk
-include packaging.mk

userspace: $(USERSPACE)

# --- tests ---------------------------------------------------------------
# Every suite writes TAP into build/results/; scripts/tally sums them.
check: deps
	@rm -rf $(B)/results && mkdir -p $(B)/results
	@$(TOP)/scripts/run-suite build $(TOP)/scripts/tap-cmd "make all" \
		$(MAKE) --no-print-directory all
	@$(TOP)/scripts/run-suite make-check $(TOP)/scripts/tap-cmd \
		"every suite could be built and started (make -k)" \
		$(MAKE) --no-print-directory -k check-static check-unit check-fuzz check-vm \
		check-debug-vm
	@$(TOP)/scripts/tally $(B)/results

check-static: module
	@$(TOP)/scripts/run-suite static $(TOP)/scripts/static-checks

check-unit: $(UNIT_SUITES)
check-fuzz: $(FUZZ_SUITES)

# Not "check-vm: all": within `make check` a part that fails to build is
# already a failed test, and the VM suites of the other parts still run.
check-vm:
	@$(TOP)/scripts/run-suite vm-boot $(TOP)/selftests/vm-run -- $(TOP)/selftests/run-vm-tests

# The debug-kernel lane.  The kernel (scripts/debug-kernel: linux-source-6.1,
# virtme-ng's config + DEBUG_CONFIG) is built once per fragment and kernel
# version outside the checkout; the module is built against it from a copy
# of its sources in build/debug/module/ (./nkipc.ko is untouched), then
# every VM suite runs on it as debug-vm-*, with a kmemleak scan at the
# end.  The debug kernel is several times slower under TCG: DEBUG_SLOWDOWN
# scales the per-suite limit and (NKIPC_TIME_SCALE) the harness's
# per-test timeouts.  DEBUG_CONFIG/DEBUG_LANE select another fragment and
# another name for its results.
DEBUG_CONFIG ?= $(TOP)/selftests/debug.config
DEBUG_LANE ?= debug
DEBUG_SLOWDOWN ?= 4
DB := $(B)/$(DEBUG_LANE)

debug-kernel:
	@$(TOP)/scripts/debug-kernel $(DEBUG_CONFIG) >/dev/null

debug-module: debug-kernel
	@mkdir -p $(DB)/module
	@cd $(TOP) && find Kbuild VERSION module uapi -name Kbuild -o -name VERSION -o -name '*.[ch]' | \
		cpio -pdmu --quiet $(DB)/module
	$(MAKE) -C $$($(TOP)/scripts/debug-kernel --dir $(DEBUG_CONFIG)) \
		M=$(DB)/module modules
	@# the test build (stop points) and the second hook registrant, for
	@# 19-reload-death_steps and 40-policy-hook (NKIPC_TEST_KO, NKIPC_HOOKMOD)
	@mkdir -p $(DB)/test-module $(DB)/hookmod
	@cd $(TOP) && find Kbuild VERSION module uapi -name Kbuild -o -name VERSION -o -name '*.[ch]' | \
		cpio -pdmu --quiet $(DB)/test-module
	$(MAKE) -C $$($(TOP)/scripts/debug-kernel --dir $(DEBUG_CONFIG)) \
		M=$(DB)/test-module NKIPC_TEST=1 modules
	@cp -pu selftests/hookmod/*.c $(DB)/hookmod/
	@printf 'ccflags-y := -I$(TOP) -I$(TOP)/module\nobj-m := nkipc_hooktest.o\n' \
		>$(DB)/hookmod/Kbuild
	$(MAKE) -C $$($(TOP)/scripts/debug-kernel --dir $(DEBUG_CONFIG)) \
		M=$(DB)/hookmod KBUILD_EXTRA_SYMBOLS=$(DB)/module/Module.symvers modules

check-debug-vm:
	@$(TOP)/scripts/run-suite $(DEBUG_LANE)-kernel $(TOP)/scripts/tap-cmd \
		"$(DEBUG_LANE) kernel built (scripts/debug-kernel $(notdir $(DEBUG_CONFIG)))" \
		$(TOP)/scripts/debug-kernel $(DEBUG_CONFIG)
	@$(TOP)/scripts/run-suite $(DEBUG_LANE)-module $(TOP)/scripts/tap-cmd \
		"nkipc.ko built against the $(DEBUG_LANE) kernel" \
		$(MAKE) --no-print-directory debug-module
	@NKIPC_KERNEL=$$($(TOP)/scripts/debug-kernel --dir $(DEBUG_CONFIG)) \
		NKIPC_KO=$(DB)/module/nkipc.ko VMTEST_PREFIX=$(DEBUG_LANE)-vm- \
		NKIPC_TEST_KO=$(DB)/test-module/nkipc.ko \
		NKIPC_HOOKMOD=$(DB)/hookmod/nkipc_hooktest.ko \
		VMTEST_TIMEOUT=$$((300 * $(DEBUG_SLOWDOWN))) \
		NKIPC_TIME_SCALE=$(DEBUG_SLOWDOWN) VM_MEMORY=$${VM_MEMORY:-2G} \
		NKIPC_DEBUG_KERNEL=1 \
		VM_TIMEOUT=$${VM_TIMEOUT:-5400} \
		$(TOP)/scripts/run-suite $(DEBUG_LANE)-vm-boot \
		$(TOP)/selftests/vm-run -- $(TOP)/selftests/run-vm-tests

# Alone: builds what the VM suites need, runs the lane, tallies only its
# own results (copied to build/results-LANE/).
check-debug: deps
	@mkdir -p $(B)/results && rm -rf $(B)/results/$(DEBUG_LANE)-* $(B)/results-$(DEBUG_LANE)
	@$(TOP)/scripts/run-suite $(DEBUG_LANE)-build $(TOP)/scripts/tap-cmd \
		"make userspace" $(MAKE) --no-print-directory userspace
	@$(MAKE) --no-print-directory check-debug-vm
	@mkdir -p $(B)/results-$(DEBUG_LANE) && \
		cp $(B)/results/$(DEBUG_LANE)-* $(B)/results-$(DEBUG_LANE)/ && \
		$(TOP)/scripts/tally $(B)/results-$(DEBUG_LANE)

# A long fuzzer run on the debug kernel, on demand (not part of check):
#   make fuzz-debug [NKFUZZ_OPS=1000000] [FUZZ_TIME=0] [NKFUZZ_SEED=...]
# Every NKFUZZ_* variable given to make goes to the fuzzer (vm-run passes
# only NKIPC_*/VMTEST_* into the guest).  Runs under nice -n 10.  The
# fuzzer writes its output (a progress line a minute, then statistics and
# TAP) straight into build/fuzz-debug.log through the shared tree, since
# the debug guest's stdout does not always reach the host (see
# selftests/run-vm-tests); vm-run's kernel-log check goes to
# build/fuzz-debug.vm.log; both TAPs to
# build/results/$(DEBUG_LANE)-fuzz-long.tap.  FUZZ_VM_TIMEOUT bounds the
# whole boot (default a day).
NKFUZZ_OPS ?= 1000000
NKFUZZ_TIME ?= $(if $(filter command line,$(origin FUZZ_TIME)),$(FUZZ_TIME),0)
FUZZ_VM_TIMEOUT ?= 86400
FUZZ_LOG := $(B)/fuzz-debug.log
fuzz-debug: debug-module $(NKFUZZ_VM)
	@mkdir -p $(B)/results && rm -f $(FUZZ_LOG) $(B)/fuzz-debug.vm.log
	@echo "fuzz-debug: NKFUZZ_OPS=$(NKFUZZ_OPS) NKFUZZ_TIME=$(NKFUZZ_TIME): tail -f $(FUZZ_LOG)"
	@NKIPC_KERNEL=$$($(TOP)/scripts/debug-kernel --dir $(DEBUG_CONFIG)) \
		NKIPC_KO=$(DB)/module/nkipc.ko \
		NKIPC_TIME_SCALE=$(DEBUG_SLOWDOWN) VM_MEMORY=$${VM_MEMORY:-2G} \
		NKIPC_DEBUG_KERNEL=1 VM_TIMEOUT=$(FUZZ_VM_TIMEOUT) \
		nice -n 10 $(TOP)/selftests/vm-run -- \
		sh -c 'exec env "$$@" >"$$0" 2>&1' $(FUZZ_LOG) \
		$(foreach v,$(filter-out NKFUZZ_VM,$(filter NKFUZZ_%,$(.VARIABLES))),$(v)=$($(v))) \
		$(NKFUZZ_VM) >$(B)/fuzz-debug.vm.log 2>&1; \
	cat $(B)/fuzz-debug.vm.log $(FUZZ_LOG) | grep -aE '^(not )?ok ' \
		>$(B)/results/$(DEBUG_LANE)-fuzz-long.tap; \
	grep -aE '^# ([0-9]+ operations|operations|calls)' $(FUZZ_LOG); \
	cat $(B)/results/$(DEBUG_LANE)-fuzz-long.tap; \
	grep -aq '^ok 1 vm: kernel log clean' $(B)/fuzz-debug.vm.log && \
		grep -aq '^ok ' $(FUZZ_LOG) && \
		! grep -aq '^not ok ' $(B)/results/$(DEBUG_LANE)-fuzz-long.tap

style:
	@$(TOP)/scripts/static-checks checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 modules

# `all` in a sub-make: this make expanded pkg-config and KDIR before deps
# installed libnl and the kernel headers.
demo: deps
	@$(MAKE) --no-print-directory all
	$(TOP)/selftests/vm-run -- $(TOP)/examples/demo.sh

# The kernel ABI headers, for programs that use the ioctls or the netlink
# family directly.
install-uapi:
	install -d $(DESTDIR)$(PREFIX)/include/linux
	install -m 644 uapi/linux/nkipc.h uapi/linux/nkipc_genl.h uapi/linux/nkipc_layout.h \
		$(DESTDIR)$(PREFIX)/include/linux/

install: $(INSTALL_TARGETS) install-uapi

# Native use on a host that allows modules: installs into
# /lib/modules/KVER/updates so that `modprobe nkipc` finds it, with the
# udev rule and configuration of packaging.mk.
install-module: module install-module-config
	$(MAKE) -C $(KDIR) M=$(TOP) INSTALL_MOD_DIR=updates \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(KVER)

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(B)

help:
	@sed -n '3,26p' Makefile
