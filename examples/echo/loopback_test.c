// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * loopback_test: unit-testing the echo entity without the kernel module.
 * The nkc-generated proxy talks to the nkc-generated entity dispatcher
 * through the loopback transport (nk/transport-loopback.h); this is how a
 * user tests an implementation, with Check (one test per call; TAP to
 * CK_TAP_LOG_FILE_NAME).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include <nk/transport-loopback.h>
#include <echo/Server.edl.h>

#include "ping_impl.h"

/* Each test gets a fresh entity behind a fresh loopback transport. */
static struct nk_loopback_transport lt;
static struct echo_Ping_proxy proxy;
static echo_Ping_component component;
static echo_Server_entity entity;

static void setup(void)
{
	echo_Ping_component_init(&component, CreateIPingImpl());
	echo_Server_entity_init(&entity, &component);
	ck_assert_msg(nk_loopback_transport_init(&lt,
			&NK_KOS_DISPATCH_INFO(echo_Server, &entity)) == NK_EOK,
		      "loopback transport initialised with the entity dispatcher");
	echo_Ping_proxy_init(&proxy, &lt.base,
			     echo_Server_ping_comp_ping_impl_iid);
}

START_TEST(transport_init)
{
	/* setup() asserted it; again, on a transport of this test's own */
	struct nk_loopback_transport t;

	ck_assert_int_eq(nk_loopback_transport_init(&t,
			&NK_KOS_DISPATCH_INFO(echo_Server, &entity)), NK_EOK);
}
END_TEST

START_TEST(ping)
{
	echo_Ping_Ping_req req = { .value = 41 };
	echo_Ping_Ping_res res;

	ck_assert_int_eq(echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL), NK_EOK);
	ck_assert_uint_eq(res.result, 42);
}
END_TEST

static char qb[echo_Ping_Echo_req_arena_size], sb[echo_Ping_Echo_res_arena_size];
static struct nk_arena qa, sa;
static echo_Ping_Echo_res eres;

/* Echo("loop") with request and response arenas */
static nk_err_t echo_loop(void)
{
	echo_Ping_Echo_req ereq;

	nk_arena_init(&qa, qb, qb + sizeof(qb));
	nk_arena_init(&sa, sb, sb + sizeof(sb));
	ck_assert_int_eq(NkKosCopyStringToArena(&qa, &ereq.text, "loop"), rcOk);
	return echo_Ping_Echo(&proxy.base, &ereq, &qa, &eres, &sa);
}

START_TEST(echo_succeeds)
{
	ck_assert_int_eq(echo_loop(), NK_EOK);
}
END_TEST

START_TEST(echo_response_arena)
{
	const char *reply;
	nk_uint32_t len;

	ck_assert_int_eq(echo_loop(), NK_EOK);
	reply = nk_arena_get(char, &sa, &eres.reply, &len);
	ck_assert_ptr_nonnull(reply);
	ck_assert_uint_eq(len, 5);
	ck_assert_str_eq(reply, "loop");
}
END_TEST

START_TEST(unknown_riid)
{
	echo_Ping_Ping_req req = { .value = 41 };
	echo_Ping_Ping_res res;

	/* a proxy bound to a riid the entity does not have */
	echo_Ping_proxy_init(&proxy, &lt.base, echo_Server_iidMax);
	ck_assert_int_eq(echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL), NK_ENOENT);
}
END_TEST

int main(void)
{
	TCase *tc = tcase_create("loopback");
	Suite *s = suite_create("echo");
	SRunner *sr = srunner_create(s);
	int failed;

	/* every test starts from setup(): a fresh entity and transport */
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, transport_init);
	tcase_add_test(tc, ping);
	tcase_add_test(tc, echo_succeeds);
	tcase_add_test(tc, echo_response_arena);
	tcase_add_test(tc, unknown_riid);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
