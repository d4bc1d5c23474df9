// SPDX-License-Identifier: GPL-2.0
/*
 * max_user_bytes: the memory one uid's calls in flight pin or hold is
 * bounded.  The module is loaded with a limit of exactly three calls of
 * the size used here, so a call beyond them fails with EDQUOT, and a
 * single byte not returned by any release path (reply, timeout, client
 * killed, server gone) makes the next round of three fail.
 *
 * The test runs as root (exempt: CAP_IPC_LOCK) and serves; the calls come
 * from children that switch to unprivileged uids before opening the
 * device, since the uid is captured at open.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "reload.h"

#define UID_A		1000
#define UID_B		1001
#define NCALLS		3
/*
 * One call: a 1 KiB inline request (a kernel copy, charged; requests of up
 * to NKIPC_TXN_BUF bytes travel inside the transaction and are not).  The
 * response buffers are not held while a call waits: their capacity is
 * charged to nobody.
 */
#define REQ_LEN		1024u
#define RES_CAP		4096u
#define RES_ARENA_CAP	65536u
#define CALL_BYTES	REQ_LEN
#define LONG_WAIT	(60 * NKT_SEC)

struct calls {
	const char *name;
	uid_t uid;
	int n;
	uint32_t req_len;	/* 0: REQ_LEN (inline) */
	uint64_t timeout_ns;
	int expect;		/* every call's result */
	int cli;
	int result[NCALLS];
};

struct one_call {
	struct calls *c;
	int i;
};

static void *call_thread(void *arg)
{
	struct one_call *oc = arg;
	struct nkt_msg req, res;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, RES_CAP, RES_ARENA_CAP);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, oc->c->req_len ?: REQ_LEN, 0,
		     oc->i);
	oc->c->result[oc->i] = nkt_call(oc->c->cli, &req, &res,
					oc->c->timeout_ns);
	nkt_msg_free(&res);
	nkt_msg_free(&req);
	return NULL;
}

/* Child: becomes @c->uid, opens, connects, makes @c->n concurrent calls. */
static int calls_child(void *arg)
{
	struct calls *c = arg;
	struct one_call oc[NCALLS];
	pthread_t th[NCALLS];
	int dev, bad = 0;

	/* Not the test's server handle: its release must be the server's. */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	if (setresgid(c->uid, c->uid, c->uid) ||
	    setresuid(c->uid, c->uid, c->uid))
		return 100;
	dev = nkt_open();
	if (dev < 0)
		return 101;
	c->cli = nkt_connect(dev, c->name, 0);
	if (c->cli < 0)
		return 102;
	for (int i = 0; i < c->n; i++) {
		oc[i].c = c;
		oc[i].i = i;
		pthread_create(&th[i], NULL, call_thread, &oc[i]);
	}
	for (int i = 0; i < c->n; i++) {
		pthread_join(th[i], NULL);
		if (c->result[i] != c->expect) {
			fprintf(stderr, "uid %u call %d: %d, expected %d\n",
				c->uid, i, c->result[i], c->expect);
			bad = 1;
		}
	}
	return bad;
}

static pid_t start_sized_calls(const char *name, uid_t uid, int n,
			       uint32_t req_len, uint64_t timeout_ns,
			       int expect)
{
	struct calls c = {
		.name = name, .uid = uid, .n = n, .req_len = req_len,
		.timeout_ns = timeout_ns, .expect = expect,
	};

	return nkt_fork(calls_child, &c);
}

static pid_t start_calls(const char *name, uid_t uid, int n,
			 uint64_t timeout_ns, int expect)
{
	return start_sized_calls(name, uid, n, 0, timeout_ns, expect);
}

/*
 * Keeps a context of UID_A open for the whole test, so that its charge
 * count lives on between the rounds of calls and a leak adds up.
 */
static int anchor_child(void *arg)
{
	uid_t uid = *(uid_t *)arg;

	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return 100;
	if (nkt_open() < 0)
		return 101;
	for (;;)
		pause();
}

FIXTURE(userbytes) {
	const char *name;
	int dev, srv;
	pid_t anchor;
	struct nkt_msg in, out;
	uint64_t txid[NCALLS + 1];
};

static int serve(FIXTURE_DATA(userbytes) *self)
{
	self->name = nkt_name("userbytes");
	self->srv = nkt_register_std(self->dev, self->name);
	return self->srv;
}

FIXTURE_SETUP(userbytes)
{
	char params[64];

	ASSERT_TRUE(nkt_module_loaded());
	ASSERT_EQ(0, nkt_module_unload());
	snprintf(params, sizeof(params), "max_user_bytes=%u",
		 NCALLS * CALL_BYTES);
	ASSERT_EQ(0, nkt_module_load(params));
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	ASSERT_LE(0, serve(self));
	self->anchor = nkt_fork(anchor_child, &(uid_t){ UID_A });
	nkt_msg_alloc(&self->in, 4096, 4096);
	nkt_msg_alloc(&self->out, 4096, 4096);
	nkt_msg_fill(&self->out, NKT_RIID_ECHO, 0, REQ_LEN, 0, 7);
}

FIXTURE_TEARDOWN(userbytes)
{
	/* Still running (not failed to open): killed, not exited. */
	kill(self->anchor, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(self->anchor));
	if (self->srv >= 0)
		close(self->srv);
	close(self->dev);
	nkt_msg_free(&self->in);
	nkt_msg_free(&self->out);
	EXPECT_TRUE(nkt_module_restore());
}

/* The server takes calls into txid[first..first+n): they are in flight. */
static void receive(struct __test_metadata *_metadata,
		    FIXTURE_DATA(userbytes) *self, int first, int n)
{
	struct nkipc_recv r;

	for (int i = first; i < first + n; i++) {
		ASSERT_EQ(0, nkt_recv(self->srv, &self->in, LONG_WAIT, &r));
		self->txid[i] = r.txid;
	}
}

static void reply(struct __test_metadata *_metadata,
		  FIXTURE_DATA(userbytes) *self, int first, int n, int expect)
{
	for (int i = first; i < first + n; i++)
		EXPECT_EQ(expect, nkt_reply(self->srv, self->txid[i],
					    &self->out));
}

/*
 * UID_A's budget is whole: three calls fit at once, a fourth fails with
 * EDQUOT while UID_B still gets through; then the three are answered.
 */
static void check_budget(struct __test_metadata *_metadata,
			 FIXTURE_DATA(userbytes) *self)
{
	pid_t held, pid;

	held = start_calls(self->name, UID_A, NCALLS, LONG_WAIT, 0);
	receive(_metadata, self, 0, NCALLS);

	pid = start_calls(self->name, UID_A, 1, LONG_WAIT, -EDQUOT);
	EXPECT_EQ(0, nkt_wait_child(pid));

	pid = start_calls(self->name, UID_B, 1, LONG_WAIT, 0);
	receive(_metadata, self, NCALLS, 1);
	reply(_metadata, self, NCALLS, 1, 0);
	EXPECT_EQ(0, nkt_wait_child(pid));

	reply(_metadata, self, 0, NCALLS, 0);
	EXPECT_EQ(0, nkt_wait_child(held));
}

/* Two of UID_A's three calls received, the third queued. */
static pid_t hold_calls(struct __test_metadata *_metadata,
			FIXTURE_DATA(userbytes) *self, int expect)
{
	pid_t pid = start_calls(self->name, UID_A, NCALLS, LONG_WAIT, expect);

	receive(_metadata, self, 0, NCALLS - 1);
	EXPECT_TRUE(nkt_poll_for(self->srv, POLLIN, 60000));
	return pid;
}

TEST_F_TIMEOUT(userbytes, reply_returns_budget, 300)
{
	check_budget(_metadata, self);
	check_budget(_metadata, self);
}

TEST_F_TIMEOUT(userbytes, timeout_returns_budget, 300)
{
	pid_t pid = start_calls(self->name, UID_A, NCALLS, 300 * NKT_MS,
				-ETIMEDOUT);

	EXPECT_EQ(0, nkt_wait_child(pid));
	check_budget(_metadata, self);
}

TEST_F_TIMEOUT(userbytes, killed_client_returns_budget, 300)
{
	pid_t pid = hold_calls(_metadata, self, 0);

	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid));
	reply(_metadata, self, 0, NCALLS - 1, -EPIPE);
	check_budget(_metadata, self);
}

TEST_F_TIMEOUT(userbytes, server_death_returns_budget, 300)
{
	pid_t pid = hold_calls(_metadata, self, -EPIPE);

	close(self->srv);
	self->srv = -1;
	EXPECT_EQ(0, nkt_wait_child(pid));
	ASSERT_LE(0, serve(self));
	check_budget(_metadata, self);
}

/*
 * A request above inline_threshold (default 1024) is pinned, and its whole
 * pages are charged: one of 1100 bytes (a page or two) is more than the
 * whole budget of three inline calls, and is refused; the budget is whole
 * afterwards.
 */
TEST_F_TIMEOUT(userbytes, pinned_request_charged, 300)
{
	pid_t pid;

	ASSERT_LT(NCALLS * CALL_BYTES, 4096);
	pid = start_sized_calls(self->name, UID_A, 1, 1100, LONG_WAIT,
				-EDQUOT);
	EXPECT_EQ(0, nkt_wait_child(pid));
	check_budget(_metadata, self);
}

/* Root (CAP_IPC_LOCK) is not charged: a fourth call at once gets through. */
TEST_F_TIMEOUT(userbytes, cap_ipc_lock_is_exempt, 300)
{
	pid_t held, pid;

	held = start_calls(self->name, 0, NCALLS, LONG_WAIT, 0);
	receive(_metadata, self, 0, NCALLS);
	pid = start_calls(self->name, 0, 1, LONG_WAIT, 0);
	receive(_metadata, self, NCALLS, 1);
	reply(_metadata, self, 0, NCALLS + 1, 0);
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(0, nkt_wait_child(held));
}

TEST_HARNESS_MAIN
