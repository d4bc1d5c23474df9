# SPDX-License-Identifier: GPL-2.0
#
# nkipc top-level Makefile.
#   make            module (against KDIR) and every userspace part, into build/
#                   (plus build/test-module/nkipc.ko, the test build with
#                   stop points, see selftests/README.md)
#   make deps       install what is missing (Debian packages, virtme-ng)
#   make check      all tests: static checks, unit tests (plain and
#                   ASan+UBSan), bounded fuzzing, VM selftests; ends with
#                   "N passed, N failed"
#   make demo       boot the VM and run examples/echo under a policy
#   make install    PREFIX=/usr/local DESTDIR= : headers (KOS API and the
#                   kernel ABI), libnkos, nkc, nkpolicy
#   make install-module  the module into /lib/modules/KVER/updates + depmod
#   make style      checkpatch.pl --strict on module/ and uapi/
#   make sparse     sparse (C=2) over module/
#   make module W=1 extra warnings

TOP := $(CURDIR)
KDIR ?= $(shell $(TOP)/scripts/kdir.sh 2>/dev/null)
KVER := $(if $(KDIR),$(shell $(TOP)/scripts/kver.sh $(KDIR) 2>/dev/null))
B := $(TOP)/build
PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(TOP)/uapi \
	-I$(TOP)/libnkos/include -I$(B)/include
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
export TOP B KDIR KVER

.PHONY: all module userspace deps check check-static check-unit \
	check-fuzz check-vm test-module demo install install-uapi install-module clean style sparse help

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
INSTALL_TARGETS :=
-include libnkos/build.mk
-include nkc/build.mk
-include policy/build.mk
-include selftests/build.mk
-include examples/build.mk
-include bench/build.mk

userspace: $(USERSPACE)

# --- tests ---------------------------------------------------------------
# Every suite writes TAP into build/results/; scripts/tally sums them.
check: deps
	@rm -rf $(B)/results && mkdir -p $(B)/results
	@$(TOP)/scripts/run-suite build $(TOP)/scripts/tap-cmd "make all" \
		$(MAKE) --no-print-directory all
	@$(TOP)/scripts/run-suite make-check $(TOP)/scripts/tap-cmd \
		"every suite could be built and started (make -k)" \
		$(MAKE) --no-print-directory -k check-static check-unit check-fuzz check-vm
	@$(TOP)/scripts/tally $(B)/results

check-static: module
	@$(TOP)/scripts/run-suite static $(TOP)/scripts/static-checks

check-unit: $(UNIT_SUITES)
check-fuzz: $(FUZZ_SUITES)

# Not "check-vm: all": within `make check` a part that fails to build is
# already a failed test, and the VM suites of the other parts still run.
check-vm:
	@$(TOP)/scripts/run-suite vm-boot $(TOP)/selftests/vm-run -- $(TOP)/selftests/run-vm-tests

style:
	@$(TOP)/scripts/static-checks checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 modules

demo: deps all
	$(TOP)/selftests/vm-run -- $(TOP)/examples/demo.sh

# The kernel ABI headers, for programs that use the ioctls or the netlink
# family directly.
install-uapi:
	install -d $(DESTDIR)$(PREFIX)/include/linux
	install -m 644 uapi/linux/nkipc.h uapi/linux/nkipc_genl.h \
		$(DESTDIR)$(PREFIX)/include/linux/

install: $(INSTALL_TARGETS) install-uapi

# Native use on a host that allows modules: installs into
# /lib/modules/KVER/updates so that `modprobe nkipc` finds it.
install-module: module
	$(MAKE) -C $(KDIR) M=$(TOP) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(B)

help:
	@sed -n '3,18p' Makefile
