/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NKIPC_TIME_SCALE=N multiplies the timeout of every kselftest-harness
 * test by N (1 to 100; unset: 1).  `make check-debug` sets it: the debug
 * kernel (KASAN, lockdep, kmemleak...) under TCG is several times slower,
 * and a test cut off by the harness's alarm is not a finding.  Only the
 * harness's limits change, never what a test asserts.  Include after
 * kselftest_harness.h (nkt.h does): it replaces TEST_HARNESS_MAIN.
 */
#ifndef NKT_TIME_SCALE_H
#define NKT_TIME_SCALE_H

#include <stdlib.h>

static inline void nkt_scale_timeouts(void)
{
	const char *s = getenv("NKIPC_TIME_SCALE");
	long k = s ? strtol(s, NULL, 10) : 1;
	struct __fixture_metadata *f;
	struct __test_metadata *t;

	if (k <= 1 || k > 100)
		return;
	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next)
			t->timeout *= k;
}

#undef TEST_HARNESS_MAIN
#define TEST_HARNESS_MAIN \
	static void __attribute__((constructor)) \
	__constructor_order_last(void) \
	{ \
		if (!__constructor_order) \
			__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD; \
	} \
	int main(int argc, char **argv) { \
		nkt_scale_timeouts(); \
		return test_harness_run(argc, argv); \
	}

#endif /* NKT_TIME_SCALE_H */
