// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_stream.c - pipes and Unix sockets: the kernel copies the request in
 * (write/send) and out (read/recv), in buffer-sized pieces.
 *
 *   pipe       two pipes (request, answer), default 64 KiB capacity
 *   uds        socketpair(AF_UNIX, SOCK_STREAM), default buffers
 *   seqpacket  socketpair(AF_UNIX, SOCK_SEQPACKET): one message per request;
 *              the send buffer is raised (SO_SNDBUFFORCE) to hold a request
 *              when it does not already
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rtt.h"

/* fd[0]: server reads, fd[1]: client writes, fd[2]: client reads, fd[3]: server writes */
#define SRV_IN	0
#define CLI_OUT	1
#define CLI_IN	2
#define SRV_OUT	3

static int stream_serve(struct rtt_ctx *x, int n)
{
	uint32_t answer = 0;
	int i, err;

	for (i = 0; i < n; i++) {
		err = rtt_full_io(x->fd[SRV_IN], x->sbuf, x->c->len, 0);
		if (err)
			return err;
		answer = (uint32_t)x->c->len;
		err = rtt_full_io(x->fd[SRV_OUT], &answer, sizeof(answer), 1);
		if (err)
			return err;
	}
	return 0;
}

static int stream_call(struct rtt_ctx *x)
{
	uint32_t answer;
	int err;

	err = rtt_full_io(x->fd[CLI_OUT], x->buf, x->c->len, 1);
	if (!err)
		err = rtt_full_io(x->fd[CLI_IN], &answer, sizeof(answer), 0);
	if (!err && answer != x->c->len)
		err = EPROTO;
	return err;
}

/* close each descriptor once (a socket pair uses each twice) */
static void close_fds(struct rtt_ctx *x)
{
	int i, j;

	for (i = 0; i < 4; i++) {
		for (j = 0; j < i && x->fd[j] != x->fd[i]; j++)
			;
		if (x->fd[i] >= 0 && j == i)
			close(x->fd[i]);
	}
}

static int pipe_setup(struct rtt_ctx *x)
{
	int a[2], b[2];

	if (pipe(a))
		return errno;
	if (pipe(b)) {
		close(a[0]);
		close(a[1]);
		return errno;
	}
	x->fd[SRV_IN] = a[0];
	x->fd[CLI_OUT] = a[1];
	x->fd[CLI_IN] = b[0];
	x->fd[SRV_OUT] = b[1];
	return 0;
}

const struct rtt_mech rtt_pipe = {
	.name = "pipe",
	.what = "two pipes: write the request, read the answer",
	.setup = pipe_setup,
	.serve = stream_serve,
	.call = stream_call,
	.cleanup = close_fds,
};

/* one socket pair: the server uses sv[0] both ways, the client sv[1] */
static int pair_setup(struct rtt_ctx *x, int type)
{
	int sv[2];

	if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv))
		return errno;
	x->fd[SRV_IN] = x->fd[SRV_OUT] = sv[0];
	x->fd[CLI_OUT] = x->fd[CLI_IN] = sv[1];
	return 0;
}

static int uds_setup(struct rtt_ctx *x)
{
	return pair_setup(x, SOCK_STREAM);
}

const struct rtt_mech rtt_uds = {
	.name = "uds",
	.what = "socketpair(AF_UNIX, SOCK_STREAM)",
	.setup = uds_setup,
	.serve = stream_serve,
	.call = stream_call,
	.cleanup = close_fds,
};

static int seqpacket_setup(struct rtt_ctx *x)
{
	/* a datagram must fit the sender's buffer (less 32 bytes) */
	int want = (int)x->c->len * 2 + 65536, err, i, cur;
	socklen_t sl = sizeof(cur);

	err = pair_setup(x, SOCK_SEQPACKET);
	for (i = SRV_IN; !err && i <= CLI_OUT; i++) {
		if (getsockopt(x->fd[i], SOL_SOCKET, SO_SNDBUF, &cur, &sl))
			return errno;
		if ((size_t)cur < x->c->len + 4096 &&
		    setsockopt(x->fd[i], SOL_SOCKET, SO_SNDBUFFORCE, &want,
			       sizeof(want)))
			return errno;
	}
	return err;
}

static int seqpacket_serve(struct rtt_ctx *x, int n)
{
	uint32_t answer;
	ssize_t r;
	int i;

	for (i = 0; i < n; i++) {
		r = recv(x->fd[SRV_IN], x->sbuf, x->c->len, 0);
		if (r < 0)
			return errno;
		if ((size_t)r != x->c->len)
			return EPROTO;
		answer = (uint32_t)r;
		if (send(x->fd[SRV_OUT], &answer, sizeof(answer), 0) < 0)
			return errno;
	}
	return 0;
}

static int seqpacket_call(struct rtt_ctx *x)
{
	uint32_t answer;
	ssize_t r;

	if (send(x->fd[CLI_OUT], x->buf, x->c->len, 0) < 0)
		return errno;
	r = recv(x->fd[CLI_IN], &answer, sizeof(answer), 0);
	if (r < 0)
		return errno;
	return r == sizeof(answer) && answer == x->c->len ? 0 : EPROTO;
}

const struct rtt_mech rtt_seqpacket = {
	.name = "seqpacket",
	.what = "socketpair(AF_UNIX, SOCK_SEQPACKET), one message each way",
	.setup = seqpacket_setup,
	.serve = seqpacket_serve,
	.call = seqpacket_call,
	.cleanup = close_fds,
};
