/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests.h - the libnkos VM test cases, by file. */
#ifndef NKOS_VM_TESTS_H
#define NKOS_VM_TESTS_H

/* static_channels.c */
int test_sl_spec_flow(void);
int test_sl_getriid_forms(void);
int test_sl_threads_and_clients(void);
int test_sl_connect_waits(void);
int test_sl_register_twice(void);
int test_sl_unknown_method(void);
int test_sl_oversized_request(void);
/* lowlevel.c */
int test_ll_call_recv_reply(void);
int test_ll_timeouts(void);
int test_ll_response_too_big(void);
int test_ll_server_gone(void);
int test_ll_client_gone(void);
int test_handle_close(void);
int test_ll_one_thread_many_handles(void);
int test_ll_reply_nothing_received(void);
int test_ll_signal_interrupts(void);
/* handles.c */
int test_h_request_and_response(void);
int test_h_move_kept_on_failure(void);
int test_h_unexpected_closed(void);
int test_h_server_dies(void);
int test_h_client_dies(void);
/* dynamic_channels.c */
int test_dyn_flow(void);
int test_dyn_enum(void);
int test_dyn_drop(void);
int test_dyn_server_gone(void);
int test_dyn_listen_timeout(void);

#endif
