// SPDX-License-Identifier: GPL-2.0
/*
 * Handles in messages (issue 13): fds and client handles travel with a
 * request or a response, rights only narrow, hostile tables are refused
 * before anything is queued, and no reference survives a failure.
 *
 * Leaks are seen through pipes: the write end is sent and closed by the
 * sender, so the read end polls POLLHUP exactly when no reference to the
 * write end is left anywhere (kernel or receiver).  fd counts of the
 * process are compared before and after.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("handles")

static struct nkipc_handle_desc hdesc(int fd, int kind, unsigned int rights)
{
	return (struct nkipc_handle_desc){
		.fd = fd, .kind = kind, .rights = rights,
	};
}

/* A client thread: one CALL with handles, result kept. */
struct caller {
	pthread_t th;
	int cli;
	unsigned int n;
	struct nkipc_handle_desc h[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_handle_desc out[NKIPC_MSG_MAX_HANDLES];
	unsigned int cap, out_n;
	uint32_t len;
	int ret;
};

static void *caller_fn(void *arg)
{
	struct caller *c = arg;
	struct nkt_msg req, res;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, c->len ?: 64, 16, 3);
	c->ret = nkt_hcall(c->cli, &req, &res, c->h, c->n, c->out, c->cap,
		       &c->out_n);
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return NULL;
}

static void caller_start(struct caller *c)
{
	pthread_create(&c->th, NULL, caller_fn, c);
}

/* POLLHUP on a pipe's read end: no write end is left anywhere. */
static bool no_writer(int rd)
{
	return nkt_poll_for(rd, POLLHUP, 2000);
}

/* A second service with an echo server, to send client handles of. */
struct other {
	int srv, cli;
	struct nkt_server s;
};

static void other_start(struct other *o, int dev)
{
	const char *name = nkt_name("handles.other");

	o->srv = nkt_register_std(dev, name);
	o->cli = nkt_connect(dev, name, 0);
	nkt_server_start(&o->s, o->srv, 1, 4096, 4096);
}

static long other_stop(struct other *o)
{
	long err = nkt_server_stop(&o->s);

	close(o->cli);
	close(o->srv);
	return err;
}

/* The request carries a pipe's write end and a client handle. */
TEST_F(svc, request_moves_fd_and_channel)
{
	struct nkipc_handle_desc got[4];
	struct caller c = { .cli = self->cli, .n = 2 };
	struct nkipc_recv r;
	struct nkt_msg m;
	struct other o;
	int p[2], before;
	char ch = 0;

	other_start(&o, self->dev);
	ASSERT_EQ(0, pipe(p));
	before = nkt_fd_count();
	c.h[0] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	c.h[1] = hdesc(o.cli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHT_CALL);
	caller_start(&c);
	nkt_msg_alloc(&m, 4096, 4096);
	memset(got, 0xff, sizeof(got));
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, got, 4, &r, 5 * NKT_SEC));
	EXPECT_EQ(2, r.handles_len);
	EXPECT_EQ(2, ((struct nkipc_msg_hdr *)m.cpart)->ncaps);
	EXPECT_EQ(NKIPC_HANDLE_FD, got[0].kind);
	EXPECT_EQ(NKIPC_RIGHT_WRITE, got[0].rights);
	EXPECT_EQ(NKIPC_HANDLE_CHANNEL, got[1].kind);
	EXPECT_EQ(NKIPC_RIGHT_CALL, got[1].rights);
	EXPECT_EQ(before + 2, nkt_fd_count());
	/* New fds, close-on-exec, that work. */
	EXPECT_NE(p[1], got[0].fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(got[0].fd, F_GETFD));
	EXPECT_EQ(1, write(got[0].fd, "x", 1));
	EXPECT_EQ(1, read(p[0], &ch, 1));
	EXPECT_EQ('x', ch);
	EXPECT_EQ(0, nkt_echo_call(got[1].fd, 64, 32, 9, 5 * NKT_SEC));
	/* CALL only: it cannot be sent on. */
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, NULL, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	EXPECT_EQ(0, c.out_n);
	/* The sender kept its fds (a copy, as SCM_RIGHTS). */
	EXPECT_LE(0, fcntl(p[1], F_GETFD));
	close(p[1]);
	close(got[0].fd);
	close(got[1].fd);
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	EXPECT_EQ(0, other_stop(&o));
	nkt_msg_free(&m);
}

/* Issue 13's case: a reply hands the client a channel end and a file. */
TEST_F(svc, reply_hands_channel_and_file)
{
	struct caller c = { .cli = self->cli, .cap = 4 };
	struct nkipc_handle_desc h[2], h2;
	struct nkipc_recv r;
	struct nkt_msg m, req, res;
	struct other o;
	int mfd, before;
	char buf[8] = "";

	other_start(&o, self->dev);
	mfd = memfd_create("handles", MFD_CLOEXEC);
	ASSERT_LE(0, mfd);
	ASSERT_EQ(5, write(mfd, "hello", 5));
	before = nkt_fd_count();
	caller_start(&c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, NULL, 0, &r, 5 * NKT_SEC));
	EXPECT_EQ(0, r.handles_len);
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	h[0] = hdesc(o.cli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHTS_CHANNEL);
	/* O_RDWR memfd handed read-only: a new open file */
	h[1] = hdesc(mfd, NKIPC_HANDLE_FD, NKIPC_RIGHT_READ);
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, h, 2));
	pthread_join(c.th, NULL);
	ASSERT_EQ(0, c.ret);
	ASSERT_EQ(2, c.out_n);
	EXPECT_EQ(before + 2, nkt_fd_count());
	EXPECT_EQ(NKIPC_HANDLE_CHANNEL, c.out[0].kind);
	EXPECT_EQ(NKIPC_RIGHTS_CHANNEL, c.out[0].rights);
	EXPECT_EQ(NKIPC_HANDLE_FD, c.out[1].kind);
	EXPECT_EQ(NKIPC_RIGHT_READ, c.out[1].rights);
	EXPECT_EQ(0, nkt_echo_call(c.out[0].fd, 100, 500, 11, 5 * NKT_SEC));
	EXPECT_EQ(O_RDONLY, fcntl(c.out[1].fd, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(-1, write(c.out[1].fd, "x", 1));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(5, pread(c.out[1].fd, buf, 5, 0));
	EXPECT_STREQ("hello", buf);
	/* With TRANSFER it can be sent on: back to the server, in a call. */
	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 16, 3);
	h2 = hdesc(c.out[0].fd, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHT_TRANSFER);
	{
		struct caller c2 = { .cli = self->cli, .n = 1, .h = { h2 } };
		struct nkipc_handle_desc got;

		caller_start(&c2);
		ASSERT_EQ(0, nkt_hrecv(self->srv, &m, &got, 1, &r, 5 * NKT_SEC));
		/* TRANSFER without CALL: cannot call */
		EXPECT_EQ(-EPERM, nkt_echo_call(got.fd, 64, 0, 1, NKT_SEC));
		nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
		EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, NULL, 0));
		pthread_join(c2.th, NULL);
		EXPECT_EQ(0, c2.ret);
		close(got.fd);
	}
	close(c.out[0].fd);
	close(c.out[1].fd);
	close(mfd);
	EXPECT_EQ(before - 1, nkt_fd_count());
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	nkt_msg_free(&m);
	EXPECT_EQ(0, other_stop(&o));
}

/* Every bad table is refused at CALL: nothing is queued. */
TEST_F(svc, hostile_tables)
{
	struct nkipc_handle_desc h[NKIPC_MSG_MAX_HANDLES + 1];
	struct nkt_msg req, res;
	int p[2], dev2, closed, i, before;

	dev2 = nkt_open();
	ASSERT_EQ(0, pipe(p));
	closed = dup(p[0]);
	close(closed);
	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 16, 3);
	before = nkt_fd_count();
#define BAD(err, ...) do { \
		struct nkipc_handle_desc one = __VA_ARGS__; \
		EXPECT_EQ(err, nkt_hcall(self->cli, &req, &res, &one, 1, NULL, \
				     0, NULL)); \
	} while (0)
	BAD(-EBADF, { .fd = -1, .kind = NKIPC_HANDLE_FD, .rights = 1 });
	BAD(-EBADF, { .fd = closed, .kind = NKIPC_HANDLE_FD, .rights = 1 });
	BAD(-EINVAL, { .fd = p[0], .kind = NKIPC_HANDLE_CHANNEL, .rights = 4 });
	BAD(-EINVAL, { .fd = p[0], .kind = 3, .rights = 1 });
	BAD(-EINVAL, { .fd = p[0], .kind = 0, .rights = 1 });
	BAD(-EINVAL, { .fd = p[0], .kind = NKIPC_HANDLE_FD, .rights = 0 });
	BAD(-EINVAL, { .fd = p[0], .kind = NKIPC_HANDLE_FD, .rights = 0x11 });
	BAD(-EINVAL, { .fd = p[0], .kind = NKIPC_HANDLE_FD, .rights = 1,
		       .flags = 1 });
	BAD(-EINVAL, { .fd = p[0], .kind = NKIPC_HANDLE_FD, .rights = 1,
		       .reserved = 1 });
	/* widening: a read end sent writable */
	BAD(-EPERM, { .fd = p[0], .kind = NKIPC_HANDLE_FD, .rights = 3 });
	BAD(-EPERM, { .fd = p[1], .kind = NKIPC_HANDLE_FD, .rights = 1 });
	/* only regular files are narrowed (reopened) */
	{
		int sv[2];

		ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
		BAD(-EINVAL, { .fd = sv[0], .kind = NKIPC_HANDLE_FD,
			       .rights = 1 });
		close(sv[0]);
		close(sv[1]);
	}
	/* nkipc's own files as fds */
	BAD(-EINVAL, { .fd = self->cli, .kind = NKIPC_HANDLE_FD, .rights = 3 });
	BAD(-EINVAL, { .fd = self->srv, .kind = NKIPC_HANDLE_FD, .rights = 3 });
	BAD(-EINVAL, { .fd = dev2, .kind = NKIPC_HANDLE_FD, .rights = 3 });
	/* a server handle is no client handle */
	BAD(-EINVAL, { .fd = self->srv, .kind = NKIPC_HANDLE_CHANNEL,
		       .rights = 4 });
	BAD(-EINVAL, { .fd = self->cli, .kind = NKIPC_HANDLE_CHANNEL,
		       .rights = 0x10 });
	/* too many, none, or an unreadable table */
	for (i = 0; i <= NKIPC_MSG_MAX_HANDLES; i++)
		h[i] = hdesc(p[0], NKIPC_HANDLE_FD, NKIPC_RIGHT_READ);
	EXPECT_EQ(-EBADMSG, nkt_hcall(self->cli, &req, &res, h,
				  NKIPC_MSG_MAX_HANDLES + 1, NULL, 0, NULL));
	EXPECT_EQ(-EBADMSG, nkt_hcall(self->cli, &req, &res, NULL, 1, NULL, 0,
				  NULL));
	EXPECT_EQ(-EFAULT, nkt_hcall(self->cli, &req, &res,
				 (void *)(uintptr_t)16, 1, NULL, 0, NULL));
	/* one bad entry after good ones: the good ones are dropped too */
	h[3] = hdesc(closed, NKIPC_HANDLE_FD, NKIPC_RIGHT_READ);
	EXPECT_EQ(-EBADF, nkt_hcall(self->cli, &req, &res, h, 4, NULL, 0, NULL));
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	EXPECT_EQ(before, nkt_fd_count());
	close(p[1]);
	/* the read end is still open only here: its writer is gone */
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	close(dev2);
	nkt_msg_free(&req);
	nkt_msg_free(&res);
}

/* The same fd twice gives two fds; the full table size works. */
TEST_F(svc, duplicates_and_full_table)
{
	struct caller c = { .cli = self->cli, .n = NKIPC_MSG_MAX_HANDLES };
	struct nkipc_handle_desc got[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_recv r;
	struct nkt_msg m;
	int p[2], i, before;

	ASSERT_EQ(0, pipe(p));
	for (i = 0; i < NKIPC_MSG_MAX_HANDLES; i++)
		c.h[i] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	before = nkt_fd_count();
	caller_start(&c);
	nkt_msg_alloc(&m, 4096, 4096);
	/* too small a table: ENOBUFS, what is needed, still queued */
	EXPECT_EQ(-ENOBUFS, nkt_hrecv(self->srv, &m, got, 3, &r, 5 * NKT_SEC));
	EXPECT_EQ(NKIPC_MSG_MAX_HANDLES, r.handles_len);
	EXPECT_EQ(before, nkt_fd_count());
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, got, NKIPC_MSG_MAX_HANDLES, &r,
			   5 * NKT_SEC));
	EXPECT_EQ(before + NKIPC_MSG_MAX_HANDLES, nkt_fd_count());
	for (i = 1; i < NKIPC_MSG_MAX_HANDLES; i++)
		EXPECT_NE(got[0].fd, got[i].fd);
	for (i = 0; i < NKIPC_MSG_MAX_HANDLES; i++)
		close(got[i].fd);
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, NULL, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	close(p[1]);
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	nkt_msg_free(&m);
}

/*
 * Lowers RLIMIT_NOFILE and fills the fd table so that exactly @free fds
 * can still be opened; fills @fds (to close) and @old.
 */
static int fill_fd_table(int free, int *fds, int max, struct rlimit *old)
{
	struct rlimit lim;
	int n = 0, fd;

	if (getrlimit(RLIMIT_NOFILE, old))
		return -1;
	lim = *old;
	lim.rlim_cur = 128;
	if (setrlimit(RLIMIT_NOFILE, &lim))
		return -1;
	while (n < max && (fd = dup(0)) >= 0)
		fds[n++] = fd;
	while (free-- > 0 && n)
		close(fds[--n]);
	return n;
}

static void unfill_fd_table(int *fds, int n, const struct rlimit *old)
{
	while (n)
		close(fds[--n]);
	setrlimit(RLIMIT_NOFILE, old);
}

/* The server's fd table is full: RECV fails, the request is kept. */
TEST_F(svc, receiver_fd_table_full)
{
	struct caller c = { .cli = self->cli, .n = 2 };
	struct nkipc_handle_desc got[2];
	struct rlimit old;
	struct nkipc_recv r;
	struct nkt_msg m;
	int p[2], before, fds[128], n;

	ASSERT_EQ(0, pipe(p));
	c.h[0] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	c.h[1] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	caller_start(&c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 5000));
	before = nkt_fd_count();
	/* room for one more fd, not two */
	n = fill_fd_table(1, fds, 128, &old);
	ASSERT_LT(0, n);
	EXPECT_EQ(before + n, nkt_fd_count());
	EXPECT_EQ(-EMFILE, nkt_hrecv(self->srv, &m, got, 2, &r, 0));
	EXPECT_EQ(before + n, nkt_fd_count());
	unfill_fd_table(fds, n, &old);
	EXPECT_EQ(before, nkt_fd_count());
	/* the request is still there, whole */
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, got, 2, &r, 0));
	EXPECT_EQ(2, r.handles_len);
	nkt_set_ncaps(&m, 0);
	EXPECT_EQ(0, nkt_msg_check(&m, 64, 16, 3));
	close(got[0].fd);
	close(got[1].fd);
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, NULL, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	close(p[1]);
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	nkt_msg_free(&m);
}

/* Child: a CALL offering 2 handle slots with room for only 1 fd. */
static int call_fd_table_full(void *arg)
{
	struct caller c = { .cli = *(int *)arg, .cap = 2 };
	struct rlimit old;
	int fds[128], n, before;

	before = nkt_fd_count();
	n = fill_fd_table(1, fds, 128, &old);
	if (n <= 0)
		return 2;
	caller_fn(&c);
	if (nkt_fd_count() != before + n)
		return 3;
	unfill_fd_table(fds, n, &old);
	return c.ret == -EMFILE ? 0 : 1;
}

/* The caller's fd table is full: CALL fails, the handles are closed. */
TEST_F(svc, caller_fd_table_full)
{
	struct nkipc_handle_desc h[2];
	struct nkipc_recv r;
	struct nkt_msg m;
	int p[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = nkt_fork(call_fd_table_full, &self->cli);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, NULL, 0, &r, 5 * NKT_SEC));
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	h[0] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	h[1] = hdesc(self->cli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHT_CALL);
	/* delivered as far as the server can tell */
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, h, 2));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(p[1]);
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	nkt_msg_free(&m);
}

/*
 * A response with more handles than the caller offered: ENOBUFS on both
 * sides, the handles dropped.  A server flooding a client cannot go past
 * the client's capacity.
 */
TEST_F(svc, response_over_capacity)
{
	struct caller c = { .cli = self->cli, .cap = 1 };
	struct nkipc_handle_desc h[2];
	struct nkipc_recv r;
	struct nkt_msg m;
	int p[2], before;

	ASSERT_EQ(0, pipe(p));
	before = nkt_fd_count();
	caller_start(&c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, NULL, 0, &r, 5 * NKT_SEC));
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	h[0] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	h[1] = h[0];
	EXPECT_EQ(-ENOBUFS, nkt_hreply(self->srv, r.txid, &m, h, 2));
	pthread_join(c.th, NULL);
	EXPECT_EQ(-ENOBUFS, c.ret);
	EXPECT_EQ(2, c.out_n);
	EXPECT_EQ(before, nkt_fd_count());
	/* a bad table in a REPLY is the server's own error */
	c.ret = 1;
	caller_start(&c);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, NULL, 0, &r, 5 * NKT_SEC));
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	h[0].rights = NKIPC_RIGHT_READ;
	EXPECT_EQ(-EPERM, nkt_hreply(self->srv, r.txid, &m, h, 1));
	h[0].rights = NKIPC_RIGHT_WRITE;
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, h, 1));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	EXPECT_EQ(1, c.out_n);
	close(c.out[0].fd);
	close(p[1]);
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	nkt_msg_free(&m);
}

static int held_fd = -1, child_close = -1;

/* Child: calls with the write end, never answered; killed by the test. */
static int call_with_pipe(void *arg)
{
	struct caller c = { .cli = *(int *)arg, .n = 1 };

	if (child_close >= 0)
		close(child_close);	/* the fork's copy of the server */
	c.h[0] = hdesc(held_fd, NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	caller_fn(&c);
	return c.ret == -EPIPE ? 0 : 10 - c.ret;
}

/* The caller dies with its request queued: the kernel's references go. */
TEST_F(svc, caller_killed_while_queued)
{
	int p[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	held_fd = p[1];
	pid = nkt_fork(call_with_pipe, &self->cli);
	close(p[1]);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 5000));
	/* queued with the child's write end: a writer exists */
	EXPECT_FALSE(nkt_poll_for(p[0], POLLHUP, 100));
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid));
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
}

/* The server dies with a request holding handles queued: EPIPE, no leak. */
TEST_F(svc, server_dies_while_queued)
{
	int p[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	held_fd = p[1];
	child_close = self->srv;
	pid = nkt_fork(call_with_pipe, &self->cli);
	close(p[1]);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 5000));
	close(self->srv);
	self->srv = -1;
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
}

/* REPLY_RECV: answers with handles, receives the next request's. */
TEST_F(svc, reply_recv_moves_handles)
{
	struct caller c1 = { .cli = self->cli, .cap = 2 };
	struct caller c2 = { .cli = self->cli, .n = 1 };
	struct nkipc_handle_desc give, got[2];
	struct nkipc_reply_recv rr;
	struct nkipc_recv r;
	struct nkt_msg m, res;
	int p[2], before;
	char ch;

	ASSERT_EQ(0, pipe(p));
	before = nkt_fd_count();
	caller_start(&c1);
	nkt_msg_alloc(&m, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, NULL, 0, &r, 5 * NKT_SEC));
	c2.h[0] = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	caller_start(&c2);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 5000));
	nkt_msg_fill(&res, 0, 0, 64, 16, nkt_reply_seed(3));
	nkt_set_ncaps(&res, 1);
	give = hdesc(p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	memset(&rr, 0, sizeof(rr));
	rr.size = sizeof(rr);
	rr.flags = NKIPC_RR_F_REPLY;
	rr.txid = r.txid;
	rr.res = (uintptr_t)res.cpart;
	rr.res_arena = (uintptr_t)res.arena;
	rr.res_len = res.len;
	rr.res_arena_len = res.arena_len;
	rr.res_handles = (uintptr_t)&give;
	rr.req = (uintptr_t)m.cpart;
	rr.req_arena = (uintptr_t)m.arena;
	rr.req_cap = m.cap;
	rr.req_arena_cap = m.arena_cap;
	rr.req_handles = (uintptr_t)got;
	rr.req_handles_cap = 2;
	rr.timeout_ns = 5 * NKT_SEC;
	ASSERT_EQ(0, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(0, rr.reply_result);
	EXPECT_EQ(1, rr.req_handles_len);
	EXPECT_EQ(NKIPC_HANDLE_FD, got[0].kind);
	pthread_join(c1.th, NULL);
	EXPECT_EQ(0, c1.ret);
	ASSERT_EQ(1, c1.out_n);
	/* both new fds write into the pipe */
	EXPECT_EQ(1, write(c1.out[0].fd, "a", 1));
	EXPECT_EQ(1, write(got[0].fd, "b", 1));
	EXPECT_EQ(1, read(p[0], &ch, 1));
	EXPECT_EQ('a', ch);
	EXPECT_EQ(1, read(p[0], &ch, 1));
	EXPECT_EQ('b', ch);
	EXPECT_EQ(before + 2, nkt_fd_count());
	close(c1.out[0].fd);
	close(got[0].fd);
	/* the second call, received by REPLY_RECV, is answered */
	nkt_msg_fill(&res, 0, 0, 64, 16, nkt_reply_seed(3));
	EXPECT_EQ(0, nkt_hreply(self->srv, rr.txid, &res, NULL, 0));
	pthread_join(c2.th, NULL);
	EXPECT_EQ(0, c2.ret);
	close(p[1]);
	EXPECT_TRUE(no_writer(p[0]));
	close(p[0]);
	nkt_msg_free(&m);
	nkt_msg_free(&res);
}

TEST_HARNESS_MAIN
