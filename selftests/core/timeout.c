// SPDX-License-Identifier: GPL-2.0
/* Timeouts on CALL (whole exchange; 0 = none), RECV (0 = poll), CONNECT. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("timeout")

TEST_F(svc, call_timeout_while_queued)
{
	struct nkipc_recv r;
	struct nkt_msg m;

	EXPECT_EQ(-ETIMEDOUT, nkt_echo_call(self->cli, 32, 32, 1, 50 * NKT_MS));
	/* The withdrawn request is not left behind. */
	nkt_msg_alloc(&m, 4096, 4096);
	EXPECT_EQ(-EAGAIN, nkt_recv(self->srv, &m, 0, &r));
	nkt_msg_free(&m);
}

static int timed_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 32, 32, 2, 200 * NKT_MS);
}

TEST_F(svc, call_timeout_after_receive)
{
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid = nkt_fork(timed_call_child, &self->cli);

	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	EXPECT_EQ(ETIMEDOUT, nkt_wait_child(pid));
	nkt_msg_fill(&got, 0, 2, 32, 32, nkt_reply_seed(2));
	EXPECT_EQ(-EPIPE, nkt_reply(self->srv, r.txid, &got));
	nkt_msg_free(&got);
}

static int untimed_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 32, 32, 3, 0);
}

/* CALL timeout 0 means no timeout: the call waits for the server. */
TEST_F(svc, call_timeout_zero_means_wait)
{
	pid_t pid = nkt_fork(untimed_call_child, &self->cli);

	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	usleep(200 * 1000);
	EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

/* A timeout that does not expire changes nothing. */
TEST_F(svc, call_timeout_not_reached)
{
	struct nkt_server s;

	nkt_server_start(&s, self->srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(self->cli, 100, 100, 4, 60 * NKT_SEC));
	EXPECT_EQ(0, nkt_echo_call(self->cli, 100, 100, 5,
				   NKIPC_TIMEOUT_INFINITE));
	EXPECT_EQ(0, nkt_server_stop(&s));
}

TEST_F(svc, recv_timeouts)
{
	struct nkipc_recv r;
	struct nkt_msg m;

	nkt_msg_alloc(&m, 4096, 4096);
	EXPECT_EQ(-EAGAIN, nkt_recv(self->srv, &m, 0, &r));
	EXPECT_EQ(-ETIMEDOUT, nkt_recv(self->srv, &m, 30 * NKT_MS, &r));
	EXPECT_EQ(-ETIMEDOUT, nkt_recv(self->srv, &m, 1, &r));
	nkt_msg_free(&m);
}

TEST_HARNESS_MAIN
