# SPDX-License-Identifier: GPL-2.0-or-later
# nkc.mk - make rules that generate C transport code with nkc.
#
# Usage, in a Makefile:
#
#   NKC_ROOT := idl                  # descriptions: idl/a/b/C.idl ...
#   NKC_OUT  := gen                  # headers:      gen/a/b/C.idl.h ...
#   include /usr/local/share/nkc/nkc.mk
#
#   NK_HEADERS := $(call nkc_headers,idl/echo/Ping.idl idl/echo/Server.edl)
#   server.o: server.c $(NK_HEADERS)
#   server.o: CFLAGS += -I$(NKC_OUT)
#
# Variables (set before the include):
#   NKC           the compiler (default: nkc from PATH)
#   NKC_ROOT      directory whose subtree holds the descriptions (default .)
#   NKC_OUT       where headers go (default nkc-gen)
#   NKC_INCLUDES  more directories to search for imported packages
#   NKC_FLAGS     more nkc options
#
# One pattern rule per kind: $(NKC_OUT)/%.idl.h from $(NKC_ROOT)/%.idl, and
# the same for .cdl and .edl.  Each run writes a dependency file next to
# the header (nkc -M), included here, so a header is regenerated when any
# description it imports changes.  A description's package must match its
# path (a.b.C in a/b/C.idl).

NKC ?= nkc
NKC_ROOT ?= .
NKC_OUT ?= nkc-gen
NKC_INCLUDES ?=
NKC_FLAGS ?=

nkc_cmd = $(NKC) $(NKC_FLAGS) -I $(NKC_ROOT) $(addprefix -I ,$(NKC_INCLUDES)) \
	-o $(NKC_OUT) -M $@.d $<

# $(call nkc_headers,DESCRIPTIONS): the headers generated from them
nkc_headers = $(patsubst $(NKC_ROOT)/%,$(NKC_OUT)/%.h,$(1))

$(NKC_OUT)/%.idl.h: $(NKC_ROOT)/%.idl
	$(nkc_cmd)
$(NKC_OUT)/%.cdl.h: $(NKC_ROOT)/%.cdl
	$(nkc_cmd)
$(NKC_OUT)/%.edl.h: $(NKC_ROOT)/%.edl
	$(nkc_cmd)

-include $(shell find $(NKC_OUT) -name '*.h.d' 2>/dev/null)
