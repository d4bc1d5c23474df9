// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_binder.c - raw Android binder, through its uapi only (no libbinder):
 * the server becomes the context manager (BINDER_SET_CONTEXT_MGR) of
 * /dev/binder (`modprobe binder_linux devices=binder`), the client sends
 * BC_TRANSACTION to handle 0 and waits for BR_REPLY, all through
 * BINDER_WRITE_READ.  The driver copies the request once, into pages of the
 * server's binder mapping, where the server reads it in place.
 *
 * Buffers are returned as libbinder returns them: the client frees the
 * previous reply's buffer in the same write as its next transaction, the
 * server frees the request's buffer in the same write as its reply.  Per
 * round trip the client makes one BINDER_WRITE_READ (the driver defers its
 * BR_TRANSACTION_COMPLETE until the reply), the server two (reply, then
 * wait for the next transaction).  A binder mapping holds at most 4 MiB.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/android/binder.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "rtt.h"

#define BINDER_DEV	"/dev/binder"
#define BINDER_MAP	(4u << 20)	/* the driver's limit */

#define FD(x)		((x)->fd[0])
#define MAP(x)		((x)->p[0])
/* the client's previous reply buffer, to free with the next transaction */
#define TO_FREE(x)	((x)->p[1])

struct wbuf {
	char b[2 * (sizeof(uint32_t) + sizeof(struct binder_transaction_data))];
	size_t len;
};

static void put(struct wbuf *w, uint32_t cmd, const void *arg, size_t len)
{
	memcpy(w->b + w->len, &cmd, sizeof(cmd));
	if (len)
		memcpy(w->b + w->len + sizeof(cmd), arg, len);
	w->len += sizeof(cmd) + len;
}

static void put_free(struct wbuf *w, binder_uintptr_t buffer)
{
	put(w, BC_FREE_BUFFER, &buffer, sizeof(buffer));
}

/* one BINDER_WRITE_READ: write all of w, read up to rcap bytes into r */
static int bwr(int fd, struct wbuf *w, void *r, size_t rcap, size_t *rlen)
{
	struct binder_write_read b = {
		.write_size = w->len, .write_buffer = (uintptr_t)w->b,
		.read_size = rcap, .read_buffer = (uintptr_t)r,
	};

	if (ioctl(fd, BINDER_WRITE_READ, &b) < 0)
		return errno;
	if (b.write_consumed != w->len)
		return EPROTO;
	w->len = 0;
	*rlen = b.read_consumed;
	return 0;
}

/*
 * Look through the returned commands for @want (BR_TRANSACTION or
 * BR_REPLY) and copy its transaction data: 1 found, 0 not yet, or a
 * negative errno for a failed transaction.
 */
static int scan(const char *r, size_t len, uint32_t want,
		struct binder_transaction_data *tr)
{
	size_t off = 0, sz;
	uint32_t cmd;
	int found = 0;

	while (off + sizeof(cmd) <= len) {
		memcpy(&cmd, r + off, sizeof(cmd));
		off += sizeof(cmd);
		sz = _IOC_SIZE(cmd);
		if (off + sz > len)
			return -EPROTO;
		if (cmd == want) {
			found = 1;
			memcpy(tr, r + off, sizeof(*tr));
		} else if (cmd == BR_FAILED_REPLY)
			return -ENOSPC;	/* e.g. no room in the mapping */
		else if (cmd == BR_DEAD_REPLY)
			return -EPIPE;
		else if (cmd == BR_ERROR)
			return -EPROTO;
		off += sz;
	}
	return found;
}

/* read until @want arrives (writing w first) */
static int wait_for(int fd, struct wbuf *w, uint32_t want,
		    struct binder_transaction_data *tr)
{
	char r[256];
	size_t rlen;
	int err, rc;

	do {
		err = bwr(fd, w, r, sizeof(r), &rlen);
		if (err)
			return err;
		rc = scan(r, rlen, want, tr);
	} while (!rc);
	return rc < 0 ? -rc : 0;
}

static int binder_open(struct rtt_ctx *x)
{
	struct binder_version v;

	FD(x) = open(BINDER_DEV, O_RDWR | O_CLOEXEC);
	if (FD(x) < 0)
		return errno;
	if (ioctl(FD(x), BINDER_VERSION, &v) < 0)
		return errno;
	if (v.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION)
		return EPROTO;
	MAP(x) = mmap(NULL, BINDER_MAP, PROT_READ, MAP_PRIVATE, FD(x), 0);
	if (MAP(x) == MAP_FAILED) {
		MAP(x) = NULL;
		return errno;
	}
	return 0;
}

static int binder_child_init(struct rtt_ctx *x)
{
	struct timespec ms = { 0, 1000000 };
	struct wbuf w = { .len = 0 };
	int err, tries;

	err = binder_open(x);
	if (err)
		return err;
	/* the previous case's server may still be being released */
	for (tries = 0; tries < 5000; tries++) {
		if (!ioctl(FD(x), BINDER_SET_CONTEXT_MGR, 0))
			break;
		if (errno != EBUSY)
			return errno;
		nanosleep(&ms, NULL);
	}
	if (tries == 5000)
		return EBUSY;
	put(&w, BC_ENTER_LOOPER, NULL, 0);
	return bwr(FD(x), &w, NULL, 0, &(size_t){ 0 });
}

static int binder_serve(struct rtt_ctx *x, int n)
{
	struct binder_transaction_data tr, rtr = { .data_size = 4 };
	struct wbuf w = { .len = 0 };
	uint32_t answer;
	int i, err;

	for (i = 0; i < n; i++) {
		err = wait_for(FD(x), &w, BR_TRANSACTION, &tr);
		if (err)
			return err;
		if (tr.data_size != x->c->len)
			return EPROTO;
		answer = (uint32_t)tr.data_size;
		rtr.data.ptr.buffer = (uintptr_t)&answer;
		put_free(&w, tr.data.ptr.buffer);
		put(&w, BC_REPLY, &rtr, sizeof(rtr));
	}
	return bwr(FD(x), &w, NULL, 0, &(size_t){ 0 });
}

static int binder_client_init(struct rtt_ctx *x)
{
	TO_FREE(x) = NULL;
	return binder_open(x);
}

static int binder_call(struct rtt_ctx *x)
{
	struct binder_transaction_data tr = {
		.target.handle = 0, .code = 1,	/* libbinder's FIRST_CALL_TRANSACTION */
		.data_size = x->c->len, .data.ptr.buffer = (uintptr_t)x->buf,
	};
	struct wbuf w = { .len = 0 };
	uint32_t answer;
	int err;

	if (TO_FREE(x))
		put_free(&w, (uintptr_t)TO_FREE(x));
	put(&w, BC_TRANSACTION, &tr, sizeof(tr));
	err = wait_for(FD(x), &w, BR_REPLY, &tr);
	if (err)
		return err;
	TO_FREE(x) = (void *)(uintptr_t)tr.data.ptr.buffer;
	if ((tr.flags & TF_STATUS_CODE) || tr.data_size != sizeof(answer))
		return EPROTO;
	memcpy(&answer, (void *)(uintptr_t)tr.data.ptr.buffer, sizeof(answer));
	return answer == x->c->len ? 0 : EPROTO;
}

static void binder_cleanup(struct rtt_ctx *x)
{
	if (MAP(x))
		munmap(MAP(x), BINDER_MAP);
	if (FD(x) >= 0)
		close(FD(x));
}

const struct rtt_mech rtt_binder = {
	.name = "binder",
	.what = "raw binder: BC_TRANSACTION to the context manager, BC_REPLY",
	.child_init = binder_child_init,
	.client_init = binder_client_init,
	.serve = binder_serve,
	.call = binder_call,
	.cleanup = binder_cleanup,
};
