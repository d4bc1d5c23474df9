// SPDX-License-Identifier: GPL-2.0
/*
 * Buffers are pinned at CALL: what the caller's process does to its
 * mappings afterwards (fork, munmap, MADV_DONTNEED) cannot redirect or
 * break the copy, and never crashes the kernel.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("pin")

struct caller {
	pthread_t th;
	int cli;
	struct nkt_msg req, res;
	int ret;
};

static void *call_thread(void *arg)
{
	struct caller *c = arg;

	c->ret = nkt_call(c->cli, &c->req, &c->res, 0);
	return NULL;
}

static void start_call(struct __test_metadata *_metadata, struct caller *c,
		       int cli, uint32_t len, uint32_t arena_len)
{
	c->cli = cli;
	nkt_msg_alloc(&c->req, len, arena_len);
	nkt_msg_alloc(&c->res, len, arena_len);
	nkt_msg_fill(&c->req, NKT_RIID_ECHO, 1, len, arena_len, 0x77);
	ASSERT_EQ(0, pthread_create(&c->th, NULL, call_thread, c));
}

/* fork() while the response buffer is pinned: the reply lands in the
 * caller's memory, not in the child's copy-on-write copy. */
TEST_F(svc, fork_during_call)
{
	struct caller c;
	pid_t pid;

	start_call(_metadata, &c, self->cli, 4096, 65536);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		usleep(500 * 1000);	/* keep the COW copies alive */
		_exit(0);
	}
	EXPECT_EQ(0, nkt_serve_one(self->srv, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	EXPECT_EQ(0, nkt_msg_check(&c.res, 4096, 65536, nkt_reply_seed(0x77)));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&c.req);
	nkt_msg_free(&c.res);
}

/*
 * The response buffer is unmapped mid-call: nothing of it was pinned at
 * CALL (the cost of a call does not depend on its response capacity), so
 * the response pinned at REPLY cannot be delivered: REPLY and CALL both
 * fail -EFAULT, and nothing is left pinned or charged.
 */
TEST_F(svc, response_unmapped_during_call)
{
	struct caller c;

	start_call(_metadata, &c, self->cli, 8192, 1 << 20);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	munmap(c.res.cpart, c.res.cap);
	munmap(c.res.arena, c.res.arena_cap);
	EXPECT_EQ(-EFAULT, nkt_serve_one(self->srv, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(-EFAULT, c.ret);
	c.res.cpart = c.res.arena = NULL;
	nkt_msg_free(&c.req);
}

/* MADV_DONTNEED on the queued request: the server still receives what
 * was sent (the pages, or the inline copy, were taken at CALL). */
TEST_F(svc, request_discarded_during_call)
{
	struct caller c;
	struct nkipc_recv r;
	struct nkt_msg got;

	start_call(_metadata, &c, self->cli, 8192, 1 << 20);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	ASSERT_EQ(0, madvise(c.req.arena, c.req.arena_cap, MADV_DONTNEED));
	ASSERT_EQ(0, madvise(c.req.cpart + 4096, 4096, MADV_DONTNEED));
	nkt_msg_alloc(&got, 8192, 1 << 20);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 0, &r));
	EXPECT_EQ(0, nkt_msg_check(&got, 8192, 1 << 20, 0x77));
	nkt_msg_fill(&got, NKT_RIID_ECHO, 1, 8192, 1 << 20,
		     nkt_reply_seed(0x77));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	EXPECT_EQ(0, nkt_msg_check(&c.res, 8192, 1 << 20,
				   nkt_reply_seed(0x77)));
	nkt_msg_free(&got);
	nkt_msg_free(&c.req);
	nkt_msg_free(&c.res);
}

TEST_HARNESS_MAIN
