/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suites.h - the Check suites of the libnkos unit tests. */
#ifndef NKOS_TEST_SUITES_H
#define NKOS_TEST_SUITES_H

#include <check.h>

Suite *arena_suite(void);
Suite *msg_suite(void);
Suite *loopback_suite(void);
Suite *errmap_suite(void);
Suite *meta_suite(void);
Suite *dispatch_suite(void);
Suite *seed_examples_suite(void);
Suite *sdk_suite(void);
Suite *mdl_suite(void);
Suite *msgcheck_suite(void);

#endif
