// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dispatch.c - NkKosDoDispatch, the ready server loop.
 *
 * A request larger than the entity's buffers (only a misbehaving client
 * sends one) stays queued in the kernel with ENOBUFS; the loop then grows
 * its buffers to the sizes the kernel reports and receives it, so it can
 * never spin on it.  The generated dispatcher rejects its odd size.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/nk/transport-kos-dispatch.h>

#include "handles.h"

struct dispatch_bufs {
	struct nk_message *req, *res;
	nk_size_t req_cap, res_cap;
	struct nk_arena req_arena, res_arena;
	void *req_arena_buf, *res_arena_buf;
};

static nk_size_t msg_cap(nk_size_t size)
{
	if (size < sizeof(struct nk_message))
		size = sizeof(struct nk_message);
	return (size + 7) & ~(nk_size_t)7;
}

/* (Re)allocate an 8-aligned message buffer of at least @size bytes; 0 or ENOMEM. */
static int grow_msg(struct nk_message **msg, nk_size_t *cap, nk_size_t size)
{
	void *p;

	size = msg_cap(size);
	if (*msg && *cap >= size)
		return 0;
	p = aligned_alloc(8, size);
	if (!p)
		return ENOMEM;
	memset(p, 0, size);
	free(*msg);
	*msg = p;
	*cap = size;
	return 0;
}

static int grow_arena(struct nk_arena *arena, void **buf, nk_size_t size)
{
	void *p;

	if (*buf && nk_arena_capacity(arena) >= size)
		return 0;
	p = aligned_alloc(8, msg_cap(size));
	if (!p)
		return ENOMEM;
	free(*buf);
	*buf = p;
	*arena = nk_arena_create(p, size);
	return 0;
}

static void free_bufs(struct dispatch_bufs *b)
{
	free(b->req);
	free(b->res);
	free(b->req_arena_buf);
	free(b->res_arena_buf);
}

/* A bare response telling the client that dispatching failed. */
static void status_response(struct nk_message *res,
			    const struct nk_message *req, nk_err_t err,
			    struct nk_arena *res_arena)
{
	__nk_msg_reset(res, sizeof(*res));
	res->iid = req->iid;
	res->mid = req->mid;
	res->flags = NK_MSG_F_STATUS;
	res->status = (nk_uint32_t)err;
	nk_arena_reset(res_arena);
}

/* (parenthesised: NkKosDoDispatch is also a macro choosing the form) */
nk_err_t (NkKosDoDispatch)(struct nk_transport *transport,
			   const struct NkKosDispatchInfo *info)
{
	struct dispatch_bufs b;
	nk_err_t rc, drc;
	int answer = 0;		/* b.res holds a response to send */

	if (!transport || !info || !info->dispatch)
		return NK_EINVAL;
	memset(&b, 0, sizeof(b));
	if (grow_msg(&b.req, &b.req_cap, info->req_size) ||
	    grow_msg(&b.res, &b.res_cap, info->res_size) ||
	    grow_arena(&b.req_arena, &b.req_arena_buf, info->req_arena_size) ||
	    grow_arena(&b.res_arena, &b.res_arena_buf, info->res_arena_size)) {
		free_bufs(&b);
		return NK_ENOMEM;
	}
	for (;;) {
		__nk_msg_reset(b.req, b.req_cap);
		nk_arena_reset(&b.req_arena);
		/*
		 * The previous response and the next receive in one kernel
		 * call (NKIPC_IOC_REPLY_RECV); a client that is gone or a
		 * denied reply ends one exchange.
		 */
		if (answer)
			rc = nk_transport_reply_recv(transport, b.res,
						     &b.res_arena, b.req,
						     &b.req_arena);
		else
			rc = nk_transport_recv(transport, b.req, &b.req_arena);
		answer = 0;
		if (rc == NK_EINTR)
			continue;
		if (rc == NK_ENOBUFS) {
			if (grow_msg(&b.req, &b.req_cap, b.req->size) ||
			    grow_arena(&b.req_arena, &b.req_arena_buf,
				       b.req->arena_size)) {
				rc = NK_ENOMEM;
				break;
			}
			continue;
		}
		if (rc != NK_EOK)
			break;
		/*
		 * Zeroed whole: the handler sets fields, not the padding or
		 * what another method's response left in the buffer.
		 */
		memset(b.res, 0, b.res_cap);
		__nk_msg_reset(b.res, b.res_cap);
		nk_arena_reset(&b.res_arena);
		drc = info->dispatch(info->self, b.req, &b.req_arena, b.res,
				     &b.res_arena);
		if (drc != NK_EOK || b.res->size < sizeof(*b.res) ||
		    b.res->size > b.res_cap) {
			/* the request's handles not taken are closed */
			nk_msg_handles_drop();
			status_response(b.res, b.req,
					drc != NK_EOK ? drc : NK_EBADMSG,
					&b.res_arena);
		}
		/*
		 * Nobody else can close what the handler sent with
		 * NK_HANDLE_MOVE if the reply fails (the client is gone, the
		 * reply is denied): the loop does.
		 */
		nk_handles_owned(b.res);
		answer = 1;
	}
	free_bufs(&b);
	return rc;
}

nk_err_t NkKosDoDispatchHandle(Handle handle,
			       const struct NkKosDispatchInfo *info)
{
	NkKosTransport transport;

	if (handle == INVALID_HANDLE)
		return NK_EINVAL;
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	return (NkKosDoDispatch)(&transport.base, info);
}
