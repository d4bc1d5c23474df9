// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_loopback.c - the loopback transport with a hand-written entity in
 * the shape nkc generates (proxy side: reset, set ids, call).
 */
#include <string.h>

#include <nk/transport-loopback.h>

#include "suites.h"

enum { Echo_Say_mid, Echo_mid_max };
#define ECHO_RIID 3

typedef struct __nk_packed Echo_Say_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t text;
	__nk_alignas(4) nk_uint32_t n;
} Echo_Say_req;

typedef struct __nk_packed Echo_Say_res {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t text;
	__nk_alignas(4) nk_uint32_t n;
} Echo_Say_res;

struct echo_server {
	int bad_size;		/* make the dispatcher produce a bad header */
	unsigned int out_len;	/* bytes of response arena to produce */
};

static nk_err_t echo_dispatch(void *self, const struct nk_message *req,
			      const struct nk_arena *req_arena,
			      struct nk_message *res,
			      struct nk_arena *res_arena)
{
	struct echo_server *srv = self;
	const Echo_Say_req *q = (const void *)req;
	Echo_Say_res *r = (void *)res;
	nk_size_t n;
	const char *in;
	char *out;

	if (req->iid != ECHO_RIID || req->mid != Echo_Say_mid)
		return NK_ENOENT;
	if (req->size < sizeof(*q))
		return NK_EBADMSG;
	in = nk_arena_get(char, req_arena, &q->text, &n);
	if (!in)
		return NK_EBADMSG;
	nk_req_reset(r);
	nk_msg_set_method_id(r, req->iid, req->mid);
	r->n = q->n + 1;
	out = nk_arena_alloc(char, res_arena, &r->text,
			     srv->out_len ? srv->out_len : n);
	if (!out)
		return NK_ENOMEM;
	memcpy(out, in, n < srv->out_len || !srv->out_len ? n : srv->out_len);
	if (srv->bad_size)
		r->base_.size = 4;
	return NK_EOK;
}

static struct echo_server srv;
static struct nk_loopback_transport lt;

static void setup(void)
{
	const struct NkKosDispatchInfo info = {
		echo_dispatch, &srv, sizeof(Echo_Say_req), 64,
		sizeof(Echo_Say_res), 64,
	};

	memset(&srv, 0, sizeof(srv));
	ck_assert_int_eq(nk_loopback_transport_init(&lt, &info), NK_EOK);
}

/* What a generated proxy does. */
static nk_err_t say(const char *text, nk_uint32_t n, Echo_Say_res *res,
		    struct nk_arena *res_arena, nk_uint16_t mid)
{
	Echo_Say_req req;
	char b[64];
	struct nk_arena a = NK_ARENA_INITIALIZER(b, b + sizeof(b));

	nk_req_reset(&req);
	nk_req_reset(res);
	nk_msg_set_method_id(&req, ECHO_RIID, mid);
	req.n = n;
	if (NkKosCopyStringToArena(&a, &req.text, text) != rcOk)
		return NK_ENOMEM;
	return nk_transport_call(&lt.base, &req.base_, &a, &res->base_,
				 res_arena);
}

START_TEST(roundtrip)
{
	Echo_Say_res res;
	char b[64];
	struct nk_arena ra = NK_ARENA_INITIALIZER(b, b + sizeof(b));
	nk_uint32_t n;

	ck_assert_int_eq(say("ping", 3, &res, &ra, Echo_Say_mid), NK_EOK);
	ck_assert_uint_eq(res.n, 4);
	ck_assert_uint_eq(res.base_.size, sizeof(res));
	ck_assert_uint_eq(res.base_.arena_size, 5);
	ck_assert_uint_eq(nk_arena_allocated_size(&ra), 5);
	ck_assert_str_eq(nk_arena_get(char, &ra, &res.text, &n), "ping");
	ck_assert_uint_eq(n, 5);
}
END_TEST

START_TEST(unknown_method)
{
	Echo_Say_res res;
	char b[64];
	struct nk_arena ra = NK_ARENA_INITIALIZER(b, b + sizeof(b));

	ck_assert_int_eq(say("x", 0, &res, &ra, Echo_mid_max), NK_ENOENT);
}
END_TEST

START_TEST(response_arena_too_small)
{
	Echo_Say_res res;
	char b[4];
	struct nk_arena ra = NK_ARENA_INITIALIZER(b, b + sizeof(b));

	ck_assert_int_eq(say("long text", 0, &res, &ra, Echo_Say_mid),
			 NK_ENOBUFS);
	ck_assert_int_eq(say("abc", 0, &res, NK_NULL, Echo_Say_mid),
			 NK_ENOBUFS);
	ck_assert_int_eq(say("abc", 0, &res, &ra, Echo_Say_mid), NK_EOK);
}
END_TEST

START_TEST(response_header_too_small)
{
	Echo_Say_res res;
	char b[64];
	struct nk_arena ra = NK_ARENA_INITIALIZER(b, b + sizeof(b));
	Echo_Say_req req;
	struct nk_message small;
	struct nk_arena qa = NK_ARENA_INITIALIZER(b, b + sizeof(b));

	(void)res;
	nk_req_reset(&req);
	nk_msg_set_method_id(&req, ECHO_RIID, Echo_Say_mid);
	ck_assert_int_eq(NkKosCopyStringToArena(&qa, &req.text, "a"), rcOk);
	__nk_msg_reset(&small, sizeof(small));	/* room for a header only */
	ck_assert_int_eq(nk_transport_call(&lt.base, &req.base_, &qa, &small,
					   &ra), NK_ENOBUFS);
}
END_TEST

START_TEST(bad_response_from_server)
{
	Echo_Say_res res;
	char b[64];
	struct nk_arena ra = NK_ARENA_INITIALIZER(b, b + sizeof(b));

	srv.bad_size = 1;
	ck_assert_int_eq(say("a", 0, &res, &ra, Echo_Say_mid), NK_EBADMSG);
}
END_TEST

START_TEST(request_checks)
{
	Echo_Say_req req;
	Echo_Say_res res;
	char big[128];
	struct nk_arena qa = NK_ARENA_INITIALIZER(big, big + sizeof(big));
	nk_ptr_t p;

	nk_req_reset(&req);
	nk_req_reset(&res);
	nk_msg_set_method_id(&req, ECHO_RIID, Echo_Say_mid);
	/* arena larger than the server's request arena */
	ck_assert_ptr_nonnull(nk_arena_alloc(char, &qa, &p, 100));
	ck_assert_int_eq(nk_transport_call(&lt.base, &req.base_, &qa,
					   &res.base_, NK_NULL), NK_ENOBUFS);
	/* header claiming less than a header */
	req.base_.size = 3;
	ck_assert_int_eq(nk_transport_call(&lt.base, &req.base_, NK_NULL,
					   &res.base_, NK_NULL), NK_EINVAL);
	ck_assert_int_eq(nk_transport_recv(&lt.base, &req.base_, NK_NULL),
			 NK_ENOSYS);
	ck_assert_int_eq(nk_transport_reply(&lt.base, &res.base_, NK_NULL),
			 NK_ENOSYS);
}
END_TEST

START_TEST(init_checks)
{
	struct nk_loopback_transport t;
	struct NkKosDispatchInfo info = { 0 };

	ck_assert_int_eq(nk_loopback_transport_init(&t, &info), NK_EINVAL);
	ck_assert_int_eq(nk_loopback_transport_init(&t, NK_NULL), NK_EINVAL);
}
END_TEST

Suite *loopback_suite(void)
{
	Suite *s = suite_create("loopback");
	TCase *tc = tcase_create("loopback");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, roundtrip);
	tcase_add_test(tc, unknown_method);
	tcase_add_test(tc, response_arena_too_small);
	tcase_add_test(tc, response_header_too_small);
	tcase_add_test(tc, bad_response_from_server);
	tcase_add_test(tc, request_checks);
	tcase_add_test(tc, init_checks);
	suite_add_tcase(s, tc);
	return s;
}
