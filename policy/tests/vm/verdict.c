// SPDX-License-Identifier: GPL-2.0
/*
 * Policy verdicts end to end: nkpolicy compiles verdict.policy, the
 * module enforces it on real Call/Recv/Reply exchanges.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <linux/nkipc_genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "pt.h"

FIXTURE(pol) {
	struct pt_chan ch;
	char name[NKIPC_NAME_MAX];
	char denied[NKIPC_NAME_MAX];
};

FIXTURE_SETUP(pol)
{
	char *text;

	snprintf(self->name, sizeof(self->name), "%s", nkt_name("pt.verdict"));
	snprintf(self->denied, sizeof(self->denied), "%s", nkt_name("pt.denied"));
	text = pt_fixture("verdict.policy", "@DENIED@", self->denied);
	ASSERT_EQ(0, pt_load_text(text));
	free(text);
	ASSERT_EQ(0, pt_mode("enforcing"));
	ASSERT_EQ(0, pt_chan_open(&self->ch, self->name));
}

FIXTURE_TEARDOWN(pol)
{
	pt_chan_close(&self->ch);
	pt_mode("enforcing");
	pt_unload();
}

static int call32(FIXTURE_DATA(pol) *self, uint16_t riid, uint16_t mid,
		  uint32_t value)
{
	pt_msg32(&self->ch.req, riid, mid, value);
	return nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, 5 * NKT_SEC);
}

TEST_F(pol, assert_grants_scalar_in_bounds)
{
	uint32_t out;

	ASSERT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_PING, 799));
	memcpy(&out, self->ch.res.cpart + 24, 4);
	EXPECT_EQ(799, out);
	EXPECT_EQ(1, atomic_load(&self->ch.srv.received));
	EXPECT_EQ(799, atomic_load(&self->ch.srv.last_value));
}

TEST_F(pol, assert_denies_and_server_never_receives)
{
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_PING, 800));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
	/* the channel still works */
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_PING, 1));
	EXPECT_EQ(1, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, denied_method)
{
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_SECRET, 1));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, signed_compare)
{
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_NEG, (uint32_t)-5));
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_NEG, 5));
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_NEG, (uint32_t)-6));
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_NEG, 6));
	EXPECT_EQ(2, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, no_rule_is_denied_fail_closed)
{
	/* test.Other has a layout but no rule: default deny */
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_OTHER, 0, 1));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, denied_response_fails_call_and_reply)
{
	atomic_store(&self->ch.srv.reply_value, 666);
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_PING, 7));
	pt_server_sync(&self->ch.srv);
	EXPECT_EQ(1, atomic_load(&self->ch.srv.received));
	EXPECT_EQ(1, atomic_load(&self->ch.srv.reply_errors));
	EXPECT_EQ(-EACCES, atomic_load(&self->ch.srv.last_reply_err));
	atomic_store(&self->ch.srv.reply_value, 665);
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_PING, 7));
}

TEST_F(pol, error_responses_have_their_own_rules)
{
	struct nkipc_msg_hdr *h = (struct nkipc_msg_hdr *)self->ch.res.cpart;

	/* Neg(4) gets an error response: `error { grant() }` lets it through */
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_NEG, 4));
	EXPECT_EQ(NKIPC_MSG_F_ERROR, h->flags);
	EXPECT_EQ(24, self->ch.res.len);
	/* Ping's error responses are denied: Call and Reply fail */
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_PING, PT_ERROR_VALUE));
	pt_server_sync(&self->ch.srv);
	EXPECT_EQ(-EACCES, atomic_load(&self->ch.srv.last_reply_err));
	EXPECT_EQ(2, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, status_responses_are_error_responses)
{
	struct nkipc_msg_hdr *h = (struct nkipc_msg_hdr *)self->ch.res.cpart;

	/* Neg(3): a bare status response, granted by `error { grant() }` */
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_NEG, 3));
	EXPECT_EQ(NKIPC_MSG_F_STATUS, h->flags);
	EXPECT_EQ(24, self->ch.res.len);
	/* Neg(2): a status response with a body is malformed */
	EXPECT_EQ(-EBADMSG, call32(self, PT_RIID_ECHO, PT_MID_NEG, 2));
	pt_server_sync(&self->ch.srv);
	EXPECT_EQ(-EBADMSG, atomic_load(&self->ch.srv.last_reply_err));
	/* Ping's error responses are denied, status responses included */
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_PING, PT_STATUS_VALUE));
	pt_server_sync(&self->ch.srv);
	EXPECT_EQ(-EACCES, atomic_load(&self->ch.srv.last_reply_err));
	EXPECT_EQ(3, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, malformed_rejected_before_rules)
{
	/* Secret is denied by its rule, but a wrong size is reported first */
	pt_msg32(&self->ch.req, PT_RIID_ECHO, PT_MID_SECRET, 1);
	((struct nkipc_msg_hdr *)self->ch.req.cpart)->size = 40;
	self->ch.req.len = 40;
	EXPECT_EQ(-EBADMSG, nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, NKT_SEC));
	/* Ping with a constant part too short */
	pt_msg32(&self->ch.req, PT_RIID_ECHO, PT_MID_PING, 1);
	((struct nkipc_msg_hdr *)self->ch.req.cpart)->size = 28;
	self->ch.req.len = 28;
	EXPECT_EQ(-EBADMSG, nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, NKT_SEC));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

/* Put(string<16> key, sequence<UInt32, 4> items): chunk checks */
static int put(FIXTURE_DATA(pol) *self, uint32_t koff, uint32_t ksize,
	       uint32_t ioff, uint32_t isize, uint32_t arena_len,
	       const char *arena)
{
	struct nkipc_msg_hdr *h;
	uint32_t d[4] = { koff, ksize, ioff, isize };

	memset(self->ch.req.cpart, 0, 64);
	h = (struct nkipc_msg_hdr *)self->ch.req.cpart;
	h->riid = PT_RIID_ECHO;
	h->mid = PT_MID_PUT;
	h->size = 40;
	h->arena_size = arena_len;
	memcpy(self->ch.req.cpart + 24, d, sizeof(d));
	memcpy(self->ch.req.arena, arena, arena_len);
	self->ch.req.len = 40;
	self->ch.req.arena_len = arena_len;
	return nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, 5 * NKT_SEC);
}

TEST_F(pol, well_formed_chunks_pass)
{
	char arena[64] = "key";	/* "key\0" at 0, items at 8 */

	EXPECT_EQ(0, put(self, 0, 4, 8, 8, 16, arena));
	/* the empty string (its NUL alone) and an empty sequence */
	EXPECT_EQ(0, put(self, 3, 1, 0, 0, 4, arena));
	EXPECT_EQ(2, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, malformed_chunks_rejected)
{
	char arena[64];

	memset(arena, 'x', sizeof(arena));
	arena[3] = 0;
	/* string without its NUL */
	EXPECT_EQ(-EBADMSG, put(self, 4, 4, 0, 0, 16, arena));
	/* a zero-size string chunk has no NUL either */
	EXPECT_EQ(-EBADMSG, put(self, 0, 0, 0, 0, 0, arena));
	/* string longer than its bound (16 + NUL) */
	arena[17] = 0;
	EXPECT_EQ(-EBADMSG, put(self, 0, 18, 0, 0, 32, arena));
	/* chunk outside the arena */
	EXPECT_EQ(-EBADMSG, put(self, 0, 4, 12, 8, 16, arena));
	/* sequence misaligned for UInt32 */
	EXPECT_EQ(-EBADMSG, put(self, 0, 4, 6, 4, 16, arena));
	/* sequence not a multiple of its element */
	EXPECT_EQ(-EBADMSG, put(self, 0, 4, 8, 6, 16, arena));
	/* sequence longer than its bound of 4 */
	EXPECT_EQ(-EBADMSG, put(self, 0, 4, 8, 20, 32, arena));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

TEST_F(pol, connect_denied)
{
	struct pt_server other;
	int fd;

	ASSERT_EQ(0, pt_server_start(&other, self->denied));
	fd = nkt_connect(self->ch.dev, self->denied, NKT_SEC);
	EXPECT_EQ(-EACCES, fd);
	if (fd >= 0)
		close(fd);
	pt_server_stop(&other);
}

TEST_F(pol, register_denied)
{
	char name[NKIPC_NAME_MAX + 2];
	int fd;

	snprintf(name, sizeof(name), "%sx", self->denied);
	fd = nkt_register_std(self->ch.dev, name);
	EXPECT_EQ(-EACCES, fd);
	if (fd >= 0)
		close(fd);
	/* nobody can connect to a service that was refused */
	EXPECT_EQ(-ENOENT, nkt_connect(self->ch.dev, name, 0));
}

TEST_F(pol, permissive_logs_and_allows)
{
	char out[4096];
	const char *stats[] = { "stats", "-j", NULL };

	ASSERT_EQ(0, pt_mode("permissive"));
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_SECRET, 1));
	EXPECT_EQ(1, atomic_load(&self->ch.srv.received));
	/* malformed stays refused: delivering it could hurt the server */
	pt_msg32(&self->ch.req, PT_RIID_ECHO, PT_MID_SECRET, 1);
	((struct nkipc_msg_hdr *)self->ch.req.cpart)->size = 40;
	self->ch.req.len = 40;
	EXPECT_EQ(-EBADMSG, nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, NKT_SEC));
	ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), stats));
	EXPECT_NE(NULL, strstr(out, "\"mode\": \"permissive\""));
	EXPECT_EQ(NULL, strstr(out, "\"permitted\": 0,"));
	ASSERT_EQ(0, pt_mode("enforcing"));
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_SECRET, 1));
}

TEST_F(pol, unload_allows_everything)
{
	ASSERT_EQ(0, pt_unload());
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_SECRET, 1));
	EXPECT_EQ(0, call32(self, PT_RIID_OTHER, 0, 1));
	EXPECT_EQ(2, atomic_load(&self->ch.srv.received));
}

/* Reads audit events until one of verdict @v for mid @mid arrives. */
struct audit_wait {
	int verdict, mid, found, enforced;
	char src[NKIPC_CLASS_MAX], reason[256];
};

static int on_audit(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *ev[NKIPC_EV_A_MAX + 1];
	struct audit_wait *w = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) ||
	    !tb[NKIPC_A_EVENT] ||
	    nla_parse_nested(ev, NKIPC_EV_A_MAX, tb[NKIPC_A_EVENT], NULL))
		return NL_OK;
	if (!ev[NKIPC_EV_A_VERDICT] || !ev[NKIPC_EV_A_MID] ||
	    nla_get_u8(ev[NKIPC_EV_A_VERDICT]) != w->verdict ||
	    (int)nla_get_u32(ev[NKIPC_EV_A_MID]) != w->mid)
		return NL_OK;
	w->found = 1;
	w->enforced = ev[NKIPC_EV_A_ENFORCED] ? nla_get_u8(ev[NKIPC_EV_A_ENFORCED]) : -1;
	if (ev[NKIPC_EV_A_SRC_CLASS])
		snprintf(w->src, sizeof(w->src), "%s",
			 nla_get_string(ev[NKIPC_EV_A_SRC_CLASS]));
	if (ev[NKIPC_EV_A_REASON])
		snprintf(w->reason, sizeof(w->reason), "%s",
			 nla_get_string(ev[NKIPC_EV_A_REASON]));
	return NL_OK;
}

static int audit_read(struct nl_sock *sk, struct audit_wait *w)
{
	struct pollfd p = { .fd = nl_socket_get_fd(sk), .events = POLLIN };
	int i;

	for (i = 0; i < 50 && !w->found; i++) {
		if (poll(&p, 1, 200) <= 0)
			continue;
		nl_recvmsgs_default(sk);
	}
	return w->found;
}

TEST_F(pol, audit_events_reach_listener)
{
	struct audit_wait w = { .verdict = NKIPC_VERDICT_DENY, .mid = PT_MID_SECRET };
	struct nl_sock *sk;
	int family;

	sk = pt_nl_open(&family);
	ASSERT_NE(NULL, sk);
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_audit, &w);
	ASSERT_EQ(0, pt_nl_send(sk, pt_nl_msg(family, NKIPC_CMD_AUDIT_SUBSCRIBE)));
	nl_socket_set_nonblocking(sk);
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_SECRET, 1));
	ASSERT_EQ(1, audit_read(sk, &w));
	EXPECT_STREQ("test.Server", w.src);
	EXPECT_EQ(1, w.enforced);
	EXPECT_NE(NULL, strstr(w.reason, "method=Secret"));

	/* malformed has its own verdict and reason */
	memset(&w, 0, sizeof(w));
	w.verdict = NKIPC_VERDICT_MALFORMED;
	w.mid = PT_MID_PING;
	pt_msg32(&self->ch.req, PT_RIID_ECHO, PT_MID_PING, 1);
	((struct nkipc_msg_hdr *)self->ch.req.cpart)->size = 40;
	self->ch.req.len = 40;
	EXPECT_EQ(-EBADMSG, nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, NKT_SEC));
	ASSERT_EQ(1, audit_read(sk, &w));
	EXPECT_NE(NULL, strstr(w.reason, "malformed"));
	nl_socket_free(sk);
}

TEST_F(pol, audit_grants_on_request)
{
	struct audit_wait w = { .verdict = NKIPC_VERDICT_GRANT, .mid = PT_MID_PING };
	const char *on[] = { "mode", "audit-grants", "on", NULL };
	const char *off[] = { "mode", "audit-grants", "off", NULL };
	struct nl_sock *sk;
	int family;

	sk = pt_nl_open(&family);
	ASSERT_NE(NULL, sk);
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_audit, &w);
	ASSERT_EQ(0, pt_nl_send(sk, pt_nl_msg(family, NKIPC_CMD_AUDIT_SUBSCRIBE)));
	nl_socket_set_nonblocking(sk);
	ASSERT_EQ(0, pt_nkpolicy_run(NULL, 0, on));
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_PING, 3));
	EXPECT_EQ(1, audit_read(sk, &w));
	EXPECT_EQ(0, pt_nkpolicy_run(NULL, 0, off));
	nl_socket_free(sk);
}

TEST_F(pol, show_and_showconf_round_trip)
{
	static char out[65536], again[65536];
	const char *show[] = { "show", "-j", NULL };
	const char *conf[] = { "showconf", NULL };
	const char *argv[4];

	ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), show));
	EXPECT_NE(NULL, strstr(out, "\"default\": \"deny\""));
	EXPECT_NE(NULL, strstr(out, "method=Secret"));
	ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), conf));
	/* showconf output loads again and reads back identically */
	argv[0] = "load";
	argv[1] = pt_write_policy(strchr(out, '\n') + 1);
	argv[2] = NULL;
	ASSERT_EQ(0, pt_nkpolicy_run(NULL, 0, argv));
	ASSERT_EQ(0, pt_nkpolicy_run(again, sizeof(again), conf));
	EXPECT_STREQ(strchr(out, '\n'), strchr(again, '\n'));
	EXPECT_EQ(-EACCES, call32(self, PT_RIID_ECHO, PT_MID_SECRET, 1));
	EXPECT_EQ(0, call32(self, PT_RIID_ECHO, PT_MID_PING, 1));
}

TEST_F(pol, channels_lists_the_service)
{
	static char out[65536];
	const char *argv[] = { "channels", "-j", NULL };

	ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), argv));
	EXPECT_NE(NULL, strstr(out, self->name));
	EXPECT_NE(NULL, strstr(out, "\"server_class\": \"test.Server\""));
}

/*
 * `nkpolicy channels` rows (stdout is a pipe here) of service @name:
 * counts the client and txn rows and returns the service row's fields
 * after the name in @svc (empty if the service is not listed).
 */
struct chan_rows {
	char svc[256];
	int n_clients, n_txns, n_queued;
	char clients[4][128];	/* fields after the name */
	char txns[4][256];
};

static int chan_rows(const char *name, struct chan_rows *r, char *out,
		     size_t len)
{
	const char *argv[] = { "channels", NULL };
	size_t nlen = strlen(name);
	char *line, *save;

	memset(r, 0, sizeof(*r));
	if (pt_nkpolicy_run(out, len, argv))
		return -1;
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *kind = line, *rest = strchr(line, '\t');

		if (!rest || strncmp(rest + 1, name, nlen) || rest[1 + nlen] != '\t')
			continue;
		*rest = 0;
		rest += 2 + nlen;
		if (!strcmp(kind, "service"))
			snprintf(r->svc, sizeof(r->svc), "%s", rest);
		else if (!strcmp(kind, "client") && r->n_clients++ < 4)
			snprintf(r->clients[r->n_clients - 1], 128, "%s", rest);
		else if (!strcmp(kind, "txn") && r->n_txns++ < 4)
			snprintf(r->txns[r->n_txns - 1], 256, "%s", rest);
		if (!strcmp(kind, "txn") && strstr(rest, "\tqueued\t"))
			r->n_queued++;
	}
	return 0;
}

/* A client process: one Ping, exits 0 if it was answered. */
static int chan_client(void *arg)
{
	struct nkt_msg req = { 0 }, res = { 0 };
	int dev = nkt_open(), cli;

	cli = nkt_connect(dev, arg, NKT_SEC);
	if (cli < 0)
		return 10;
	nkt_msg_alloc(&res, 4096, 4096);
	pt_msg32(&req, PT_RIID_ECHO, PT_MID_PING, 1);
	return nkt_call(cli, &req, &res, 30 * NKT_SEC) ? 11 : 0;
}

TEST_F(pol, channels_lists_clients_and_transactions)
{
	static char out[65536];
	const char *jargv[] = { "channels", "-j", NULL };
	char name[NKIPC_NAME_MAX], want[256], *got;
	struct nkt_msg m = { 0 };
	struct nkipc_recv r;
	int dev, srv, i;
	pid_t kid[2], queued;
	struct chan_rows rows;

	snprintf(name, sizeof(name), "%s", nkt_name("pt.chan"));
	dev = nkt_open();
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	for (i = 0; i < 2; i++) {
		kid[i] = nkt_fork(chan_client, name);
		ASSERT_LT(0, kid[i]);
	}
	/* hold one call in flight: received, not replied */
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(srv, &m, 10 * NKT_SEC, &r));
	ASSERT_TRUE(r.src_pid == kid[0] || r.src_pid == kid[1]);
	queued = r.src_pid == kid[0] ? kid[1] : kid[0];
	/* the other one queued (both clients connected before calling) */
	ASSERT_TRUE(nkt_poll_for(srv, POLLIN, 10000));

	ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
	snprintf(want, sizeof(want), "test.Server\t%d\t2\t1\t1", getpid());
	EXPECT_STREQ(want, rows.svc);
	ASSERT_EQ(2, rows.n_clients);
	for (i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "test.Server\t%d\t0", kid[i]);
		EXPECT_TRUE(!strcmp(rows.clients[0], want) ||
			    !strcmp(rows.clients[1], want)) {
			TH_LOG("client %d missing: %s | %s", kid[i],
			       rows.clients[0], rows.clients[1]);
		}
	}
	ASSERT_EQ(2, rows.n_txns);
	/* queued first, then in flight; riid mid, sizes, response caps */
	snprintf(want, sizeof(want),
		 "0\tqueued\ttest.Server\t%d\t0\t0\t32\t0\t4096\t4096", queued);
	EXPECT_STREQ(want, rows.txns[0]);
	snprintf(want, sizeof(want),
		 "%llu\tin-flight\ttest.Server\t%u\t0\t0\t32\t0\t4096\t4096",
		 (unsigned long long)r.txid, r.src_pid);
	EXPECT_STREQ(want, rows.txns[1]);

	ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), jargv));
	got = strstr(out, name);
	ASSERT_NE(NULL, got);
	snprintf(want, sizeof(want), "{\"class\": \"test.Server\", \"pid\": %d, \"uid\": 0}",
		 queued);
	EXPECT_NE(NULL, strstr(got, want));
	snprintf(want, sizeof(want), "\"state\": \"in-flight\", \"class\": \"test.Server\", \"pid\": %u",
		 r.src_pid);
	EXPECT_NE(NULL, strstr(got, want));

	/* answer both; the clients exit and close their handles */
	pt_msg32(&m, PT_RIID_ECHO, PT_MID_PING, 1);
	ASSERT_EQ(0, nkt_reply(srv, r.txid, &m));
	ASSERT_EQ(0, nkt_recv(srv, &m, 10 * NKT_SEC, &r));
	EXPECT_EQ(queued, r.src_pid);
	pt_msg32(&m, PT_RIID_ECHO, PT_MID_PING, 1);
	ASSERT_EQ(0, nkt_reply(srv, r.txid, &m));
	EXPECT_EQ(0, nkt_wait_child(kid[0]));
	EXPECT_EQ(0, nkt_wait_child(kid[1]));

	ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
	snprintf(want, sizeof(want), "test.Server\t%d\t0\t0\t0", getpid());
	EXPECT_STREQ(want, rows.svc);
	EXPECT_EQ(0, rows.n_clients);
	EXPECT_EQ(0, rows.n_txns);
	close(srv);
	close(dev);
	nkt_msg_free(&m);

	ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
	EXPECT_STREQ("", rows.svc);
}

/* Raw dump: messages and client elements that name service @arg. */
struct chan_count {
	const char *name;
	int msgs, clients, txns;
};

static int chan_count_msg(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *c[NKIPC_CHAN_A_MAX + 1], *a;
	struct chan_count *cc = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) ||
	    !tb[NKIPC_A_CHANNEL] ||
	    nla_parse_nested(c, NKIPC_CHAN_A_MAX, tb[NKIPC_A_CHANNEL], NULL) ||
	    !c[NKIPC_CHAN_A_NAME] ||
	    strcmp(nla_get_string(c[NKIPC_CHAN_A_NAME]), cc->name))
		return NL_OK;
	cc->msgs++;
	if (c[NKIPC_CHAN_A_CLIENTS])
		nla_for_each_nested(a, c[NKIPC_CHAN_A_CLIENTS], rem)
			cc->clients++;
	if (c[NKIPC_CHAN_A_TXNS])
		nla_for_each_nested(a, c[NKIPC_CHAN_A_TXNS], rem)
			cc->txns++;
	return NL_OK;
}

static int chan_count_dump(struct chan_count *cc)
{
	struct nl_sock *sk;
	struct nl_msg *msg;
	int fam, err = -1;

	sk = pt_nl_open(&fam);
	if (!sk)
		return -1;
	msg = nlmsg_alloc();
	if (msg) {
		genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, fam, 0, NLM_F_DUMP,
			    NKIPC_CMD_GET_CHANNELS, NKIPC_GENL_VERSION);
		err = nl_send_auto(sk, msg) < 0 ? -1 : 0;
		nlmsg_free(msg);
	}
	if (!err) {
		nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM,
				    chan_count_msg, cc);
		err = nl_recvmsgs_default(sk);
	}
	nl_socket_free(sk);
	return err;
}

/* More clients than one netlink message holds: the dump goes on. */
TEST_F(pol, channels_lists_many_clients)
{
	enum { N = 1000 };
	static char out[1 << 20];
	struct rlimit rl = { N + 64, N + 64 };
	struct chan_count cc = { 0 };
	char name[NKIPC_NAME_MAX];
	static int cli[N];
	struct chan_rows rows;
	int dev, srv, i;

	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	snprintf(name, sizeof(name), "%s", nkt_name("pt.many"));
	dev = nkt_open();
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	for (i = 0; i < N; i++) {
		cli[i] = nkt_connect(dev, name, NKT_SEC);
		ASSERT_LE(0, cli[i]);
	}

	ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
	EXPECT_EQ(N, rows.n_clients);

	cc.name = name;
	ASSERT_EQ(0, chan_count_dump(&cc));
	EXPECT_LT(1, cc.msgs);
	EXPECT_EQ(N, cc.clients);

	for (i = 0; i < N; i++)
		close(cli[i]);
	ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
	EXPECT_EQ(0, rows.n_clients);
	close(srv);
	close(dev);
}

struct chan_caller {
	pthread_t th;
	int cli, ret;
};

static void *chan_caller_main(void *arg)
{
	struct nkt_msg req = { 0 }, res = { 0 };
	struct chan_caller *c = arg;

	nkt_msg_alloc(&res, 4096, 4096);
	pt_msg32(&req, PT_RIID_ECHO, PT_MID_PING, 1);
	c->ret = nkt_call(c->cli, &req, &res, 60 * NKT_SEC);
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return NULL;
}

/* More pending calls than one message holds: all listed, once each. */
TEST_F(pol, channels_lists_many_calls)
{
	enum { N = 400 };
	static struct chan_caller c[N];
	static char out[1 << 20];
	struct chan_count cc = { 0 };
	char name[NKIPC_NAME_MAX];
	struct chan_rows rows;
	int dev, srv, cli, i;

	snprintf(name, sizeof(name), "%s", nkt_name("pt.calls"));
	dev = nkt_open();
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, NKT_SEC);
	ASSERT_LE(0, cli);
	for (i = 0; i < N; i++) {
		c[i].cli = cli;
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, chan_caller_main,
					    &c[i]));
	}
	/* wait until every call is queued (the server never receives) */
	for (i = 0; i < 600; i++) {
		ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
		if (rows.n_txns == N)
			break;
		usleep(100000);
	}
	EXPECT_EQ(N, rows.n_txns);
	EXPECT_EQ(N, rows.n_queued);
	EXPECT_EQ(1, rows.n_clients);
	cc.name = name;
	ASSERT_EQ(0, chan_count_dump(&cc));
	EXPECT_LT(1, cc.msgs);
	EXPECT_EQ(N, cc.txns);

	/* the server goes away: every call fails, nothing is left */
	close(srv);
	for (i = 0; i < N; i++) {
		pthread_join(c[i].th, NULL);
		EXPECT_EQ(-EPIPE, c[i].ret);
	}
	close(cli);
	close(dev);
	ASSERT_EQ(0, chan_rows(name, &rows, out, sizeof(out)));
	EXPECT_STREQ("", rows.svc);
}

TEST_HARNESS_MAIN
