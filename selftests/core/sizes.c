// SPDX-License-Identifier: GPL-2.0
/* Message sizes: page boundaries, large, the maximum, and one over it. */
#include <errno.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

#define MAX_SIZE 0xffffffffu	/* stands for max_msg_size */

FIXTURE(size) {
	int dev, srv, cli;
	uint32_t max;
};

FIXTURE_VARIANT(size) {
	uint32_t len;		/* constant part; MAX_SIZE: max - arena */
	uint32_t arena_len;	/* MAX_SIZE: max - len */
};

#define SIZE_VARIANT(name, l, a) \
	FIXTURE_VARIANT_ADD(size, name) { .len = l, .arena_len = a }

SIZE_VARIANT(arena_0, 24, 0);
SIZE_VARIANT(arena_1, 24, 1);
SIZE_VARIANT(arena_4095, 24, 4095);
SIZE_VARIANT(arena_4096, 24, 4096);
SIZE_VARIANT(arena_4097, 24, 4097);
SIZE_VARIANT(arena_64k, 24, 65536);
SIZE_VARIANT(arena_1m, 24, 1 << 20);
SIZE_VARIANT(arena_max, 24, MAX_SIZE);
SIZE_VARIANT(const_25, 25, 0);
SIZE_VARIANT(const_4095, 4095, 0);
SIZE_VARIANT(const_4096, 4096, 0);
SIZE_VARIANT(const_4097, 4097, 1);
SIZE_VARIANT(const_64k, 65536, 65536);
SIZE_VARIANT(const_1m, 1 << 20, 4097);
SIZE_VARIANT(const_max, MAX_SIZE, 0);

FIXTURE_SETUP(size)
{
	const char *name = nkt_name("size");

	self->max = nkt_max_msg_size();
	ASSERT_NE(0, self->max);
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	self->srv = nkt_register_std(self->dev, name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, name, 0);
	ASSERT_LE(0, self->cli);
}

FIXTURE_TEARDOWN(size)
{
	close(self->cli);
	close(self->srv);
	close(self->dev);
}

static int serve_one_child(void *arg)
{
	return -nkt_serve_one(*(int *)arg, 30 * NKT_SEC);
}

/* Echo both ways with every byte checked. */
TEST_F_TIMEOUT(size, echo, 120)
{
	uint32_t len = variant->len, arena_len = variant->arena_len;
	pid_t pid;

	if (len == MAX_SIZE)
		len = self->max - arena_len;
	if (arena_len == MAX_SIZE)
		arena_len = self->max - len;
	pid = nkt_fork(serve_one_child, &self->srv);
	EXPECT_EQ(0, nkt_echo_call(self->cli, len, arena_len, len ^ arena_len,
				   0));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

FIXTURE(limits) {
	int dev, srv, cli;
	uint32_t max;
};

FIXTURE_SETUP(limits)
{
	const char *name = nkt_name("limits");

	self->max = nkt_max_msg_size();
	ASSERT_NE(0, self->max);
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	self->srv = nkt_register_std(self->dev, name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, name, 0);
	ASSERT_LE(0, self->cli);
}

FIXTURE_TEARDOWN(limits)
{
	close(self->cli);
	close(self->srv);
	close(self->dev);
}

/* One byte over max_msg_size, however split: EMSGSIZE, nothing queued. */
TEST_F(limits, call_over_max_is_emsgsize)
{
	struct nkt_msg req, res;

	nkt_msg_alloc(&req, self->max + 1, self->max + 1);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, 0, 0, 24, self->max - 23, 1);
	EXPECT_EQ(-EMSGSIZE, nkt_call(self->cli, &req, &res, 0));
	nkt_msg_fill(&req, 0, 0, self->max + 1, 0, 1);
	EXPECT_EQ(-EMSGSIZE, nkt_call(self->cli, &req, &res, 0));
	nkt_msg_fill(&req, 0, 0, self->max / 2 + 1, self->max / 2, 1);
	EXPECT_EQ(-EMSGSIZE, nkt_call(self->cli, &req, &res, 0));
	/* Overflowing 32-bit sum is still too big. */
	req.len = 0xfffffff0u;
	req.arena_len = 0x20;
	EXPECT_EQ(-EMSGSIZE, nkt_call(self->cli, &req, &res, 0));
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	nkt_msg_free(&req);
	nkt_msg_free(&res);
}

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 64, 64, 42, 0);
}

/* A response over max_msg_size: REPLY fails EMSGSIZE, may retry. */
TEST_F(limits, reply_over_max_is_emsgsize)
{
	struct nkt_msg got, big;
	struct nkipc_recv r;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	nkt_msg_alloc(&big, 4096, self->max);
	nkt_msg_fill(&big, 0, 42 % NKT_ECHO_METHODS, 4096, self->max - 4095,
		     nkt_reply_seed(42));
	EXPECT_EQ(-EMSGSIZE, nkt_reply(self->srv, r.txid, &big));
	/* The transaction is still there: a proper reply completes it. */
	nkt_msg_fill(&got, 0, 42 % NKT_ECHO_METHODS, 64, 64,
		     nkt_reply_seed(42));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
	nkt_msg_free(&big);
}

/* Buffers at odd addresses, straddling pages, both directions. */
TEST_F(limits, unaligned_buffers)
{
	struct nkt_msg req, res, unreq, unres;
	pid_t pid;

	nkt_msg_alloc(&req, 3 * 4096, 3 * 4096);
	nkt_msg_alloc(&res, 3 * 4096, 3 * 4096);
	unreq = req;
	unreq.cpart += 4093;
	unreq.arena += 1;
	unreq.cap -= 4093;
	unreq.arena_cap -= 1;
	unres = res;
	unres.cpart += 7;
	unres.arena += 4095;
	unres.cap -= 7;
	unres.arena_cap -= 4095;
	nkt_msg_fill(&unreq, 0, 1, 4100, 8000, 99);
	pid = nkt_fork(serve_one_child, &self->srv);
	ASSERT_EQ(0, nkt_call(self->cli, &unreq, &unres, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(0, nkt_msg_check(&unres, 4100, 8000, nkt_reply_seed(99)));
	/* Bytes around the response buffers are untouched. */
	for (int i = 0; i < 7; i++)
		EXPECT_EQ(0, res.cpart[i]);
	for (int i = 0; i < 4095; i++)
		ASSERT_EQ(0, res.arena[i]);
	nkt_msg_free(&req);
	nkt_msg_free(&res);
}

TEST_HARNESS_MAIN
