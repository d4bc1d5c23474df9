# SPDX-License-Identifier: GPL-2.0-or-later
# nkinit: the Einit of nkipc (libyaml), its unit tests (Check, plain and
# ASan+UBSan), a libFuzzer target for the YAML front end, and its VM test
# (build/vmtests/50-nkinit).  Also the CMake package (cmake/nkipc) and its
# example solution, built by the VM test's host half (check-nkinit-cmake).
NKINIT_DIR := $(TOP)/nkinit
# the execute rules: nkpolicy's compiler (policy/build.mk's POLICY_CORE_SRCS)
NKINIT_CORE_SRCS := $(addprefix $(NKINIT_DIR)/,yaml.c check.c exec.c grants.c) $(POLICY_CORE_SRCS)
NKINIT_SRCS := $(NKINIT_CORE_SRCS) $(addprefix $(NKINIT_DIR)/,run.c main.c)
NKINIT_HDRS := $(NKINIT_DIR)/nkinit.h $(TOP)/uapi/linux/nkipc.h $(POLICY_HDRS)
NKINIT_CFLAGS := -I$(POLICY_DIR)
YAML_CFLAGS := $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
YAML_LIBS := $(or $(shell pkg-config --libs yaml-0.1 2>/dev/null),-lyaml)
NKINIT_CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

USERSPACE += $(B)/bin/nkinit $(B)/vmtests/50-nkinit $(B)/nkinit/nkinit-test-entity
UNIT_SUITES += check-nkinit-unit check-nkinit-unit-san check-nkinit-cli \
	check-nkinit-cmake
FUZZ_SUITES += check-nkinit-fuzz
INSTALL_TARGETS += install-nkinit

.PHONY: check-nkinit-unit check-nkinit-unit-san check-nkinit-cli \
	check-nkinit-cmake check-nkinit-fuzz install-nkinit nkinit-cmake-example

$(B)/bin/nkinit: $(NKINIT_SRCS) $(NKINIT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(NKINIT_CFLAGS) $(YAML_CFLAGS) -o $@ $(NKINIT_SRCS) $(YAML_LIBS)

$(B)/nkinit/test_nkinit: $(NKINIT_DIR)/tests/test_nkinit.c $(NKINIT_CORE_SRCS) $(NKINIT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(NKINIT_CFLAGS) $(YAML_CFLAGS) -I$(NKINIT_DIR) -o $@ $< \
		$(NKINIT_CORE_SRCS) $(YAML_LIBS) $(NKINIT_CHECK_LIBS)

$(B)/nkinit/test_nkinit_san: $(NKINIT_DIR)/tests/test_nkinit.c $(NKINIT_CORE_SRCS) $(NKINIT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) $(NKINIT_CFLAGS) $(YAML_CFLAGS) -I$(NKINIT_DIR) -o $@ $< \
		$(NKINIT_CORE_SRCS) $(YAML_LIBS) $(NKINIT_CHECK_LIBS)

$(B)/nkinit/fuzz_yaml: $(NKINIT_DIR)/tests/fuzz_yaml.c $(NKINIT_CORE_SRCS) $(NKINIT_HDRS)
	@mkdir -p $(dir $@)
	clang $(filter-out -Werror,$(USER_CFLAGS)) -Werror -g -O1 \
		-fsanitize=fuzzer,address,undefined $(NKINIT_CFLAGS) $(YAML_CFLAGS) -I$(NKINIT_DIR) \
		-o $@ $< $(NKINIT_CORE_SRCS) $(YAML_LIBS)

# a small entity for the VM test: a KOS server or client over static channels
$(B)/nkinit/nkinit-test-entity: $(NKINIT_DIR)/tests/entity.c $(LIBNKOS_A) $(EX_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -I$(B)/examples/gen -o $@ $< $(LIBNKOS_A) -pthread

check-nkinit-unit: $(B)/nkinit/test_nkinit
	@cd $(NKINIT_DIR)/tests && $(TOP)/scripts/run-suite nkinit-unit $<

check-nkinit-unit-san: $(B)/nkinit/test_nkinit_san
	@cd $(NKINIT_DIR)/tests && $(TOP)/scripts/run-suite nkinit-unit-san $<

check-nkinit-cli: $(B)/bin/nkinit
	@$(TOP)/scripts/run-suite nkinit-cli $(NKINIT_DIR)/tests/cli.sh $<

# the CMake package on examples/kos-echo (and a fetched public KOS CE
# example, if any), on the host; the VM test runs the bundles
NKINIT_CMAKE_DEPS := $(NKC) $(LIBNKOS_A) $(B)/bin/nkinit $(B)/bin/nkpolicy $(NKOS_MSGCHECK)
check-nkinit-cmake: $(NKINIT_CMAKE_DEPS)
	@$(TOP)/scripts/run-suite nkinit-cmake $(NKINIT_DIR)/tests/cmake-example.sh

# build/kos-echo for the VM test (its failures are the suite's business)
nkinit-cmake-example: $(NKINIT_CMAKE_DEPS)
	@mkdir -p $(B)/nkinit
	@$(NKINIT_DIR)/tests/cmake-example.sh --build-only >$(B)/nkinit/cmake-example.log 2>&1 || \
		echo "nkinit: examples/kos-echo did not build, see $(B)/nkinit/cmake-example.log"

check-nkinit-fuzz: $(B)/nkinit/fuzz_yaml
	@mkdir -p $(B)/nkinit/corpus
	@cp $(NKINIT_DIR)/tests/*.yaml $(B)/nkinit/corpus/ 2>/dev/null || true
	@$(TOP)/scripts/run-suite nkinit-fuzz $(NKINIT_DIR)/tests/run-fuzz $< \
		$(B)/nkinit/corpus $(FUZZ_TIME)

$(B)/vmtests/50-nkinit: $(NKINIT_DIR)/tests/vm-nkinit.sh $(B)/bin/nkinit \
		$(B)/nkinit/nkinit-test-entity nkinit-cmake-example
	@mkdir -p $(dir $@)
	install -m 0755 $< $@

# nkinit, its man page, and the CMake package as PREFIX/share/nkipc/cmake
# (toolchain.cmake, nkipcConfig.cmake; platform/nk finds nkc's
# NkCompiler.cmake in PREFIX/share/nkc)
NKIPC_CMAKE_FILES := nkipc-setup.cmake toolchain.cmake nkipcConfig.cmake \
	platform.cmake platform/nk.cmake platform/image.cmake packages/ns/nsConfig.cmake
install-nkinit: $(B)/bin/nkinit
	install -D -m 0755 $(B)/bin/nkinit $(DESTDIR)$(PREFIX)/sbin/nkinit
	for f in $(NKIPC_CMAKE_FILES); do \
		install -D -m 0644 $(TOP)/cmake/nkipc/$$f $(DESTDIR)$(PREFIX)/share/nkipc/cmake/$$f || exit 1; \
	done
	install -D -m 0755 $(TOP)/cmake/nkipc/nkipc-run $(DESTDIR)$(PREFIX)/share/nkipc/cmake/nkipc-run
	install -D -m 0755 $(TOP)/cmake/nkipc/nkipc-cc $(DESTDIR)$(PREFIX)/share/nkipc/cmake/nkipc-cc
