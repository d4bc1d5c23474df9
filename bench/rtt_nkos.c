// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_nkos.c - nkipc as a KasperskyOS program uses it: libnkos and the
 * code nkc generates from bench/idl/bench/{Rtt.idl,Server.edl}.
 *
 * The client calls bench.Rtt.Send(data) through the generated proxy over
 * an NkKosTransport; data is a sequence<UInt8> of c->len bytes in the
 * request arena (filled once: the arena is the client's buffer).  The
 * server runs the loop of libnkos's NkKosDoDispatch(): the generated
 * entity dispatcher (which checks the message with nk/msgcheck.h and
 * calls Send) between calls of nk_transport_reply_recv(), which answers
 * the previous request (4 bytes) and receives the next one in one
 * NKIPC_IOC_REPLY_RECV; the response buffer is zeroed before each
 * dispatch, as NkKosDoDispatch does.  No response arena is offered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <bench/Server.edl.h>

#include "rtt.h"

#define NAME(x)		((char *)(x)->p[0])

struct nkos_client {
	NkKosTransport transport;
	struct bench_Rtt_proxy proxy;
	bench_Rtt_Send_req req;
	bench_Rtt_Send_res res;
	struct nk_arena arena;
	Handle handle;
};

static nk_err_t send_impl(struct bench_Rtt *self,
			  const struct bench_Rtt_Send_req *req,
			  const struct nk_arena *req_arena,
			  struct bench_Rtt_Send_res *res,
			  struct nk_arena *res_arena)
{
	nk_uint32_t n;

	(void)self;
	(void)res_arena;
	if (!nk_arena_get(nk_uint8_t, req_arena, &req->data, &n))
		return NK_EBADMSG;
	res->len = n;
	return NK_EOK;
}

static int nkos_setup(struct rtt_ctx *x)
{
	static unsigned int seq;

	x->p[0] = malloc(64);
	if (!x->p[0])
		return ENOMEM;
	snprintf(NAME(x), 64, "bench.nkos.%d.%u", (int)getpid(), ++seq);
	return 0;
}

static NkKosTransport srv_transport;
static Handle srv_handle = INVALID_HANDLE;

static int nkos_child_init(struct rtt_ctx *x)
{
	ServiceId iid;

	srv_handle = ServiceLocatorRegister(NAME(x), NK_NULL, 0, &iid);
	if (srv_handle == INVALID_HANDLE)
		return errno ? errno : EIO;
	NkKosTransport_Init(&srv_transport, srv_handle, NK_NULL, 0);
	return 0;
}

static int nkos_serve(struct rtt_ctx *x, int n)
{
	static const struct bench_Rtt_ops ops = { .Send = send_impl };
	struct bench_Rtt impl = { .ops = &ops };
	bench_Server_entity entity;
	bench_Server_entity_req req;
	bench_Server_entity_res res;
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(x->sbuf,
			x->sbuf + x->c->len);
	struct nk_arena res_arena = NK_ARENA_INITIALIZER(NK_NULL, NK_NULL);
	nk_err_t rc;
	int i;

	bench_Server_entity_init(&entity, &impl);
	for (i = 0; i < n; i++) {
		nk_req_reset(&req);
		nk_arena_reset(&req_arena);
		/* the previous answer and this receive in one call */
		if (i)
			rc = nk_transport_reply_recv(&srv_transport.base,
						     &res.base_, &res_arena,
						     &req.base_, &req_arena);
		else
			rc = nk_transport_recv(&srv_transport.base,
					       &req.base_, &req_arena);
		if (rc != NK_EOK)
			return EIO;
		/* as NkKosDoDispatch: the response buffer zeroed whole */
		memset(&res, 0, sizeof(res));
		nk_arena_reset(&res_arena);
		bench_Server_entity_dispatch(&entity, &req.base_, &req_arena,
					     &res.base_, &res_arena);
	}
	return nk_transport_reply(&srv_transport.base, &res.base_,
				  &res_arena) == NK_EOK ? 0 : EIO;
}

static int nkos_client_init(struct rtt_ctx *x)
{
	struct nkos_client *k = calloc(1, sizeof(*k));
	nk_iid_t riid;

	x->p[1] = k;
	if (!k)
		return ENOMEM;
	k->handle = ServiceLocatorConnect(NAME(x));
	if (k->handle == INVALID_HANDLE)
		return errno ? errno : EIO;
	NkKosTransport_Init(&k->transport, k->handle, NK_NULL, 0);
	riid = ServiceLocatorGetRiid(k->handle, "rtt");
	if (riid == INVALID_RIID)
		return ENOENT;
	bench_Rtt_proxy_init(&k->proxy, &k->transport.base, riid);
	k->arena = (struct nk_arena)NK_ARENA_INITIALIZER(x->buf,
			x->buf + x->c->len);
	if (!nk_arena_alloc(nk_uint8_t, &k->arena, &k->req.data, x->c->len))
		return ENOBUFS;
	return 0;
}

static int nkos_call(struct rtt_ctx *x)
{
	struct nkos_client *k = x->p[1];
	nk_err_t rc;

	rc = bench_Rtt_Send(&k->proxy.base, &k->req, &k->arena, &k->res,
			    NK_NULL);
	if (rc != NK_EOK)
		return EIO;
	return k->res.len == x->c->len ? 0 : EPROTO;
}

static void nkos_cleanup(struct rtt_ctx *x)
{
	struct nkos_client *k = x->p[1];

	if (k && k->handle != INVALID_HANDLE && k->handle)
		close((int)k->handle);
	free(k);
	free(x->p[0]);
}

const struct rtt_mech rtt_nkos = {
	.name = "nkos",
	.what = "nkipc through libnkos and nkc-generated proxy/dispatcher",
	.setup = nkos_setup,
	.child_init = nkos_child_init,
	.client_init = nkos_client_init,
	.serve = nkos_serve,
	.call = nkos_call,
	.cleanup = nkos_cleanup,
};
