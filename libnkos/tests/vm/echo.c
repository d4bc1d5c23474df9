// SPDX-License-Identifier: LGPL-2.1-or-later
/* echo.c - the test entity of echo.h: answers Say(text, n) with (text, n + 1). */
#include <string.h>
#include <unistd.h>

#include "echo.h"

static const struct nk_endpoint_meta echo_rows[] = {
	{ "ping", "test.Ping", Echo_ping_iid, Ping_mid_max },
	{ "test.Echo.ping", "test.Ping", Echo_ping_iid, Ping_mid_max },
	{ "OpsComp.FS", "test.Ping", Echo_OpsComp_FS_iid, Ping_mid_max },
	{ "test.Operations.FS", "test.Ping", Echo_OpsComp_FS_iid, Ping_mid_max },
	{ "a.b.ep", "test.Ping", Echo_a_b_ep_iid, Ping_mid_max },
	{ "test.Inner.ep", "test.Ping", Echo_a_b_ep_iid, Ping_mid_max },
};

const struct nk_entity_meta echo_meta = {
	"test.Echo", sizeof(echo_rows) / sizeof(echo_rows[0]), echo_rows,
};

/* What the .edl.h constructor does. */
__attribute__((constructor)) static void echo_meta_register(void)
{
	nk_meta_register(&echo_meta);
}

nk_err_t Echo_entity_dispatch(struct Echo_entity *self,
			      const struct nk_message *req,
			      const struct nk_arena *req_arena,
			      struct nk_message *res,
			      struct nk_arena *res_arena)
{
	const Ping_Say_req *q = (const void *)req;
	Ping_Say_res *r = (void *)res;
	const char *in;
	char *out;
	nk_uint32_t len;

	if (req->iid >= Echo_iidMax || req->mid != Ping_Say_mid)
		return NK_ENOENT;
	if (req->size != sizeof(*q))
		return NK_EBADMSG;
	in = nk_arena_get(char, req_arena, &q->text, &len);
	if (!in || !len || in[len - 1] != '\0')
		return NK_EBADMSG;
	if (self->delay_us)
		usleep(self->delay_us);
	nk_req_reset(r);
	nk_msg_set_method_id(r, req->iid, req->mid);
	r->n = q->n + 1;
	out = nk_arena_alloc(char, res_arena, &r->text, len);
	if (!out)
		return NK_ENOMEM;
	memcpy(out, in, len);
	return NK_EOK;
}

nk_err_t echo_say(struct nk_transport *t, nk_iid_t riid, const char *text,
		  nk_uint32_t n, char *out, nk_size_t out_size,
		  nk_uint32_t *n_out)
{
	Ping_Say_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size], sb[Ping_Say_res_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	struct nk_arena sa = NK_ARENA_INITIALIZER(sb, sb + sizeof(sb));
	const char *s;
	nk_size_t len;
	nk_err_t rc;

	nk_req_reset(&req);
	nk_req_reset(&res);
	nk_msg_set_method_id(&req, riid, Ping_Say_mid);
	req.n = n;
	if (NkKosCopyStringToArena(&qa, &req.text, text) != rcOk)
		return NK_ENOMEM;
	rc = nk_transport_call(t, &req.base_, &qa, &res.base_, &sa);
	if (rc != NK_EOK)
		return rc;
	s = nk_arena_get(char, &sa, &res.text, &len);
	if (!s || !len || s[len - 1] != '\0' || len > out_size)
		return NK_EBADMSG;
	memcpy(out, s, len);
	*n_out = res.n;
	return NK_EOK;
}
