// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict hook, driven through the policy that nkipc answers it from
 * (generic netlink family "nkipc", uapi/linux/nkipc_genl.h).  The policies
 * here grant by default and only deny on this test's own channel, so a
 * policy left behind by a crash cannot break the suites after this one.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nkipc_genl.h>

#include "kselftest_harness.h"
#include "nkt.h"

/* ---- a minimal generic netlink client ---------------------------------- */

struct nl_msg {
	union {
		struct nlmsghdr nh;
		char buf[8192];
	};
	int nest[8];
	int depth;
};

static struct nlattr *nl_put(struct nl_msg *m, int type, const void *data,
			     int len)
{
	struct nlattr *a = (void *)(m->buf + NLMSG_ALIGN(m->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void nl_u8(struct nl_msg *m, int t, uint8_t v) { nl_put(m, t, &v, 1); }
static void nl_u32(struct nl_msg *m, int t, uint32_t v) { nl_put(m, t, &v, 4); }
static void nl_u64(struct nl_msg *m, int t, uint64_t v) { nl_put(m, t, &v, 8); }
static void nl_str(struct nl_msg *m, int t, const char *s)
{
	nl_put(m, t, s, strlen(s) + 1);
}

static void nl_nest(struct nl_msg *m, int type)
{
	struct nlattr *a = nl_put(m, type | NLA_F_NESTED, NULL, 0);

	m->nest[m->depth++] = (char *)a - m->buf;
}

static void nl_end(struct nl_msg *m)
{
	struct nlattr *a = (void *)(m->buf + m->nest[--m->depth]);

	a->nla_len = m->nh.nlmsg_len - m->nest[m->depth];
}

static void nl_begin(struct nl_msg *m, int family, int cmd)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nh.nlmsg_type = family;
	m->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = NLMSG_DATA(&m->nh);
	g->cmd = cmd;
	g->version = 1;
}

/* Sends @m; 0 or -errno from the ack.  Replies go to @reply if given. */
static int nl_talk(int sk, struct nl_msg *m, struct nl_msg *reply)
{
	static struct nl_msg in;
	int len;

	if (send(sk, m->buf, m->nh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *nh;

		len = recv(sk, in.buf, sizeof(in.buf), 0);
		if (len < 0)
			return -errno;
		for (nh = &in.nh; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
			if (reply)
				memcpy(reply->buf, nh, nh->nlmsg_len);
		}
	}
}

/* The attribute @type of a genl reply, or NULL. */
static struct nlattr *nl_find(struct nl_msg *m, int type)
{
	int off = NLMSG_LENGTH(GENL_HDRLEN);

	while (off + NLA_HDRLEN <= (int)m->nh.nlmsg_len) {
		struct nlattr *a = (void *)(m->buf + off);

		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static int nkipc_family(int sk)
{
	struct nl_msg m, r;
	struct nlattr *a;
	int ret;

	nl_begin(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	nl_str(&m, CTRL_ATTR_FAMILY_NAME, NKIPC_GENL_NAME);
	ret = nl_talk(sk, &m, &r);
	if (ret)
		return ret;
	a = nl_find(&r, CTRL_ATTR_FAMILY_ID);
	return a ? *(uint16_t *)((char *)a + NLA_HDRLEN) : -ENOENT;
}

/* ---- policies ------------------------------------------------------------ */

struct rule {
	uint8_t kind;			/* NKIPC_KIND_* */
	int riid;			/* -1: any */
	const char *src, *dst, *iface;	/* NULL: any */
	int mid;			/* -1: any (needs iface) */
	/* optional assert(const part u32 at offset < value) */
	bool assert_lt;
	uint32_t offset, value;
};

FIXTURE(policy) {
	int sk, family, dev;
	char name[NKIPC_NAME_MAX];
};

FIXTURE_SETUP(policy)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	strcpy(self->name, nkt_name("sec"));
	self->sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			  NETLINK_GENERIC);
	ASSERT_LE(0, self->sk);
	ASSERT_EQ(0, bind(self->sk, (struct sockaddr *)&sa, sizeof(sa)));
	self->family = nkipc_family(self->sk);
	ASSERT_LT(0, self->family) TH_LOG("genl family \"nkipc\" missing");
}

FIXTURE_TEARDOWN(policy)
{
	struct nl_msg m;

	/* Whatever the test left loaded (nothing: -ENOENT is fine). */
	nl_begin(&m, self->family, NKIPC_CMD_UNLOAD);
	nl_talk(self->sk, &m, NULL);
	close(self->sk);
	close(self->dev);
}

/* Default grant; @rules deny on @channel unless their assert holds. */
static int load(int sk, int family, const char *channel,
		const struct rule *rules, int n, int mode)
{
	struct nl_msg m, r;
	struct nlattr *a;
	uint64_t gen;
	int ret, i;

	nl_begin(&m, family, NKIPC_CMD_LOAD_BEGIN);
	nl_u32(&m, NKIPC_A_DEFAULT, NKIPC_DECISION_GRANT);
	ret = nl_talk(sk, &m, &r);
	if (ret)
		return ret;
	a = nl_find(&r, NKIPC_A_GENERATION);
	if (!a)
		return -ENODATA;
	memcpy(&gen, (char *)a + NLA_HDRLEN, 8);

	nl_begin(&m, family, NKIPC_CMD_LOAD_ADD);
	nl_u64(&m, NKIPC_A_GENERATION, gen);
	nl_nest(&m, NKIPC_A_RULES);
	for (i = 0; i < n; i++) {
		nl_nest(&m, i + 1);
		nl_u8(&m, NKIPC_RULE_A_KIND, rules[i].kind);
		nl_str(&m, NKIPC_RULE_A_CHANNEL, channel);
		if (rules[i].riid >= 0)
			nl_u32(&m, NKIPC_RULE_A_RIID, rules[i].riid);
		if (rules[i].src)
			nl_str(&m, NKIPC_RULE_A_SRC, rules[i].src);
		if (rules[i].dst)
			nl_str(&m, NKIPC_RULE_A_DST, rules[i].dst);
		if (rules[i].iface)
			nl_str(&m, NKIPC_RULE_A_IFACE, rules[i].iface);
		if (rules[i].iface && rules[i].mid >= 0)
			nl_u32(&m, NKIPC_RULE_A_MID, rules[i].mid);
		nl_nest(&m, NKIPC_RULE_A_STMTS);
		nl_nest(&m, 1);
		if (rules[i].assert_lt) {
			nl_u8(&m, NKIPC_STMT_A_TYPE, NKIPC_STMT_ASSERT);
			nl_u8(&m, NKIPC_STMT_A_PART, NKIPC_MSG_PART_CONST);
			nl_u32(&m, NKIPC_STMT_A_OFFSET, rules[i].offset);
			nl_u8(&m, NKIPC_STMT_A_SIZE, 4);
			nl_u8(&m, NKIPC_STMT_A_OP, NKIPC_OP_LT);
			nl_u64(&m, NKIPC_STMT_A_VALUE, rules[i].value);
		} else {
			nl_u8(&m, NKIPC_STMT_A_TYPE, NKIPC_STMT_DENY);
		}
		nl_end(&m);
		nl_end(&m);
		nl_end(&m);
	}
	nl_end(&m);
	ret = nl_talk(sk, &m, NULL);
	if (ret)
		return ret;

	nl_begin(&m, family, NKIPC_CMD_LOAD_COMMIT);
	nl_u64(&m, NKIPC_A_GENERATION, gen);
	nl_u32(&m, NKIPC_A_MODE, mode);
	return nl_talk(sk, &m, NULL);
}

#define LOAD(...) do { \
	const struct rule rules[] = { __VA_ARGS__ }; \
	ASSERT_EQ(0, load(self->sk, self->family, self->name, rules, \
			  sizeof(rules) / sizeof(rules[0]), \
			  NKIPC_MODE_ENFORCING)); \
} while (0)

static int serve_one_child(void *arg)
{
	return -nkt_serve_one(*(int *)arg, 10 * NKT_SEC);
}

/* Calls riid/mid with the echo pattern; returns the CALL result. */
static int call_riid_mid(int cli, uint16_t riid, uint16_t mid, uint32_t seed)
{
	struct nkt_msg req, res;
	int ret;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, riid, mid, 64, 64, seed);
	ret = nkt_call(cli, &req, &res, 0);
	if (!ret && nkt_msg_check(&res, 64, 64, nkt_reply_seed(seed)))
		ret = -EILSEQ;
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return ret;
}

static int call_riid(int cli, uint16_t riid, uint32_t seed)
{
	return call_riid_mid(cli, riid, 0, seed);
}

TEST_F(policy, denied_request_never_reaches_server)
{
	int srv, cli;
	pid_t pid;

	LOAD({ .kind = NKIPC_KIND_REQUEST, .riid = NKT_RIID_OTHER });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EACCES, call_riid(cli, NKT_RIID_OTHER, 1));
	EXPECT_FALSE(nkt_poll_for(srv, POLLIN, 0));
	/* Other endpoints of the channel are still granted. */
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, call_riid(cli, NKT_RIID_ECHO, 2));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(srv);
}

struct riid_caller {
	int cli;
	uint16_t riid;
};

static int riid_caller_child(void *arg)
{
	struct riid_caller *c = arg;

	return -call_riid(c->cli, c->riid, 3);
}

/* A denied response fails both the CALL and the REPLY. */
TEST_F(policy, denied_response_fails_both_sides)
{
	struct riid_caller c = { .riid = NKT_RIID_LAST };
	struct nkipc_recv r;
	struct nkt_msg m;
	int srv;
	pid_t pid;

	LOAD({ .kind = NKIPC_KIND_RESPONSE, .riid = NKT_RIID_LAST });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	c.cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, c.cli);
	pid = nkt_fork(riid_caller_child, &c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(srv, &m, 10 * NKT_SEC, &r));
	nkt_msg_fill(&m, NKT_RIID_LAST, 0, 64, 64, nkt_reply_seed(3));
	EXPECT_EQ(-EACCES, nkt_reply(srv, r.txid, &m));
	EXPECT_EQ(EACCES, nkt_wait_child(pid));
	EXPECT_EQ(-ENOENT, nkt_reply(srv, r.txid, &m));
	nkt_msg_free(&m);
	close(c.cli);
	close(srv);
}

/* The verdict sees the message: assert(status < 100) on the header. */
TEST_F(policy, verdict_reads_message_contents)
{
	int srv, cli;
	pid_t pid;

	LOAD({ .kind = NKIPC_KIND_REQUEST, .riid = -1, .assert_lt = true,
	       .offset = offsetof(struct nkipc_msg_hdr, status),
	       .value = 100 });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EACCES, call_riid(cli, NKT_RIID_ECHO, 100));
	EXPECT_EQ(-EACCES, call_riid(cli, NKT_RIID_ECHO, 0xffffffff));
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, call_riid(cli, NKT_RIID_ECHO, 99));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(srv);
}

TEST_F(policy, denied_connect_and_register)
{
	char other[NKIPC_NAME_MAX];
	int srv;

	LOAD({ .kind = NKIPC_KIND_CONNECT, .riid = -1 });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	EXPECT_EQ(-EACCES, nkt_connect(self->dev, self->name, 0));
	close(srv);

	strcpy(other, self->name);
	ASSERT_EQ(0, load(self->sk, self->family, other,
			  &(struct rule){ .kind = NKIPC_KIND_REGISTER,
					  .riid = -1 }, 1,
			  NKIPC_MODE_ENFORCING));
	EXPECT_EQ(-EACCES, nkt_register_std(self->dev, other));
	/* The refused name was not taken. */
	EXPECT_EQ(-ENOENT, nkt_connect(self->dev, other, 0));
}

/* Permissive mode: the denial is only counted, the message delivered. */
TEST_F(policy, permissive_mode_delivers)
{
	const struct rule deny = { .kind = NKIPC_KIND_REQUEST,
				   .riid = NKT_RIID_OTHER };
	int srv, cli;
	pid_t pid;

	ASSERT_EQ(0, load(self->sk, self->family, self->name, &deny, 1,
			  NKIPC_MODE_PERMISSIVE));
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, call_riid(cli, NKT_RIID_OTHER, 4));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(srv);
}

/* After UNLOAD everything is allowed again. */
TEST_F(policy, unload_allows_again)
{
	struct nl_msg m;
	int srv, cli;
	pid_t pid;

	LOAD({ .kind = NKIPC_KIND_REQUEST, .riid = NKT_RIID_OTHER });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EACCES, call_riid(cli, NKT_RIID_OTHER, 5));
	nl_begin(&m, self->family, NKIPC_CMD_UNLOAD);
	ASSERT_EQ(0, nl_talk(self->sk, &m, NULL));
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, call_riid(cli, NKT_RIID_OTHER, 5));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(srv);
}

struct toctou_call {
	pthread_t th;
	int cli;
	struct nkt_msg req, res;
	int ret;
};

static void *toctou_call_thread(void *arg)
{
	struct toctou_call *c = arg;

	c->ret = nkt_call(c->cli, &c->req, &c->res, 0);
	return NULL;
}

/*
 * What the verdict checked is what the server gets: a client thread that
 * rewrites its request after the check (the call is queued) must not get
 * the rewritten bytes past the policy.  Both below and above the inline
 * threshold (above it, the request stays in the client's pinned pages).
 */
static void verdict_then_rewrite(struct __test_metadata *_metadata,
				 FIXTURE_DATA(policy) *self, uint32_t len)
{
	struct toctou_call c;
	struct nkipc_recv r;
	struct nkt_msg got;
	uint32_t field;
	int srv, ret;

	LOAD({ .kind = NKIPC_KIND_REQUEST, .riid = -1, .assert_lt = true,
	       .offset = NKIPC_MSG_HDR_SIZE, .value = 100 });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	c.cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, c.cli);
	nkt_msg_alloc(&c.req, len, 0);
	nkt_msg_alloc(&c.res, 4096, 0);
	nkt_msg_fill(&c.req, NKT_RIID_ECHO, 0, len, 0, 1);
	field = 99;		/* granted */
	memcpy(c.req.cpart + NKIPC_MSG_HDR_SIZE, &field, 4);
	ASSERT_EQ(0, pthread_create(&c.th, NULL, toctou_call_thread, &c));
	/* Queued: the verdict has been given.  Now rewrite the field. */
	ASSERT_TRUE(nkt_poll_for(srv, POLLIN, 10000));
	field = 5000;		/* would be denied */
	memcpy(c.req.cpart + NKIPC_MSG_HDR_SIZE, &field, 4);

	/*
	 * Either the server gets the checked bytes, or the rewritten request
	 * is checked again, refused (the call fails EACCES) and RECV finds
	 * nothing to deliver.
	 */
	nkt_msg_alloc(&got, len, 4096);
	ret = nkt_recv(srv, &got, 0, &r);
	if (ret == -EAGAIN) {
		pthread_join(c.th, NULL);
		EXPECT_EQ(-EACCES, c.ret);
	} else {
		ASSERT_EQ(0, ret);
		memcpy(&field, got.cpart + NKIPC_MSG_HDR_SIZE, 4);
		EXPECT_EQ(99, field)
			TH_LOG("the server got bytes the policy never checked");
		got.len = NKIPC_MSG_HDR_SIZE;
		((struct nkipc_msg_hdr *)got.cpart)->size = NKIPC_MSG_HDR_SIZE;
		((struct nkipc_msg_hdr *)got.cpart)->arena_size = 0;
		got.arena_len = 0;
		EXPECT_EQ(0, nkt_reply(srv, r.txid, &got));
		pthread_join(c.th, NULL);
		EXPECT_EQ(0, c.ret);
	}
	nkt_msg_free(&got);
	nkt_msg_free(&c.req);
	nkt_msg_free(&c.res);
	close(c.cli);
	close(srv);
}

static uint32_t inline_threshold(void)
{
	struct nkipc_version v = { .size = sizeof(v) };
	int dev = nkt_open();

	if (dev >= 0 && nkt_ioctl(dev, NKIPC_IOC_VERSION, &v))
		v.inline_threshold = 0;
	close(dev);
	return v.inline_threshold;
}

TEST_F(policy, rewrite_after_verdict_small_message)
{
	verdict_then_rewrite(_metadata, self, 64);
}

TEST_F(policy, rewrite_after_verdict_large_message)
{
	verdict_then_rewrite(_metadata, self, inline_threshold() + 65536);
}

/*
 * The verdict is given the entity classes of both sides, the interface
 * of the endpoint (aliases resolve to it) and the method: a rule on
 * exactly (class, class, iface, mid) hits only that method.
 */
TEST_F(policy, verdict_sees_classes_iface_and_mid)
{
	int srv, cli, i;
	pid_t pid;

	LOAD({ .kind = NKIPC_KIND_REQUEST, .riid = -1,
	       .src = NKIPC_DEFAULT_CLASS_NAME, .dst = NKIPC_DEFAULT_CLASS_NAME,
	       .iface = "test.Echo", .mid = 2 });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	EXPECT_EQ(-EACCES, call_riid_mid(cli, NKT_RIID_ECHO, 2, 6));
	EXPECT_FALSE(nkt_poll_for(srv, POLLIN, 0));
	/* Other methods of the interface, and other interfaces, pass. */
	for (i = 0; i < 3; i++) {
		static const uint16_t riid[] = { NKT_RIID_ECHO, NKT_RIID_ECHO,
						 NKT_RIID_LAST };
		static const uint16_t mid[] = { 1, 3, 0 };

		pid = nkt_fork(serve_one_child, &srv);
		EXPECT_EQ(0, call_riid_mid(cli, riid[i], mid[i], 7));
		EXPECT_EQ(0, nkt_wait_child(pid));
	}
	close(cli);
	close(srv);
}

/* A rule for another class does not apply to us. */
TEST_F(policy, rule_for_other_class_does_not_apply)
{
	int srv, cli;
	pid_t pid;

	LOAD({ .kind = NKIPC_KIND_REQUEST, .riid = -1, .src = "test.Other" });
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, call_riid(cli, NKT_RIID_ECHO, 8));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(srv);
}

TEST_HARNESS_MAIN
