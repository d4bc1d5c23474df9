// SPDX-License-Identifier: LGPL-2.1-or-later
/* transport_kos.c - NkKosTransport and NkKosCopyStringToArena. */
#include <string.h>

#include <coresrv/nk/transport-kos.h>

#include "errmap.h"
#include "ipc.h"

static NkKosTransport *kos_of(struct nk_transport *t)
{
	return (NkKosTransport *)(void *)t;
}

static nk_err_t kos_call(struct nk_transport *t, struct nk_message *req,
			 const struct nk_arena *req_arena,
			 struct nk_message *res, struct nk_arena *res_arena)
{
	NkKosTransport *k = kos_of(t);
	int err;

	err = nk_ipc_call((int)k->handle, req, req_arena, res, res_arena,
			  nk_msecs_to_ns(k->call_msecs));
	if (err)
		return nk_errno_to_nk_err(err);
	/* the server's dispatcher failed (see NkKosDoDispatch) */
	if ((res->flags & NK_MSG_F_STATUS) && res->status != NK_EOK)
		return (nk_err_t)res->status;
	return NK_EOK;
}

static nk_err_t kos_recv(struct nk_transport *t, struct nk_message *req,
			 struct nk_arena *req_arena)
{
	NkKosTransport *k = kos_of(t);

	return nk_errno_to_nk_err(nk_ipc_recv((int)k->handle, req, req_arena,
					      nk_msecs_to_ns(k->recv_msecs)));
}

static nk_err_t kos_reply(struct nk_transport *t, struct nk_message *res,
			  const struct nk_arena *res_arena)
{
	return nk_errno_to_nk_err(nk_ipc_reply((int)kos_of(t)->handle, res,
					       res_arena));
}

static nk_err_t kos_reply_recv(struct nk_transport *t, struct nk_message *res,
			       const struct nk_arena *res_arena,
			       struct nk_message *req,
			       struct nk_arena *req_arena)
{
	NkKosTransport *k = kos_of(t);

	return nk_errno_to_nk_err(nk_ipc_reply_recv((int)k->handle, res,
						    res_arena, req, req_arena,
						    nk_msecs_to_ns(k->recv_msecs)));
}

static const struct nk_transport_ops kos_ops = {
	.call = kos_call,
	.recv = kos_recv,
	.reply = kos_reply,
	.reply_recv = kos_reply_recv,
};

void NkKosTransport_Init(NkKosTransport *transport, Handle handle,
			 void *view, nk_size_t view_size)
{
	(void)view;
	(void)view_size;
	if (!transport)
		return;
	transport->base.ops = &kos_ops;
	transport->handle = handle;
	transport->call_msecs = INFINITE_TIMEOUT;
	transport->recv_msecs = INFINITE_TIMEOUT;
}

void NkKosSetTransportTimeouts(NkKosTransport *transport,
			       nk_uint32_t recv_msecs, nk_uint32_t call_msecs)
{
	if (!transport)
		return;
	transport->recv_msecs = recv_msecs;
	transport->call_msecs = call_msecs;
}

Retcode NkKosCopyStringToArena(struct nk_arena *arena, nk_ptr_t *ptr,
			       const char *src)
{
	nk_size_t len;

	if (!arena || !ptr || !src)
		return rcInvalidArgument;
	len = strlen(src) + 1;
	if (len > UINT32_MAX)
		return rcInvalidArgument;
	if (__nk_arena_store(arena, ptr, src, len, 1) != 0)
		return rcBufferTooSmall;
	return rcOk;
}
