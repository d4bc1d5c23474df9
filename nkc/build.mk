# SPDX-License-Identifier: GPL-2.0-or-later
# nkc/: the NK compiler (included by the top Makefile).
#
#   build/bin/nkc                 the compiler
#   make install                  bin/nkc, share/nkc/{nkc.mk,NkCompiler.cmake}
#   (generated code includes <nk/msgcheck.h>: libnkos, $(NKOS_MSGCHECK))
#   check-unit: nkc-golden nkc-errors nkc-san nkc-compile nkc-buildsys nkc-conformance
#               nkc-roundtrip(-san) (Check)
#   check-fuzz: nkc-fuzz (FUZZ_TIME seconds, default 30); `make fuzz-nkc FUZZ_TIME=600`

NKC := $(B)/bin/nkc
NKC_SRCS := $(wildcard $(TOP)/nkc/src/*.c)
NKC_DEPS := $(NKC_SRCS) $(TOP)/nkc/src/nkc.h $(TOP)/VERSION
NKC_OBJDIR := $(B)/nkc
NKC_SAN := $(NKC_OBJDIR)/nkc-san
NKC_TESTS := $(TOP)/nkc/tests
NKC_GOLDEN := $(wildcard $(NKC_TESTS)/golden/*/args)

$(NKC): $(NKC_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $(NKC_SRCS)

$(NKC_SAN): $(NKC_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -o $@ $(NKC_SRCS)

USERSPACE += $(NKC)

.PHONY: nkc
nkc: $(NKC) $(NKOS_MSGCHECK)

# --- generated code of the golden descriptions, for the C tests ------------
NKC_GEN := $(NKC_OBJDIR)/gen
NKC_GEN_STAMP := $(NKC_GEN)/.stamp
$(NKC_GEN_STAMP): $(NKC) $(wildcard $(NKC_TESTS)/golden/*/in/*.* $(NKC_TESTS)/golden/*/in/*/*.*)
	@rm -rf $(NKC_GEN) && mkdir -p $(NKC_GEN)
	@set -e; for a in $(NKC_GOLDEN); do d=$$(dirname $$a); \
		(cd $$d/in && $(NKC) -o $(NKC_GEN) $$(cat ../args)); done
	@touch $@

NKC_RT_SRCS := $(wildcard $(NKC_TESTS)/roundtrip/*.c)
# Check (scenario.h: one Check test per check), TAP on stdout
NKC_RT_CFLAGS := $(USER_CFLAGS) -std=c11 -I$(NKC_GEN) -I$(NKC_TESTS) -pthread \
	$(shell pkg-config --cflags check 2>/dev/null)
NKC_CK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)
$(NKC_OBJDIR)/roundtrip: $(NKC_RT_SRCS) $(wildcard $(NKC_TESTS)/roundtrip/*.h) $(NKC_TESTS)/scenario.h \
		$(NKC_GEN_STAMP) $(LIBNKOS_A)
	$(CC) $(NKC_RT_CFLAGS) -o $@ $(NKC_RT_SRCS) $(LIBNKOS_A) $(NKC_CK_LIBS)
# libnkos's ASan+UBSan objects as an archive, so that only what the test
# uses is linked (as with libnkos.a)
$(NKC_OBJDIR)/libnkos-san.a: $(NKOS_SAN_OBJS)
	@mkdir -p $(dir $@) && rm -f $@
	ar rcs $@ $^
$(NKC_OBJDIR)/roundtrip-san: $(NKC_RT_SRCS) $(wildcard $(NKC_TESTS)/roundtrip/*.h) $(NKC_TESTS)/scenario.h \
		$(NKC_GEN_STAMP) $(NKC_OBJDIR)/libnkos-san.a
	$(CC) $(NKC_RT_CFLAGS) $(SAN_CFLAGS) -o $@ $(NKC_RT_SRCS) $(NKC_OBJDIR)/libnkos-san.a $(NKC_CK_LIBS)

.PHONY: nkc-conformance nkc-golden nkc-errors nkc-compile nkc-buildsys nkc-roundtrip nkc-roundtrip-san nkc-san \
	nkc-fuzz fuzz-nkc install-nkc
nkc-golden: $(NKC)
	@$(TOP)/scripts/run-suite nkc-golden $(NKC_TESTS)/run-golden $(NKC)
nkc-errors: $(NKC)
	@$(TOP)/scripts/run-suite nkc-errors $(NKC_TESTS)/run-errors $(NKC)
# The golden tests and the diagnostics again, with nkc under ASan+UBSan.
nkc-san: $(NKC_SAN)
	@$(TOP)/scripts/run-suite nkc-san sh -c '$(NKC_TESTS)/run-golden $(NKC_SAN); g=$$?; \
		$(NKC_TESTS)/run-errors $(NKC_SAN) && exit $$g'
nkc-compile: $(NKC) $(NKOS_MSGCHECK) $(LIBNKOS_A)
	@$(TOP)/scripts/run-suite nkc-compile $(NKC_TESTS)/run-compile $(NKC) \
		"-I$(TOP)/libnkos/include -I$(TOP)/uapi" "$(LIBNKOS_A) -pthread"
nkc-buildsys: $(NKC) $(NKOS_MSGCHECK) $(LIBNKOS_A) $(B)/libkosipc.a
	@$(TOP)/scripts/run-suite nkc-buildsys $(NKC_TESTS)/run-buildsys $(NKC) \
		"-I$(TOP)/libnkos/include -I$(TOP)/uapi" "$(LIBNKOS_A) -pthread" \
		"-I$(TOP)/kosipc/include" "$(B)/libkosipc.a"
# nk-gen-c's identifiers and values for public KOS solutions (conformance/README.md)
nkc-conformance: $(NKC) $(NKOS_MSGCHECK)
	@$(TOP)/scripts/run-suite nkc-conformance $(NKC_TESTS)/run-conformance $(NKC) \
		"-I$(TOP)/libnkos/include -I$(TOP)/uapi"
nkc-roundtrip: $(NKC_OBJDIR)/roundtrip
	@$(TOP)/scripts/run-suite nkc-roundtrip env $(CK_TAP_ENV) $<
nkc-roundtrip-san: $(NKC_OBJDIR)/roundtrip-san
	@$(TOP)/scripts/run-suite nkc-roundtrip-san env $(CK_TAP_ENV) $<

UNIT_SUITES += nkc-golden nkc-errors nkc-san nkc-compile nkc-buildsys nkc-conformance nkc-roundtrip \
	nkc-roundtrip-san

# --- fuzzing the front end ---------------------------------------------------
NKC_FUZZ := $(NKC_OBJDIR)/fuzz-frontend
$(NKC_FUZZ): $(NKC_DEPS) $(NKC_TESTS)/fuzz/fuzz_frontend.c
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -Wall -Wextra -Werror -I$(TOP)/uapi -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -DNKIPC_VERSION='"$(NKIPC_VERSION)"' -o $@ $(filter-out %/main.c,$(NKC_SRCS)) \
		$(NKC_TESTS)/fuzz/fuzz_frontend.c

nkc-fuzz: $(NKC_FUZZ)
	@$(TOP)/scripts/run-suite nkc-fuzz $(NKC_TESTS)/run-fuzz $(NKC_FUZZ) $(FUZZ_TIME) \
		$(NKC_OBJDIR)/fuzz-corpus $(NKC_TESTS)/fuzz/corpus $(NKC_TESTS)/errors
fuzz-nkc: nkc-fuzz
	@cat $(B)/results/nkc-fuzz.log | tail -3

FUZZ_SUITES += nkc-fuzz

# --- install -----------------------------------------------------------------
install-nkc: $(NKC)
	install -D -m 755 $(NKC) $(DESTDIR)$(PREFIX)/bin/nkc
	install -D -m 644 $(TOP)/nkc/nkc.mk $(DESTDIR)$(PREFIX)/share/nkc/nkc.mk
	install -D -m 644 $(TOP)/nkc/NkCompiler.cmake $(DESTDIR)$(PREFIX)/share/nkc/NkCompiler.cmake

INSTALL_TARGETS += install-nkc
