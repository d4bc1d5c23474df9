// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - runs the round-trip tests of nkc's generated code with Check
 * (TAP to CK_TAP_LOG_FILE_NAME, the build points it at stdout).  Each
 * scenario is a loop test of one iteration per check (scenario.h); the
 * numbers are the scenarios' plans.
 */
#include "rt.h"

SCENARIO_STATE;

SCENARIO(rt_seed, test_seed, 4)
SCENARIO(rt_types, test_types, 40)
SCENARIO(rt_types_loopback, test_types_loopback, 43)
SCENARIO(rt_malformed, test_malformed, 29)
SCENARIO(rt_nested, test_nested, 11)
SCENARIO(rt_unqualified, test_unqualified, 2)
SCENARIO(rt_direct, test_direct, 8)

int main(void)
{
	TCase *tc = tcase_create("roundtrip");

	SCENARIO_ADD(tc, rt_seed);
	SCENARIO_ADD(tc, rt_types);
	SCENARIO_ADD(tc, rt_types_loopback);
	SCENARIO_ADD(tc, rt_malformed);
	SCENARIO_ADD(tc, rt_nested);
	SCENARIO_ADD(tc, rt_unqualified);
	SCENARIO_ADD(tc, rt_direct);
	return scenario_main("roundtrip", tc);
}
