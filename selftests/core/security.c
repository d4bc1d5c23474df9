// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict hook, driven through the policy that nkipc answers it from
 * (generic netlink family "nkipc", uapi/linux/nkipc_genl.h).  The policies
 * here grant by default and only deny on this test's own channel, so a
 * policy left behind by a crash cannot break the suites after this one.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
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

	/* The server gets the checked bytes, and the call succeeds. */
	nkt_msg_alloc(&got, len, 4096);
	ret = nkt_recv(srv, &got, 0, &r);
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
 * ---- No byte the verdict did not see reaches a receiver ----------------
 *
 * A sender thread flips a u32 field of a large (pinned) message between
 * TOCTOU_OK and TOCTOU_BAD while another thread sends it; the policy
 * asserts field < TOCTOU_LIMIT (and reads it a second time through a
 * looser rule, so one verdict reads the same bytes twice).  A sibling
 * thread of the receiver scans the receiving buffer all the while: it
 * must never see TOCTOU_BAD, and every delivered message must hold a
 * granted value.  With @overflow the verdict also reads 18 other fields,
 * more ranges than the kernel records (16): the rare path where it checks
 * a kernel copy instead.
 */
#define TOCTOU_LEN	(256 * 1024)
#define TOCTOU_FIELD	NKIPC_MSG_HDR_SIZE
#define TOCTOU_OK	1u
#define TOCTOU_BAD	5000u
#define TOCTOU_LIMIT	1000u
#define TOCTOU_RUN_MS	2000

static int toctou_load(FIXTURE_DATA(policy) *self, uint8_t kind,
		       bool overflow)
{
	struct rule rules[20];
	int n = 0, k;

	rules[n++] = (struct rule){ .kind = kind, .riid = -1, .mid = -1,
				    .assert_lt = true, .offset = TOCTOU_FIELD,
				    .value = TOCTOU_LIMIT };
	for (k = 1; overflow && k <= 18; k++)
		rules[n++] = (struct rule){ .kind = kind, .riid = -1,
					    .mid = -1, .assert_lt = true,
					    .offset = TOCTOU_FIELD + 16 * k,
					    .value = TOCTOU_LIMIT };
	rules[n++] = (struct rule){ .kind = kind, .riid = -1, .mid = -1,
				    .assert_lt = true, .offset = TOCTOU_FIELD,
				    .value = 100000 };
	return load(self->sk, self->family, self->name, rules, n,
		    NKIPC_MODE_ENFORCING);
}

/* A message of @len bytes, all zero after the header but the field. */
static void toctou_msg(struct nkt_msg *m, uint32_t len)
{
	uint32_t v = TOCTOU_OK;

	nkt_msg_alloc(m, len, 0);
	nkt_msg_fill(m, NKT_RIID_ECHO, 0, len, 0, 0);
	memset(m->cpart + NKIPC_MSG_HDR_SIZE, 0, len - NKIPC_MSG_HDR_SIZE);
	memcpy(m->cpart + TOCTOU_FIELD, &v, 4);
}

static uint32_t toctou_field(const struct nkt_msg *m)
{
	uint32_t v;

	memcpy(&v, m->cpart + TOCTOU_FIELD, 4);
	return v;
}

/*
 * Flips the field in the sender's buffer and scans it in the receiver's.
 * Both are one thread of this process, so that it runs on the other CPU
 * whenever the kernel copies (the caller then waits): one sender thread
 * and one receiver thread, merged for the test's sake.
 */
struct toctou_thread {
	pthread_t th;
	volatile uint32_t *flip, *scan;
	atomic_bool stop;
	atomic_long seen_bad, looks;
};

static void *toctou_flip_scan_thread(void *arg)
{
	struct toctou_thread *f = arg;
	long bad = 0, looks = 0;
	int i;

	while (!atomic_load_explicit(&f->stop, memory_order_relaxed)) {
		*f->flip = TOCTOU_BAD;
		for (i = 0; i < 8; i++, looks++)
			bad += *f->scan >= TOCTOU_LIMIT;
		*f->flip = TOCTOU_OK;
		for (i = 0; i < 8; i++, looks++)
			bad += *f->scan >= TOCTOU_LIMIT;
	}
	atomic_store(&f->seen_bad, bad);
	atomic_store(&f->looks, looks);
	return NULL;
}

/* With two CPUs or more: this thread on CPU 0, @cpu1 for the other. */
static void toctou_affinity(pthread_attr_t *cpu1)
{
	cpu_set_t set;

	pthread_attr_init(cpu1);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	CPU_ZERO(&set);
	CPU_SET(1, &set);
	pthread_attr_setaffinity_np(cpu1, sizeof(set), &set);
}

/* Runs on the CPU the copies do not run on (the harness forks per test). */
static int toctou_start(struct toctou_thread *f, uint8_t *flip,
			uint8_t *scan)
{
	pthread_attr_t cpu1;
	int ret;

	f->flip = (volatile uint32_t *)(flip + TOCTOU_FIELD);
	f->scan = (volatile uint32_t *)(scan + TOCTOU_FIELD);
	atomic_init(&f->stop, false);
	atomic_init(&f->seen_bad, 0);
	atomic_init(&f->looks, 0);
	toctou_affinity(&cpu1);
	ret = pthread_create(&f->th, &cpu1, toctou_flip_scan_thread, f);
	pthread_attr_destroy(&cpu1);
	return ret;
}

static void toctou_stop(struct toctou_thread *f)
{
	atomic_store(&f->stop, true);
	pthread_join(f->th, NULL);
}

/*
 * The server side: RECV into @got, count deliveries whose field is not
 * granted, reply with @ans (a header, or a large message whose field a
 * server thread flips).
 */
struct toctou_server {
	pthread_t th;
	int srv;
	struct nkt_msg got, ans;
	atomic_bool stop;
	atomic_long delivered, bad, errors;
};

static void *toctou_server_thread(void *arg)
{
	struct toctou_server *s = arg;
	struct nkipc_recv r;
	int ret;

	while (!atomic_load(&s->stop)) {
		ret = nkt_recv(s->srv, &s->got, 50 * NKT_MS, &r);
		if (ret == -ETIMEDOUT || ret == -EAGAIN)
			continue;
		if (ret) {
			atomic_fetch_add(&s->errors, 1);
			continue;
		}
		atomic_fetch_add(&s->delivered, 1);
		if (toctou_field(&s->got) >= TOCTOU_LIMIT)
			atomic_fetch_add(&s->bad, 1);
		ret = nkt_reply(s->srv, r.txid, &s->ans);
		if (ret && ret != -EACCES)
			atomic_fetch_add(&s->errors, 1);
	}
	return NULL;
}

/*
 * @response false: the client flips its request, the server scans its
 * receive buffer.  @response true: the server flips its response, the
 * client scans its response buffer.
 */
static void toctou_race(struct __test_metadata *_metadata,
			FIXTURE_DATA(policy) *self, bool response,
			bool overflow)
{
	struct toctou_thread scan;
	struct toctou_server s;
	struct nkt_msg req, res;
	long granted = 0, denied = 0, other = 0, bad = 0;
	struct timespec t0, t;
	int cli, ret;

	ASSERT_EQ(0, toctou_load(self, response ? NKIPC_KIND_RESPONSE :
				 NKIPC_KIND_REQUEST, overflow));
	memset(&s, 0, sizeof(s));
	s.srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, s.srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	toctou_msg(&req, response ? 64 : TOCTOU_LEN);
	nkt_msg_alloc(&res, TOCTOU_LEN, 0);
	nkt_msg_alloc(&s.got, TOCTOU_LEN, 0);
	if (response) {
		toctou_msg(&s.ans, TOCTOU_LEN);
	} else {
		nkt_msg_alloc(&s.ans, 4096, 0);
		nkt_msg_fill(&s.ans, NKT_RIID_ECHO, 0, NKIPC_MSG_HDR_SIZE, 0,
			     0);
	}
	ASSERT_EQ(0, toctou_start(&scan, response ? s.ans.cpart : req.cpart,
				  response ? res.cpart : s.got.cpart));
	ASSERT_EQ(0, pthread_create(&s.th, NULL, toctou_server_thread, &s));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		ret = nkt_call(cli, &req, &res, 10 * NKT_SEC);
		if (!ret) {
			granted++;
			if (response && toctou_field(&res) >= TOCTOU_LIMIT)
				bad++;
		} else if (ret == -EACCES) {
			denied++;
		} else {
			other++;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
		 (t.tv_nsec - t0.tv_nsec) / 1000000 < TOCTOU_RUN_MS);

	toctou_stop(&scan);
	atomic_store(&s.stop, true);
	pthread_join(s.th, NULL);
	TH_LOG("%ld granted, %ld denied, %ld delivered; %ld looks",
	       granted, denied, atomic_load(&s.delivered),
	       atomic_load(&scan.looks));
	EXPECT_EQ(0, atomic_load(&scan.seen_bad))
		TH_LOG("a sibling thread of the receiver saw an unchecked value");
	EXPECT_EQ(0, atomic_load(&s.bad) + bad)
		TH_LOG("a delivered message holds a value the policy denies");
	EXPECT_EQ(0, other);
	EXPECT_EQ(0, atomic_load(&s.errors));
	EXPECT_LT(0, granted);
	EXPECT_LT(0, atomic_load(&scan.looks));
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	nkt_msg_free(&s.got);
	nkt_msg_free(&s.ans);
	close(cli);
	close(s.srv);
}

TEST_F(policy, request_race_receiver_sees_only_checked_bytes)
{
	toctou_race(_metadata, self, false, false);
}

TEST_F(policy, request_race_overflow_receiver_sees_only_checked_bytes)
{
	toctou_race(_metadata, self, false, true);
}

TEST_F(policy, response_race_client_sees_only_checked_bytes)
{
	toctou_race(_metadata, self, true, false);
}

TEST_F(policy, response_race_overflow_client_sees_only_checked_bytes)
{
	toctou_race(_metadata, self, true, true);
}

/*
 * RECV into a buffer whose second page is not accessible: EFAULT, the
 * request goes back to the queue, and what the first page received holds
 * at the checked field the value the verdict saw, although the client
 * rewrote it after the verdict.
 */
static void toctou_fault(struct __test_metadata *_metadata,
			 FIXTURE_DATA(policy) *self, bool overflow)
{
	const uint32_t len = 3 * 4096;
	struct toctou_call c;
	struct nkipc_recv r;
	struct nkt_msg got;
	uint32_t v;
	uint8_t *buf;
	int srv;

	ASSERT_EQ(0, toctou_load(self, NKIPC_KIND_REQUEST, overflow));
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	c.cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, c.cli);
	toctou_msg(&c.req, len);
	nkt_msg_alloc(&c.res, 4096, 0);
	ASSERT_EQ(0, pthread_create(&c.th, NULL, toctou_call_thread, &c));
	ASSERT_TRUE(nkt_poll_for(srv, POLLIN, 10000));
	/* Queued, so checked: now the client rewrites the field. */
	v = TOCTOU_BAD;
	memcpy(c.req.cpart + TOCTOU_FIELD, &v, 4);

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, mprotect(buf + 4096, 4096, PROT_NONE));
	r = (struct nkipc_recv){ .size = sizeof(r), .req = (uintptr_t)buf,
				 .req_cap = len };
	EXPECT_EQ(-EFAULT, nkt_ioctl(srv, NKIPC_IOC_RECV, &r));
	memcpy(&v, buf + TOCTOU_FIELD, 4);
	EXPECT_NE(TOCTOU_BAD, v)
		TH_LOG("a fault left an unchecked value in the server's buffer");
	EXPECT_LT(v, TOCTOU_LIMIT);
	if (!overflow)	/* a copy from the client's pages got that far */
		EXPECT_EQ(TOCTOU_OK, v);

	/* Not lost: the next RECV gets it, with the checked value. */
	nkt_msg_alloc(&got, len, 4096);
	ASSERT_EQ(0, nkt_recv(srv, &got, 0, &r));
	EXPECT_EQ(len, got.len);
	EXPECT_EQ(TOCTOU_OK, toctou_field(&got));
	nkt_msg_fill(&got, NKT_RIID_ECHO, 0, NKIPC_MSG_HDR_SIZE, 0, 0);
	EXPECT_EQ(0, nkt_reply(srv, r.txid, &got));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	munmap(buf, len);
	nkt_msg_free(&got);
	nkt_msg_free(&c.req);
	nkt_msg_free(&c.res);
	close(c.cli);
	close(srv);
}

TEST_F(policy, recv_fault_leaves_only_checked_bytes_and_requeues)
{
	toctou_fault(_metadata, self, false);
}

TEST_F(policy, recv_fault_overflow_leaves_only_checked_bytes_and_requeues)
{
	toctou_fault(_metadata, self, true);
}

/*
 * The record merges what one verdict reads (overlapping, touching, across
 * the header and across page boundaries, in any order) and delivery
 * replays it exactly: the echo exchange checks every byte of request and
 * response.  With @overflow the reads do not fit the record and both
 * messages go through a kernel copy.
 */
static void record_exact(struct __test_metadata *_metadata,
			 FIXTURE_DATA(policy) *self, bool overflow)
{
	static const uint32_t offs[] = { 30, 24, 26, 28, 20, 100, 96, 4094,
					 4090, 8190, 200, 32 };
	static const uint8_t kinds[] = { NKIPC_KIND_REQUEST,
					 NKIPC_KIND_RESPONSE };
	struct rule rules[2 * (12 + 12)];
	int srv, cli, n = 0, i, k;
	pid_t pid;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < 12; i++)
			rules[n++] = (struct rule){ .kind = kinds[k],
				.riid = -1, .mid = -1, .assert_lt = true,
				.offset = offs[i], .value = 0xffffffff };
		/* 5 ranges so far; 12 more make 17 */
		for (i = 0; overflow && i < 12; i++)
			rules[n++] = (struct rule){ .kind = kinds[k],
				.riid = -1, .mid = -1, .assert_lt = true,
				.offset = 10000 + 16 * i, .value = 0xffffffff };
	}
	ASSERT_EQ(0, load(self->sk, self->family, self->name, rules, n,
			  NKIPC_MODE_ENFORCING));
	srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, nkt_echo_call(cli, 3 * 4096 + 1000, 777, 41,
				   10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(srv);
}

TEST_F(policy, record_merges_reads_and_delivers_exact_bytes)
{
	record_exact(_metadata, self, false);
}

TEST_F(policy, record_overflow_delivers_exact_bytes)
{
	record_exact(_metadata, self, true);
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
