// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_sdk.c - the SDK headers KOS IPC programs include: thread creation
 * and waiting (coresrv/thread/thread_api.h, kos/thread.h), time, the rtl
 * helpers and the nk/types.h macros nk-gen-c output uses.
 */
#include <stdint.h>
#include <string.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/ns/ns_api.h>
#include <coresrv/thread/thread_api.h>
#include <coresrv/time/time_api.h>
#include <kos/thread.h>
#include <nk/types.h>
#include <rtl/minmax.h>
#include <rtl/stdio.h>
#include <rtl/string.h>

#include "suites.h"

/* as nk-gen-c output writes them: identifiers, not strings */
nk_static_assert(sizeof(nk_uint16_t) == 2, bad_nk_uint16_t_size);
nk_static_assert(nk_alignof(nk_uint64_t) == 8, bad_nk_uint64_t_align);
nk_static_assert(nk_offsetof(struct nk_message, size) == 8, bad_size_offset);
nk_static_assert(NK_IID_MAX == 0xffff, "string form still works");

static int add_one(void *context)
{
	return *(int *)context + 1;
}

static int exits_early(__rtl_unused void *context)
{
	KnThreadExit(42);
	return 0;
}

static volatile int slow_go;

static int slow(__rtl_unused void *context)
{
	while (!slow_go)
		KnSleep(1);
	return 7;
}

START_TEST(thread_create_wait)
{
	rtl_uint32_t code = 0;
	int arg = 41;
	Tid tid = INVALID_TID;

	ck_assert_int_eq(KnThreadCreate(&tid, ThreadPriorityNormal, 0,
					RTL_NULL, add_one, &arg, 0), rcOk);
	ck_assert_uint_ne(tid, INVALID_TID);
	ck_assert_uint_ne(tid, KnThreadCurrent());
	ck_assert_int_eq(KnThreadWait(tid, INFINITE_TIMEOUT, &code), rcOk);
	ck_assert_uint_eq(code, 42);
	/* a thread is waited for once */
	ck_assert_int_eq(KnThreadWait(tid, 0, &code), rcResourceNotFound);

	ck_assert_int_eq(KnThreadCreate(&tid, ThreadPriorityHighest, 65536,
					RTL_NULL, exits_early, RTL_NULL, 0),
			 rcOk);
	ck_assert_int_eq(KnThreadWait(tid, INFINITE_TIMEOUT, &code), rcOk);
	ck_assert_uint_eq(code, 42);
}
END_TEST

START_TEST(thread_timeout_and_suspend)
{
	rtl_uint32_t code = 0;
	Tid tid;

	slow_go = 0;
	ck_assert_int_eq(KnThreadCreate(&tid, ThreadPriorityNormal, 0,
					RTL_NULL, slow, RTL_NULL,
					ThreadFlagCreateSuspended), rcOk);
	slow_go = 1;
	/* suspended: it cannot end before it is resumed */
	ck_assert_int_eq(KnThreadWait(tid, 50, &code), rcTimeout);
	ck_assert_int_eq(KnThreadResume(tid), rcOk);
	ck_assert_int_eq(KnThreadResume(tid), rcFail);
	ck_assert_int_eq(KnThreadWait(tid, 10000, &code), rcOk);
	ck_assert_uint_eq(code, 7);
	ck_assert_int_eq(KnThreadResume(tid), rcResourceNotFound);

	/* Kos* forms */
	slow_go = 0;
	ck_assert_int_eq(KosThreadCreate(&tid, 10, 0, slow, RTL_NULL, 0), rcOk);
	ck_assert_int_eq(KosThreadWait(tid, 0), rcTimeout);
	slow_go = 1;
	ck_assert_int_eq(KosThreadWait(tid, INFINITE_TIMEOUT), rcOk);
	ck_assert_uint_eq(KosThreadCurrentId(), KnThreadCurrent());
}
END_TEST

START_TEST(thread_bad_arguments)
{
	Tid tid;
	int arg = 0;

	ck_assert_int_eq(KnThreadCreate(RTL_NULL, ThreadPriorityNormal, 0,
					RTL_NULL, add_one, &arg, 0),
			 rcInvalidArgument);
	ck_assert_int_eq(KnThreadCreate(&tid, ThreadPriorityNormal, 0,
					RTL_NULL, RTL_NULL, &arg, 0),
			 rcInvalidArgument);
	ck_assert_int_eq(KnThreadCreate(&tid, ThreadPriorityNormal, 0,
					RTL_NULL, add_one, &arg, 0x100),
			 rcInvalidArgument);
	ck_assert_int_eq(KnThreadWait(KnThreadCurrent(), 0, RTL_NULL),
			 rcResourceNotFound);
	ck_assert_int_eq(KnThreadWait(INVALID_TID, 0, RTL_NULL),
			 rcResourceNotFound);
}
END_TEST

START_TEST(time_and_sleep)
{
	rtl_size_t t0 = KnGetMSecSinceStart(), t1;

	ck_assert_int_eq(KnSleep(20), rcOk);
	ck_assert_int_eq(KosThreadSleep(0), rcOk);
	KosThreadYield();
	t1 = KnGetMSecSinceStart();
	ck_assert_uint_ge(t1 - t0, 20);
	ck_assert_uint_lt(t1 - t0, 10000);
}
END_TEST

START_TEST(rtl_helpers)
{
	char buf[8];

	ck_assert_int_eq(rtl_min(3, 5), 3);
	ck_assert_int_eq(rtl_max(3U, 5U), 5);
	ck_assert_uint_eq(rtl_strlcpy(buf, "truncated", sizeof(buf)), 9);
	ck_assert_str_eq(buf, "truncat");
	ck_assert_uint_eq(rtl_strlcpy(buf, "ok", sizeof(buf)), 2);
	ck_assert_str_eq(buf, "ok");
	ck_assert_int_eq(rtl_snprintf(buf, sizeof(buf), "%d-%s", 12, "abcdef"),
			 9);
	ck_assert_str_eq(buf, "12-abcd");
	ck_assert_int_eq(rtl_strcmp(buf, "12-abcd"), 0);
	ck_assert_uint_eq(rtl_strlen(buf), 7);
	ck_assert_uint_eq(RTL_UINT32_C(28), 28);
	ck_assert_uint_eq(RTL_UINT32_MAX, 0xffffffffu);
}
END_TEST

START_TEST(nk_macros)
{
	struct { nk_uint8_t a[5]; } s;
	nk_err_t e = NK_ELOGIC_MAKE(0xbeef);

	ck_assert_uint_eq(nk_array_size(s.a), 5);
	nk_unused(s);
	ck_assert_uint_eq(NK_TRUE, 1);
	ck_assert_uint_eq(NK_FALSE, 0);
	ck_assert_uint_eq(NK_UINT32_C(256), 256);
	ck_assert(NK_SINT64_C(-1) < 0);
	ck_assert_uint_eq(NK_IID_MAX, (nk_iid_t)-1);
	/* logic errors never look like NK_EOK or an NK_E* code */
	ck_assert(NK_ELOGIC_CHECK(e));
	ck_assert_uint_eq(NK_ELOGIC_GET(e), 0xbeef);
	ck_assert(NK_ELOGIC_CHECK(NK_ELOGIC_MAKE(0)));
	ck_assert_int_ne(NK_ELOGIC_MAKE(0), NK_EOK);
	ck_assert(!NK_ELOGIC_CHECK(NK_EOK));
	ck_assert(!NK_ELOGIC_CHECK(NK_EPERM));
	ck_assert(!NK_ELOGIC_CHECK(NK_ECONNREFUSED));
	ck_assert(!NK_ELOGIC_CHECK(-1));
	ck_assert(NS_INVALID_HANDLE == (NsHandle)0);
}
END_TEST

/* KOS declares the connection manager's ids as rtl_uint32_t */
static Retcode (*const connect_fn)(const char *, const char *, rtl_uint32_t,
				   Handle *, rtl_uint32_t *) = KnCmConnect;
static Retcode (*const accept_fn)(const char *, const char *, rtl_uint32_t,
				  Handle, Handle *) = KnCmAccept;

START_TEST(cm_prototypes)
{
	ck_assert_ptr_nonnull(connect_fn);
	ck_assert_ptr_nonnull(accept_fn);
}
END_TEST

Suite *sdk_suite(void)
{
	Suite *s = suite_create("sdk");
	TCase *tc = tcase_create("sdk");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, thread_create_wait);
	tcase_add_test(tc, thread_timeout_and_suspend);
	tcase_add_test(tc, thread_bad_arguments);
	tcase_add_test(tc, time_and_sleep);
	tcase_add_test(tc, rtl_helpers);
	tcase_add_test(tc, nk_macros);
	tcase_add_test(tc, cm_prototypes);
	suite_add_tcase(s, tc);
	return s;
}
