# SPDX-License-Identifier: GPL-2.0
# selftests/: kernel tools taken from the Debian kernel source (kselftest
# harness, checkpatch.pl) and the VM selftests built with them.
#
#   selftests/core/X.c    one concern each -> build/vmtests/10-core-X
#   selftests/reload/X.c  unload/reload the module; run last
#                         -> build/vmtests/19-reload-X
# Each is a kselftest-harness program printing TAP, run inside one VM boot
# by selftests/run-vm-tests.

KSRC_TAR ?= /usr/src/linux-source-6.1.tar.xz
KSRC := $(B)/linux
# Only these files are taken from the tarball.
KSRC_FILES := tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest.h \
	scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch
KSRC_STAMP := $(KSRC)/.extracted
KSFT_DIR := $(KSRC)/tools/testing/selftests
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl

$(KSRC_STAMP):
	@test -r $(KSRC_TAR) || { echo "$(KSRC_TAR) missing: run 'make deps' (linux-source-6.1)" >&2; exit 1; }
	@mkdir -p $(KSRC)
	tar -xJf $(KSRC_TAR) -C $(KSRC) --strip-components=1 --wildcards \
		$(addprefix */,$(KSRC_FILES))
	@touch $@

.PHONY: ksrc-tools
ksrc-tools: $(KSRC_STAMP)

# The harness macros trip -Wextra (unused parameters, signedness of
# EXPECT_EQ(constant, field)).
SELFTEST_CFLAGS := $(USER_CFLAGS) -I$(KSFT_DIR) -I$(TOP)/selftests/core \
	-Wno-unused-parameter -Wno-sign-compare -D_GNU_SOURCE -pthread
SELFTEST_LIB := selftests/core/nkt.c
SELFTEST_DEPS := $(SELFTEST_LIB) selftests/core/nkt.h uapi/linux/nkipc.h \
	$(KSRC_STAMP)

CORE_TESTS := $(filter-out $(SELFTEST_LIB),$(wildcard selftests/core/*.c))
RELOAD_TESTS := $(wildcard selftests/reload/*.c)
VMTESTS := $(patsubst selftests/core/%.c,$(B)/vmtests/10-core-%,$(CORE_TESTS)) \
	$(patsubst selftests/reload/%.c,$(B)/vmtests/19-reload-%,$(RELOAD_TESTS))

$(B)/vmtests/10-core-%: selftests/core/%.c $(SELFTEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) -o $@ $< $(SELFTEST_LIB)

$(B)/vmtests/19-reload-%: selftests/reload/%.c selftests/reload/reload.h \
		$(SELFTEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) -o $@ $< $(SELFTEST_LIB)

USERSPACE += $(KSRC_STAMP) $(VMTESTS)

# The test build of the module (module/stop.h): the same sources with
# NKIPC_TEST=1, in a private copy so it never replaces ./nkipc.ko.  Only
# changed sources are copied, so Kbuild rebuilds only what changed.
TEST_MOD := $(B)/test-module
test-module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run 'make deps'" >&2; exit 1; }
	@mkdir -p $(TEST_MOD)/module/policy $(TEST_MOD)/uapi/linux
	@cp -pu Kbuild VERSION $(TEST_MOD)/
	@cp -pu module/*.c module/*.h $(TEST_MOD)/module/
	@cp -pu module/policy/*.c module/policy/*.h $(TEST_MOD)/module/policy/
	@cp -pu uapi/linux/*.h $(TEST_MOD)/uapi/linux/
	$(MAKE) -C $(KDIR) M=$(TEST_MOD) NKIPC_TEST=1 modules

# The stop points are in the test build and in no other.
.PHONY: check-stop-points
check-stop-points: module test-module
	@$(TOP)/scripts/run-suite stop-points $(TOP)/selftests/check-stop-points \
		$(TOP)/nkipc.ko $(TEST_MOD)/nkipc.ko

UNIT_SUITES += check-stop-points

# selftests/fuzz/nkfuzz.c: the ioctl/netlink fuzzer (bounded by default,
# NKFUZZ_OPS/NKFUZZ_SEED/NKFUZZ_WORKER for long runs and replay; see
# selftests/README.md) -> build/vmtests/50-fuzz
NKFUZZ_VM := $(B)/vmtests/50-fuzz
$(NKFUZZ_VM): selftests/fuzz/nkfuzz.c uapi/linux/nkipc.h uapi/linux/nkipc_genl.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -D_GNU_SOURCE -pthread -o $@ $<

# selftests/fuzz/failnth.c: every allocation failure of REGISTER and CALL
# in turn (fail-nth; the debug kernel only) -> build/vmtests/51-fuzz-failnth
FAILNTH_VM := $(B)/vmtests/51-fuzz-failnth
$(FAILNTH_VM): selftests/fuzz/failnth.c $(SELFTEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) -o $@ $< $(SELFTEST_LIB)

USERSPACE += $(NKFUZZ_VM) $(FAILNTH_VM)
