// SPDX-License-Identifier: GPL-2.0
/*
 * NKIPC_IOC_REPLY_RECV (docs/uapi.md): a reply and the next receive in one
 * ioctl.  Without NKIPC_RR_F_REPLY it is a RECV; with it the reply's
 * result is in reply_result, a failed reply returns at once and receives
 * nothing, and a receive that fails after a good reply (timeout 0, a
 * signal, ENOBUFS) leaves the reply delivered.  Death of either side and
 * signals end it as they end RECV and REPLY.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("replyrecv")

#define LEN	64u
#define ALEN	64u

/* Child: @n echo calls of LEN + ALEN bytes, seeds 1..n; exit = errno. */
struct calls_arg {
	int cli;
	int n;
};

static int calls_child(void *arg)
{
	struct calls_arg *a = arg;
	int ret;

	for (int i = 1; i <= a->n; i++) {
		ret = nkt_echo_call(a->cli, LEN, ALEN, i, 10 * NKT_SEC);
		if (ret)
			return -ret;
	}
	return 0;
}

static struct nkipc_reply_recv rr_arg(const struct nkt_msg *in,
				      uint64_t timeout_ns)
{
	return (struct nkipc_reply_recv){
		.size = sizeof(struct nkipc_reply_recv),
		.req = (uintptr_t)in->cpart,
		.req_arena = (uintptr_t)in->arena,
		.req_cap = in->cap,
		.req_arena_cap = in->arena_cap,
		.timeout_ns = timeout_ns,
	};
}

/* Turns the request in @m into its echo response and sets up @rr to send it. */
static void rr_answer(struct nkipc_reply_recv *rr, struct nkt_msg *m)
{
	struct nkipc_msg_hdr hdr;

	memcpy(&hdr, m->cpart, sizeof(hdr));
	nkt_msg_fill(m, hdr.riid, hdr.mid, rr->req_len, rr->req_arena_len,
		     nkt_reply_seed(hdr.status));
	rr->flags = NKIPC_RR_F_REPLY;
	rr->res = (uintptr_t)m->cpart;
	rr->res_arena = (uintptr_t)m->arena;
	rr->res_len = m->len;
	rr->res_arena_len = m->arena_len;
}

TEST_F(svc, serves_a_sequence)
{
	struct calls_arg a = { .cli = self->cli, .n = 3 };
	struct nkipc_reply_recv rr;
	struct nkt_msg m;
	uint64_t prev;
	pid_t pid;

	nkt_msg_alloc(&m, 4096, 4096);
	pid = nkt_fork(calls_child, &a);
	rr = rr_arg(&m, 10 * NKT_SEC);
	/* no flag: a plain receive */
	ASSERT_EQ(0, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(LEN, rr.req_len);
	EXPECT_EQ(ALEN, rr.req_arena_len);
	EXPECT_NE(0, rr.txid);
	EXPECT_EQ(getpid(), (pid_t)rr.src_pid);
	for (int i = 0; i < 2; i++) {
		m.len = rr.req_len;
		m.arena_len = rr.req_arena_len;
		EXPECT_EQ(0, nkt_msg_check(&m, LEN, ALEN, i + 1));
		prev = rr.txid;
		rr_answer(&rr, &m);
		rr.reply_result = 12345;
		ASSERT_EQ(0, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
		EXPECT_EQ(0, rr.reply_result);
		EXPECT_NE(prev, rr.txid);
	}
	/* the last reply, then nothing to receive: the reply still went */
	rr_answer(&rr, &m);
	rr.timeout_ns = 0;
	rr.reply_result = 12345;
	EXPECT_EQ(-EAGAIN, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(0, rr.reply_result);
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&m);
}

TEST_F(svc, bad_arguments_are_einval)
{
	struct nkipc_reply_recv rr;
	struct nkt_msg m;

	nkt_msg_alloc(&m, 4096, 4096);
	rr = rr_arg(&m, 0);
	rr.flags = 2;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	rr = rr_arg(&m, 0);
	rr.reserved0 = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	rr = rr_arg(&m, 0);
	rr.reserved1 = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	rr = rr_arg(&m, 0);
	rr.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	rr = rr_arg(&m, 0);
	rr.size = NKIPC_REPLY_RECV_SIZE_VER0 - 8;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	/* a server command only */
	rr = rr_arg(&m, 0);
	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->cli, NKIPC_IOC_REPLY_RECV, &rr));
	nkt_msg_free(&m);
}

/* A failed reply returns at once: the queued request is still there. */
TEST_F(svc, failed_reply_receives_nothing)
{
	struct calls_arg a = { .cli = self->cli, .n = 1 };
	struct nkipc_reply_recv rr;
	struct nkt_msg m;
	pid_t pid;

	nkt_msg_alloc(&m, 4096, 4096);
	pid = nkt_fork(calls_child, &a);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	nkt_msg_fill(&m, 0, 0, LEN, 0, 1);
	rr = rr_arg(&m, 0);
	rr.flags = NKIPC_RR_F_REPLY;
	rr.txid = 987654321;	/* nobody's */
	rr.res = (uintptr_t)m.cpart;
	rr.res_len = LEN;
	EXPECT_EQ(-ENOENT, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(-ENOENT, rr.reply_result);
	EXPECT_EQ(987654321, rr.txid);
	rr.res_len = 8;		/* shorter than a header */
	EXPECT_EQ(-EBADMSG, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(-EBADMSG, rr.reply_result);
	rr.res_len = LEN;
	rr.res = 8;		/* unmapped */
	EXPECT_EQ(-ENOENT, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_TRUE(nkt_poll_for(self->srv, POLLIN, 0));
	EXPECT_EQ(0, nkt_serve_one(self->srv, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&m);
}

/* A request too big for the buffers: the reply went, the request stays. */
TEST_F(svc, enobufs_after_reply)
{
	struct calls_arg a = { .cli = self->cli, .n = 2 };
	struct nkipc_reply_recv rr;
	struct nkt_msg m;
	pid_t pid;

	nkt_msg_alloc(&m, 4096, 4096);
	pid = nkt_fork(calls_child, &a);
	rr = rr_arg(&m, 10 * NKT_SEC);
	ASSERT_EQ(0, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	rr_answer(&rr, &m);
	rr.req_arena_cap = ALEN - 1;
	EXPECT_EQ(-ENOBUFS, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(0, rr.reply_result);
	EXPECT_EQ(LEN, rr.req_len);
	EXPECT_EQ(ALEN, rr.req_arena_len);
	EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&m);
}

/* The client died after the receive: the reply is -EPIPE, nothing taken. */
TEST_F(svc, dead_client_is_epipe)
{
	struct calls_arg a = { .cli = self->cli, .n = 1 };
	struct nkipc_reply_recv rr;
	struct nkt_msg m;
	pid_t pid, other;

	nkt_msg_alloc(&m, 4096, 4096);
	pid = nkt_fork(calls_child, &a);
	rr = rr_arg(&m, 10 * NKT_SEC);
	ASSERT_EQ(0, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid));
	other = nkt_fork(calls_child, &a);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	rr_answer(&rr, &m);
	EXPECT_EQ(-EPIPE, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, &rr));
	EXPECT_EQ(-EPIPE, rr.reply_result);
	EXPECT_TRUE(nkt_poll_for(self->srv, POLLIN, 0));
	EXPECT_EQ(0, nkt_serve_one(self->srv, 0));
	EXPECT_EQ(0, nkt_wait_child(other));
	nkt_msg_free(&m);
}

static void on_signal(int sig)
{
	(void)sig;
}

struct server_arg {
	int srv;
	int ready[2];
};

/*
 * Child server: receives one request, answers it with REPLY_RECV and
 * waits there for the next.  Exit: errno of that wait (99: the reply
 * failed).
 */
static int rr_server_child(void *arg)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct server_arg *a = arg;
	struct nkipc_reply_recv rr;
	struct nkt_msg m;
	int ret;

	sigaction(SIGUSR1, &sa, NULL);
	nkt_msg_alloc(&m, 4096, 4096);
	rr = rr_arg(&m, NKIPC_TIMEOUT_INFINITE);
	if (nkt_ioctl(a->srv, NKIPC_IOC_REPLY_RECV, &rr))
		return 98;
	rr_answer(&rr, &m);
	if (write(a->ready[1], "r", 1) != 1)
		return 100;
	ret = nkt_ioctl(a->srv, NKIPC_IOC_REPLY_RECV, &rr);
	if (rr.reply_result)
		return 99;
	return -ret;
}

/* A signal ends the wait for the next request (EINTR); the reply went. */
TEST_F(svc, signal_interrupts_the_receive)
{
	struct calls_arg a = { .cli = self->cli, .n = 1 };
	struct server_arg s = { .srv = self->srv };
	int status, i;
	pid_t srv, cli;
	char x;

	ASSERT_EQ(0, pipe(s.ready));
	srv = nkt_fork(rr_server_child, &s);
	cli = nkt_fork(calls_child, &a);
	ASSERT_EQ(1, read(s.ready[0], &x, 1));
	EXPECT_EQ(0, nkt_wait_child(cli));
	/* A signal that lands before the ioctl only runs the handler: repeat. */
	for (i = 0; i < 200; i++) {
		kill(srv, SIGUSR1);
		usleep(50 * 1000);
		if (waitpid(srv, &status, WNOHANG) == srv)
			break;
	}
	ASSERT_LT(i, 200);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EINTR, WEXITSTATUS(status));
}

/* The server dies waiting in REPLY_RECV: the next call is -EPIPE. */
TEST_F(svc, server_death_in_the_receive)
{
	struct calls_arg a = { .cli = self->cli, .n = 1 };
	struct server_arg s = { .srv = self->srv };
	pid_t srv;
	char x;

	ASSERT_EQ(0, pipe(s.ready));
	srv = nkt_fork(rr_server_child, &s);
	/* the child holds the only server handle now */
	close(self->srv);
	self->srv = -1;
	EXPECT_EQ(0, calls_child(&a));
	ASSERT_EQ(1, read(s.ready[0], &x, 1));
	usleep(100 * 1000);
	kill(srv, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(srv));
	EXPECT_EQ(-EPIPE, nkt_echo_call(self->cli, LEN, ALEN, 5, 10 * NKT_SEC));
}

/*
 * A caller of the first ABI passes *_SIZE_VER0 structs and owns only those
 * bytes: the kernel writes results back within them.  Each struct here
 * ends at the last byte of user space, where a check on the current
 * struct size would cross the end of the address space (EFAULT after a
 * completed exchange).
 */
static char *last_page;	/* mapped before the fork: the child shares it */

/* The last page of user space (x86-64: 5-level or 4-level paging), mapped. */
static char *map_last_page(void)
{
	static const unsigned long ends[] = { 1UL << 56, 1UL << 47 };
	long pg = sysconf(_SC_PAGESIZE);
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	char *p;

	for (unsigned int i = 0; i < 2; i++) {
		/* TASK_SIZE is a page below the end: nothing maps there */
		p = mmap((void *)(ends[i] - pg), pg, PROT_READ, flags, -1, 0);
		if (p != MAP_FAILED) {
			munmap(p, pg);
			return NULL;
		}
		p = mmap((void *)(ends[i] - 2 * pg), pg, PROT_READ | PROT_WRITE,
			 flags, -1, 0);
		if (p != MAP_FAILED)
			return p;
	}
	return NULL;
}

static void *at_user_top(size_t size)
{
	return last_page + sysconf(_SC_PAGESIZE) - size;
}

static int ver0_call_child(void *arg)
{
	struct nkipc_call *top = at_user_top(NKIPC_CALL_SIZE_VER0);
	struct nkt_msg req, res;
	struct nkipc_call c;
	int cli = *(int *)arg;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, 0, 0, LEN, ALEN, 7);
	c = nkt_call_arg(&req, &res, 10 * NKT_SEC);
	c.size = NKIPC_CALL_SIZE_VER0;
	memcpy(top, &c, NKIPC_CALL_SIZE_VER0);
	if (ioctl(cli, NKIPC_IOC_CALL, top))
		return errno;
	memcpy(&c, top, NKIPC_CALL_SIZE_VER0);
	res.len = c.res_len;
	res.arena_len = c.res_arena_len;
	if (nkt_msg_check(&res, LEN, ALEN, nkt_reply_seed(7)))
		return 101;
	return 0;
}

TEST_F(svc, ver0_structs_at_the_top_of_user_space)
{
	struct nkipc_reply_recv rr, *top;
	struct nkt_msg m;
	pid_t pid;

	last_page = map_last_page();
	if (!last_page)
		SKIP(return, "the last page of user space is taken or unknown");
	top = at_user_top(NKIPC_REPLY_RECV_SIZE_VER0);
	nkt_msg_alloc(&m, 4096, 4096);
	pid = nkt_fork(ver0_call_child, &self->cli);
	rr = rr_arg(&m, 10 * NKT_SEC);
	rr.size = NKIPC_REPLY_RECV_SIZE_VER0;
	memcpy(top, &rr, NKIPC_REPLY_RECV_SIZE_VER0);
	ASSERT_EQ(0, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, top));
	memcpy(&rr, top, NKIPC_REPLY_RECV_SIZE_VER0);
	EXPECT_EQ(LEN, rr.req_len);
	EXPECT_EQ(ALEN, rr.req_arena_len);
	m.len = rr.req_len;
	m.arena_len = rr.req_arena_len;
	EXPECT_EQ(0, nkt_msg_check(&m, LEN, ALEN, 7));
	rr_answer(&rr, &m);
	rr.timeout_ns = 0;
	memcpy(top, &rr, NKIPC_REPLY_RECV_SIZE_VER0);
	EXPECT_EQ(-EAGAIN, nkt_ioctl(self->srv, NKIPC_IOC_REPLY_RECV, top));
	memcpy(&rr, top, NKIPC_REPLY_RECV_SIZE_VER0);
	EXPECT_EQ(0, rr.reply_result);
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&m);
}

TEST_HARNESS_MAIN
