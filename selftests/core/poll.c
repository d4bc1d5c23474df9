// SPDX-License-Identifier: GPL-2.0
/* poll/epoll: POLLIN on a server handle with a request queued, POLLHUP on
 * a client handle once its server is gone. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("poll")

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 32, 0, 6, 0);
}

TEST_F(svc, server_pollin_tracks_queue)
{
	struct nkipc_recv r;
	struct nkt_msg m;
	pid_t pid;

	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	pid = nkt_fork(echo_call_child, &self->cli);
	/* Blocking poll: woken by the request. */
	EXPECT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &m, 0, &r));
	/* Received, not replied: nothing is waiting any more. */
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	nkt_msg_fill(&m, 0, 6 % NKT_ECHO_METHODS, 32, 0, nkt_reply_seed(6));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &m));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&m);
}

TEST_F(svc, client_pollhup_after_server_close)
{
	struct pollfd p = { .fd = self->cli, .events = POLLIN | POLLOUT };

	ASSERT_EQ(1, poll(&p, 1, 0));
	EXPECT_FALSE(p.revents & POLLHUP);
	close(self->srv);
	self->srv = -1;
	ASSERT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLHUP);
}

static void *close_later(void *arg)
{
	usleep(100 * 1000);
	close(*(int *)arg);
	return NULL;
}

/* A poller blocked on the client handle is woken by the hang-up. */
TEST_F(svc, blocked_poller_woken_by_hangup)
{
	struct pollfd p = { .fd = self->cli, .events = POLLIN };
	pthread_t th;

	ASSERT_EQ(0, pthread_create(&th, NULL, close_later, &self->srv));
	ASSERT_EQ(1, poll(&p, 1, 10000));
	EXPECT_TRUE(p.revents & POLLHUP);
	pthread_join(th, NULL);
	self->srv = -1;
}

TEST_F(svc, epoll_on_server_handle)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 };
	int ep = epoll_create1(EPOLL_CLOEXEC);
	pid_t pid;

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->srv, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	pid = nkt_fork(echo_call_child, &self->cli);
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, 10000));
	EXPECT_EQ(7, ev.data.u32);
	EXPECT_TRUE(ev.events & EPOLLIN);
	EXPECT_EQ(0, nkt_serve_one(self->srv, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	close(ep);
}

/* Edge-triggered epoll on the client handle reports the hang-up once. */
TEST_F(svc, epoll_client_hangup)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->cli, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	close(self->srv);
	self->srv = -1;
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, 10000));
	EXPECT_TRUE(ev.events & EPOLLHUP);
	close(ep);
}

TEST_HARNESS_MAIN
