// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - runs the round-trip tests of nkc's generated code, as TAP. */
#include "rt.h"
#include "tap.h"

int tap_n, tap_failed;

int main(void)
{
	test_seed();
	test_types();
	test_types_loopback();
	test_malformed();
	test_nested();
	test_unqualified();
	test_direct();
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
