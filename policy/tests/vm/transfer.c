// SPDX-License-Identifier: GPL-2.0
/*
 * Transfer verdicts (issue 13): a server hands a client a channel end and
 * a file in one reply; the policy's transfer rules grant or deny each
 * handle, a denial fails the whole message, the audit event names the
 * handle, and nothing leaks either way.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/nkipc_genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "pt.h"

FIXTURE(xfer) {
	char name[NKIPC_NAME_MAX], other[NKIPC_NAME_MAX];
	int dev, srv, cli, osrv, ocli;
	struct nkt_server os;
	int p[2];
};

FIXTURE_SETUP(xfer)
{
	char text[1024];

	snprintf(self->name, sizeof(self->name), "%s", nkt_name("pt.xfer"));
	snprintf(self->other, sizeof(self->other), "%s",
		 nkt_name("pt.xfer.other"));
	/* fds only write-only; channels only to @other, CALL only */
	snprintf(text, sizeof(text),
		 "default deny\n"
		 "register { grant() }\nconnect { grant() }\n"
		 "request { grant() }\nresponse { grant() }\n"
		 "transfer handle=fd { assert(handle.rights == 2) }\n"
		 "transfer handle=channel target=\"%s\" target_class=nkipc.Unbound"
		 " { assert(handle.rights == 4) }\n", self->other);
	ASSERT_EQ(0, pt_load_text(text));
	ASSERT_EQ(0, pt_mode("enforcing"));
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	self->srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, self->cli);
	self->osrv = nkt_register_std(self->dev, self->other);
	ASSERT_LE(0, self->osrv);
	self->ocli = nkt_connect(self->dev, self->other, 0);
	ASSERT_LE(0, self->ocli);
	nkt_server_start(&self->os, self->osrv, 1, 4096, 4096);
	ASSERT_EQ(0, pipe(self->p));
}

FIXTURE_TEARDOWN(xfer)
{
	nkt_server_stop(&self->os);
	close(self->ocli);
	close(self->osrv);
	close(self->cli);
	close(self->srv);
	close(self->dev);
	close(self->p[0]);
	if (self->p[1] >= 0)
		close(self->p[1]);
	pt_unload();
}

struct caller {
	pthread_t th;
	int cli, ret;
	struct nkipc_handle_desc out[4];
	unsigned int out_n;
};

static void *caller_fn(void *arg)
{
	struct caller *c = arg;
	struct nkt_msg req, res;
	struct nkipc_call k;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 16, 3);
	k = nkt_call_arg(&req, &res, 5 * NKT_SEC);
	k.res_handles = (uintptr_t)c->out;
	k.res_handles_cap = 4;
	c->ret = nkt_ioctl(c->cli, NKIPC_IOC_CALL, &k);
	c->out_n = k.res_handles_len;
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return NULL;
}

/* Serves one call of @c, replying with @n handles; REPLY's result. */
static int reply_with(FIXTURE_DATA(xfer) *self, struct caller *c,
		      const struct nkipc_handle_desc *h, unsigned int n)
{
	struct nkipc_reply p = { .size = sizeof(p) };
	struct nkipc_recv r;
	struct nkt_msg m;
	int ret;

	c->cli = self->cli;
	pthread_create(&c->th, NULL, caller_fn, c);
	nkt_msg_alloc(&m, 4096, 4096);
	ret = nkt_recv(self->srv, &m, 5 * NKT_SEC, &r);
	if (!ret) {
		nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
		((struct nkipc_msg_hdr *)m.cpart)->ncaps = n;
		p.txid = r.txid;
		p.res = (uintptr_t)m.cpart;
		p.res_arena = (uintptr_t)m.arena;
		p.res_len = m.len;
		p.res_arena_len = m.arena_len;
		p.handles = (uintptr_t)h;
		ret = nkt_ioctl(self->srv, NKIPC_IOC_REPLY, &p);
	}
	pthread_join(c->th, NULL);
	nkt_msg_free(&m);
	return ret;
}

#define DESC(f, k, r) ((struct nkipc_handle_desc){ .fd = f, .kind = k, \
						   .rights = r })

TEST_F(xfer, granted_channel_and_file)
{
	struct nkipc_handle_desc h[2] = {
		DESC(self->ocli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHT_CALL),
		DESC(self->p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE),
	};
	struct caller c = { 0 };
	char ch;

	ASSERT_EQ(0, reply_with(self, &c, h, 2));
	ASSERT_EQ(0, c.ret);
	ASSERT_EQ(2, c.out_n);
	EXPECT_EQ(0, nkt_echo_call(c.out[0].fd, 64, 16, 5, 5 * NKT_SEC));
	EXPECT_EQ(1, write(c.out[1].fd, "z", 1));
	EXPECT_EQ(1, read(self->p[0], &ch, 1));
	close(c.out[0].fd);
	close(c.out[1].fd);
	close(self->p[1]);
	self->p[1] = -1;
	EXPECT_TRUE(nkt_poll_for(self->p[0], POLLHUP, 2000));
}

/* One handle denied: the reply fails whole, the other handle is dropped. */
TEST_F(xfer, one_denied_fails_the_reply)
{
	struct nkipc_handle_desc h[2] = {
		/* TRANSFER as well: the rule asserts CALL only */
		DESC(self->ocli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHTS_CHANNEL),
		DESC(self->p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE),
	};
	struct caller c = { 0 };

	EXPECT_EQ(-EACCES, reply_with(self, &c, h, 2));
	EXPECT_EQ(-EACCES, c.ret);
	EXPECT_EQ(0, c.out_n);
	close(self->p[1]);
	self->p[1] = -1;
	EXPECT_TRUE(nkt_poll_for(self->p[0], POLLHUP, 2000));
}

/* A channel to a service no rule names: the default decision denies. */
TEST_F(xfer, channel_without_rule_denied)
{
	struct nkipc_handle_desc h =
		DESC(self->cli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHT_CALL);
	struct caller c = { 0 };

	EXPECT_EQ(-EACCES, reply_with(self, &c, &h, 1));
	EXPECT_EQ(-EACCES, c.ret);
}

/* A request carrying a read-only fd: denied at CALL, nothing queued. */
TEST_F(xfer, request_denied_nothing_queued)
{
	struct nkipc_handle_desc h =
		DESC(self->p[0], NKIPC_HANDLE_FD, NKIPC_RIGHT_READ);
	struct nkt_msg req, res;
	struct nkipc_call k;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 16, 3);
	((struct nkipc_msg_hdr *)req.cpart)->ncaps = 1;
	k = nkt_call_arg(&req, &res, NKT_SEC);
	k.req_handles = (uintptr_t)&h;
	EXPECT_EQ(-EACCES, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &k));
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	/* the write end, write-only, passes */
	h = DESC(self->p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE);
	k.timeout_ns = 50 * NKT_MS;
	EXPECT_EQ(-ETIMEDOUT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &k));
	nkt_msg_free(&req);
	nkt_msg_free(&res);
}

/* The denial's audit event names the handle. */
struct audit_wait {
	int found;
	unsigned int idx, kind, rights;
	char target[NKIPC_NAME_MAX], target_class[NKIPC_CLASS_MAX];
};

static int on_audit(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *ev[NKIPC_EV_A_MAX + 1];
	struct audit_wait *w = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) ||
	    !tb[NKIPC_A_EVENT] ||
	    nla_parse_nested(ev, NKIPC_EV_A_MAX, tb[NKIPC_A_EVENT], NULL))
		return NL_OK;
	if (!ev[NKIPC_EV_A_KIND] ||
	    nla_get_u8(ev[NKIPC_EV_A_KIND]) != NKIPC_KIND_TRANSFER ||
	    !ev[NKIPC_EV_A_HANDLE] || !ev[NKIPC_EV_A_HANDLE_KIND] ||
	    !ev[NKIPC_EV_A_HANDLE_RIGHTS])
		return NL_OK;
	w->found = 1;
	w->idx = nla_get_u32(ev[NKIPC_EV_A_HANDLE]);
	w->kind = nla_get_u8(ev[NKIPC_EV_A_HANDLE_KIND]);
	w->rights = nla_get_u32(ev[NKIPC_EV_A_HANDLE_RIGHTS]);
	if (ev[NKIPC_EV_A_TARGET])
		snprintf(w->target, sizeof(w->target), "%s",
			 nla_get_string(ev[NKIPC_EV_A_TARGET]));
	if (ev[NKIPC_EV_A_TARGET_CLASS])
		snprintf(w->target_class, sizeof(w->target_class), "%s",
			 nla_get_string(ev[NKIPC_EV_A_TARGET_CLASS]));
	return NL_OK;
}

TEST_F(xfer, audit_names_the_handle)
{
	struct nkipc_handle_desc h[2] = {
		DESC(self->p[1], NKIPC_HANDLE_FD, NKIPC_RIGHT_WRITE),
		DESC(self->ocli, NKIPC_HANDLE_CHANNEL, NKIPC_RIGHTS_CHANNEL),
	};
	struct pollfd pfd;
	struct audit_wait w = { 0 };
	struct caller c = { 0 };
	struct nl_sock *sk;
	int family, i;

	sk = pt_nl_open(&family);
	ASSERT_NE(NULL, sk);
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_audit, &w);
	ASSERT_EQ(0, pt_nl_send(sk, pt_nl_msg(family, NKIPC_CMD_AUDIT_SUBSCRIBE)));
	nl_socket_set_nonblocking(sk);
	EXPECT_EQ(-EACCES, reply_with(self, &c, h, 2));
	pfd = (struct pollfd){ .fd = nl_socket_get_fd(sk), .events = POLLIN };
	for (i = 0; i < 50 && !w.found; i++)
		if (poll(&pfd, 1, 200) > 0)
			nl_recvmsgs_default(sk);
	ASSERT_EQ(1, w.found);
	EXPECT_EQ(1, w.idx);
	EXPECT_EQ(NKIPC_HANDLE_CHANNEL, w.kind);
	EXPECT_EQ(NKIPC_RIGHTS_CHANNEL, w.rights);
	EXPECT_STREQ(self->other, w.target);
	EXPECT_STREQ("nkipc.Unbound", w.target_class);
	nl_socket_free(sk);
}

TEST_HARNESS_MAIN
