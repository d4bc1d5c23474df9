// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * main.c - libnkos VM selftests (build/vmtests/30-libnkos): the KOS C API
 * through the nkipc module, as one kselftest-harness program (harness.h:
 * the harness lists the tests of one translation unit, this one).
 */
#include "harness.h"

#include "static_channels.c"
#include "lowlevel.c"
#include "handles.c"
#include "dynamic_channels.c"

TEST_HARNESS_MAIN
