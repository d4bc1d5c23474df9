// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_mq.c - POSIX message queues: a request queue (one message of the
 * request's size) and an answer queue (one 4-byte message).  mq_send copies
 * the message into kernel memory, mq_receive copies it out.  Queues this
 * large need root: CAP_SYS_RESOURCE lifts msgsize_max (up to 16 MiB), and
 * RLIMIT_MSGQUEUE is raised for them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "rtt.h"

#define Q_REQ	0
#define Q_RES	1

static void mq_names(char names[2][64])
{
	snprintf(names[Q_REQ], 64, "/rtt.req.%d", (int)getpid());
	snprintf(names[Q_RES], 64, "/rtt.res.%d", (int)getpid());
}

static int mqueue_setup(struct rtt_ctx *x)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	struct mq_attr req = { .mq_maxmsg = 1, .mq_msgsize = (long)x->c->len };
	struct mq_attr res = { .mq_maxmsg = 1, .mq_msgsize = sizeof(uint32_t) };
	char names[2][64];
	int err = 0;

	/* without it mq_open fails with EMFILE */
	setrlimit(RLIMIT_MSGQUEUE, &unlimited);
	mq_names(names);
	x->fd[Q_REQ] = mq_open(names[Q_REQ], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			       0600, &req);
	if (x->fd[Q_REQ] < 0)
		return errno;
	x->fd[Q_RES] = mq_open(names[Q_RES], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			       0600, &res);
	if (x->fd[Q_RES] < 0)
		err = errno;
	/* the descriptors are enough, for both processes */
	mq_unlink(names[Q_REQ]);
	mq_unlink(names[Q_RES]);
	return err;
}

static int mqueue_serve(struct rtt_ctx *x, int n)
{
	uint32_t answer;
	ssize_t r;
	int i;

	for (i = 0; i < n; i++) {
		r = mq_receive(x->fd[Q_REQ], x->sbuf, x->c->len, NULL);
		if (r < 0)
			return errno;
		if ((size_t)r != x->c->len)
			return EPROTO;
		answer = (uint32_t)r;
		if (mq_send(x->fd[Q_RES], (const char *)&answer,
			    sizeof(answer), 0))
			return errno;
	}
	return 0;
}

static int mqueue_call(struct rtt_ctx *x)
{
	uint32_t answer;
	ssize_t r;

	if (mq_send(x->fd[Q_REQ], x->buf, x->c->len, 0))
		return errno;
	r = mq_receive(x->fd[Q_RES], (char *)&answer, sizeof(answer), NULL);
	if (r < 0)
		return errno;
	return r == sizeof(answer) && answer == x->c->len ? 0 : EPROTO;
}

static void mqueue_cleanup(struct rtt_ctx *x)
{
	if (x->fd[Q_REQ] >= 0)
		mq_close(x->fd[Q_REQ]);
	if (x->fd[Q_RES] >= 0)
		mq_close(x->fd[Q_RES]);
}

const struct rtt_mech rtt_mqueue = {
	.name = "mqueue",
	.what = "POSIX message queues, one per direction",
	.setup = mqueue_setup,
	.serve = mqueue_serve,
	.call = mqueue_call,
	.cleanup = mqueue_cleanup,
};
