# SPDX-License-Identifier: LGPL-2.1-or-later
# libnkos/: the KOS C API library (included by the top Makefile).
#
#   build/libnkos.so(.1)  shared, symbols versioned by libnkos/libnkos.map
#   build/libnkos.a       static
#   build/pkgconfig/libnkos-uninstalled.pc   use from the build tree:
#       PKG_CONFIG_PATH=$PWD/build/pkgconfig pkg-config --cflags --libs libnkos
#   make install PREFIX= DESTDIR=   headers at the KOS paths, libs, .pc
#   check-unit: libnkos-unit and libnkos-unit-san (Check, TAP), libnkos-pkg
#   check-fuzz: libnkos-fuzz-arena (libFuzzer, bounded)
#   build/vmtests/30-libnkos   flows through the module, run in the VM

NKOS_VERSION := $(NKIPC_VERSION)
NKOS_SONAME := libnkos.so.1
NKOS_SRCS := $(wildcard $(TOP)/libnkos/src/*.c)
NKOS_HDRS := $(shell cd $(TOP)/libnkos/include && find . -name '*.h' | sed 's|^\./||')
NKOS_DEPS := $(addprefix $(TOP)/libnkos/include/,$(NKOS_HDRS)) \
	$(wildcard $(TOP)/libnkos/src/*.h) $(TOP)/uapi/linux/nkipc.h
NKOS_CFLAGS := $(USER_CFLAGS) -D_GNU_SOURCE -pthread
NKOS_OBJDIR := $(B)/libnkos
NKOS_PIC_OBJS := $(patsubst $(TOP)/libnkos/src/%.c,$(NKOS_OBJDIR)/pic/%.o,$(NKOS_SRCS))
NKOS_SAN_OBJS := $(patsubst $(TOP)/libnkos/src/%.c,$(NKOS_OBJDIR)/san/%.o,$(NKOS_SRCS))
LIBNKOS_SO := $(B)/$(NKOS_SONAME)
LIBNKOS_A := $(B)/libnkos.a
NKOS_PC_UNINST := $(B)/pkgconfig/libnkos-uninstalled.pc
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

$(NKOS_PIC_OBJS): $(NKOS_OBJDIR)/pic/%.o: $(TOP)/libnkos/src/%.c $(NKOS_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(NKOS_CFLAGS) -fPIC -fvisibility=default -c -o $@ $<

$(NKOS_SAN_OBJS): $(NKOS_OBJDIR)/san/%.o: $(TOP)/libnkos/src/%.c $(NKOS_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(NKOS_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(LIBNKOS_SO): $(NKOS_PIC_OBJS) $(TOP)/libnkos/libnkos.map
	$(CC) -shared -pthread -Wl,-soname,$(NKOS_SONAME) \
		-Wl,--version-script=$(TOP)/libnkos/libnkos.map -Wl,-z,defs \
		-o $@ $(NKOS_PIC_OBJS)
	ln -sf $(NKOS_SONAME) $(B)/libnkos.so

$(LIBNKOS_A): $(NKOS_PIC_OBJS)
	@rm -f $@
	ar rcs $@ $^

# pc file: substitute prefix, include and lib directories.
# $(4): more -I for the build tree (nkc's nk/msgcheck.h lives in build/include)
nkos_pc = sed -e 's|@PREFIX@|$(1)|' -e 's|@INCLUDEDIR@|$(2)|' \
	-e 's|@LIBDIR@|$(3)|' -e 's|@VERSION@|$(NKOS_VERSION)|' \
	-e 's|@EXTRA_CFLAGS@|$(4)|' $(TOP)/libnkos/libnkos.pc.in

$(NKOS_PC_UNINST): $(TOP)/libnkos/libnkos.pc.in $(TOP)/libnkos/build.mk $(TOP)/VERSION
	@mkdir -p $(dir $@)
	$(call nkos_pc,$(TOP),$(TOP)/libnkos/include,$(B), -I$(B)/include) > $@

.PHONY: libnkos install-libnkos
libnkos: $(LIBNKOS_SO) $(LIBNKOS_A) $(NKOS_PC_UNINST)

install-libnkos: libnkos
	@set -e; for h in $(NKOS_HDRS); do \
		install -D -m 0644 $(TOP)/libnkos/include/$$h \
			$(DESTDIR)$(INCLUDEDIR)/$$h; done
	install -D -m 0755 $(LIBNKOS_SO) $(DESTDIR)$(LIBDIR)/$(NKOS_SONAME)
	ln -sf $(NKOS_SONAME) $(DESTDIR)$(LIBDIR)/libnkos.so
	install -D -m 0644 $(LIBNKOS_A) $(DESTDIR)$(LIBDIR)/libnkos.a
	@mkdir -p $(DESTDIR)$(LIBDIR)/pkgconfig
	$(call nkos_pc,$(PREFIX),$(INCLUDEDIR),$(LIBDIR)) \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/libnkos.pc

USERSPACE += libnkos
INSTALL_TARGETS += install-libnkos

# --- unit tests (Check), plain and with ASan+UBSan -------------------------
NKOS_TEST_SRCS := $(wildcard $(TOP)/libnkos/tests/*.c)
NKOS_TEST_DEPS := $(NKOS_TEST_SRCS) $(wildcard $(TOP)/libnkos/tests/*.h) $(NKOS_DEPS)
NKOS_TEST_CFLAGS := $(NKOS_CFLAGS) -I$(TOP)/libnkos/src -I$(TOP)/libnkos/tests \
	$(shell pkg-config --cflags check 2>/dev/null)
NKOS_TEST_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

$(B)/libnkos/unit: $(NKOS_TEST_DEPS) $(NKOS_PIC_OBJS)
	$(CC) $(NKOS_TEST_CFLAGS) -o $@ $(NKOS_TEST_SRCS) $(NKOS_PIC_OBJS) $(NKOS_TEST_LIBS)

$(B)/libnkos/unit-san: $(NKOS_TEST_DEPS) $(NKOS_SAN_OBJS)
	$(CC) $(NKOS_TEST_CFLAGS) $(SAN_CFLAGS) -o $@ $(NKOS_TEST_SRCS) \
		$(NKOS_SAN_OBJS) $(NKOS_TEST_LIBS)

NKOS_CK_ENV := CK_TAP_LOG_FILE_NAME=/dev/stdout CK_VERBOSITY=silent

.PHONY: libnkos-unit libnkos-unit-san
libnkos-unit:
	@$(MAKE) --no-print-directory $(B)/libnkos/unit || rm -f $(B)/libnkos/unit
	@$(TOP)/scripts/run-suite libnkos-unit env $(NKOS_CK_ENV) $(B)/libnkos/unit
libnkos-unit-san:
	@$(MAKE) --no-print-directory $(B)/libnkos/unit-san || rm -f $(B)/libnkos/unit-san
	@$(TOP)/scripts/run-suite libnkos-unit-san env $(NKOS_CK_ENV) $(B)/libnkos/unit-san

# packaging: pkg-config (build tree and installed), install, symbols, headers
.PHONY: libnkos-pkg
libnkos-pkg: libnkos examples
	@$(TOP)/scripts/run-suite libnkos-pkg $(TOP)/libnkos/tests/run-pkg-test $(TOP) $(B)

UNIT_SUITES += libnkos-unit libnkos-unit-san libnkos-pkg

# --- fuzzing: arena validation and getters ---------------------------------
NKOS_FUZZ_TIME ?= 20
$(B)/libnkos/fuzz-arena: $(TOP)/libnkos/fuzz/fuzz_arena.c $(TOP)/libnkos/src/arena.c $(NKOS_DEPS)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -Wall -Wextra -Werror -I$(TOP)/libnkos/include \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $(TOP)/libnkos/fuzz/fuzz_arena.c $(TOP)/libnkos/src/arena.c

.PHONY: libnkos-fuzz-arena
libnkos-fuzz-arena:
	@$(MAKE) --no-print-directory $(B)/libnkos/fuzz-arena || rm -f $(B)/libnkos/fuzz-arena
	@$(TOP)/scripts/run-suite libnkos-fuzz-arena $(TOP)/scripts/tap-cmd \
		"arena fuzzing for $(NKOS_FUZZ_TIME)s" \
		$(B)/libnkos/fuzz-arena -max_total_time=$(NKOS_FUZZ_TIME) -rss_limit_mb=1024

FUZZ_SUITES += libnkos-fuzz-arena

# --- VM tests: through the module ------------------------------------------
NKOS_VM_SRCS := $(wildcard $(TOP)/libnkos/tests/vm/*.c)
$(B)/vmtests/30-libnkos: $(NKOS_VM_SRCS) $(wildcard $(TOP)/libnkos/tests/vm/*.h) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(CC) $(NKOS_CFLAGS) -I$(TOP)/libnkos/tests/vm -o $@ $(NKOS_VM_SRCS) $(LIBNKOS_A)

ifneq ($(NKOS_VM_SRCS),)
USERSPACE += $(B)/vmtests/30-libnkos
endif
