# bench/: round-trip benchmark, run in a one-vCPU icount VM (docs/benchmarks.md).
#
#   make bench            every case in one `vm-run --perf` boot (bench/run-guest):
#                         build/bench/results.jsonl, then bench/report writes the
#                         tables into docs/benchmarks.md and the plot docs/bench-rtt.png
#   make bench BENCH_ARGS="-m nkipc -s 4 -n 5000"
#                         only `build/bin/rtt BENCH_ARGS` in the VM, JSON on stdout
#
# rtt.c is the framework (fork, time, report), rtt_*.c the mechanisms;
# rtt_nkos.c uses the headers nkc generates from bench/idl/.
BENCH_GEN := $(B)/bench/gen
BENCH_DESCS := $(TOP)/bench/idl/bench/Rtt.idl $(TOP)/bench/idl/bench/Server.edl
BENCH_SRCS := $(wildcard $(TOP)/bench/rtt*.c)

$(BENCH_GEN)/.stamp: $(BENCH_DESCS) $(NKC) $(NKOS_MSGCHECK)
	@mkdir -p $(BENCH_GEN)
	$(NKC) -I $(TOP)/bench/idl -o $(BENCH_GEN) $(BENCH_DESCS)
	@touch $@

$(B)/bin/rtt: $(BENCH_SRCS) $(TOP)/bench/rtt.h $(BENCH_GEN)/.stamp \
		$(TOP)/uapi/linux/nkipc.h $(LIBNKOS_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -I$(BENCH_GEN) -o $@ $(BENCH_SRCS) $(LIBNKOS_A) -pthread

USERSPACE += $(B)/bin/rtt

# Messages of 4 MiB plus their header need max_msg_size above 4 MiB.
BENCH_PARAMS := max_msg_size=8388608

.PHONY: bench
bench: all
ifeq ($(BENCH_ARGS),)
	@rm -f $(B)/bench/results.jsonl
	@# a failed case fails make bench, after the report (which lists it)
	NKIPC_PARAMS="$(BENCH_PARAMS) $(NKIPC_PARAMS)" $(TOP)/selftests/vm-run --perf -- \
		$(TOP)/bench/run-guest $(B)/bench/results.jsonl; rc=$$?; \
	$(TOP)/bench/report $(B)/bench/results.jsonl && exit $$rc
else
	NKIPC_PARAMS="$(BENCH_PARAMS) $(NKIPC_PARAMS)" $(TOP)/selftests/vm-run --perf -- \
		sh -c "udevadm settle; $(B)/bin/rtt $(BENCH_ARGS)"
endif
