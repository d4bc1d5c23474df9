// SPDX-License-Identifier: LGPL-2.1-or-later
/* transport.c - nk_transport_* entry points and message header resets. */
#include <string.h>

#include <nk/transport.h>

nk_err_t nk_transport_call(struct nk_transport *transport,
			   struct nk_message *req,
			   const struct nk_arena *req_arena,
			   struct nk_message *res, struct nk_arena *res_arena)
{
	if (!transport || !transport->ops || !transport->ops->call || !req ||
	    !res)
		return NK_EINVAL;
	return transport->ops->call(transport, req, req_arena, res, res_arena);
}

nk_err_t nk_transport_recv(struct nk_transport *transport,
			   struct nk_message *req, struct nk_arena *req_arena)
{
	if (!transport || !transport->ops || !transport->ops->recv || !req)
		return NK_EINVAL;
	return transport->ops->recv(transport, req, req_arena);
}

nk_err_t nk_transport_reply(struct nk_transport *transport,
			    struct nk_message *res,
			    const struct nk_arena *res_arena)
{
	if (!transport || !transport->ops || !transport->ops->reply || !res)
		return NK_EINVAL;
	return transport->ops->reply(transport, res, res_arena);
}

nk_err_t nk_transport_reply_recv(struct nk_transport *transport,
				 struct nk_message *res,
				 const struct nk_arena *res_arena,
				 struct nk_message *req,
				 struct nk_arena *req_arena)
{
	if (!transport || !transport->ops || !res || !req)
		return NK_EINVAL;
	if (transport->ops->reply_recv)
		return transport->ops->reply_recv(transport, res, res_arena,
						  req, req_arena);
	(void)nk_transport_reply(transport, res, res_arena);
	return nk_transport_recv(transport, req, req_arena);
}

void __nk_msg_reset(struct nk_message *msg, nk_size_t size)
{
	if (!msg)
		return;
	memset(msg, 0, sizeof(*msg));
	msg->size = size > UINT32_MAX ? UINT32_MAX : (nk_uint32_t)size;
}

void __nk_msg_err_reset(struct nk_message *msg, nk_size_t size)
{
	nk_uint16_t iid, mid;

	if (!msg)
		return;
	/* an error response still answers the same method */
	iid = msg->iid;
	mid = msg->mid;
	__nk_msg_reset(msg, size);
	msg->iid = iid;
	msg->mid = mid;
	msg->flags = NK_MSG_F_ERROR;
}
