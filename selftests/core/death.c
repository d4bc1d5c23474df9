// SPDX-License-Identifier: GPL-2.0
/* A peer dies or closes: every waiter is released (EPIPE), nothing leaks. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

FIXTURE(svc) {
	int dev, srv, cli;
	char name[NKIPC_NAME_MAX];
};

FIXTURE_SETUP(svc)
{
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	strcpy(self->name, nkt_name("death"));
	self->srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, self->cli);
}

FIXTURE_TEARDOWN(svc)
{
	close(self->cli);
	if (self->srv >= 0)
		close(self->srv);
	close(self->dev);
}

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 128, 4096 * 3, 21, 0);
}

/* The caller dies after the server received: REPLY gets EPIPE. */
TEST_F(svc, client_killed_after_receive)
{
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	nkt_msg_alloc(&got, 4096, 4096 * 3);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid));
	nkt_msg_fill(&got, 0, 21 % NKT_ECHO_METHODS, 128, 4096 * 3,
		     nkt_reply_seed(21));
	EXPECT_EQ(-EPIPE, nkt_reply(self->srv, r.txid, &got));
	/* The cancelled transaction is forgotten after that. */
	EXPECT_EQ(-ENOENT, nkt_reply(self->srv, r.txid, &got));
	nkt_msg_free(&got);

	/* The service goes on serving others. */
	pid = nkt_fork(echo_call_child, &self->cli);
	EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

/* The caller dies before any server thread received: never delivered. */
TEST_F(svc, client_killed_while_queued)
{
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid));
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	nkt_msg_alloc(&got, 4096, 4096 * 3);
	EXPECT_EQ(-EAGAIN, nkt_recv(self->srv, &got, 0, &r));
	nkt_msg_free(&got);
}

struct caller_thread {
	pthread_t th;
	int cli;
	uint32_t seed;
	int ret;
};

static void *caller_thread(void *arg)
{
	struct caller_thread *c = arg;

	c->ret = nkt_echo_call(c->cli, 64, 100, c->seed, 0);
	return NULL;
}

struct held_server {
	char name[NKIPC_NAME_MAX];
	int ready[2];
	int n_receive;
};

/* Child: registers, receives n_receive calls without replying, waits. */
static int held_server_child(void *arg)
{
	struct held_server *h = arg;
	struct nkipc_recv r;
	struct nkt_msg m;
	int dev = nkt_open(), srv, i;

	if (dev < 0)
		return 1;
	srv = nkt_register_std(dev, h->name);
	if (srv < 0)
		return 2;
	if (write(h->ready[1], "r", 1) != 1)
		return 3;
	nkt_msg_alloc(&m, 4096, 4096);
	for (i = 0; i < h->n_receive; i++)
		if (nkt_recv(srv, &m, 30 * NKT_SEC, &r))
			return 4;
	if (write(h->ready[1], "h", 1) != 1)
		return 5;
	pause();
	return 6;
}

/* The server process dies with calls received and queued: all EPIPE. */
TEST(server_killed_with_callers_waiting)
{
	enum { N = 6, HELD = 2 };
	struct caller_thread c[N];
	struct held_server h = { .n_receive = HELD };
	int dev = nkt_open(), cli, i;
	struct pollfd p;
	char x;
	pid_t pid;

	ASSERT_LE(0, dev);
	strcpy(h.name, nkt_name("held"));
	ASSERT_EQ(0, pipe(h.ready));
	pid = nkt_fork(held_server_child, &h);
	ASSERT_EQ(1, read(h.ready[0], &x, 1));
	cli = nkt_connect(dev, h.name, 0);
	ASSERT_LE(0, cli);
	for (i = 0; i < N; i++) {
		c[i] = (struct caller_thread){ .cli = cli, .seed = i };
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, caller_thread,
					    &c[i]));
	}
	ASSERT_EQ(1, read(h.ready[0], &x, 1));
	/* Give the remaining callers a chance to queue (not required). */
	usleep(100 * 1000);
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid));
	for (i = 0; i < N; i++) {
		pthread_join(c[i].th, NULL);
		EXPECT_EQ(-EPIPE, c[i].ret);
	}
	/* The client handle reports the hang-up; new calls fail at once. */
	p = (struct pollfd){ .fd = cli, .events = POLLIN | POLLOUT };
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLHUP);
	EXPECT_EQ(-EPIPE, nkt_echo_call(cli, 24, 0, 1, 0));
	/* The name is free again. */
	EXPECT_EQ(-ENOENT, nkt_connect(dev, h.name, 0));
	close(cli);
	close(dev);
}

/* Same with the server handle closed in-process while calls are pending. */
TEST_F(svc, server_close_fails_pending_calls)
{
	enum { N = 4 };
	struct caller_thread c[N];
	struct nkipc_recv r;
	struct nkt_msg got;
	int i;

	for (i = 0; i < N; i++) {
		c[i] = (struct caller_thread){ .cli = self->cli, .seed = i };
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, caller_thread,
					    &c[i]));
	}
	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	close(self->srv);
	self->srv = -1;
	for (i = 0; i < N; i++) {
		pthread_join(c[i].th, NULL);
		EXPECT_EQ(-EPIPE, c[i].ret);
	}
	nkt_msg_free(&got);
}

/* A dup()ed or inherited server handle keeps the service alive. */
TEST_F(svc, service_lives_while_any_server_fd_is_open)
{
	struct nkt_server s;
	int dup_srv = dup(self->srv);

	ASSERT_LE(0, dup_srv);
	close(self->srv);
	self->srv = -1;
	nkt_server_start(&s, dup_srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(self->cli, 40, 40, 4, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
	close(dup_srv);
	EXPECT_EQ(-EPIPE, nkt_echo_call(self->cli, 40, 40, 4, 0));
}

/* Closing the client fd while a thread is in CALL does not cancel it. */
TEST_F(svc, client_fd_closed_during_call)
{
	struct caller_thread c = { .cli = self->cli, .seed = 8 };

	ASSERT_EQ(0, pthread_create(&c.th, NULL, caller_thread, &c));
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	close(self->cli);
	self->cli = -1;
	EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
}

TEST_HARNESS_MAIN
