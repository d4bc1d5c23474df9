// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_shm.c - shared memory with a sleeping handoff, and process_vm_readv.
 *
 *   futex    the client copies the request into a shared mapping (glibc
 *            memcpy), bumps a sequence word and FUTEX_WAKEs the server,
 *            then FUTEX_WAITs on the answer's sequence word; the server
 *            reads the request in place (no second copy)
 *   eventfd  the same copy, the handoff by a write/read on two eventfds
 *   pvr      no shared data: the server pulls the request out of the
 *            client's buffer with process_vm_readv() (one kernel copy),
 *            the handoff by eventfds as above
 *
 * Both sides always make the wake-up syscall (no "is anybody waiting"
 * shortcut), so every mechanism here makes four syscalls per round trip,
 * like a pipe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rtt.h"

struct shm {
	_Atomic uint32_t req;	/* sequence number of the last request */
	_Atomic uint32_t res;	/* sequence number of the last answer */
	uint32_t answer;
	uint32_t len;
	uint64_t addr;		/* pvr: where the request is in the client */
	uint64_t map_size;
	char data[];		/* futex, eventfd: the request */
};

#define SHM(x)		((struct shm *)(x)->p[0])
#define EFD_REQ		0
#define EFD_RES		1

static int shm_map(struct rtt_ctx *x, int with_data)
{
	size_t size = sizeof(struct shm) + (with_data ? x->c->len : 0);
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	x->p[0] = p;
	SHM(x)->map_size = size;
	return 0;
}

static void shm_cleanup(struct rtt_ctx *x)
{
	int i;

	for (i = 0; i < 2; i++)
		if (x->fd[i] >= 0)
			close(x->fd[i]);
	if (x->p[0])
		munmap(x->p[0], SHM(x)->map_size);
}

/* ---- futex ---- */

static long futex(_Atomic uint32_t *w, int op, uint32_t val)
{
	/* shared (not FUTEX_PRIVATE_FLAG): the word is in a MAP_SHARED page */
	return syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

/* sleep until *w is no longer old */
static int futex_wait_change(_Atomic uint32_t *w, uint32_t old)
{
	while (atomic_load(w) == old) {
		if (futex(w, FUTEX_WAIT, old) == 0 || errno == EAGAIN)
			continue;
		return errno;	/* EINTR: the case's alarm */
	}
	return 0;
}

static int futex_setup(struct rtt_ctx *x)
{
	return shm_map(x, 1);
}

static int futex_serve(struct rtt_ctx *x, int n)
{
	struct shm *s = SHM(x);
	uint32_t seen = 0;
	int i, err;

	for (i = 0; i < n; i++) {
		err = futex_wait_change(&s->req, seen);
		if (err)
			return err;
		seen = atomic_load(&s->req);
		s->answer = s->len;
		atomic_store(&s->res, seen);
		if (futex(&s->res, FUTEX_WAKE, 1) < 0)
			return errno;
	}
	return 0;
}

static int futex_call(struct rtt_ctx *x)
{
	struct shm *s = SHM(x);
	uint32_t seq = atomic_load(&s->req) + 1;	/* only we write it */
	int err;

	memcpy(s->data, x->buf, x->c->len);
	s->len = (uint32_t)x->c->len;
	atomic_store(&s->req, seq);
	if (futex(&s->req, FUTEX_WAKE, 1) < 0)
		return errno;
	err = futex_wait_change(&s->res, seq - 1);
	if (!err && s->answer != x->c->len)
		err = EPROTO;
	return err;
}

const struct rtt_mech rtt_futex = {
	.name = "futex",
	.what = "shared memory (memcpy in), futex wake/wait both ways",
	.setup = futex_setup,
	.serve = futex_serve,
	.call = futex_call,
	.cleanup = shm_cleanup,
};

/* ---- eventfd, and process_vm_readv with the eventfd handoff ---- */

static int efd_setup(struct rtt_ctx *x, int with_data)
{
	int err;

	err = shm_map(x, with_data);
	if (err)
		return err;
	x->fd[EFD_REQ] = eventfd(0, EFD_CLOEXEC);
	x->fd[EFD_RES] = eventfd(0, EFD_CLOEXEC);
	return x->fd[EFD_REQ] < 0 || x->fd[EFD_RES] < 0 ? errno : 0;
}

static int efd_signal(int fd)
{
	uint64_t one = 1;

	return write(fd, &one, sizeof(one)) == sizeof(one) ? 0 : errno;
}

static int efd_wait(int fd)
{
	uint64_t v;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? 0 : errno;
}

static int eventfd_setup(struct rtt_ctx *x)
{
	return efd_setup(x, 1);
}

/* server: wait for a request, take it (pvr: pull it), answer */
static int efd_serve(struct rtt_ctx *x, int n, int pull)
{
	struct shm *s = SHM(x);
	pid_t client = getppid();
	int i, err;

	for (i = 0; i < n; i++) {
		err = efd_wait(x->fd[EFD_REQ]);
		if (err)
			return err;
		if (pull) {
			struct iovec local = { x->sbuf, s->len };
			struct iovec remote = {
				(void *)(uintptr_t)s->addr, s->len
			};
			ssize_t r = process_vm_readv(client, &local, 1,
						     &remote, 1, 0);

			if (r < 0)
				return errno;
			if ((size_t)r != s->len)
				return EPROTO;
		}
		s->answer = s->len;
		err = efd_signal(x->fd[EFD_RES]);
		if (err)
			return err;
	}
	return 0;
}

static int eventfd_serve(struct rtt_ctx *x, int n)
{
	return efd_serve(x, n, 0);
}

static int efd_call(struct rtt_ctx *x, int copy)
{
	struct shm *s = SHM(x);
	int err;

	if (copy)
		memcpy(s->data, x->buf, x->c->len);
	s->len = (uint32_t)x->c->len;
	s->addr = (uintptr_t)x->buf;
	err = efd_signal(x->fd[EFD_REQ]);
	if (!err)
		err = efd_wait(x->fd[EFD_RES]);
	if (!err && s->answer != x->c->len)
		err = EPROTO;
	return err;
}

static int eventfd_call(struct rtt_ctx *x)
{
	return efd_call(x, 1);
}

const struct rtt_mech rtt_eventfd = {
	.name = "eventfd",
	.what = "shared memory (memcpy in), eventfd write/read both ways",
	.setup = eventfd_setup,
	.serve = eventfd_serve,
	.call = eventfd_call,
	.cleanup = shm_cleanup,
};

static int pvr_setup(struct rtt_ctx *x)
{
	return efd_setup(x, 0);
}

static int pvr_serve(struct rtt_ctx *x, int n)
{
	return efd_serve(x, n, 1);
}

static int pvr_call(struct rtt_ctx *x)
{
	return efd_call(x, 0);
}

const struct rtt_mech rtt_pvr = {
	.name = "pvr",
	.what = "process_vm_readv() of the client's buffer, eventfd handoff",
	.setup = pvr_setup,
	.serve = pvr_serve,
	.call = pvr_call,
	.cleanup = shm_cleanup,
};
