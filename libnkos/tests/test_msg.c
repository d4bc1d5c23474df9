// SPDX-License-Identifier: LGPL-2.1-or-later
/* test_msg.c - message header helpers, transport entry points, strings. */
#include <string.h>

#include <nk/transport.h>
#include <coresrv/nk/transport-kos.h>

#include "suites.h"

/* Shaped like nkc output: packed, base_ first, members aligned. */
typedef struct __nk_packed T_M_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t name;
	__nk_alignas(4) nk_uint32_t value;
} T_M_req;

typedef union T_req {
	struct nk_message base_;
	struct T_M_req M;
	char big[80];
} T_req;

START_TEST(req_reset_records_size)
{
	T_M_req req;
	T_req u;

	memset(&req, 0xff, sizeof(req));
	nk_req_reset(&req);
	ck_assert_uint_eq(req.base_.size, sizeof(T_M_req));
	ck_assert_uint_eq(req.base_.iid, 0);
	ck_assert_uint_eq(req.base_.mid, 0);
	ck_assert_uint_eq(req.base_.flags, 0);
	ck_assert_uint_eq(req.base_.ncaps, 0);
	ck_assert_uint_eq(req.base_.arena_size, 0);
	ck_assert_uint_eq(req.base_.status, 0);
	ck_assert_uint_eq(req.value, 0xffffffff);	/* body untouched */
	memset(&u, 0xff, sizeof(u));
	nk_req_reset(&u);
	ck_assert_uint_eq(u.base_.size, 80);
}
END_TEST

START_TEST(err_reset_marks_error)
{
	T_M_req m;

	nk_req_reset(&m);
	nk_msg_set_method_id(&m, 3, 4);
	nk_err_reset(&m);
	ck_assert(nk_msg_check_err(&m));
	ck_assert_uint_eq(m.base_.size, sizeof(m));
	ck_assert_uint_eq(nk_msg_get_iid(&m), 3);
	ck_assert_uint_eq(nk_msg_get_mid(&m.base_), 4);
	nk_req_reset(&m);
	ck_assert(!nk_msg_check_err(&m));
}
END_TEST

START_TEST(set_method_id_and_ncaps)
{
	T_M_req req;

	nk_req_reset(&req);
	nk_msg_set_method_id(&req, 7, 9);
	ck_assert_uint_eq(req.base_.iid, 7);
	ck_assert_uint_eq(req.base_.mid, 9);
	nk_msg_set_method_id(&req.base_, 1, 2);
	ck_assert_uint_eq(req.base_.iid, 1);
	ck_assert_uint_eq(req.base_.mid, 2);
	nk_msg_set_ncaps(&req, 2);
	ck_assert_uint_eq(nk_msg_get_ncaps(&req), 2);
	nk_msg_set_ncaps(&req.base_, 0);
	ck_assert_uint_eq(req.base_.ncaps, 0);
}
END_TEST

START_TEST(transport_without_ops)
{
	struct nk_transport none = { NK_NULL };
	static const struct nk_transport_ops empty;
	struct nk_transport e = { &empty };
	struct nk_message m;

	__nk_msg_reset(&m, sizeof(m));
	ck_assert_int_eq(nk_transport_call(&none, &m, NK_NULL, &m, NK_NULL),
			 NK_EINVAL);
	ck_assert_int_eq(nk_transport_recv(&e, &m, NK_NULL), NK_EINVAL);
	ck_assert_int_eq(nk_transport_reply(&e, &m, NK_NULL), NK_EINVAL);
	ck_assert_int_eq(nk_transport_call(NK_NULL, &m, NK_NULL, &m, NK_NULL),
			 NK_EINVAL);
}
END_TEST

START_TEST(copy_string_to_arena)
{
	T_M_req req;
	char b[12];
	struct nk_arena a = NK_ARENA_INITIALIZER(b, b + sizeof(b));
	nk_ptr_t p2;
	nk_size_t n;

	ck_assert_int_eq(NkKosCopyStringToArena(&a, &req.name, "hello"), rcOk);
	ck_assert_uint_eq(req.name.offset, 0);
	ck_assert_uint_eq(req.name.size, 6);	/* with the NUL */
	ck_assert_str_eq(nk_arena_get(char, &a, &req.name, &n), "hello");
	ck_assert_int_eq(NkKosCopyStringToArena(&a, &p2, ""), rcOk);
	ck_assert_uint_eq(p2.size, 1);
	ck_assert_int_eq(NkKosCopyStringToArena(&a, &p2, "world"),
			 rcBufferTooSmall);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 7);
	ck_assert_int_eq(NkKosCopyStringToArena(NK_NULL, &p2, "x"),
			 rcInvalidArgument);
	ck_assert_int_eq(NkKosCopyStringToArena(&a, NK_NULL, "x"),
			 rcInvalidArgument);
	ck_assert_int_eq(NkKosCopyStringToArena(&a, &p2, NK_NULL),
			 rcInvalidArgument);
}
END_TEST

START_TEST(kos_transport_init)
{
	NkKosTransport t;

	NkKosTransport_Init(&t, 5, NK_NULL, 0);
	ck_assert_ptr_eq(&t.base, (void *)&t);
	ck_assert_ptr_nonnull(t.base.ops);
	ck_assert_uint_eq(t.handle, 5);
	ck_assert_uint_eq(t.call_msecs, INFINITE_TIMEOUT);
	NkKosSetTransportTimeouts(&t, 10, 20);
	ck_assert_uint_eq(t.recv_msecs, 10);
	ck_assert_uint_eq(t.call_msecs, 20);
}
END_TEST

START_TEST(kos_transport_bad_handle)
{
	NkKosTransport t;
	struct nk_message req, res;

	NkKosTransport_Init(&t, INVALID_HANDLE, NK_NULL, 0);
	__nk_msg_reset(&req, sizeof(req));
	__nk_msg_reset(&res, sizeof(res));
	ck_assert_int_eq(nk_transport_call(&t.base, &req, NK_NULL, &res,
					   NK_NULL), NK_EINVAL);
	ck_assert_int_eq(nk_transport_recv(&t.base, &req, NK_NULL), NK_EINVAL);
	ck_assert_int_eq(nk_transport_reply(&t.base, &res, NK_NULL), NK_EINVAL);
	/* nothing was received by this thread: nothing to answer */
	NkKosTransport_Init(&t, 0, NK_NULL, 0);
	ck_assert_int_eq(nk_transport_reply(&t.base, &res, NK_NULL), NK_ENOENT);
}
END_TEST

Suite *msg_suite(void)
{
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("msg");

	tcase_add_test(tc, req_reset_records_size);
	tcase_add_test(tc, err_reset_marks_error);
	tcase_add_test(tc, set_method_id_and_ncaps);
	tcase_add_test(tc, transport_without_ops);
	tcase_add_test(tc, copy_string_to_arena);
	tcase_add_test(tc, kos_transport_init);
	tcase_add_test(tc, kos_transport_bad_handle);
	suite_add_tcase(s, tc);
	return s;
}
