# SPDX-License-Identifier: GPL-2.0
# nkpolicy: policy compiler and loader (libnl-genl-3), its unit tests
# (Check) and a libFuzzer target for the parser.
POLICY_DIR := $(TOP)/policy
POLICY_CORE_SRCS := $(addprefix $(POLICY_DIR)/,lexer.c parser.c edl.c json.c \
	cpolicy.c names.c xalloc.c)
POLICY_NL_SRCS := $(addprefix $(POLICY_DIR)/,genl.c dump.c load.c state.c \
	print.c check.c execute.c show.c showconf.c mode.c audit.c stats.c channels.c unload.c \
	nkpolicy.c)
POLICY_HDRS := $(wildcard $(POLICY_DIR)/*.h) $(TOP)/uapi/linux/nkipc_genl.h \
	$(TOP)/uapi/linux/nkipc.h $(TOP)/VERSION
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

USERSPACE += $(B)/bin/nkpolicy
UNIT_SUITES += check-policy-unit check-policy-unit-san check-policy-cli
FUZZ_SUITES += check-policy-fuzz
INSTALL_TARGETS += install-nkpolicy

.PHONY: check-policy-unit check-policy-unit-san check-policy-cli check-policy-fuzz \
	install-nkpolicy

$(B)/bin/nkpolicy: $(POLICY_CORE_SRCS) $(POLICY_NL_SRCS) $(POLICY_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(NL_CFLAGS) -o $@ $(POLICY_CORE_SRCS) \
		$(POLICY_NL_SRCS) $(NL_LIBS)

# The PSL tests' entities (policy/tests/psl/idl/PKG/*.edl, *.idl): one
# `nkc --describe` file each, as a solution's build would make them.
PSL_TEST_DIR := $(POLICY_DIR)/tests/psl
PSL_EDL_DIR := $(B)/policy/psl
PSL_EDL_STAMP := $(PSL_EDL_DIR)/.stamp
$(PSL_EDL_STAMP): $(B)/bin/nkc $(wildcard $(PSL_TEST_DIR)/idl/*/*)
	@rm -rf $(PSL_EDL_DIR) && mkdir -p $(PSL_EDL_DIR)
	cd $(PSL_TEST_DIR) && for e in idl/*/*.edl; do \
		pkg=$${e#idl/}; pkg=$${pkg%%/*}; \
		$(B)/bin/nkc -I idl --describe=$(PSL_EDL_DIR)/$$pkg.$$(basename $$e .edl).json \
			$$(ls idl/$$pkg/*.idl 2>/dev/null) $$e || exit 1; \
	done
	@touch $@

$(B)/policy/test_policy: $(POLICY_DIR)/tests/test_policy.c $(POLICY_CORE_SRCS) $(POLICY_HDRS) \
		$(PSL_EDL_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -DPSL_EDL_DIR='"$(PSL_EDL_DIR)"' -I$(POLICY_DIR) -o $@ $< \
		$(POLICY_CORE_SRCS) $(CHECK_LIBS)

$(B)/policy/test_policy_san: $(POLICY_DIR)/tests/test_policy.c $(POLICY_CORE_SRCS) $(POLICY_HDRS) \
		$(PSL_EDL_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -DPSL_EDL_DIR='"$(PSL_EDL_DIR)"' -I$(POLICY_DIR) \
		-o $@ $< $(POLICY_CORE_SRCS) $(CHECK_LIBS)

$(B)/policy/fuzz_parser: $(POLICY_DIR)/tests/fuzz_parser.c $(POLICY_CORE_SRCS) $(POLICY_HDRS)
	@mkdir -p $(dir $@)
	clang $(filter-out -Werror,$(USER_CFLAGS)) -Werror -g -O1 \
		-fsanitize=fuzzer,address,undefined -I$(POLICY_DIR) -o $@ $< \
		$(POLICY_CORE_SRCS)

check-policy-unit: $(B)/policy/test_policy
	@cd $(POLICY_DIR)/tests && $(TOP)/scripts/run-suite policy-unit $<

check-policy-unit-san: $(B)/policy/test_policy_san
	@cd $(POLICY_DIR)/tests && $(TOP)/scripts/run-suite policy-unit-san $<

check-policy-cli: $(B)/bin/nkpolicy
	@$(TOP)/scripts/run-suite policy-cli $(POLICY_DIR)/tests/cli.sh $<

check-policy-fuzz: $(B)/policy/fuzz_parser $(PSL_EDL_STAMP)
	@mkdir -p $(B)/policy/corpus
	@cp $(POLICY_DIR)/tests/*.policy $(POLICY_DIR)/tests/vm/*.policy \
		$(POLICY_DIR)/tests/demo.App.json $(TOP)/examples/echo/echo.policy \
		$(PSL_TEST_DIR)/*.psl $(PSL_TEST_DIR)/*.psl.in \
		$(B)/policy/corpus/ 2>/dev/null || true
	@NKPOLICY_PATH=$(PSL_EDL_DIR) $(TOP)/scripts/run-suite policy-fuzz \
		$(POLICY_DIR)/tests/run-fuzz $< $(B)/policy/corpus $(FUZZ_TIME)

install-nkpolicy: $(B)/bin/nkpolicy
	install -D -m 0755 $(B)/bin/nkpolicy $(DESTDIR)$(PREFIX)/sbin/nkpolicy

# VM selftests (kselftest harness; run inside the VM by run-vm-tests).
POLICY_VM_DIR := $(POLICY_DIR)/tests/vm
POLICY_VM_LIB := $(POLICY_VM_DIR)/pt.c $(TOP)/selftests/core/nkt.c $(POLICY_DIR)/genl.c
POLICY_VM_DEPS := $(POLICY_VM_LIB) $(POLICY_VM_DIR)/pt.h $(POLICY_HDRS) \
	$(TOP)/selftests/core/nkt.h \
	$(B)/linux/.extracted
POLICY_VMTESTS := $(patsubst $(POLICY_VM_DIR)/%.c,$(B)/vmtests/40-policy-%, \
	$(filter-out $(POLICY_VM_DIR)/pt.c $(POLICY_VM_DIR)/id-helper.c, \
	$(wildcard $(POLICY_VM_DIR)/*.c)))
USERSPACE += $(POLICY_VMTESTS) $(B)/policy/pt-id-helper

$(B)/vmtests/40-policy-%: $(POLICY_VM_DIR)/%.c $(POLICY_VM_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) $(NL_CFLAGS) -I$(POLICY_VM_DIR) -I$(POLICY_DIR) -o $@ $< \
		$(POLICY_VM_LIB) $(NL_LIBS)

# The reload test loads in-process (compiler + loader linked in): 100
# fork+exec of nkpolicy take minutes under TCG.
$(B)/vmtests/40-policy-reload: $(POLICY_VM_DIR)/reload.c $(POLICY_VM_DEPS) \
		$(POLICY_CORE_SRCS) $(POLICY_DIR)/load.c
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) $(NL_CFLAGS) -I$(POLICY_VM_DIR) -I$(POLICY_DIR) \
		-o $@ $< $(POLICY_VM_LIB) $(POLICY_CORE_SRCS) \
		$(POLICY_DIR)/load.c $(NL_LIBS)

$(B)/policy/pt-id-helper: $(POLICY_VM_DIR)/id-helper.c $(POLICY_VM_LIB) $(POLICY_VM_DIR)/pt.h
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) $(NL_CFLAGS) -I$(POLICY_VM_DIR) -I$(POLICY_DIR) -o $@ $< \
		$(POLICY_VM_LIB) $(NL_LIBS)

$(B)/vmtests/40-policy-echo: $(POLICY_VM_DIR)/echo-policy.sh
	@mkdir -p $(dir $@)
	install -m 0755 $< $@
USERSPACE += $(B)/vmtests/40-policy-echo

# A second registrant of the verdict hook (selftests/hookmod), built against
# the same KDIR and nkipc's Module.symvers; 40-policy-hook inserts it.
HOOKMOD_DIR := $(TOP)/selftests/hookmod
$(B)/hookmod/nkipc_hooktest.ko: module $(HOOKMOD_DIR)/nkipc_hooktest.c \
		$(HOOKMOD_DIR)/Kbuild $(TOP)/module/security.h
	$(MAKE) -C $(KDIR) M=$(HOOKMOD_DIR) \
		KBUILD_EXTRA_SYMBOLS=$(TOP)/Module.symvers modules
	@mkdir -p $(dir $@)
	cp $(HOOKMOD_DIR)/nkipc_hooktest.ko $@
USERSPACE += $(B)/hookmod/nkipc_hooktest.ko
