// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * direct.c - generated proxies and dispatchers over a user-written
 * transport, as KOS users write test doubles: call() hands the request and
 * its arena straight to the entity dispatcher and the client's response
 * buffers to it as the response buffers.  Nothing fills the header's
 * arena_size (only libnkos's transports do); chunks are bounded by the
 * arena handed over.  Also: an implementation returning NK_ELOGIC_MAKE()
 * for a method whose only error parameter is a UInt16 gets the error
 * response nk-gen-c's dispatcher makes.
 */
#include <stdlib.h>
#include <string.h>

#include <kos/Kv.edl.h>

#include "rt.h"

struct direct {
	struct nk_transport base;
	struct kos_Kv_entity *entity;
	int calls;
	nk_err_t last;
};

static nk_err_t direct_call(struct nk_transport *t, struct nk_message *req,
			    const struct nk_arena *req_arena, struct nk_message *res,
			    struct nk_arena *res_arena)
{
	struct direct *d = (struct direct *)t;

	d->calls++;
	if (res_arena)
		nk_arena_reset(res_arena);
	d->last = kos_Kv_entity_dispatch(d->entity, req, req_arena, res, res_arena);
	return d->last;
}

static const struct nk_transport_ops direct_ops = { .call = direct_call };

static char stored_key[40];
static nk_uint8_t stored[64];
static nk_uint32_t nstored;

static nk_err_t Put(struct kos_Store *self, const struct kos_Store_Put_req *req,
		    const struct nk_arena *ra, struct kos_Store_Put_res *res, struct nk_arena *sa)
{
	nk_uint32_t klen, n;
	const char *key = nk_arena_get(char, ra, &req->key, &klen);
	const nk_uint8_t *data = nk_arena_get(nk_uint8_t, ra, &req->data, &n);

	(void)self;
	(void)res;
	(void)sa;
	if (!key || !data)
		return NK_EINVAL;
	if (!strcmp(key, "full"))
		return NK_ELOGIC_MAKE(28);	/* a logical error: the error response */
	memcpy(stored_key, key, klen);
	memcpy(stored, data, n);
	nstored = n;
	return NK_EOK;
}

static nk_err_t Get(struct kos_Store *self, const struct kos_Store_Get_req *req,
		    const struct nk_arena *ra, struct kos_Store_Get_res *res, struct nk_arena *sa)
{
	nk_uint32_t klen;
	const char *key = nk_arena_get(char, ra, &req->key, &klen);

	(void)self;
	if (!key || strcmp(key, stored_key))
		return NK_ELOGIC_MAKE(2);
	res->h = nk_handle_desc();	/* a transport of its own carries no handles */
	return nk_arena_store(nk_uint8_t, sa, &res->data, stored, nstored) ? NK_ENOMEM : NK_EOK;
}

static const struct kos_Store_ops store_ops = { Put, Get, NK_NULL };

void test_direct(void)
{
	struct kos_Store impl = { &store_ops };
	struct kos_Kv_entity entity;
	struct direct tr = { { &direct_ops }, &entity, 0, 0 };
	struct kos_Store_proxy proxy;
	struct kos_Store_Put_req put;
	struct kos_Store_Put_res put_res;
	struct kos_Store_Get_req get;
	struct kos_Store_Get_res get_res;
	_Alignas(8) char qbuf[kos_Kv_entity_req_arena_size];
	_Alignas(8) char sbuf[kos_Kv_entity_res_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qbuf, qbuf + sizeof(qbuf));
	struct nk_arena sa = NK_ARENA_INITIALIZER(sbuf, sbuf + sizeof(sbuf));
	const nk_uint8_t data[5] = { 1, 2, 3, 4, 5 };
	nk_uint32_t n;
	nk_err_t rc;

	kos_Kv_entity_init(&entity, &impl);
	kos_Store_proxy_init(&proxy, &tr.base, kos_Kv_store_iid);

	/* a request with two chunks, no response arena */
	nk_arena_store(char, &qa, &put.key, "alpha", 6);
	nk_arena_store(nk_uint8_t, &qa, &put.data, data, 5);
	memset(&put.base_, 0, sizeof(put.base_));	/* arena_size: 0, as users leave it */
	rc = kos_Store_Put_proxy(&proxy, &put, &qa, &put_res, NK_NULL);
	ok(rc == NK_EOK && tr.last == NK_EOK && !nk_msg_check_err(&put_res) && nstored == 5 &&
	   !strcmp(stored_key, "alpha") && put.base_.arena_size == 0,
	   "direct transport: request chunks bounded by the arena handed over (got %d)", rc);

	/* a response chunk written into the client's response arena */
	nk_arena_reset(&qa);
	nk_arena_store(char, &qa, &get.key, "alpha", 6);
	rc = kos_Store_Get(&proxy.base, &get, &qa, &get_res, &sa);
	const nk_uint8_t *back = nk_arena_get(nk_uint8_t, &sa, &get_res.data, &n);

	ok(rc == NK_EOK && !nk_msg_check_err(&get_res) && get_res.h.handle == NK_INVALID_HANDLE && back && n == 5 &&
	   back[4] == 5, "direct transport: response chunk read back by the proxy (got %d)", rc);

	/* NK_ELOGIC_MAKE(code): the dispatcher makes the error response */
	nk_arena_reset(&qa);
	nk_arena_store(char, &qa, &put.key, "full", 5);
	nk_arena_store(nk_uint8_t, &qa, &put.data, data, 1);
	rc = kos_Store_Put(&proxy.base, &put, &qa, &put_res, NK_NULL);
	ok(rc == NK_EOK && tr.last == NK_EOK && nk_msg_check_err(&put_res) &&
	   put_res.err_.status == 28 && put_res.base_.iid == kos_Kv_store_iid &&
	   put_res.base_.mid == kos_Store_Put_mid,
	   "NK_ELOGIC_MAKE(28) from the implementation: error response with status 28");
	nk_arena_reset(&qa);
	nk_arena_store(char, &qa, &get.key, "beta", 5);
	rc = kos_Store_Get(&proxy.base, &get, &qa, &get_res, &sa);
	ok(rc == NK_EOK && nk_msg_check_err(&get_res) && get_res.err_.status == 2,
	   "NK_ELOGIC_MAKE(2) with out parameters: error response, status 2");
	ok(NK_ELOGIC_CHECK(NK_ELOGIC_MAKE(0xffff)) && NK_ELOGIC_GET(NK_ELOGIC_MAKE(0xffff)) == 0xffff &&
	   !NK_ELOGIC_CHECK(NK_EOK) && !NK_ELOGIC_CHECK(NK_EBADMSG) && !NK_ELOGIC_CHECK(NK_ENOMEM),
	   "NK_ELOGIC codes are distinct from the transport's nk_err_t codes");

	/* a chunk beyond the used part of the arena handed over */
	nk_arena_reset(&qa);
	nk_arena_store(char, &qa, &put.key, "alpha", 6);
	nk_arena_store(nk_uint8_t, &qa, &put.data, data, 5);
	put.data.size = 6;	/* one byte past what was allocated */
	tr.calls = 0;
	int before = (int)nstored;

	nstored = 0;
	nk_msg_set_method_id(&put.base_, kos_Kv_store_iid, kos_Store_Put_mid);
	put.base_.size = sizeof(put);
	rc = kos_Kv_entity_dispatch(&entity, &put.base_, &qa, &put_res.base_, NK_NULL);
	ok(rc == NK_EBADMSG && nstored == 0,
	   "a chunk past the used part of the request arena: NK_EBADMSG (got %d)", rc);
	nstored = (nk_uint32_t)before;
	put.data.size = 5;
	qa.current = qa.start + 3;	/* the key chunk itself is cut */
	rc = kos_Kv_entity_dispatch(&entity, &put.base_, &qa, &put_res.base_, NK_NULL);
	ok(rc == NK_EBADMSG, "an arena handed over with less than the chunks: NK_EBADMSG");

	/* the test message generators */
	nk_bool_t failure = 1;

	nk_arena_reset(&qa);
	rc = kos_Store_Put_test_req(&put, &qa, rand, &failure);
	put.base_.size = sizeof(put);
	nk_msg_set_method_id(&put.base_, kos_Kv_store_iid, kos_Store_Put_mid);
	ok(rc == NK_EOK && !failure &&
	   kos_Kv_entity_dispatch(&entity, &put.base_, &qa, &put_res.base_, NK_NULL) == NK_EOK,
	   "P_M_test_req makes a request the dispatcher accepts");
}
