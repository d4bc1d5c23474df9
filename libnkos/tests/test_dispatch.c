// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_dispatch.c - NkKosDoDispatch over a scripted test-double
 * transport: dispatch and reply, dispatcher errors as status responses,
 * EINTR retried, an oversized request (ENOBUFS) received after growing
 * the buffers, the loop ending on a receive error.
 */
#include <string.h>

#include <coresrv/nk/transport-kos-dispatch.h>

#include "suites.h"

enum step_kind { GIVE, INTR, NOBUFS, FAIL };

struct step {
	enum step_kind kind;
	nk_uint16_t mid;
	nk_uint32_t size;	/* constant part sent (GIVE) or needed (NOBUFS) */
};

struct script {
	struct nk_transport base;
	const struct step *steps;
	unsigned int n, pos;
	unsigned int replies;
	struct nk_message last_reply;
	nk_uint32_t last_cap;		/* receive capacity seen */
};

static nk_err_t s_recv(struct nk_transport *t, struct nk_message *req,
		       struct nk_arena *req_arena)
{
	struct script *s = (void *)t;
	const struct step *st;

	(void)req_arena;
	if (s->pos == s->n)
		return NK_EPIPE;
	st = &s->steps[s->pos++];
	s->last_cap = req->size;
	switch (st->kind) {
	case INTR:
		return NK_EINTR;
	case FAIL:
		return NK_EBADMSG;
	case NOBUFS:
		if (req->size >= st->size)
			break;	/* buffers grew: deliver it now */
		req->size = st->size;
		req->arena_size = 0;
		s->pos--;	/* stays queued */
		return NK_ENOBUFS;
	case GIVE:
		break;
	}
	memset(req, 0, st->size);
	req->iid = 0;
	req->mid = st->mid;
	req->size = st->size;
	return NK_EOK;
}

static nk_err_t s_reply(struct nk_transport *t, struct nk_message *res,
			const struct nk_arena *res_arena)
{
	struct script *s = (void *)t;

	(void)res_arena;
	s->replies++;
	s->last_reply = *res;
	return NK_EOK;
}

static const struct nk_transport_ops script_ops = {
	.recv = s_recv,
	.reply = s_reply,
};

struct ent {
	unsigned int calls;
	nk_uint32_t last_size;
};

/* mid 0: answers 32 bytes; mid 1: unknown; mid 2: bad header */
static nk_err_t ent_dispatch(void *self, const struct nk_message *req,
			     const struct nk_arena *req_arena,
			     struct nk_message *res, struct nk_arena *res_arena)
{
	struct ent *e = self;

	(void)req_arena;
	(void)res_arena;
	e->calls++;
	e->last_size = req->size;
	if (req->mid == 1)
		return NK_ENOENT;
	__nk_msg_reset(res, req->mid == 2 ? 4096 : 32);
	res->mid = req->mid;
	return NK_EOK;
}

static nk_err_t run(struct script *s, struct ent *e, const struct step *steps,
		    unsigned int n)
{
	struct NkKosDispatchInfo info = { ent_dispatch, e, 40, 16, 48, 16 };

	memset(s, 0, sizeof(*s));
	memset(e, 0, sizeof(*e));
	s->base.ops = &script_ops;
	s->steps = steps;
	s->n = n;
	return NkKosDoDispatch(&s->base, &info);
}

START_TEST(serves_until_receive_fails)
{
	static const struct step steps[] = {
		{ GIVE, 0, 40 }, { INTR, 0, 0 }, { GIVE, 0, 24 },
	};
	struct script s;
	struct ent e;

	ck_assert_int_eq(run(&s, &e, steps, 3), NK_EPIPE);
	ck_assert_uint_eq(e.calls, 2);
	ck_assert_uint_eq(s.replies, 2);
	ck_assert_uint_eq(s.last_reply.size, 32);
	ck_assert_uint_eq(s.last_reply.flags, 0);
	ck_assert_uint_eq(s.last_cap, 40);	/* reset to the entity's size */
}
END_TEST

START_TEST(dispatcher_errors_become_status)
{
	static const struct step steps[] = { { GIVE, 1, 24 } };
	static const struct step bad[] = { { GIVE, 2, 24 } };
	struct script s;
	struct ent e;

	ck_assert_int_eq(run(&s, &e, steps, 1), NK_EPIPE);
	ck_assert_uint_eq(s.replies, 1);
	ck_assert_uint_eq(s.last_reply.size, sizeof(struct nk_message));
	ck_assert_uint_eq(s.last_reply.flags, NK_MSG_F_STATUS);
	ck_assert_uint_eq(s.last_reply.status, NK_ENOENT);
	ck_assert_uint_eq(s.last_reply.mid, 1);
	/* a response header larger than the buffer is not sent as is */
	ck_assert_int_eq(run(&s, &e, bad, 1), NK_EPIPE);
	ck_assert_uint_eq(s.last_reply.flags, NK_MSG_F_STATUS);
	ck_assert_uint_eq(s.last_reply.status, NK_EBADMSG);
}
END_TEST

START_TEST(oversized_request_is_received)
{
	static const struct step steps[] = { { NOBUFS, 0, 1000 } };
	struct script s;
	struct ent e;

	ck_assert_int_eq(run(&s, &e, steps, 1), NK_EPIPE);
	ck_assert_uint_eq(e.calls, 1);
	ck_assert_uint_eq(e.last_size, 1000);
	ck_assert_uint_eq(s.replies, 1);
}
END_TEST

START_TEST(other_receive_errors_end_the_loop)
{
	static const struct step steps[] = { { FAIL, 0, 0 }, { GIVE, 0, 24 } };
	struct script s;
	struct ent e;
	struct NkKosDispatchInfo none = { 0 };

	ck_assert_int_eq(run(&s, &e, steps, 2), NK_EBADMSG);
	ck_assert_uint_eq(e.calls, 0);
	ck_assert_int_eq(NkKosDoDispatch(&s.base, &none), NK_EINVAL);
	ck_assert_int_eq(NkKosDoDispatch(NK_NULL, &none), NK_EINVAL);
}
END_TEST

Suite *dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, serves_until_receive_fails);
	tcase_add_test(tc, dispatcher_errors_become_status);
	tcase_add_test(tc, oversized_request_is_received);
	tcase_add_test(tc, other_receive_errors_end_the_loop);
	suite_add_tcase(s, tc);
	return s;
}
