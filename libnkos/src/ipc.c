// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ipc.c - the message exchange ioctls (see ipc.h).
 *
 * RECV gives a transaction id that REPLY must quote.  It is kept in
 * thread-local storage per handle, so several threads can serve one
 * handle (each replies to what it received) and one thread can serve
 * several handles.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/nkipc.h>
#include <coresrv/syscalls.h>

#include "handles.h"
#include "ipc.h"

nk_static_assert(sizeof(struct nk_message) == sizeof(struct nkipc_msg_hdr),
		 "nk_message is the kernel's message header");
nk_static_assert(offsetof(struct nk_message, size) ==
		 offsetof(struct nkipc_msg_hdr, size), "size field");
nk_static_assert(offsetof(struct nk_message, arena_size) ==
		 offsetof(struct nkipc_msg_hdr, arena_size), "arena_size field");
nk_static_assert(offsetof(struct nk_message, status) ==
		 offsetof(struct nkipc_msg_hdr, status), "status field");
nk_static_assert(NK_MSG_F_ERROR == NKIPC_MSG_F_ERROR, "error flag");

struct tx_slot {
	int fd;			/* -1: free */
	nk_uint64_t txid;
};

/*
 * This thread's received, unanswered transactions: one per handle, as
 * many handles as it serves.  Freed when the thread exits.
 */
struct tx_table {
	struct tx_slot *slots;
	unsigned int n;
};

static __thread struct tx_table tx;
static pthread_key_t tx_key;
static pthread_once_t tx_once = PTHREAD_ONCE_INIT;
static int tx_key_err;

static void tx_table_free(void *p)
{
	struct tx_table *t = p;

	free(t->slots);
	t->slots = NULL;
	t->n = 0;
}

static void tx_key_init(void)
{
	tx_key_err = pthread_key_create(&tx_key, tx_table_free);
}

/*
 * The slot of @fd (NULL: none); with @create a free or new one if there is
 * none (NULL: ENOMEM).  A free slot keeps the txid it last held: it must
 * never be taken for @fd's without @create (a Reply would quote that txid).
 */
static struct tx_slot *tx_find(int fd, int create)
{
	struct tx_slot *free_slot = NULL, *s;
	unsigned int i, n;

	for (i = 0; i < tx.n; i++) {
		if (tx.slots[i].fd == fd)
			return &tx.slots[i];
		if (tx.slots[i].fd < 0 && !free_slot)
			free_slot = &tx.slots[i];
	}
	if (!create)
		return NULL;
	if (free_slot)
		return free_slot;
	pthread_once(&tx_once, tx_key_init);
	if (tx_key_err || (!tx.slots && pthread_setspecific(tx_key, &tx)))
		return NULL;
	n = tx.n ? 2 * tx.n : 4;
	s = realloc(tx.slots, n * sizeof(*s));
	if (!s)
		return NULL;
	for (i = tx.n; i < n; i++)
		s[i].fd = -1;
	free_slot = &s[tx.n];
	tx.slots = s;
	tx.n = n;
	return free_slot;
}

void nk_ipc_forget(int fd)
{
	struct tx_slot *s = fd < 0 ? NULL : tx_find(fd, 0);

	if (s)
		s->fd = -1;
}

nk_uint64_t nk_msecs_to_ns(nk_uint32_t msecs)
{
	if (msecs == INFINITE_TIMEOUT)
		return NKIPC_TIMEOUT_INFINITE;
	return (nk_uint64_t)msecs * 1000000ULL;
}

static nk_uint32_t clamp32(nk_size_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (nk_uint32_t)v;
}

static int ioctl_errno(int fd, unsigned long cmd, void *arg)
{
	if (fd < 0)
		return EBADF;
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

int nk_ipc_call(int fd, struct nk_message *req,
		const struct nk_arena *req_arena, struct nk_message *res,
		struct nk_arena *res_arena, nk_uint64_t timeout_ns)
{
	struct nkipc_handle_desc qh[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_handle_desc sh[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_call c;
	nk_size_t alen = nk_arena_allocated_size(req_arena), cap;
	int err;

	if (!req || !res || req->size < sizeof(*req) ||
	    res->size < sizeof(*res) || alen > UINT32_MAX)
		return EINVAL;
	err = nk_handles_out(req, qh);
	if (err) {
		nk_handles_sent(req, err);
		return err;
	}
	req->arena_size = (nk_uint32_t)alen;
	cap = res_arena ? nk_arena_capacity(res_arena) : 0;
	/*
	 * Every field named, zeros too: stores of the values, not a memset()
	 * (a rep stos) then the stores.  A field added later is zero.
	 */
	c = (struct nkipc_call){
		.size = sizeof(c),
		.flags = 0,
		.req = (uintptr_t)req,
		.req_arena = alen ? (uintptr_t)req_arena->start : 0,
		.res = (uintptr_t)res,
		.res_arena = cap ? (uintptr_t)res_arena->start : 0,
		.req_len = req->size,
		.req_arena_len = (nk_uint32_t)alen,
		.res_cap = res->size,
		.res_arena_cap = clamp32(cap),
		.res_len = 0,
		.res_arena_len = 0,
		.timeout_ns = timeout_ns == NKIPC_TIMEOUT_INFINITE ? 0 : timeout_ns,
		.reserved = { 0, 0 },
		.req_handles = req->ncaps ? (uintptr_t)qh : 0,
		/* room for the most a response can carry: never ENOBUFS */
		.res_handles = (uintptr_t)sh,
		.res_handles_cap = NKIPC_MSG_MAX_HANDLES,
		.res_handles_len = 0,
	};
	err = ioctl_errno(fd, NKIPC_IOC_CALL, &c);
	nk_handles_sent(req, err);
	if (err)
		return err;
	nk_handles_in(res, sh, c.res_handles_len);
	if (res_arena) {
		nk_arena_reset(res_arena);
		if (c.res_arena_len)
			res_arena->current = res_arena->start + c.res_arena_len;
	}
	return 0;
}

/*
 * The end of RECV and REPLY_RECV: the sizes needed (ENOBUFS), or the
 * request's arena end and its txid kept in @slot for the Reply.
 */
static int received(int err, int fd, struct tx_slot *slot, nk_uint64_t txid,
		    struct nk_message *req, struct nk_arena *req_arena,
		    nk_uint32_t len, nk_uint32_t arena_len,
		    const struct nkipc_handle_desc *h, nk_uint32_t nh)
{
	if (err == ENOBUFS) {
		req->size = len;
		req->arena_size = arena_len;
	}
	if (err)
		return err;
	if (req_arena) {
		nk_arena_reset(req_arena);
		if (arena_len)
			req_arena->current = req_arena->start + arena_len;
	}
	slot->fd = fd;
	slot->txid = txid;
	nk_handles_in(req, h, nh);
	return 0;
}

int nk_ipc_recv(int fd, struct nk_message *req, struct nk_arena *req_arena,
		nk_uint64_t timeout_ns)
{
	struct nkipc_handle_desc h[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_recv r;
	struct tx_slot *slot;
	nk_size_t cap;
	int err;

	if (!req || req->size < sizeof(*req))
		return EINVAL;
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.req = (uintptr_t)req;
	r.req_cap = req->size;
	cap = req_arena ? nk_arena_capacity(req_arena) : 0;
	if (cap) {
		r.req_arena = (uintptr_t)req_arena->start;
		r.req_arena_cap = clamp32(cap);
	}
	r.timeout_ns = timeout_ns;
	/*
	 * Room for the most a request can carry: a request with handles
	 * never stays queued with ENOBUFS for want of a table.
	 */
	r.handles = (uintptr_t)h;
	r.handles_cap = NKIPC_MSG_MAX_HANDLES;
	if (fd < 0)
		return EBADF;
	slot = tx_find(fd, 1);	/* before RECV: nothing received is lost */
	if (!slot)
		return ENOMEM;
	err = ioctl_errno(fd, NKIPC_IOC_RECV, &r);
	return received(err, fd, slot, r.txid, req, req_arena, r.req_len,
			r.req_arena_len, h, r.handles_len);
}

int nk_ipc_reply(int fd, struct nk_message *res,
		 const struct nk_arena *res_arena)
{
	struct nkipc_handle_desc h[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_reply r;
	struct tx_slot *slot;
	nk_size_t alen = nk_arena_allocated_size(res_arena);
	int err;

	if (!res || res->size < sizeof(*res) || alen > UINT32_MAX)
		return EINVAL;
	slot = fd < 0 ? NULL : tx_find(fd, 0);
	err = fd < 0 ? EBADF : !slot ? ENOENT : nk_handles_out(res, h);
	if (err) {	/* ENOENT: this thread received nothing to answer */
		nk_handles_sent(res, err);
		return err;
	}
	res->arena_size = (nk_uint32_t)alen;
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.txid = slot->txid;
	r.res = (uintptr_t)res;
	r.res_len = res->size;
	r.res_arena = alen ? (uintptr_t)res_arena->start : 0;
	r.res_arena_len = (nk_uint32_t)alen;
	if (res->ncaps)
		r.handles = (uintptr_t)h;
	/* one reply per received request, whatever its outcome */
	slot->fd = -1;
	err = ioctl_errno(fd, NKIPC_IOC_REPLY, &r);
	nk_handles_sent(res, err);
	return err;
}

/* The kernel has no NKIPC_IOC_REPLY_RECV (ENOTTY): reply and recv apart. */
static int no_reply_recv;

static int reply_then_recv(int fd, struct nk_message *res,
			   const struct nk_arena *res_arena,
			   struct nk_message *req, struct nk_arena *req_arena,
			   nk_uint64_t timeout_ns)
{
	(void)nk_ipc_reply(fd, res, res_arena);
	return nk_ipc_recv(fd, req, req_arena, timeout_ns);
}

int nk_ipc_reply_recv(int fd, struct nk_message *res,
		      const struct nk_arena *res_arena, struct nk_message *req,
		      struct nk_arena *req_arena, nk_uint64_t timeout_ns)
{
	struct nkipc_handle_desc sh[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_handle_desc qh[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_reply_recv rr;
	struct tx_slot *slot;
	nk_size_t alen = nk_arena_allocated_size(res_arena), cap;
	int err;

	if (fd < 0)
		return EBADF;
	if (!res || res->size < sizeof(*res) || alen > UINT32_MAX || !req ||
	    req->size < sizeof(*req))
		return EINVAL;
	slot = tx_find(fd, 0);
	if (!slot || __atomic_load_n(&no_reply_recv, __ATOMIC_RELAXED))
		return reply_then_recv(fd, res, res_arena, req, req_arena,
				       timeout_ns);
	err = nk_handles_out(res, sh);
	if (err) {	/* the reply cannot be sent: as a failed reply */
		nk_handles_sent(res, err);
		slot->fd = -1;
		return nk_ipc_recv(fd, req, req_arena, timeout_ns);
	}
	res->arena_size = (nk_uint32_t)alen;
	cap = req_arena ? nk_arena_capacity(req_arena) : 0;
	/* every field named, as in nk_ipc_call() */
	rr = (struct nkipc_reply_recv){
		.size = sizeof(rr),
		.flags = NKIPC_RR_F_REPLY,
		.txid = slot->txid,
		.res = (uintptr_t)res,
		.res_arena = alen ? (uintptr_t)res_arena->start : 0,
		.res_len = res->size,
		.res_arena_len = (nk_uint32_t)alen,
		.reply_result = 0,
		.reserved0 = 0,
		.req = (uintptr_t)req,
		.req_arena = cap ? (uintptr_t)req_arena->start : 0,
		.req_cap = req->size,
		.req_arena_cap = clamp32(cap),
		.req_len = 0,
		.req_arena_len = 0,
		.timeout_ns = timeout_ns,
		.src_pid = 0,
		.src_uid = 0,
		.src_gid = 0,
		.reserved1 = 0,
		.reserved = { 0, 0 },
		.res_handles = res->ncaps ? (uintptr_t)sh : 0,
		.req_handles = (uintptr_t)qh,
		.req_handles_cap = NKIPC_MSG_MAX_HANDLES,
		.req_handles_len = 0,
	};
	err = ioctl_errno(fd, NKIPC_IOC_REPLY_RECV, &rr);
	if (err == ENOTTY) {
		__atomic_store_n(&no_reply_recv, 1, __ATOMIC_RELAXED);
		return reply_then_recv(fd, res, res_arena, req, req_arena,
				       timeout_ns);
	}
	/* one reply per received request, whatever its outcome */
	slot->fd = -1;
	if (err && rr.reply_result) {	/* the reply failed: nothing received */
		nk_handles_sent(res, -rr.reply_result);
		return nk_ipc_recv(fd, req, req_arena, timeout_ns);
	}
	nk_handles_sent(res, 0);
	/* into the slot just freed */
	return received(err, fd, slot, rr.txid, req, req_arena, rr.req_len,
			rr.req_arena_len, qh, rr.req_handles_len);
}
