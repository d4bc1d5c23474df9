/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tap.h - a minimal TAP printer for kosipc C++ tests. */
#ifndef KOSIPC_TEST_TAP_HPP
#define KOSIPC_TEST_TAP_HPP

#include <stdio.h>

extern int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int ok_ = !!(cond);						\
	printf("%sok %d - ", ok_ ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_) {							\
		tap_failed++;						\
		printf("# %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
	}								\
} while (0)

#endif
