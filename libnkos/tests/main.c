// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * main.c - runs every libnkos unit suite.  Results go to the TAP log
 * named by CK_TAP_LOG_FILE_NAME (the build points it at stdout).
 */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(arena_suite());
	int failed;

	srunner_add_suite(sr, msg_suite());
	srunner_add_suite(sr, loopback_suite());
	srunner_add_suite(sr, errmap_suite());
	srunner_add_suite(sr, meta_suite());
	srunner_add_suite(sr, dispatch_suite());
	srunner_add_suite(sr, seed_examples_suite());
	srunner_add_suite(sr, sdk_suite());
	srunner_add_suite(sr, mdl_suite());
	srunner_add_suite(sr, msgcheck_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
