// SPDX-License-Identifier: GPL-2.0-or-later
/* loop.c - see loop.h. */
#include <string.h>

#include "loop.h"

#define BUF 16384

static nk_err_t loop_call(struct nk_transport *t, struct nk_message *req,
			  const struct nk_arena *req_arena, struct nk_message *res,
			  struct nk_arena *res_arena)
{
	struct loop *l = (struct loop *)t;
	static _Alignas(8) unsigned char sreq[BUF], sres[BUF], sarena[BUF], sresarena[BUF];
	nk_size_t alen = nk_arena_allocated_size(req_arena);
	struct nk_message *sr = (struct nk_message *)(void *)sres;

	l->calls++;
	req->arena_size = (nk_uint32_t)alen;
	if (req->size > BUF || alen > BUF)
		return NK_ENOBUFS;
	memset(sreq, 0, sizeof(sreq));
	memcpy(sreq, req, req->size);
	if (alen)
		memcpy(sarena, req_arena->start, alen);
	struct nk_arena in = NK_ARENA_INITIALIZER(sarena, sarena + BUF);
	struct nk_arena out = NK_ARENA_INITIALIZER(sresarena, sresarena + BUF);

	in.current = in.start + alen;
	if (l->tamper_req)
		l->tamper_req((struct nk_message *)(void *)sreq, &in);
	memset(sres, 0, sizeof(sres));
	sr->size = BUF;
	l->last_rc = l->dispatch(l->entity, (struct nk_message *)(void *)sreq, &in, sr, &out);
	if (l->last_rc != NK_EOK)
		return l->last_rc;
	sr->arena_size = (nk_uint32_t)nk_arena_allocated_size(&out);
	if (l->tamper_res)
		l->tamper_res(sr, &out);
	if (sr->size > res->size)
		return NK_ENOBUFS;
	if (sr->arena_size && (!res_arena || sr->arena_size > nk_arena_capacity(res_arena)))
		return NK_ENOBUFS;
	memcpy(res, sres, sr->size);
	if (res_arena) {
		memcpy(res_arena->start, sresarena, sr->arena_size);
		res_arena->current = res_arena->start + sr->arena_size;
	}
	return NK_EOK;
}

static const struct nk_transport_ops loop_ops = { .call = loop_call };

void loop_init(struct loop *l, loop_dispatch_fn *dispatch, void *entity)
{
	memset(l, 0, sizeof(*l));
	l->base.ops = &loop_ops;
	l->dispatch = dispatch;
	l->entity = entity;
}
