/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scenario.h - Check tests made of scenarios, for the tests of generated
 * code (nkc/tests/roundtrip, C; kosipc/tests, C++).  A scenario is a
 * function that makes a sequence of calls and checks each result with
 * ok(COND, FORMAT, ...), later calls depending on earlier ones.
 *
 *     SCENARIO(name, fn, N)         a Check loop test of N iterations
 *     SCENARIO_ADD(tcase, name)     tcase_add_loop_test(tcase, name, 0, N)
 *     scenario_main("suite", tcase) runs them; main()'s exit status
 *
 * Iteration k runs the whole scenario in its own process (Check's fork
 * mode) and asserts its k-th check with ck_assert_msg (the others are
 * evaluated, not asserted), so every check is one Check test, one TAP
 * line, that fails on its own: a failed check does not hide the ones
 * after it.  A scenario that runs another number of checks than N fails
 * every iteration (N is its plan), and so does one that crashes.
 * The test program defines SCENARIO_STATE once (the step counters).
 */
#ifndef NK_TEST_SCENARIO_H
#define NK_TEST_SCENARIO_H

#include <stdio.h>
#include <check.h>

extern int scenario_step, scenario_want;

#define SCENARIO_STATE int scenario_step, scenario_want

#define ok(cond, ...) do {						\
	int ok_ = !!(cond);						\
	if (scenario_step++ == scenario_want) {				\
		if (!ok_) {						\
			printf("# %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			fflush(stdout);					\
		}							\
		ck_assert_msg(ok_, __VA_ARGS__);			\
	}								\
} while (0)

static inline void scenario_run(void (*fn)(void), int want, int n)
{
	scenario_step = 0;
	scenario_want = want;
	fn();
	ck_assert_msg(scenario_step == n, "the scenario ran %d checks, %d planned",
		      scenario_step, n);
}

#define SCENARIO(name, fn, n)						\
	enum { name##_checks = (n) };					\
	START_TEST(name)						\
	{								\
		scenario_run(fn, _i, name##_checks);			\
	}								\
	END_TEST

#define SCENARIO_ADD(tcase, name) \
	tcase_add_loop_test(tcase, name, 0, name##_checks)

/* Runs the scenarios of @tc as suite @name; main()'s exit status. */
static inline int scenario_main(const char *name, TCase *tc)
{
	Suite *s = suite_create(name);
	SRunner *sr;
	int failed;

	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

#endif
