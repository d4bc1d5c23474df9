/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/transport.h - the transport abstraction used by generated proxies
 * and server loops (KasperskyOS SDK compatible).
 *
 * A transport is any object whose first member is struct nk_transport.
 * libnkos provides NkKosTransport (coresrv/nk/transport-kos.h, over the
 * kernel's handles) and a loopback transport for unit tests
 * (nk/transport-loopback.h); users may plug in their own ops table.
 *
 * Message header conventions (struct nk_message, nk/types.h):
 *   size        constant part length in bytes, header included; set by
 *               nk_req_reset()/nk_err_reset() to sizeof the message type.
 *               The receiving side's reset records the buffer capacity.
 *   arena_size  filled by the transport from nk_arena_allocated_size().
 *   flags       NK_MSG_F_ERROR: the response is the err_ member.
 *   status      with NK_MSG_F_STATUS: a server-side failure reported by
 *               NkKosDoDispatch (the dispatcher's nk_err_t, e.g. NK_ENOENT
 *               for an unknown RIID/MID); nk_transport_call returns it.
 */
#ifndef NK_TRANSPORT_H
#define NK_TRANSPORT_H

#include <nk/types.h>
#include <nk/arena.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nk_transport;

struct nk_transport_ops {
	nk_err_t (*call)(struct nk_transport *, struct nk_message *req,
			 const struct nk_arena *req_arena,
			 struct nk_message *res, struct nk_arena *res_arena);
	nk_err_t (*recv)(struct nk_transport *, struct nk_message *req,
			 struct nk_arena *req_arena);
	nk_err_t (*reply)(struct nk_transport *, struct nk_message *res,
			  const struct nk_arena *res_arena);
	/*
	 * Optional: reply, then receive, in one step (NULL: reply and recv
	 * are used).  A failed reply ends that exchange as a failed reply
	 * does; what is returned is the receive's result.
	 */
	nk_err_t (*reply_recv)(struct nk_transport *, struct nk_message *res,
			       const struct nk_arena *res_arena,
			       struct nk_message *req,
			       struct nk_arena *req_arena);
};

typedef struct nk_transport {
	const struct nk_transport_ops *ops;
} nk_transport;

/*
 * Client: send @req (+ the allocated part of @req_arena), wait for the
 * response into @res (its size field gives the capacity) and @res_arena
 * (its capacity; on return its allocated part is what was received).
 */
nk_err_t nk_transport_call(struct nk_transport *transport,
			   struct nk_message *req,
			   const struct nk_arena *req_arena,
			   struct nk_message *res, struct nk_arena *res_arena);
/* Server: wait for a request into @req (capacity: req->size) and @req_arena. */
nk_err_t nk_transport_recv(struct nk_transport *transport,
			   struct nk_message *req, struct nk_arena *req_arena);
/* Server: answer the request last received by this thread. */
nk_err_t nk_transport_reply(struct nk_transport *transport,
			    struct nk_message *res,
			    const struct nk_arena *res_arena);
/*
 * Server: nk_transport_reply(@res) then nk_transport_recv(@req), in one
 * kernel call where the transport can (NkKosTransport); the reply's own
 * result is not reported (a client that is gone or a denied reply ends
 * that exchange).  Returns the receive's result.
 */
nk_err_t nk_transport_reply_recv(struct nk_transport *transport,
				 struct nk_message *res,
				 const struct nk_arena *res_arena,
				 struct nk_message *req,
				 struct nk_arena *req_arena);

/* ---- message header helpers ---- */

/* Any pointer whose pointee starts with struct nk_message (base_). */
#define __nk_msg(m)	((struct nk_message *)(void *)(m))
#define __nk_cmsg(m)	((const struct nk_message *)(const void *)(m))

void __nk_msg_reset(struct nk_message *msg, nk_size_t size);
void __nk_msg_err_reset(struct nk_message *msg, nk_size_t size);

/*
 * Reset the header of a generated request/response struct or union @p
 * (first member base_), recording sizeof(*p) as the constant part size.
 */
#define nk_req_reset(p)		__nk_msg_reset(&(p)->base_, sizeof(*(p)))
/* Same, and mark the message as an error response (the err_ member). */
#define nk_err_reset(p)		__nk_msg_err_reset(&(p)->base_, sizeof(*(p)))

static inline void __nk_msg_set_method_id(struct nk_message *msg,
					  nk_iid_t iid, nk_uint16_t mid)
{
	msg->iid = iid;
	msg->mid = mid;
}

static inline void __nk_msg_set_ncaps(struct nk_message *msg, nk_uint16_t n)
{
	msg->ncaps = n;
}

/* @m: &req.base_ or &req alike; each argument is evaluated once. */
#define nk_msg_set_method_id(m, iid, mid)				\
	__nk_msg_set_method_id(__nk_msg(m), (nk_iid_t)(iid), (nk_uint16_t)(mid))
#define nk_msg_set_ncaps(m, n)	__nk_msg_set_ncaps(__nk_msg(m), (nk_uint16_t)(n))
#define nk_msg_get_iid(m)	(__nk_cmsg(m)->iid)
#define nk_msg_get_mid(m)	(__nk_cmsg(m)->mid)
#define nk_msg_get_ncaps(m)	(__nk_cmsg(m)->ncaps)
/* Non-zero if the response is an error response (err_ member). */
#define nk_msg_check_err(m)	((__nk_cmsg(m)->flags & NK_MSG_F_ERROR) != 0)

/*
 * ---- handles in messages (libnkos; docs/kos-api.md) ----
 *
 * Called by nkc's generated proxies and dispatchers, which find a
 * message's handle fields (nk_msg_walk_handles, nk/msgcheck.h); a
 * hand-written sender or receiver may call them too.
 *
 * nk_msg_handles_attach: @msg, about to be sent by this thread, carries
 * the @n descriptors *@desc[i] (copied): its ncaps becomes @n and the next
 * send of @msg by this thread over libnkos's transports passes them to
 * the kernel.  NK_EINVAL for more than NK_MSG_MAX_HANDLES (16).
 *
 * nk_msg_handles_take: @msg was just received by this thread with
 * msg->ncaps handles; they are written into *@desc[0..@n-1] in order.
 * NK_EBADMSG if @n is not the number received (the received handles are
 * then closed and the fields reset): a sender cannot make a receiver
 * hold handles it did not ask for.
 *
 * nk_msg_handles_drop: closes what this thread received and did not take,
 * and forgets its attachment (not closing anything of it).
 */
nk_err_t nk_msg_handles_attach(struct nk_message *msg, nk_handle_desc_t *const *desc,
			       nk_uint32_t n);
nk_err_t nk_msg_handles_take(const struct nk_message *msg, nk_handle_desc_t *const *desc,
			     nk_uint32_t n);
void nk_msg_handles_drop(void);

#ifdef __cplusplus
}
#endif

#endif /* NK_TRANSPORT_H */
