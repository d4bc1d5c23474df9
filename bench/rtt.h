/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtt.h - the round-trip benchmark's framework (rtt.c) and its mechanisms
 * (rtt_*.c).
 *
 * A round trip is: the client sends a request of c->len payload bytes, the
 * server receives all of them and answers 4 bytes, the client receives the
 * answer.  A mechanism is a struct rtt_mech of callbacks; rtt_measure()
 * forks the server, times each round trip with clock_gettime() and returns
 * the samples.  Adding a variant of a mechanism (another server loop, an
 * option) is one more struct rtt_mech in the table of rtt.c.
 */
#ifndef BENCH_RTT_H
#define BENCH_RTT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What one run of a mechanism measures. */
struct rtt_case {
	size_t len;		/* request payload bytes */
	uint32_t res_cap;	/* nkipc: response arena capacity offered */
	int iters;		/* timed round trips */
	int warmup;		/* untimed round trips before them */
};

/* State shared by a mechanism's callbacks; fd[]/p[] are theirs to use. */
struct rtt_ctx {
	const struct rtt_case *c;
	int fd[4];
	void *p[4];
	char *buf;		/* c->len (at least 1) bytes: the client's request */
	char *sbuf;		/* c->len (at least 1) bytes: the server's buffer */
};

/*
 * A mechanism.  Every callback but call() and serve() may be NULL.  Error
 * convention: return 0, or an errno value (the case is then reported as
 * failed and the next one runs).
 *   setup	parent, before fork(): create what both sides share
 *   child_init	child: what only the server process can set up (it is
 *		ready for the first request when this returns)
 *   client_init parent, once the child is ready
 *   serve	child: answer n requests
 *   call	parent: one round trip
 *   cleanup	parent, after the child exited (also after a failure)
 */
struct rtt_mech {
	const char *name;
	const char *what;
	int (*setup)(struct rtt_ctx *x);
	int (*child_init)(struct rtt_ctx *x);
	int (*client_init)(struct rtt_ctx *x);
	int (*serve)(struct rtt_ctx *x, int n);
	int (*call)(struct rtt_ctx *x);
	void (*cleanup)(struct rtt_ctx *x);
};

/* rtt.c */
uint64_t rtt_now_ns(void);
int rtt_full_io(int fd, void *buf, size_t len, int wr);
int rtt_measure(const struct rtt_mech *m, const struct rtt_case *c,
		uint64_t *samples, const char **failed_in);

/* rtt_nkipc.c: channel setup, also for rtt_memfd.c (fd[0..1], p[0..1]) */
int rtt_nkipc_setup(struct rtt_ctx *x);
int rtt_nkipc_child_init(struct rtt_ctx *x);
int rtt_nkipc_client_init(struct rtt_ctx *x);
void rtt_nkipc_cleanup(struct rtt_ctx *x);

/* the mechanisms, one file per family */
extern const struct rtt_mech rtt_pipe, rtt_uds, rtt_seqpacket;	/* rtt_stream.c */
extern const struct rtt_mech rtt_futex, rtt_eventfd, rtt_pvr;	/* rtt_shm.c */
extern const struct rtt_mech rtt_mqueue;			/* rtt_mq.c */
extern const struct rtt_mech rtt_binder;			/* rtt_binder.c */
extern const struct rtt_mech rtt_nkipc, rtt_nkipc_rr;		/* rtt_nkipc.c */
extern const struct rtt_mech rtt_memfd, rtt_memfd_reuse;	/* rtt_memfd.c */
extern const struct rtt_mech rtt_nkos;				/* rtt_nkos.c */

#endif
