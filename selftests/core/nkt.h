/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nkt: helpers shared by the nkipc core selftests.  They speak the raw
 * ioctl ABI of uapi/linux/nkipc.h (no libnkos: these tests check the
 * kernel, not the library) and return 0 / a value or -errno, so tests can
 * ASSERT on exact error codes.
 *
 * Test messages carry a seed in hdr.status; every byte after the header
 * and every arena byte is a function of (seed, part, offset), so any lost,
 * shifted or mixed-up byte is detected.  The echo server answers seed S
 * with seed nkt_reply_seed(S) and the same sizes.
 */
#ifndef NKT_H
#define NKT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <linux/nkipc.h>

#define NKT_MS		1000000ULL		/* ns */
#define NKT_SEC		1000000000ULL

/* The standard endpoint table (see nkt.c): riid 0 has an alias, riid 2 is
 * a hole (no row), riid 3 is the last one. */
#define NKT_RIID_ECHO	0
#define NKT_ECHO_METHODS 4
#define NKT_RIID_OTHER	1
#define NKT_RIID_HOLE	2
#define NKT_RIID_LAST	3
extern const struct nkipc_endpoint nkt_endpoints[];
extern const unsigned int nkt_n_endpoints;

int nkt_open(void);
int nkt_ioctl(int fd, unsigned long cmd, void *arg);
uint32_t nkt_max_msg_size(void);
/* "prefix.PID.N": unique per process and call, so tests never collide. */
const char *nkt_name(const char *prefix);

int nkt_register(int dev, const char *name,
		 const struct nkipc_endpoint *eps, unsigned int n);
int nkt_register_std(int dev, const char *name);
int nkt_connect(int dev, const char *name, uint64_t timeout_ns);

/* One message: constant part (header first) plus arena, page-aligned. */
struct nkt_msg {
	uint8_t *cpart;
	uint8_t *arena;
	uint32_t len;		/* bytes in use */
	uint32_t arena_len;
	uint32_t cap;		/* bytes allocated */
	uint32_t arena_cap;
};

void nkt_msg_alloc(struct nkt_msg *m, uint32_t cap, uint32_t arena_cap);
void nkt_msg_free(struct nkt_msg *m);
void nkt_msg_fill(struct nkt_msg *m, uint16_t riid, uint16_t mid,
		  uint32_t len, uint32_t arena_len, uint32_t seed);
/* 0 if @m holds what nkt_msg_fill() wrote for these sizes and @seed. */
int nkt_msg_check(const struct nkt_msg *m, uint32_t len, uint32_t arena_len,
		  uint32_t seed);
static inline uint32_t nkt_reply_seed(uint32_t seed)
{
	return seed ^ 0xa5a5a5a5u;
}

/* The ioctl arguments nkt_call() and nkt_recv() pass, for tests that
 * corrupt a field before issuing the ioctl themselves. */
struct nkipc_call nkt_call_arg(const struct nkt_msg *req,
			       const struct nkt_msg *res, uint64_t timeout_ns);
struct nkipc_recv nkt_recv_arg(const struct nkt_msg *m, uint64_t timeout_ns);

/*
 * Connection manager: CM_LISTEN into @l (zeroed first); CM_ACCEPT of the
 * request @l describes, into a new channel with the standard endpoint
 * table and rsid NKT_RIID_ECHO (@listener -1) or into @listener's.
 */
int nkt_cm_listen(int dev, uint64_t timeout_ns, struct nkipc_cm_listen *l);
int nkt_cm_accept(int dev, const struct nkipc_cm_listen *l, int listener);

/* CALL with @req as request and @res's buffers (caps) for the response;
 * fills res->len / arena_len from the kernel's answer (also on ENOBUFS). */
int nkt_call(int cli, const struct nkt_msg *req, struct nkt_msg *res,
	     uint64_t timeout_ns);
/* RECV into @m's buffers; @r gets txid and caller identity. */
int nkt_recv(int srv, struct nkt_msg *m, uint64_t timeout_ns,
	     struct nkipc_recv *r);
int nkt_reply(int srv, uint64_t txid, const struct nkt_msg *res);

/* A full echo exchange from the client side, checked both ways: returns
 * 0, -errno, or -EILSEQ when the response's bytes are wrong. */
int nkt_echo_call(int cli, uint32_t len, uint32_t arena_len, uint32_t seed,
		  uint64_t timeout_ns);

/*
 * Echo server threads on one server handle: each RECVs (short timeouts so
 * stop is noticed), checks the request bytes and replies with the same
 * sizes and the reply seed.  Anything unexpected is counted in errors.
 */
#define NKT_MAX_THREADS 16
struct nkt_server {
	int fd;
	int nthreads;
	uint32_t cap, arena_cap;
	pthread_t th[NKT_MAX_THREADS];
	atomic_bool stop;
	atomic_long served;
	atomic_long errors;
	atomic_long epipe;	/* REPLY found the client gone */
};

void nkt_server_start(struct nkt_server *s, int fd, int nthreads,
		      uint32_t cap, uint32_t arena_cap);
/* Stops and joins the threads; returns s->errors. */
long nkt_server_stop(struct nkt_server *s);

/* Serve exactly one request on @srv with the echo logic; returns 0 or
 * -errno (-EILSEQ: request bytes wrong). */
int nkt_serve_one(int srv, uint64_t timeout_ns);

/* Child processes: run @fn in a child; nkt_wait_child() returns its exit
 * status, or 128 + signal. */
pid_t nkt_fork(int (*fn)(void *), void *arg);
int nkt_wait_child(pid_t pid);
/* Waits until @fd polls with any of @events (true) or @timeout_ms. */
bool nkt_poll_for(int fd, short events, int timeout_ms);

/* In a test program (after kselftest_harness.h): NKIPC_TIME_SCALE. */
/*
 * Handles in messages (10-core-handles, 10-core-memfd): hdr.ncaps of @m;
 * CALL with @n handles from @h, response handles into @out (cap @cap,
 * count to *@out_n); RECV with room for @cap handles in @out (@m's
 * lengths set from the request); REPLY of @res with @n handles from @h.
 */
void nkt_set_ncaps(struct nkt_msg *m, unsigned int n);
int nkt_hcall(int cli, struct nkt_msg *req, struct nkt_msg *res,
	      const struct nkipc_handle_desc *h, unsigned int n,
	      struct nkipc_handle_desc *out, unsigned int cap,
	      unsigned int *out_n);
int nkt_hrecv(int srv, struct nkt_msg *m, struct nkipc_handle_desc *out,
	      unsigned int cap, struct nkipc_recv *r, uint64_t timeout_ns);
int nkt_hreply(int srv, uint64_t txid, struct nkt_msg *res,
	       const struct nkipc_handle_desc *h, unsigned int n);
/* Open file descriptors of this process, -1 if /proc is missing. */
int nkt_fd_count(void);

#ifdef __KSELFTEST_HARNESS_H
#include "time_scale.h"
#endif

#endif /* NKT_H */
