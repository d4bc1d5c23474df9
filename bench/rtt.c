// SPDX-License-Identifier: GPL-2.0
/*
 * rtt - round-trip cost of nkipc Call/Recv/Reply against a pipe pair and a
 * Unix socket pair, for several message sizes.
 *
 * Usage: rtt [-n ITERS] [-s BYTES]... [-m pipe|uds|nkipc] [-r CAP] [-R]
 *
 * Run it in the VM booted with `selftests/vm-run --perf` (one vCPU,
 * -icount shift=0): guest time then advances 1 ns per instruction, so the
 * reported ns per round trip is the exact instruction count.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/nkipc.h>

#define HDR NKIPC_MSG_HDR_SIZE

/* -r: response arena capacity the nkipc caller offers; -1: the size */
static long res_cap_opt = -1;
/* -R: the nkipc server loops on NKIPC_IOC_REPLY_RECV */
static int reply_recv_opt;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void full_io(int fd, void *buf, size_t len, int wr)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = wr ? write(fd, (char *)buf + done, len - done) :
				 read(fd, (char *)buf + done, len - done);
		if (n <= 0)
			die(wr ? "write" : "read");
		done += (size_t)n;
	}
}

/* Echo server over a pair of byte streams: a classic request/response. */
static double stream_rtt(int a0, int a1, int b0, int b1, size_t len, int iters)
{
	char *buf = calloc(1, len ? len : 1);
	uint64_t t0, t1;
	pid_t pid;
	int i;

	pid = fork();
	if (pid == 0) {
		for (i = 0; i < iters + 1; i++) {
			full_io(a0, buf, len, 0);
			full_io(b1, buf, len, 1);
		}
		_exit(0);
	}
	/* one warm-up round trip */
	full_io(a1, buf, len, 1);
	full_io(b0, buf, len, 0);
	t0 = now_ns();
	for (i = 0; i < iters; i++) {
		full_io(a1, buf, len, 1);
		full_io(b0, buf, len, 0);
	}
	t1 = now_ns();
	waitpid(pid, NULL, 0);
	free(buf);
	return (double)(t1 - t0) / iters;
}

static double pipe_rtt(size_t len, int iters)
{
	int a[2], b[2];
	double r;

	if (pipe(a) || pipe(b))
		die("pipe");
	r = stream_rtt(a[0], a[1], b[0], b[1], len, iters);
	close(a[0]); close(a[1]); close(b[0]); close(b[1]);
	return r;
}

static double uds_rtt(size_t len, int iters)
{
	int sv[2];
	double r;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	/* the child reads sv[0] and answers on sv[0]; the parent uses sv[1] */
	r = stream_rtt(sv[0], sv[1], sv[1], sv[0], len, iters);
	close(sv[0]); close(sv[1]);
	return r;
}

static const struct nkipc_endpoint bench_ep = {
	.name = "bench.ep", .iface = "bench.Iface", .riid = 0, .n_methods = 1,
};

/* nkipc: message = 24-byte header + arena of len bytes, echoed back. */
static double nkipc_rtt(size_t len, int iters)
{
	char name[64];
	struct nkipc_register reg = { .size = sizeof(reg) };
	struct nkipc_connect con = { .size = sizeof(con) };
	struct nkipc_msg_hdr req = { 0 }, res;
	size_t rcap = res_cap_opt < 0 ? len : (size_t)res_cap_opt;
	size_t rlen = len < rcap ? len : rcap;
	char *arena = calloc(1, len ? len : 1), *rarena = calloc(1, rcap ? rcap : 1);
	int dev, srv, cli, i;
	uint64_t t0, t1;
	pid_t pid;

	snprintf(name, sizeof(name), "bench.%d.%zu", getpid(), len);
	dev = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die(NKIPC_DEVICE);
	reg.name = (uintptr_t)name;
	reg.endpoints = (uintptr_t)&bench_ep;
	reg.n_endpoints = 1;
	srv = ioctl(dev, NKIPC_IOC_REGISTER, &reg);
	if (srv < 0)
		die("NKIPC_IOC_REGISTER");
	pid = fork();
	if (pid == 0 && reply_recv_opt) {
		struct nkipc_msg_hdr in;
		struct nkipc_reply_recv rr;

		memset(&rr, 0, sizeof(rr));
		for (;;) {
			rr.size = sizeof(rr);
			rr.req = (uintptr_t)&in;
			rr.req_cap = sizeof(in);
			rr.req_arena = (uintptr_t)arena;
			rr.req_arena_cap = (uint32_t)len;
			rr.timeout_ns = NKIPC_TIMEOUT_INFINITE;
			if (ioctl(srv, NKIPC_IOC_REPLY_RECV, &rr) < 0)
				_exit(errno == EPIPE ? 0 : 1);
			in.arena_size = (uint32_t)rlen;
			rr.flags = NKIPC_RR_F_REPLY;
			rr.res = (uintptr_t)&in;
			rr.res_len = sizeof(in);
			rr.res_arena = (uintptr_t)arena;
			rr.res_arena_len = (uint32_t)rlen;
		}
	}
	if (pid == 0) {
		struct nkipc_msg_hdr in;
		struct nkipc_recv rv;
		struct nkipc_reply rp;

		for (;;) {
			memset(&rv, 0, sizeof(rv));
			rv.size = sizeof(rv);
			rv.req = (uintptr_t)&in;
			rv.req_cap = sizeof(in);
			rv.req_arena = (uintptr_t)arena;
			rv.req_arena_cap = (uint32_t)len;
			rv.timeout_ns = NKIPC_TIMEOUT_INFINITE;
			if (ioctl(srv, NKIPC_IOC_RECV, &rv) < 0)
				_exit(errno == EPIPE ? 0 : 1);
			in.arena_size = (uint32_t)rlen;
			memset(&rp, 0, sizeof(rp));
			rp.size = sizeof(rp);
			rp.txid = rv.txid;
			rp.res = (uintptr_t)&in;
			rp.res_len = sizeof(in);
			rp.res_arena = (uintptr_t)arena;
			rp.res_arena_len = (uint32_t)rlen;
			if (ioctl(srv, NKIPC_IOC_REPLY, &rp) < 0)
				_exit(1);
		}
	}
	con.name = (uintptr_t)name;
	con.timeout_ns = NKIPC_TIMEOUT_INFINITE;
	cli = ioctl(dev, NKIPC_IOC_CONNECT, &con);
	if (cli < 0)
		die("NKIPC_IOC_CONNECT");
	req.size = sizeof(req);
	req.arena_size = (uint32_t)len;
	t0 = 0;
	for (i = -1; i < iters; i++) {
		struct nkipc_call c = {
			.size = sizeof(c),
			.req = (uintptr_t)&req, .req_len = sizeof(req),
			.req_arena = (uintptr_t)arena, .req_arena_len = (uint32_t)len,
			.res = (uintptr_t)&res, .res_cap = sizeof(res),
			.res_arena = (uintptr_t)rarena, .res_arena_cap = (uint32_t)rcap,
			.timeout_ns = NKIPC_TIMEOUT_INFINITE,
		};

		if (i == 0)
			t0 = now_ns();
		if (ioctl(cli, NKIPC_IOC_CALL, &c) < 0)
			die("NKIPC_IOC_CALL");
	}
	t1 = now_ns();
	close(cli);
	close(srv);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	close(dev);
	free(arena);
	free(rarena);
	return (double)(t1 - t0) / iters;
}

static void usage(void)
{
	fprintf(stderr,
		"Usage: rtt [-n ITERS] [-s BYTES]... [-m pipe|uds|nkipc] [-r CAP] [-R]\n"
		"  Round trips per payload size (default 4, 256, 4096, 65536 and\n"
		"  1048576 bytes; ITERS 2000, a tenth for 64 KiB and more), for\n"
		"  every mechanism or only the one given with -m.  -r: the nkipc\n"
		"  caller offers CAP bytes of response arena (default: the size)\n"
		"  and the reply carries min(size, CAP) of them.  -R: the nkipc\n"
		"  server loops on NKIPC_IOC_REPLY_RECV instead of RECV + REPLY.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const size_t defaults[] = { 4, 256, 4096, 65536, 1 << 20 };
	static const struct {
		const char *name;
		double (*rtt)(size_t len, int iters);
	} mechs[] = {
		{ "pipe", pipe_rtt }, { "uds", uds_rtt }, { "nkipc", nkipc_rtt },
	};
	size_t sizes[16], n_sizes = 0, i, m;
	const char *only = NULL;
	int iters = 2000, opt;

	while ((opt = getopt(argc, argv, "n:s:m:r:R")) != -1) {
		switch (opt) {
		case 'n':
			iters = atoi(optarg);
			break;
		case 's':
			if (n_sizes == sizeof(sizes) / sizeof(sizes[0]))
				usage();
			sizes[n_sizes++] = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			only = optarg;
			break;
		case 'R':
			reply_recv_opt = 1;
			break;
		case 'r':
			res_cap_opt = strtol(optarg, NULL, 0);
			if (res_cap_opt < 0 || res_cap_opt > UINT32_MAX)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || iters <= 0 ||
	    (only && strcmp(only, "pipe") && strcmp(only, "uds") &&
	     strcmp(only, "nkipc")))
		usage();
	if (!n_sizes) {
		memcpy(sizes, defaults, sizeof(defaults));
		n_sizes = sizeof(defaults) / sizeof(defaults[0]);
	}
	printf("%-10s %14s %14s %14s\n", "bytes", "pipe ns/rt", "uds ns/rt",
	       "nkipc ns/rt");
	for (i = 0; i < n_sizes; i++) {
		int n = sizes[i] >= 65536 ? iters / 10 + 1 : iters;

		printf("%-10zu", sizes[i]);
		for (m = 0; m < sizeof(mechs) / sizeof(mechs[0]); m++) {
			if (only && strcmp(only, mechs[m].name))
				printf(" %14s", "-");
			else
				printf(" %14.0f", mechs[m].rtt(sizes[i], n));
		}
		printf("\n");
		fflush(stdout);
	}
	return 0;
}
