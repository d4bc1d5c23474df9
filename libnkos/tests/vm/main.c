// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * main.c - libnkos VM selftests (build/vmtests/30-libnkos): the KOS C API
 * through the nkipc module.  Prints TAP.
 */
#include <stdlib.h>

#include "tap.h"
#include "tests.h"

#define T(fn) { #fn, fn }

static const struct vm_test tests[] = {
	T(test_sl_spec_flow),
	T(test_sl_getriid_forms),
	T(test_sl_threads_and_clients),
	T(test_sl_connect_waits),
	T(test_sl_register_twice),
	T(test_sl_unknown_method),
	T(test_sl_oversized_request),
	T(test_ll_call_recv_reply),
	T(test_ll_timeouts),
	T(test_ll_response_too_big),
	T(test_ll_server_gone),
	T(test_ll_client_gone),
	T(test_handle_close),
	T(test_ll_one_thread_many_handles),
	T(test_ll_reply_nothing_received),
	T(test_ll_signal_interrupts),
	T(test_h_request_and_response),
	T(test_h_move_kept_on_failure),
	T(test_h_unexpected_closed),
	T(test_h_server_dies),
	T(test_h_client_dies),
	T(test_dyn_flow),
	T(test_dyn_enum),
	T(test_dyn_drop),
	T(test_dyn_server_gone),
	T(test_dyn_listen_timeout),
};

int main(void)
{
	int failed = tap_run(tests, sizeof(tests) / sizeof(tests[0]), 60);

	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
