// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_nkipc.c - nkipc through its raw ioctls (uapi/linux/nkipc.h).
 *
 * The request is the 24-byte header plus an arena of c->len payload
 * bytes; the answer is a 28-byte constant part (header and a __u32), no
 * arena.  The client offers c->res_cap bytes of response arena (rtt -r),
 * the server receives into its own buffer: NKIPC_IOC_CALL on one side,
 * NKIPC_IOC_RECV then NKIPC_IOC_REPLY on the other (mechanism "nkipc"), or
 * one NKIPC_IOC_REPLY_RECV per round trip (mechanism "nkipc-rr", the loop
 * libnkos's dispatcher runs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/nkipc.h>

#include "rtt.h"

struct answer {
	struct nkipc_msg_hdr h;
	uint32_t len;
};

#define DEV(x)		((x)->fd[0])
#define HANDLE(x)	((x)->fd[1])
#define NAME(x)		((char *)(x)->p[0])
#define RES_ARENA(x)	((x)->p[1])

static const struct nkipc_endpoint bench_ep = {
	.name = "bench.ep", .iface = "bench.Iface", .riid = 0, .n_methods = 1,
};

/*
 * Shared with rtt_memfd.c: a channel name of its own for every case
 * (p[0]) and the response arena (p[1]) in setup, the server handle
 * (fd[1], on /dev/nkipc fd[0]) in child_init, the client handle in
 * client_init.
 */
int rtt_nkipc_setup(struct rtt_ctx *x)
{
	static unsigned int seq;

	x->p[0] = malloc(64);
	if (!x->p[0])
		return ENOMEM;
	snprintf(NAME(x), 64, "bench.raw.%d.%u", (int)getpid(), ++seq);
	if (x->c->res_cap) {
		RES_ARENA(x) = malloc(x->c->res_cap);
		if (!RES_ARENA(x))
			return ENOMEM;
		memset(RES_ARENA(x), 0, x->c->res_cap);	/* fault it in */
	}
	return 0;
}

int rtt_nkipc_child_init(struct rtt_ctx *x)
{
	struct nkipc_register reg = {
		.size = sizeof(reg), .name = (uintptr_t)NAME(x),
		.endpoints = (uintptr_t)&bench_ep, .n_endpoints = 1,
	};

	DEV(x) = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);
	if (DEV(x) < 0)
		return errno;
	HANDLE(x) = ioctl(DEV(x), NKIPC_IOC_REGISTER, &reg);
	return HANDLE(x) < 0 ? errno : 0;
}

static int nkipc_serve(struct rtt_ctx *x, int n)
{
	struct nkipc_msg_hdr in;
	struct answer out = { .h.size = sizeof(out) };
	struct nkipc_recv rv;
	struct nkipc_reply rp;
	int i;

	for (i = 0; i < n; i++) {
		memset(&rv, 0, sizeof(rv));
		rv.size = sizeof(rv);
		rv.req = (uintptr_t)&in;
		rv.req_cap = sizeof(in);
		rv.req_arena = (uintptr_t)x->sbuf;
		rv.req_arena_cap = (uint32_t)x->c->len;
		rv.timeout_ns = NKIPC_TIMEOUT_INFINITE;
		if (ioctl(HANDLE(x), NKIPC_IOC_RECV, &rv) < 0)
			return errno;
		out.len = rv.req_arena_len;
		memset(&rp, 0, sizeof(rp));
		rp.size = sizeof(rp);
		rp.txid = rv.txid;
		rp.res = (uintptr_t)&out;
		rp.res_len = sizeof(out);
		if (ioctl(HANDLE(x), NKIPC_IOC_REPLY, &rp) < 0)
			return errno;
	}
	return 0;
}

/* The answer to each request goes out with the receive of the next one. */
static int nkipc_serve_rr(struct rtt_ctx *x, int n)
{
	struct nkipc_msg_hdr in;
	struct answer out = { .h.size = sizeof(out) };
	struct nkipc_reply_recv rr;
	struct nkipc_reply rp;
	int i;

	if (n <= 0)
		return 0;
	memset(&rr, 0, sizeof(rr));
	for (i = 0; i < n; i++) {
		rr.size = sizeof(rr);
		rr.flags = i ? NKIPC_RR_F_REPLY : 0;
		rr.res = (uintptr_t)&out;
		rr.res_len = sizeof(out);
		rr.req = (uintptr_t)&in;
		rr.req_cap = sizeof(in);
		rr.req_arena = (uintptr_t)x->sbuf;
		rr.req_arena_cap = (uint32_t)x->c->len;
		rr.timeout_ns = NKIPC_TIMEOUT_INFINITE;
		if (ioctl(HANDLE(x), NKIPC_IOC_REPLY_RECV, &rr) < 0)
			return errno;
		if (rr.reply_result)
			return -rr.reply_result;
		out.len = rr.req_arena_len;
	}
	memset(&rp, 0, sizeof(rp));
	rp.size = sizeof(rp);
	rp.txid = rr.txid;
	rp.res = (uintptr_t)&out;
	rp.res_len = sizeof(out);
	return ioctl(HANDLE(x), NKIPC_IOC_REPLY, &rp) < 0 ? errno : 0;
}

int rtt_nkipc_client_init(struct rtt_ctx *x)
{
	struct nkipc_connect con = {
		.size = sizeof(con), .name = (uintptr_t)NAME(x),
		.timeout_ns = NKIPC_TIMEOUT_INFINITE,
	};

	DEV(x) = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);
	if (DEV(x) < 0)
		return errno;
	HANDLE(x) = ioctl(DEV(x), NKIPC_IOC_CONNECT, &con);
	return HANDLE(x) < 0 ? errno : 0;
}

static int nkipc_call(struct rtt_ctx *x)
{
	struct nkipc_msg_hdr req = {
		.size = sizeof(req), .arena_size = (uint32_t)x->c->len,
	};
	struct answer res;
	struct nkipc_call c = {
		.size = sizeof(c),
		.req = (uintptr_t)&req, .req_len = sizeof(req),
		.req_arena = (uintptr_t)x->buf,
		.req_arena_len = (uint32_t)x->c->len,
		.res = (uintptr_t)&res, .res_cap = sizeof(res),
		.res_arena = (uintptr_t)RES_ARENA(x),
		.res_arena_cap = x->c->res_cap,
		.timeout_ns = NKIPC_TIMEOUT_INFINITE,
	};

	if (ioctl(HANDLE(x), NKIPC_IOC_CALL, &c) < 0)
		return errno;
	return c.res_len == sizeof(res) && res.len == x->c->len ? 0 : EPROTO;
}

void rtt_nkipc_cleanup(struct rtt_ctx *x)
{
	if (HANDLE(x) >= 0)
		close(HANDLE(x));
	if (DEV(x) >= 0)
		close(DEV(x));
	free(x->p[0]);
	free(RES_ARENA(x));
}

const struct rtt_mech rtt_nkipc = {
	.name = "nkipc",
	.what = "nkipc ioctls: CALL; RECV, REPLY",
	.setup = rtt_nkipc_setup,
	.child_init = rtt_nkipc_child_init,
	.client_init = rtt_nkipc_client_init,
	.serve = nkipc_serve,
	.call = nkipc_call,
	.cleanup = rtt_nkipc_cleanup,
};

const struct rtt_mech rtt_nkipc_rr = {
	.name = "nkipc-rr",
	.what = "nkipc ioctls: CALL; REPLY_RECV",
	.setup = rtt_nkipc_setup,
	.child_init = rtt_nkipc_child_init,
	.client_init = rtt_nkipc_client_init,
	.serve = nkipc_serve_rr,
	.call = nkipc_call,
	.cleanup = rtt_nkipc_cleanup,
};
