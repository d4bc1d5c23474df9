// SPDX-License-Identifier: GPL-2.0
/* Receive buffers too small: ENOBUFS with the needed sizes, nothing lost. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("nobufs")

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 1000, 5000, 11, 0);
}

/* RECV with small buffers: ENOBUFS + sizes; the request stays queued. */
TEST_F(svc, recv_too_small_keeps_request)
{
	struct nkt_msg small, got;
	struct nkipc_recv r;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));

	nkt_msg_alloc(&small, 999, 8192);
	EXPECT_EQ(-ENOBUFS, nkt_recv(self->srv, &small, 0, &r));
	EXPECT_EQ(1000, r.req_len);
	EXPECT_EQ(5000, r.req_arena_len);
	nkt_msg_free(&small);

	nkt_msg_alloc(&small, 4096, 4999);
	EXPECT_EQ(-ENOBUFS, nkt_recv(self->srv, &small, 0, &r));
	EXPECT_EQ(1000, r.req_len);
	EXPECT_EQ(5000, r.req_arena_len);
	nkt_msg_free(&small);
	EXPECT_TRUE(nkt_poll_for(self->srv, POLLIN, 0));

	/* Exactly the sizes reported is enough. */
	nkt_msg_alloc(&got, 1000, 5000);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 0, &r));
	EXPECT_EQ(0, nkt_msg_check(&got, 1000, 5000, 11));
	nkt_msg_fill(&got, NKT_RIID_ECHO, 11 % NKT_ECHO_METHODS, 1000, 5000,
		     nkt_reply_seed(11));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
}

struct small_res {
	int cli;
	uint32_t cap, arena_cap;
	uint32_t want_len, want_arena_len;
};

/* Child: calls with small response buffers; expects ENOBUFS + sizes. */
static int small_res_child(void *arg)
{
	struct small_res *s = arg;
	struct nkt_msg req, res;
	int ret;

	nkt_msg_alloc(&req, 64, 0);
	nkt_msg_alloc(&res, s->cap, s->arena_cap);
	memset(res.cpart, 0x5c, s->cap);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 0, 1);
	ret = nkt_call(s->cli, &req, &res, 0);
	if (ret != -ENOBUFS)
		return ret ? -ret : 1;
	if (res.len != s->want_len || res.arena_len != s->want_arena_len)
		return 2;
	/* Nothing was written into the too-small buffers. */
	for (uint32_t i = 0; i < s->cap; i++)
		if (res.cpart[i] != 0x5c)
			return 3;
	return 0;
}

static void reply_too_big(struct __test_metadata *_metadata, int srv,
			  int cli, uint32_t cap, uint32_t arena_cap,
			  uint32_t len, uint32_t arena_len)
{
	struct small_res s = { cli, cap, arena_cap, len, arena_len };
	struct nkt_msg got, res;
	struct nkipc_recv r;
	pid_t pid;

	pid = nkt_fork(small_res_child, &s);
	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(srv, &got, 10 * NKT_SEC, &r));
	nkt_msg_alloc(&res, len, arena_len);
	nkt_msg_fill(&res, NKT_RIID_ECHO, 0, len, arena_len, 2);
	/* Both sides learn it. */
	EXPECT_EQ(-ENOBUFS, nkt_reply(srv, r.txid, &res));
	EXPECT_EQ(0, nkt_wait_child(pid));
	/* And the transaction is over. */
	EXPECT_EQ(-ENOENT, nkt_reply(srv, r.txid, &res));
	nkt_msg_free(&got);
	nkt_msg_free(&res);
}

TEST_F(svc, response_too_big_fails_both_sides)
{
	reply_too_big(_metadata, self->srv, self->cli, 100, 0, 101, 0);
}

TEST_F(svc, response_arena_too_big_fails_both_sides)
{
	reply_too_big(_metadata, self->srv, self->cli, 4096, 4096, 24, 4097);
}

/* After an ENOBUFS exchange the channel works normally. */
TEST_F(svc, channel_usable_after_enobufs)
{
	struct nkt_server s;

	reply_too_big(_metadata, self->srv, self->cli, 30, 0, 31, 0);
	nkt_server_start(&s, self->srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(self->cli, 31, 17, 3, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
}

TEST_HARNESS_MAIN
