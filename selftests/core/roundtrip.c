// SPDX-License-Identifier: GPL-2.0
/* CALL / RECV / REPLY: data integrity, caller identity, reply by txid. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <linux/nkipc_genl.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("rt")

struct caller {
	int cli;
	uint32_t len, arena_len, seed;
};

/* Child: one echo call, checked; exit status = errno (0: all good). */
static int caller_child(void *arg)
{
	struct caller *c = arg;

	return -nkt_echo_call(c->cli, c->len, c->arena_len, c->seed, 0);
}

static int serve_one_child(void *arg)
{
	return -nkt_serve_one(*(int *)arg, 10 * NKT_SEC);
}

/* Every byte of constant part and arena arrives intact, both ways. */
TEST_F(svc, round_trip_integrity)
{
	struct caller c = { self->cli, 100, 5000, 0x1234 };
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid;

	/* Server side by hand: the request is checked where it lands ... */
	pid = nkt_fork(caller_child, &c);
	nkt_msg_alloc(&got, 4096, 8192);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	EXPECT_EQ(100, got.len);
	EXPECT_EQ(5000, got.arena_len);
	EXPECT_EQ(0, nkt_msg_check(&got, 100, 5000, 0x1234));
	EXPECT_NE(0, r.txid);
	/* ... and the client child checks the response. */
	nkt_msg_fill(&got, NKT_RIID_ECHO, 0x1234 % NKT_ECHO_METHODS, 100, 5000,
		     nkt_reply_seed(0x1234));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
}

TEST_F(svc, echo_exchange_checked_by_client)
{
	pid_t pid = nkt_fork(serve_one_child, &self->srv);

	EXPECT_EQ(0, nkt_echo_call(self->cli, 300, 70000, 77, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

struct own_ctx_caller {
	char name[NKIPC_NAME_MAX];
};

/* Child: its own /dev/nkipc context, so the identity is its own. */
static int own_ctx_caller_child(void *arg)
{
	struct own_ctx_caller *o = arg;
	int dev = nkt_open(), cli;

	if (dev < 0)
		return 100;
	cli = nkt_connect(dev, o->name, 0);
	if (cli < 0)
		return 101;
	return -nkt_echo_call(cli, 24, 0, 5, 0);
}

/* RECV reports pid, uid, gid and class captured at the caller's open. */
TEST(recv_reports_caller_identity)
{
	struct own_ctx_caller o;
	struct nkipc_recv r;
	struct nkt_msg got;
	int dev = nkt_open(), srv;
	pid_t pid;

	ASSERT_LE(0, dev);
	strcpy(o.name, nkt_name("ident"));
	srv = nkt_register_std(dev, o.name);
	ASSERT_LE(0, srv);
	pid = nkt_fork(own_ctx_caller_child, &o);
	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(srv, &got, 10 * NKT_SEC, &r));
	EXPECT_EQ(pid, r.src_pid);
	EXPECT_EQ(geteuid(), r.src_uid);
	EXPECT_EQ(getegid(), r.src_gid);
	/* No policy binding or launcher grant: the default class. */
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, r.src_class);
	nkt_msg_fill(&got, NKT_RIID_ECHO, 5 % NKT_ECHO_METHODS, 24, 0,
		     nkt_reply_seed(5));
	EXPECT_EQ(0, nkt_reply(srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
	close(srv);
	close(dev);
}

/* Event-loop servers: receive several, reply later in any order. */
TEST_F(svc, reply_later_by_txid_out_of_order)
{
	enum { N = 4 };
	struct caller c[N];
	struct nkipc_recv r[N];
	struct nkt_msg got[N];
	pid_t pid[N];
	int i, j;

	for (i = 0; i < N; i++) {
		c[i] = (struct caller){ self->cli, 64 + i, 1000 * i, 100 + i };
		pid[i] = nkt_fork(caller_child, &c[i]);
	}
	for (i = 0; i < N; i++) {
		nkt_msg_alloc(&got[i], 4096, 4096);
		ASSERT_EQ(0, nkt_recv(self->srv, &got[i], 10 * NKT_SEC, &r[i]));
		for (j = 0; j < i; j++)
			EXPECT_NE(r[j].txid, r[i].txid);
	}
	for (i = N - 1; i >= 0; i--) {
		struct nkipc_msg_hdr hdr;

		memcpy(&hdr, got[i].cpart, sizeof(hdr));
		EXPECT_EQ(0, nkt_msg_check(&got[i], got[i].len,
					   got[i].arena_len, hdr.status));
		nkt_msg_fill(&got[i], hdr.riid, hdr.mid, got[i].len,
			     got[i].arena_len, nkt_reply_seed(hdr.status));
		EXPECT_EQ(0, nkt_reply(self->srv, r[i].txid, &got[i]));
		nkt_msg_free(&got[i]);
	}
	for (i = 0; i < N; i++)
		EXPECT_EQ(0, nkt_wait_child(pid[i]));
}

TEST_F(svc, reply_unknown_or_used_txid_is_enoent)
{
	struct caller c = { self->cli, 24, 0, 9 };
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid;

	nkt_msg_alloc(&got, 4096, 4096);
	nkt_msg_fill(&got, 0, 0, 24, 0, 1);
	EXPECT_EQ(-ENOENT, nkt_reply(self->srv, 12345, &got));

	pid = nkt_fork(caller_child, &c);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	EXPECT_EQ(-ENOENT, nkt_reply(self->srv, r.txid + 1000, &got));
	nkt_msg_fill(&got, NKT_RIID_ECHO, 9 % NKT_ECHO_METHODS, 24, 0,
		     nkt_reply_seed(9));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(-ENOENT, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
}

/* An arena-less call with only the header works, arena pointers 0. */
TEST_F(svc, header_only_message)
{
	pid_t pid = nkt_fork(serve_one_child, &self->srv);

	EXPECT_EQ(0, nkt_echo_call(self->cli, NKIPC_MSG_HDR_SIZE, 0, 3, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

/* Several client handles on one service, each from its own context. */
TEST_F(svc, calls_through_several_client_handles)
{
	const char *name = nkt_name("multi");
	int dev2 = nkt_open(), srv, cli[3], i;
	pid_t pid;

	ASSERT_LE(0, dev2);
	srv = nkt_register_std(self->dev, name);
	ASSERT_LE(0, srv);
	for (i = 0; i < 3; i++) {
		cli[i] = nkt_connect(i ? dev2 : self->dev, name, 0);
		ASSERT_LE(0, cli[i]);
	}
	for (i = 0; i < 3; i++) {
		pid = nkt_fork(serve_one_child, &srv);
		EXPECT_EQ(0, nkt_echo_call(cli[i], 40 + i, 10 * i, i, 0));
		EXPECT_EQ(0, nkt_wait_child(pid));
	}
	for (i = 0; i < 3; i++)
		close(cli[i]);
	close(srv);
	close(dev2);
}

struct cred_caller {
	char name[NKIPC_NAME_MAX];
	bool open_first;	/* open /dev/nkipc before dropping to uid 1000 */
};

static int cred_caller_child(void *arg)
{
	struct cred_caller *c = arg;
	int dev = -1, cli;

	if (c->open_first)
		dev = nkt_open();
	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 100;
	if (!c->open_first)
		dev = nkt_open();
	if (dev < 0)
		return 101;
	cli = nkt_connect(dev, c->name, 0);
	if (cli < 0)
		return 102;
	return -nkt_echo_call(cli, 24, 0, 8, 0);
}

static void check_cred(struct __test_metadata *_metadata, bool open_first,
		       uint32_t want_id)
{
	struct cred_caller c = { .open_first = open_first };
	struct nkipc_recv r;
	struct nkt_msg got;
	int dev = nkt_open(), srv;
	pid_t pid;

	ASSERT_LE(0, dev);
	strcpy(c.name, nkt_name("cred"));
	srv = nkt_register_std(dev, c.name);
	ASSERT_LE(0, srv);
	pid = nkt_fork(cred_caller_child, &c);
	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(srv, &got, 10 * NKT_SEC, &r));
	EXPECT_EQ(want_id, r.src_uid);
	EXPECT_EQ(want_id, r.src_gid);
	nkt_msg_fill(&got, NKT_RIID_ECHO, 0, 24, 0, nkt_reply_seed(8));
	EXPECT_EQ(0, nkt_reply(srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
	close(srv);
	close(dev);
}

/* Credentials are those of the opener, not of whoever calls later. */
TEST(credentials_captured_at_open)
{
	if (geteuid())
		SKIP(return, "needs root to change uid");
	check_cred(_metadata, false, 1000);
	check_cred(_metadata, true, 0);
}

TEST_HARNESS_MAIN
