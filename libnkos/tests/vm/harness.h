/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * harness.h - the libnkos VM tests use the kernel's kselftest harness,
 * like selftests/core: TEST_F_TIMEOUT(libnkos, NAME, 60) per case,
 * ASSERT_* / EXPECT_*, TAP from the harness.  The harness keeps its
 * tests in per-translation-unit lists, so main.c is the one unit: it
 * includes every test file.  Each case runs in its own child process
 * (own /dev/nkipc context, fds, threads) in its own process group; the
 * harness SIGKILLs the group on timeout (NKIPC_TIME_SCALE scales it, see
 * selftests/core/time_scale.h), and the fixture's teardown SIGKILLs
 * what the case left running in its group (servers of a failed case).
 */
#ifndef NKOS_VM_HARNESS_H
#define NKOS_VM_HARNESS_H

#include "kselftest_harness.h"
#include "time_scale.h"

#include "util.h"

FIXTURE(libnkos) {};
FIXTURE_SETUP(libnkos) {}
FIXTURE_TEARDOWN(libnkos)
{
	kill_own_group();
}

#endif
