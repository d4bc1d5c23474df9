// SPDX-License-Identifier: LGPL-2.1-or-later
/* test_errmap.c - kernel errno -> Retcode / nk_err_t, and RetcodeName. */
#include <errno.h>
#include <string.h>

#include <rtl/retcode.h>

#include "errmap.h"
#include "suites.h"

static const struct {
	int err;
	Retcode rc;
	nk_err_t nk;
} expected[] = {
	{ 0, rcOk, NK_EOK },
	{ EACCES, rcSecurityDisallow, NK_EPERM },
	{ EPIPE, rcNotConnected, NK_EPIPE },
	{ ETIMEDOUT, rcTimeout, NK_ETIMEDOUT },
	{ ENOBUFS, rcBufferTooSmall, NK_ENOBUFS },
	{ EMSGSIZE, rcBufferTooLarge, NK_EMSGSIZE },
	{ EINTR, rcIpcInterrupt, NK_EINTR },
	{ ENOENT, rcResourceNotFound, NK_ENOENT },
	{ EEXIST, rcAlreadyExists, NK_EEXIST },
	{ EBUSY, rcBusy, NK_EBUSY },
	{ ENOMEM, rcOutOfMemory, NK_ENOMEM },
	{ EDQUOT, rcOutOfMemory, NK_ENOMEM },
	{ ENOSPC, rcOutOfMemory, NK_ENOMEM },
	{ EINVAL, rcInvalidArgument, NK_EINVAL },
	{ EBADMSG, rcInvalidArgument, NK_EBADMSG },
	{ EBADFD, rcInvalidArgument, NK_EINVAL },
	{ EAGAIN, rcTimeout, NK_EAGAIN },
	{ ECONNREFUSED, rcConnectionRefused, NK_ECONNREFUSED },
	{ ENOSYS, rcUnimplemented, NK_ENOSYS },
	{ EXDEV, rcFail, NK_EINVAL },	/* anything else */
};

START_TEST(errno_table)
{
	unsigned int i;

	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		ck_assert_int_eq(nk_errno_to_retcode(expected[i].err),
				 expected[i].rc);
		ck_assert_int_eq(nk_errno_to_nk_err(expected[i].err),
				 expected[i].nk);
		/* a negative kernel return maps the same way */
		ck_assert_int_eq(nk_errno_to_retcode(-expected[i].err),
				 expected[i].rc);
	}
}
END_TEST

START_TEST(codes_distinct)
{
	static const Retcode rcs[] = {
		rcOk, rcFail, rcInvalidArgument, rcNotConnected,
		rcOutOfMemory, rcBufferTooSmall, rcBufferTooLarge, rcTimeout,
		rcSecurityDisallow, rcResourceNotFound, rcAlreadyExists,
		rcBusy, rcIpcInterrupt, rcUnimplemented, rcConnectionRefused,
	};
	static const nk_err_t nks[] = {
		NK_EOK, NK_ENOENT, NK_EPERM, NK_EBADMSG, NK_ENOMEM, NK_EINVAL,
	};
	unsigned int i, j;

	ck_assert_int_eq(rcOk, 0);
	ck_assert_int_eq(NK_EOK, 0);
	for (i = 0; i < sizeof(rcs) / sizeof(rcs[0]); i++)
		for (j = i + 1; j < sizeof(rcs) / sizeof(rcs[0]); j++)
			ck_assert_int_ne(rcs[i], rcs[j]);
	for (i = 0; i < sizeof(nks) / sizeof(nks[0]); i++)
		for (j = i + 1; j < sizeof(nks) / sizeof(nks[0]); j++)
			ck_assert_int_ne(nks[i], nks[j]);
	ck_assert_uint_eq(sizeof(Retcode), 4);
	ck_assert(RC_SUCCEEDED(rcOk) && RC_FAILED(rcTimeout));
}
END_TEST

START_TEST(retcode_names)
{
	ck_assert_str_eq(RetcodeName(rcOk), "rcOk");
	ck_assert_str_eq(RetcodeName(rcSecurityDisallow), "rcSecurityDisallow");
	ck_assert_str_eq(RetcodeName(rcConnectionRefused), "rcConnectionRefused");
	ck_assert_str_eq(RetcodeName(12345), "rc?");
	ck_assert_str_eq(RetcodeName(-12345), "rc?");
}
END_TEST

Suite *errmap_suite(void)
{
	Suite *s = suite_create("errmap");
	TCase *tc = tcase_create("errmap");

	tcase_add_test(tc, errno_table);
	tcase_add_test(tc, codes_distinct);
	tcase_add_test(tc, retcode_names);
	suite_add_tcase(s, tc);
	return s;
}
