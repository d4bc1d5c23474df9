/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only stop points at the nine messaging steps (docs/architecture.md,
 * "Death at each messaging step").  Only a module built with NKIPC_TEST=1
 * (`make test-module`: build/test-module/nkipc.ko) has them; in every other
 * build the calls below are empty inlines and stop.c is not compiled.
 *
 * /sys/kernel/debug/nkipc/stop: write "STEP TID" to arm step STEP (1..9)
 * for the thread TID (as the writer sees it), "0" to disarm.  The armed
 * thread parks killably at that step's point, once; it leaves when killed
 * or disarmed.  Reading gives "none", "STEP TID armed" or "STEP TID parked".
 * /sys/kernel/debug/nkipc/users: "uid bytes" for every charged user;
 * /sys/kernel/debug/nkipc/txns: how many transactions exist;
 * /sys/kernel/debug/nkipc/pins: how many user pages the module has pinned;
 * /sys/kernel/debug/nkipc/handles: handles of messages the module holds.
 */
#ifndef _NKIPC_STOP_H
#define _NKIPC_STOP_H

enum nkipc_step {
	NKIPC_STEP_CALL = 1,	/* client: CALL entered, nothing held yet */
	NKIPC_STEP_REQ_VERDICT,	/* client: buffers held, before the verdict */
	NKIPC_STEP_QUEUED,	/* client: queued, before it waits */
	NKIPC_STEP_RECV_COPY,	/* server: RECEIVING, before the copy */
	NKIPC_STEP_RECEIVED,	/* server: RECEIVED, before RECV returns */
	NKIPC_STEP_REPLY,	/* server: REPLY found the txn */
	NKIPC_STEP_RES_VERDICT,	/* server: response held, before the verdict */
	NKIPC_STEP_RES_COPY,	/* server: REPLYING, before the copy */
	NKIPC_STEP_DONE,	/* client: DONE, before CALL returns */
	NKIPC_STEP_MAX = NKIPC_STEP_DONE,
};

#ifdef NKIPC_TEST
void nkipc_stop(enum nkipc_step step);
void nkipc_stop_txn_count(int delta);
void nkipc_stop_pin_count(int delta);
void nkipc_stop_handle_count(int delta);
void nkipc_stop_init(void);
void nkipc_stop_exit(void);
struct seq_file;
void nkipc_account_show(struct seq_file *m);	/* account.c */
#else
static inline void nkipc_stop(enum nkipc_step step) { }
static inline void nkipc_stop_txn_count(int delta) { }
static inline void nkipc_stop_pin_count(int delta) { }
static inline void nkipc_stop_handle_count(int delta) { }
static inline void nkipc_stop_init(void) { }
static inline void nkipc_stop_exit(void) { }
#endif

#endif /* _NKIPC_STOP_H */
