/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tap.h - a minimal TAP runner for the libnkos VM tests.  Each test runs
 * in its own child process (its own /dev/nkipc context, fds, threads),
 * bounded by an alarm so a hang is a failure.  CHECK prints the failed
 * condition and fails the test.
 */
#ifndef NKOS_VM_TAP_H
#define NKOS_VM_TAP_H

#include <stdio.h>

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("# %s:%d: failed: %s\n", __FILE__,	\
			       __LINE__, #cond);			\
			fflush(stdout);					\
			return 1;					\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long a_ = (long long)(a), b_ = (long long)(b);	\
		if (a_ != b_) {						\
			printf("# %s:%d: %s == %lld, expected %s == %lld\n", \
			       __FILE__, __LINE__, #a, a_, #b, b_);	\
			fflush(stdout);					\
			return 1;					\
		}							\
	} while (0)

struct vm_test {
	const char *name;
	int (*fn)(void);
};

/* Runs every test, prints TAP; returns the number of failures. */
int tap_run(const struct vm_test *tests, unsigned int n, unsigned int secs);

#endif
