// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * types_server.c - an implementation of types.All (every parameter kind)
 * whose outputs are simple functions of its inputs, so the client side can
 * check that each kind travelled both ways.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <services/ocap.h>

#include <types/Server.edl.h>

#include "rt.h"

int types_impl_calls;

static nk_err_t Scalars(struct types_All *self, const struct types_All_Scalars_req *req,
			const struct nk_arena *ra, struct types_All_Scalars_res *res,
			struct nk_arena *sa)
{
	(void)self; (void)ra; (void)sa;
	types_impl_calls++;
	res->oa = (nk_sint8_t)(req->a - 1);
	res->ob = (nk_sint16_t)(req->b - 1);
	res->oc = req->c - 1;
	res->od = req->d - 1;
	res->oe = (nk_uint8_t)(req->e + 1);
	res->of = (nk_uint16_t)(req->f + 1);
	res->og = req->g + 1;
	res->oh = req->h + 1;
	res->oi = (nk_char_t)toupper((unsigned char)req->i);
	/* the handle received goes back, moved: this side keeps no copy */
	res->oj = nk_handle_desc_is_set(&req->j) ?
		nk_handle_desc(req->j.handle, req->j.rights | NK_HANDLE_MOVE) : nk_handle_desc();
	return NK_EOK;
}

static nk_err_t Strings(struct types_All *self, const struct types_All_Strings_req *req,
			const struct nk_arena *ra, struct types_All_Strings_res *res,
			struct nk_arena *sa)
{
	nk_uint32_t n1, n2;
	const char *s = nk_arena_get(char, ra, &req->s, &n1);
	const char *n = nk_arena_get(char, ra, &req->n, &n2);
	char buf[64];

	(void)self;
	types_impl_calls++;
	if (!s || !n)
		return NK_EINVAL;
	snprintf(buf, sizeof(buf), "%s/%s", s, n);
	res->len = (nk_uint32_t)strlen(buf);
	return nk_arena_store(char, sa, &res->joined, buf, strlen(buf) + 1) ? NK_ENOMEM : NK_EOK;
}

static nk_err_t Blobs(struct types_All *self, const struct types_All_Blobs_req *req,
		      const struct nk_arena *ra, struct types_All_Blobs_res *res,
		      struct nk_arena *sa)
{
	nk_uint32_t n;
	const nk_uint8_t *d = nk_arena_get(nk_uint8_t, ra, &req->data, &n);
	nk_uint8_t *o;

	(void)self;
	types_impl_calls++;
	if (!d && n)
		return NK_EINVAL;
	o = nk_arena_alloc(nk_uint8_t, sa, &res->reversed, n);
	if (!o && n)
		return NK_ENOMEM;
	for (nk_uint32_t i = 0; i < n; i++)
		o[i] = d[n - 1 - i];
	return NK_EOK;
}

static nk_err_t Seqs(struct types_All *self, const struct types_All_Seqs_req *req,
		     const struct nk_arena *ra, struct types_All_Seqs_res *res,
		     struct nk_arena *sa)
{
	nk_size_t n, w;
	const nk_uint32_t *nums = nk_arena_get(nk_uint32_t, ra, &req->nums, &n);
	const nk_ptr_t *words = nk_arena_get(nk_ptr_t, ra, &req->words, &w);
	nk_uint64_t *sq;
	nk_ptr_t *up;

	(void)self;
	types_impl_calls++;
	sq = nk_arena_alloc(nk_uint64_t, sa, &res->squares, n);
	up = nk_arena_alloc(nk_ptr_t, sa, &res->upper, w);
	if ((n && !sq) || (w && !up))
		return NK_ENOMEM;
	for (nk_size_t i = 0; i < n; i++)
		sq[i] = (nk_uint64_t)nums[i] * nums[i];
	for (nk_size_t i = 0; i < w; i++) {
		nk_uint32_t len;
		const char *s = nk_arena_get(char, ra, &words[i], &len);
		char *d = nk_arena_alloc(char, sa, &up[i], len);

		if (!s || !d)
			return NK_ENOMEM;
		for (nk_uint32_t k = 0; k < len; k++)
			d[k] = (char)toupper((unsigned char)s[k]);
	}
	return NK_EOK;
}

static nk_err_t Arrays(struct types_All *self, const struct types_All_Arrays_req *req,
		       const struct nk_arena *ra, struct types_All_Arrays_res *res,
		       struct nk_arena *sa)
{
	(void)self; (void)sa;
	types_impl_calls++;
	for (int i = 0; i < 3; i++)
		res->rev[i] = req->a[2 - i];
	for (int i = 0; i < 2; i++) {
		nk_uint32_t len;
		const char *s = nk_arena_get(char, ra, &req->names[i], &len);

		if (!s)
			return NK_EINVAL;
		res->pts[i].x = (nk_sint32_t)strlen(s);
		res->pts[i].y = -i;
	}
	return NK_EOK;
}

static int copy_entry(const struct nk_arena *ra, const types_Common_Entry *in,
		      struct nk_arena *sa, types_Common_Entry *out)
{
	nk_uint32_t kl, bl;
	const char *k = nk_arena_get(char, ra, &in->key, &kl);
	const nk_uint8_t *b = nk_arena_get(nk_uint8_t, ra, &in->blob, &bl);

	if (!k || (!b && bl))
		return -1;
	*out = *in;
	if (nk_arena_store(char, sa, &out->key, k, kl) ||
	    nk_arena_store(nk_uint8_t, sa, &out->blob, b, bl))
		return -1;
	return 0;
}

static nk_err_t Structs(struct types_All *self, const struct types_All_Structs_req *req,
			const struct nk_arena *ra, struct types_All_Structs_res *res,
			struct nk_arena *sa)
{
	nk_uint32_t n;
	const types_Common_Entry *list = nk_arena_get(types_Common_Entry, ra, &req->list, &n);

	(void)self;
	types_impl_calls++;
	if (copy_entry(ra, &req->e, sa, &res->copy))
		return NK_EINVAL;
	if (nk_handle_desc_is_set(&res->copy.h))
		res->copy.h.rights |= NK_HANDLE_MOVE;
	/* a handle in a sequence element: written to, then closed */
	for (nk_uint32_t i = 0; list && i < n; i++) {
		if (nk_handle_desc_is_set(&list[i].h)) {
			if (write((int)list[i].h.handle, "s", 1) != 1)
				return NK_EINVAL;
			close((int)list[i].h.handle);
		}
	}
	/* count: entries plus the total length of their keys */
	res->count = n;
	for (nk_uint32_t i = 0; i < n; i++) {
		nk_uint32_t kl;

		if (!nk_arena_get(char, ra, &list[i].key, &kl))
			return NK_EINVAL;
		res->count += 100 * (kl - 1) + (nk_uint32_t)list[i].stamp;
	}
	return NK_EOK;
}

static nk_err_t Unions(struct types_All *self, const struct types_All_Unions_req *req,
		       const struct nk_arena *ra, struct types_All_Unions_res *res,
		       struct nk_arena *sa)
{
	(void)self;
	types_impl_calls++;
	res->back.nk_tag = req->v.nk_tag;
	switch (req->v.nk_tag) {
	case types_Common_Value_small_tag:
		res->back.nk_tag = types_Common_Value_wide_tag;
		res->back.wide = (nk_uint64_t)req->v.small * 2;
		break;
	case types_Common_Value_wide_tag:
		res->back.wide = req->v.wide + 1;
		break;
	case types_Common_Value_text_tag: {
		nk_uint32_t len;
		const char *s = nk_arena_get(char, ra, &req->v.text, &len);
		char *d = nk_arena_alloc(char, sa, &res->back.text, len);

		if (!s || !d)
			return NK_EINVAL;
		for (nk_uint32_t i = 0; i < len; i++)
			d[i] = (char)toupper((unsigned char)s[i]);
		break;
	}
	case types_Common_Value_pt_tag:
		res->back.pt.x = req->v.pt.y;
		res->back.pt.y = req->v.pt.x;
		break;
	}
	return NK_EOK;
}

static nk_err_t Fails(struct types_All *self, const struct types_All_Fails_req *req,
		      const struct nk_arena *ra, struct types_All_Fails_res *res,
		      struct nk_arena *sa)
{
	static const char why[] = "code rejected";

	(void)self; (void)ra;
	types_impl_calls++;
	if (req->code == 0) {
		res->never = 7;
		return NK_EOK;
	}
	/* both spellings KOS code uses: the err_ member, or the whole res */
	if (req->code == 1)
		nk_err_reset(&res->err_);
	else
		nk_err_reset(res);
	res->err_.reason = req->code * 10;
	return nk_arena_store(char, sa, &res->err_.why, why, sizeof(why)) ? NK_ENOMEM : NK_EOK;
}

static nk_err_t Nothing(struct types_All *self, const struct types_All_Nothing_req *req,
			const struct nk_arena *ra, struct types_All_Nothing_res *res,
			struct nk_arena *sa)
{
	(void)self; (void)req; (void)ra; (void)res; (void)sa;
	types_impl_calls++;
	return NK_EOK;
}

static const struct types_All_ops ops = {
	Scalars, Strings, Blobs, Seqs, Arrays, Structs, Unions, Fails, Nothing,
};

static struct types_All impl = { &ops };
/* the second endpoint leaves Nothing unimplemented */
static const struct types_All_ops partial_ops = {
	Scalars, Strings, Blobs, Seqs, Arrays, Structs, Unions, Fails, NK_NULL,
};
static struct types_All partial = { &partial_ops };

void types_server_init(struct types_Server_entity *entity)
{
	types_Server_entity_init(entity, &impl, &partial);
}

nk_err_t types_dispatch(void *entity, const struct nk_message *req,
			const struct nk_arena *req_arena, struct nk_message *res,
			struct nk_arena *res_arena)
{
	return types_Server_entity_dispatch(entity, req, req_arena, res, res_arena);
}
