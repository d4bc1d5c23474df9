// SPDX-License-Identifier: GPL-2.0
/* Structure check: malformed headers and targets are EBADMSG, undelivered. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

FIXTURE(svc) {
	int dev, srv, cli;
	struct nkt_msg req, res;
};

FIXTURE_SETUP(svc)
{
	const char *name = nkt_name("struct");

	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	self->srv = nkt_register_std(self->dev, name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, name, 0);
	ASSERT_LE(0, self->cli);
	nkt_msg_alloc(&self->req, 4096, 4096);
	nkt_msg_alloc(&self->res, 4096, 4096);
}

FIXTURE_TEARDOWN(svc)
{
	/* Nothing malformed ever reached the server. */
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	nkt_msg_free(&self->req);
	nkt_msg_free(&self->res);
	close(self->cli);
	close(self->srv);
	close(self->dev);
}

static int call_riid_mid(struct nkt_msg *req, struct nkt_msg *res, int cli,
			 uint16_t riid, uint16_t mid)
{
	nkt_msg_fill(req, riid, mid, 32, 0, 1);
	return nkt_call(cli, req, res, 100 * NKT_MS);
}

TEST_F(svc, riid_outside_table)
{
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  NKT_RIID_LAST + 1, 0));
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  NKIPC_MAX_ENDPOINTS, 0));
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  0xffff, 0));
}

TEST_F(svc, riid_hole_in_table)
{
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  NKT_RIID_HOLE, 0));
}

TEST_F(svc, mid_outside_interface)
{
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  NKT_RIID_ECHO, NKT_ECHO_METHODS));
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  NKT_RIID_OTHER, 1));
	EXPECT_EQ(-EBADMSG, call_riid_mid(&self->req, &self->res, self->cli,
					  NKT_RIID_LAST, 0xffff));
}

TEST_F(svc, header_sizes_must_match_lengths)
{
	struct nkipc_msg_hdr *hdr = (struct nkipc_msg_hdr *)self->req.cpart;

	nkt_msg_fill(&self->req, 0, 0, 100, 50, 1);
	hdr->size = 99;
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &self->req, &self->res, 0));
	hdr->size = 101;
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &self->req, &self->res, 0));
	hdr->size = 100;
	hdr->arena_size = 49;
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &self->req, &self->res, 0));
	hdr->arena_size = 0;
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &self->req, &self->res, 0));
}

TEST_F(svc, constant_part_shorter_than_header)
{
	nkt_msg_fill(&self->req, 0, 0, 24, 0, 1);
	self->req.len = NKIPC_MSG_HDR_SIZE - 1;
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &self->req, &self->res, 0));
	self->req.len = 0;
	EXPECT_EQ(-EBADMSG, nkt_call(self->cli, &self->req, &self->res, 0));
}

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 48, 16, 7, 0);
}

/* A malformed REPLY is refused; the server may still reply properly. */
TEST_F(svc, malformed_reply_is_ebadmsg_and_retryable)
{
	struct nkipc_msg_hdr *hdr = (struct nkipc_msg_hdr *)self->res.cpart;
	struct nkipc_recv r;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	ASSERT_EQ(0, nkt_recv(self->srv, &self->req, 10 * NKT_SEC, &r));

	nkt_msg_fill(&self->res, 0, 7 % NKT_ECHO_METHODS, 48, 16,
		     nkt_reply_seed(7));
	hdr->size = 47;
	EXPECT_EQ(-EBADMSG, nkt_reply(self->srv, r.txid, &self->res));
	hdr->size = 48;
	hdr->arena_size = 15;
	EXPECT_EQ(-EBADMSG, nkt_reply(self->srv, r.txid, &self->res));
	hdr->arena_size = 16;
	self->res.len = 23;
	EXPECT_EQ(-EBADMSG, nkt_reply(self->srv, r.txid, &self->res));
	self->res.len = 48;
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &self->res));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

TEST_HARNESS_MAIN
