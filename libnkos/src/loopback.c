// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * loopback.c - the in-process transport of nk/transport-loopback.h.
 *
 * It checks what the kernel checks on the way (header present, sizes
 * consistent, buffers large enough), so code tested over it behaves the
 * same over the module.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nk/transport-loopback.h>

#include "handles.h"

static nk_size_t round8(nk_size_t v)
{
	return (v + 7) & ~(nk_size_t)7;
}

static int msg_ok(const struct nk_message *m, nk_size_t cap)
{
	return m->size >= sizeof(*m) && m->size <= cap;
}

/*
 * The handles attached to @from arrive with @to as the kernel would hand
 * them over: new fds (dup'ed here, in one process) with the rights sent.
 */
static nk_err_t loop_xfer(const struct nk_message *from, const struct nk_message *to)
{
	struct nkipc_handle_desc t[NKIPC_MSG_MAX_HANDLES];
	nk_uint32_t i, n = from->ncaps;
	int err, fd;

	err = nk_handles_out(from, t);
	for (i = 0; !err && i < n; i++) {
		fd = fcntl(t[i].fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0) {
			err = errno;
			while (i--)
				close(t[i].fd);
			break;
		}
		t[i].fd = fd;
	}
	nk_handles_sent(from, err);
	if (err)
		return err == EBADF || err == EINVAL ? NK_EINVAL : NK_ENOMEM;
	nk_handles_in(to, t, n);
	return NK_EOK;
}

static nk_err_t loop_call(struct nk_transport *t, struct nk_message *req,
			  const struct nk_arena *req_arena,
			  struct nk_message *res, struct nk_arena *res_arena)
{
	struct nk_loopback_transport *lt = (void *)t;
	const struct NkKosDispatchInfo *info = &lt->info;
	nk_size_t alen = nk_arena_allocated_size(req_arena);
	nk_size_t qcap = round8(info->req_size > sizeof(*req) ?
				info->req_size : sizeof(*req));
	nk_size_t scap = round8(info->res_size > sizeof(*res) ?
				info->res_size : sizeof(*res));
	struct nk_message *sreq = NULL, *sres = NULL;
	void *qa = NULL, *sa = NULL;
	struct nk_arena qarena, sarena;
	nk_err_t rc;
	nk_size_t rlen;

	if (req->size < sizeof(*req) || res->size < sizeof(*res))
		return NK_EINVAL;
	if (req->size > qcap || alen > info->req_arena_size)
		return NK_ENOBUFS;
	sreq = aligned_alloc(8, qcap);
	sres = aligned_alloc(8, scap);
	qa = malloc(round8(info->req_arena_size) + 8);
	sa = malloc(round8(info->res_arena_size) + 8);
	rc = NK_ENOMEM;
	if (!sreq || !sres || !qa || !sa)
		goto out;
	req->arena_size = (nk_uint32_t)alen;
	memcpy(sreq, req, req->size);
	if (alen)
		memcpy(qa, req_arena->start, alen);
	qarena = nk_arena_create(qa, info->req_arena_size);
	qarena.current = qarena.start + alen;
	sarena = nk_arena_create(sa, info->res_arena_size);
	memset(sres, 0, scap);	/* no heap bytes in the response's padding */
	__nk_msg_reset(sres, scap);
	rc = loop_xfer(req, sreq);
	if (rc != NK_EOK)
		goto out;
	rc = info->dispatch(info->self, sreq, &qarena, sres, &sarena);
	if (rc != NK_EOK) {
		nk_msg_handles_drop();
		goto out;
	}
	rc = NK_EBADMSG;
	if (!msg_ok(sres, scap))
		goto out;
	rlen = nk_arena_allocated_size(&sarena);
	rc = NK_ENOBUFS;
	if (sres->size > res->size || rlen > nk_arena_capacity(res_arena))
		goto out;
	sres->arena_size = (nk_uint32_t)rlen;
	rc = loop_xfer(sres, res);
	if (rc != NK_EOK)
		goto out;
	memcpy(res, sres, sres->size);
	if (res_arena) {
		nk_arena_reset(res_arena);
		if (rlen) {
			memcpy(res_arena->start, sa, rlen);
			res_arena->current = res_arena->start + rlen;
		}
	}
	rc = NK_EOK;
out:
	free(sreq);
	free(sres);
	free(qa);
	free(sa);
	return rc;
}

static nk_err_t loop_recv(struct nk_transport *t, struct nk_message *req,
			  struct nk_arena *req_arena)
{
	(void)t;
	(void)req;
	(void)req_arena;
	return NK_ENOSYS;
}

static nk_err_t loop_reply(struct nk_transport *t, struct nk_message *res,
			   const struct nk_arena *res_arena)
{
	(void)t;
	(void)res;
	(void)res_arena;
	return NK_ENOSYS;
}

static const struct nk_transport_ops loopback_ops = {
	.call = loop_call,
	.recv = loop_recv,
	.reply = loop_reply,
};

nk_err_t nk_loopback_transport_init(struct nk_loopback_transport *lt,
				    const struct NkKosDispatchInfo *info)
{
	if (!lt || !info || !info->dispatch)
		return NK_EINVAL;
	lt->base.ops = &loopback_ops;
	lt->info = *info;
	return NK_EOK;
}
