// SPDX-License-Identifier: GPL-2.0
/*
 * Message header hygiene (issue 8, point 6): ncaps = 7 and
 * reserved = 0xdeadbeef used to reach the server unchanged.  ncaps must
 * come with a handle table (issue 13; these structs give none) and
 * reserved must be 0: CALL and REPLY refuse anything else with EBADMSG
 * before any verdict, inline and pinned alike, and nothing reaches the
 * peer.  Handle tables themselves: core/handles.c.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("hdrcheck")

FIXTURE_VARIANT(svc) {
	uint32_t len;		/* constant part: inline or pinned */
	uint16_t ncaps;
	uint32_t reserved;
};

FIXTURE_VARIANT_ADD(svc, inline_ncaps) { .len = 32, .ncaps = 7 };
FIXTURE_VARIANT_ADD(svc, inline_ncaps_1) { .len = 32, .ncaps = 1 };
FIXTURE_VARIANT_ADD(svc, inline_reserved) { .len = 32, .reserved = 0xdeadbeef };
FIXTURE_VARIANT_ADD(svc, pinned_ncaps) { .len = 8192, .ncaps = 7 };
FIXTURE_VARIANT_ADD(svc, pinned_reserved) { .len = 8192, .reserved = 1u << 31 };

static void spoil(struct nkt_msg *m, uint16_t ncaps, uint32_t reserved)
{
	struct nkipc_msg_hdr *h = (struct nkipc_msg_hdr *)m->cpart;

	h->ncaps = ncaps;
	h->reserved = reserved;
}

TEST_F(svc, request_refused)
{
	struct nkt_msg req, res;

	nkt_msg_alloc(&req, 16384, 4096);
	nkt_msg_alloc(&res, 16384, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, variant->len, 16, 1);
	spoil(&req, variant->ncaps, variant->reserved);
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &req, &res, 100 * NKT_MS));
	/* The server never saw it. */
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	/* The same request with both fields zero goes through. */
	spoil(&req, 0, 0);
	EXPECT_EQ(-ETIMEDOUT, nkt_call(self->cli, &req, &res, 20 * NKT_MS));
	nkt_msg_free(&req);
	nkt_msg_free(&res);
}

static int call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 8192, 16, 7, 10 * NKT_SEC);
}

TEST_F(svc, response_refused)
{
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid = nkt_fork(call_child, &self->cli);

	nkt_msg_alloc(&got, 16384, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	nkt_msg_fill(&got, 0, 0, variant->len, 16, nkt_reply_seed(7));
	spoil(&got, variant->ncaps, variant->reserved);
	/* The server's own error: the call keeps waiting for a good REPLY. */
	EXPECT_EQ(-EBADMSG, nkt_reply(self->srv, r.txid, &got));
	/* The client checks every byte of what it finally gets. */
	nkt_msg_fill(&got, 0, 0, 8192, 16, nkt_reply_seed(7));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
}

TEST_HARNESS_MAIN
