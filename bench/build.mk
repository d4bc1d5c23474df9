# bench/: round-trip benchmark, run in a one-vCPU icount VM:
#   make bench [BENCH_ARGS="-n 5000 -s 4 -m nkipc"]
$(B)/bin/rtt: bench/rtt.c uapi/linux/nkipc.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

USERSPACE += $(B)/bin/rtt

.PHONY: bench
bench: all
	$(TOP)/selftests/vm-run --perf -- sh -c "udevadm settle; $(B)/bin/rtt $(BENCH_ARGS)"
