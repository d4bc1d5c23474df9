# SPDX-License-Identifier: LGPL-2.1-or-later
# kosipc/: the C++ KOS IPC library (the KOS documentation) over libnkos (included by the top Makefile).
#
#   build/libkosipc.so(.1), build/libkosipc.a
#   build/pkgconfig/kosipc-uninstalled.pc
#   make install: include/kosipc/*.h, libkosipc.*, pkgconfig/kosipc.pc, bin/nkppmeta
#   check-unit: kosipc-unit, kosipc-unit-san (loopback round trips, C <-> C++)

CXX ?= c++
KOSIPC_CXXFLAGS := -std=c++17 -O2 -g -Wall -Wextra -Werror -I$(TOP)/uapi \
	-I$(TOP)/libnkos/include -I$(TOP)/kosipc/include -I$(B)/include -pthread
KOSIPC_SRCS := $(wildcard $(TOP)/kosipc/src/*.cpp)
KOSIPC_HDRS := $(wildcard $(TOP)/kosipc/include/kosipc/*.h)
KOSIPC_DEPS := $(KOSIPC_SRCS) $(KOSIPC_HDRS) $(NKOS_DEPS)
KOSIPC_OBJDIR := $(B)/kosipc
KOSIPC_PIC_OBJS := $(patsubst $(TOP)/kosipc/src/%.cpp,$(KOSIPC_OBJDIR)/pic/%.o,$(KOSIPC_SRCS))
KOSIPC_SAN_OBJS := $(patsubst $(TOP)/kosipc/src/%.cpp,$(KOSIPC_OBJDIR)/san/%.o,$(KOSIPC_SRCS))
KOSIPC_SONAME := libkosipc.so.1
LIBKOSIPC_SO := $(B)/$(KOSIPC_SONAME)
LIBKOSIPC_A := $(B)/libkosipc.a
KOSIPC_PC_UNINST := $(B)/pkgconfig/kosipc-uninstalled.pc
NKPPMETA := $(B)/bin/nkppmeta

$(KOSIPC_PIC_OBJS): $(KOSIPC_OBJDIR)/pic/%.o: $(TOP)/kosipc/src/%.cpp $(KOSIPC_DEPS)
	@mkdir -p $(dir $@)
	$(CXX) $(KOSIPC_CXXFLAGS) -fPIC -c -o $@ $<
$(KOSIPC_SAN_OBJS): $(KOSIPC_OBJDIR)/san/%.o: $(TOP)/kosipc/src/%.cpp $(KOSIPC_DEPS)
	@mkdir -p $(dir $@)
	$(CXX) $(KOSIPC_CXXFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(LIBKOSIPC_SO): $(KOSIPC_PIC_OBJS) $(LIBNKOS_SO)
	$(CXX) -shared -pthread -Wl,-soname,$(KOSIPC_SONAME) -Wl,-z,defs \
		-o $@ $(KOSIPC_PIC_OBJS) -L$(B) -lnkos
	ln -sf $(KOSIPC_SONAME) $(B)/libkosipc.so
$(LIBKOSIPC_A): $(KOSIPC_PIC_OBJS)
	@rm -f $@
	ar rcs $@ $^

# nkppmeta: nkc under the name KOS build scripts call (always --cpp)
$(NKPPMETA): $(NKC)
	ln -sf nkc $@

kosipc_pc = sed -e 's|@PREFIX@|$(1)|' -e 's|@INCLUDEDIR@|$(2)|' \
	-e 's|@LIBDIR@|$(3)|' -e 's|@VERSION@|$(NKIPC_VERSION)|' \
	-e 's|@EXTRA_CFLAGS@|$(4)|' $(TOP)/kosipc/kosipc.pc.in
$(KOSIPC_PC_UNINST): $(TOP)/kosipc/kosipc.pc.in $(TOP)/kosipc/build.mk $(TOP)/VERSION
	@mkdir -p $(dir $@)
	$(call kosipc_pc,$(TOP),$(TOP)/kosipc/include,$(B), -I$(TOP)/libnkos/include -I$(B)/include) > $@

.PHONY: kosipc install-kosipc kosipc-unit kosipc-unit-san
kosipc: $(LIBKOSIPC_SO) $(LIBKOSIPC_A) $(KOSIPC_PC_UNINST) $(NKPPMETA)
USERSPACE += kosipc

install-kosipc: kosipc
	@set -e; for h in $(notdir $(KOSIPC_HDRS)); do \
		install -D -m 0644 $(TOP)/kosipc/include/kosipc/$$h \
			$(DESTDIR)$(INCLUDEDIR)/kosipc/$$h; done
	install -D -m 0755 $(LIBKOSIPC_SO) $(DESTDIR)$(LIBDIR)/$(KOSIPC_SONAME)
	ln -sf $(KOSIPC_SONAME) $(DESTDIR)$(LIBDIR)/libkosipc.so
	install -D -m 0644 $(LIBKOSIPC_A) $(DESTDIR)$(LIBDIR)/libkosipc.a
	@mkdir -p $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/bin
	$(call kosipc_pc,$(PREFIX),$(INCLUDEDIR),$(LIBDIR)) > $(DESTDIR)$(LIBDIR)/pkgconfig/kosipc.pc
	ln -sf nkc $(DESTDIR)$(PREFIX)/bin/nkppmeta
INSTALL_TARGETS += install-kosipc

# --- unit tests: the golden "types" descriptions through nkc --cpp ----------
KOSIPC_GEN := $(KOSIPC_OBJDIR)/gen
KOSIPC_GEN_STAMP := $(KOSIPC_GEN)/.stamp
$(KOSIPC_GEN_STAMP): $(NKC) $(wildcard $(NKC_TESTS)/golden/types/in/*/*.* $(NKC_TESTS)/golden/seed/in/*.*)
	@rm -rf $(KOSIPC_GEN) && mkdir -p $(KOSIPC_GEN)
	cd $(NKC_TESTS)/golden/types/in && $(NKC) --cpp -o $(KOSIPC_GEN) types/Common.idl types/All.idl types/Server.edl
	cd $(NKC_TESTS)/golden/seed/in && $(NKC) --cpp -o $(KOSIPC_GEN) Filesystem.idl Operations.cdl Server.edl
	@touch $@

KOSIPC_TEST_SRCS := $(wildcard $(TOP)/kosipc/tests/*.cpp)
# Check from C++ (nkc/tests/scenario.h, as nkc's roundtrip tests), TAP on stdout
KOSIPC_TEST_FLAGS := $(KOSIPC_CXXFLAGS) -I$(TOP)/kosipc/tests -I$(KOSIPC_GEN) \
	-I$(NKC_TESTS) $(shell pkg-config --cflags check 2>/dev/null)
KOSIPC_TEST_DEPS := $(KOSIPC_TEST_SRCS) $(NKC_TESTS)/scenario.h $(KOSIPC_GEN_STAMP)
$(KOSIPC_OBJDIR)/unit: $(KOSIPC_TEST_DEPS) $(KOSIPC_PIC_OBJS) $(LIBNKOS_A)
	$(CXX) $(KOSIPC_TEST_FLAGS) -o $@ $(KOSIPC_TEST_SRCS) $(KOSIPC_PIC_OBJS) $(LIBNKOS_A) \
		$(NKC_CK_LIBS)
$(KOSIPC_OBJDIR)/unit-san: $(KOSIPC_TEST_DEPS) $(KOSIPC_SAN_OBJS) $(NKC_OBJDIR)/libnkos-san.a
	$(CXX) $(KOSIPC_TEST_FLAGS) $(SAN_CFLAGS) -o $@ $(KOSIPC_TEST_SRCS) $(KOSIPC_SAN_OBJS) \
		$(NKC_OBJDIR)/libnkos-san.a $(NKC_CK_LIBS)

kosipc-unit: $(KOSIPC_OBJDIR)/unit
	@$(TOP)/scripts/run-suite kosipc-unit env $(CK_TAP_ENV) $<
kosipc-unit-san: $(KOSIPC_OBJDIR)/unit-san
	@$(TOP)/scripts/run-suite kosipc-unit-san env $(CK_TAP_ENV) $<
UNIT_SUITES += kosipc-unit kosipc-unit-san

# packaging: install into a DESTDIR, the C++ examples from the installed tree
.PHONY: kosipc-pkg
kosipc-pkg: kosipc libnkos nkc
	@$(TOP)/scripts/run-suite kosipc-pkg $(TOP)/kosipc/tests/run-pkg-test $(TOP) $(B)
UNIT_SUITES += kosipc-pkg
