# SPDX-License-Identifier: LGPL-2.1-or-later
# examples/: KOS example entities built with nkc output and libnkos.
#
#   build/examples/echo-server, echo-client        static channel (spec section 3)
#   build/examples/dynamic-server, dynamic-client  NameServer + KnCm
#   build/examples/fs-server, fs-client            the KOS documentation's Filesystem, its flows verbatim
#   build/examples/errors-server, errors-client    an IDL error parameter, KosThreadCreate
#   build/examples/handles-server, handles-client  a reply carrying a channel handle and a file
#   build/examples/describe/echo.{Server,Client}.json  nkc --describe, for policies
#   build/examples/loopback-test                   unit test over the loopback transport
#   build/examples/cpp-server, cpp-client          the KOS documentation's C++ static-channel flow (kosipc)
#   build/examples/cpp-dynamic-server, -client     the KOS documentation's C++ dynamic-channel flow
#   build/vmtests/31-examples                      runs both pairs in the VM,
#                                                  and echo under a policy
# The descriptions (KOS syntax) are examples/echo/{Ping.idl,Ping.cdl,
# Server.edl,Client.edl} (package echo.X in echo/X.*, root examples/);
# nkc writes their headers to build/examples/gen/echo/ through nkc/nkc.mk.

NKC_ROOT := $(TOP)/examples
NKC_OUT := $(B)/examples/gen
NKC_INCLUDES := $(TOP)/libnkos/include
include $(TOP)/nkc/nkc.mk

EX_DESCS := $(addprefix $(NKC_ROOT)/echo/,Ping.idl Ping.cdl Server.edl Client.edl)
EX_HEADERS := $(call nkc_headers,$(EX_DESCS))
# generated headers include nk/msgcheck.h (libnkos) and linux/nkipc_layout.h
$(EX_HEADERS): $(NKC) $(NKOS_MSGCHECK)

EX_CFLAGS := $(USER_CFLAGS) -I$(NKC_OUT) -I$(TOP)/examples/echo -pthread
EX_DIR := $(B)/examples
EX_PING := $(TOP)/examples/echo/ping_impl.c $(TOP)/examples/echo/ping_impl.h
EX_BINS := $(EX_DIR)/echo-server $(EX_DIR)/echo-client \
	$(EX_DIR)/dynamic-server $(EX_DIR)/dynamic-client

# $(call ex_link,SOURCES): compile and link against the static libnkos
ex_link = $(CC) $(EX_CFLAGS) -o $@ $(filter %.c,$(1)) $(LIBNKOS_A)

$(EX_DIR)/echo-server: $(TOP)/examples/echo/server.c $(EX_PING) $(EX_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
$(EX_DIR)/echo-client: $(TOP)/examples/echo/client.c $(EX_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
$(EX_DIR)/dynamic-server: $(TOP)/examples/dynamic/server.c $(EX_PING) $(EX_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
$(EX_DIR)/dynamic-client: $(TOP)/examples/dynamic/client.c $(EX_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)

# The seed's Server/Operations/Filesystem descriptions (packages without
# dots, so their own root), with the spec's flows word for word.
FS_ROOT := $(TOP)/examples/filesystem
FS_GEN := $(EX_DIR)/fsgen
FS_DESCS := $(addprefix $(FS_ROOT)/,Filesystem.idl Operations.cdl Server.edl)
$(FS_GEN)/.stamp: $(FS_DESCS) $(NKC) $(NKOS_MSGCHECK)
	@mkdir -p $(FS_GEN)
	$(NKC) -I $(FS_ROOT) -o $(FS_GEN) $(FS_DESCS)
	@touch $@
$(EX_DIR)/fs-server: $(FS_ROOT)/server.c $(FS_GEN)/.stamp $(LIBNKOS_A)
	$(CC) $(USER_CFLAGS) -I$(FS_GEN) -o $@ $< $(LIBNKOS_A)
$(EX_DIR)/fs-client: $(FS_ROOT)/client.c $(FS_GEN)/.stamp $(LIBNKOS_A)
	$(CC) $(USER_CFLAGS) -I$(FS_GEN) -o $@ $< $(LIBNKOS_A)
EX_BINS += $(EX_DIR)/fs-server $(EX_DIR)/fs-client

# errors: a method with an error parameter (errors/Divider.idl), the
# server loop in a KosThreadCreate thread.
ERR_DESCS := $(addprefix $(NKC_ROOT)/errors/,Divider.idl Server.edl Client.edl)
ERR_HEADERS := $(call nkc_headers,$(ERR_DESCS))
$(ERR_HEADERS): $(NKC) $(NKOS_MSGCHECK)
$(EX_DIR)/errors-server: $(TOP)/examples/errors/server.c $(ERR_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
$(EX_DIR)/errors-client: $(TOP)/examples/errors/client.c $(ERR_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
EX_BINS += $(EX_DIR)/errors-server $(EX_DIR)/errors-client
# the dynamic example includes <kl/core/Types.idl.h> (libnkos/build.mk)
$(EX_DIR)/dynamic-server $(EX_DIR)/dynamic-client: $(NKOS_IDL_HDRS)

# handles: a reply carrying a new client handle to the echo server and a
# file (handles/Keeper.idl); the client calls Ping through the handle.
HND_DESCS := $(addprefix $(NKC_ROOT)/handles/,Keeper.idl Server.edl Client.edl)
HND_HEADERS := $(call nkc_headers,$(HND_DESCS))
$(HND_HEADERS): $(NKC) $(NKOS_MSGCHECK)
$(EX_DIR)/handles-server: $(TOP)/examples/handles/server.c $(HND_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
$(EX_DIR)/handles-client: $(TOP)/examples/handles/client.c $(HND_HEADERS) $(EX_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^)
EX_BINS += $(EX_DIR)/handles-server $(EX_DIR)/handles-client

# a unit test of the echo entity over the loopback transport (no module)
# (Check, like every host unit test; TAP on stdout)
$(EX_DIR)/loopback-test: $(TOP)/examples/echo/loopback_test.c $(EX_PING) $(EX_HEADERS) $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(call ex_link,$^) $(shell pkg-config --cflags --libs check 2>/dev/null || echo -lcheck)

.PHONY: examples-loopback
examples-loopback:
	@$(MAKE) --no-print-directory $(EX_DIR)/loopback-test || rm -f $(EX_DIR)/loopback-test
	@$(TOP)/scripts/run-suite examples-loopback env $(CK_TAP_ENV) $(EX_DIR)/loopback-test

UNIT_SUITES += examples-loopback

# nkc --describe output, for policies that `use EDL echo.Server`
EX_DESCRIBE := $(EX_DIR)/describe/echo.Server.json $(EX_DIR)/describe/echo.Client.json \
	$(EX_DIR)/describe/handles.Server.json $(EX_DIR)/describe/handles.Client.json
$(EX_DIR)/describe/echo.Server.json: $(NKC_ROOT)/echo/Server.edl $(EX_DESCS) $(NKC)
	@mkdir -p $(dir $@)
	$(NKC) -I $(NKC_ROOT) --describe=$@ $<
$(EX_DIR)/describe/echo.Client.json: $(NKC_ROOT)/echo/Client.edl $(EX_DESCS) $(NKC)
	@mkdir -p $(dir $@)
	$(NKC) -I $(NKC_ROOT) --describe=$@ $<

$(EX_DIR)/describe/handles.%.json: $(NKC_ROOT)/handles/%.edl $(HND_DESCS) $(NKC)
	@mkdir -p $(dir $@)
	$(NKC) -I $(NKC_ROOT) --describe=$@ $<

# C++ (the KOS documentation's kosipc flows): the echo descriptions through nkc --cpp,
# linked with kosipc; they talk to the C examples too.
CPP_GEN := $(EX_DIR)/cppgen
$(CPP_GEN)/.stamp: $(EX_DESCS) $(NKC) $(NKOS_MSGCHECK)
	@rm -rf $(CPP_GEN) && mkdir -p $(CPP_GEN)
	$(NKC) --cpp -I $(NKC_ROOT) -o $(CPP_GEN) $(EX_DESCS)
	@touch $@
EX_CXXFLAGS := $(KOSIPC_CXXFLAGS) -I$(CPP_GEN)
EX_CPP_BINS := $(EX_DIR)/cpp-server $(EX_DIR)/cpp-client $(EX_DIR)/cpp-dynamic-server \
	$(EX_DIR)/cpp-dynamic-client
$(EX_CPP_BINS): $(EX_DIR)/cpp-%: $(TOP)/examples/cpp/%.cpp $(TOP)/examples/cpp/ping_impl.hpp \
		$(CPP_GEN)/.stamp $(LIBKOSIPC_A) $(LIBNKOS_A) $(NKOS_IDL_HDRS)
	$(CXX) $(EX_CXXFLAGS) -o $@ $< $(LIBKOSIPC_A) $(LIBNKOS_A)
EX_BINS += $(EX_CPP_BINS)

$(B)/vmtests/31-examples: $(TOP)/examples/run-examples $(EX_BINS) $(EX_DESCRIBE)
	@mkdir -p $(dir $@)
	install -m 0755 $< $@

.PHONY: examples
examples: $(EX_BINS) $(EX_DESCRIBE) $(EX_DIR)/loopback-test

USERSPACE += examples $(B)/vmtests/31-examples
