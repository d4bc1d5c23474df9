// SPDX-License-Identifier: GPL-2.0
/*
 * Death at each of the nine messaging steps (docs/architecture.md, "Death
 * at each messaging step").  The test build of the module
 * (build/test-module/nkipc.ko, `make test-module`) has stop points
 * (module/stop.h): a thread armed for a step parks there until killed or
 * released.  For every step, the thread executing it (the actor: the
 * client for steps 1-3 and 9, the server for 4-8) is parked, then either
 * the actor or its peer is killed with SIGKILL, and the test checks
 *   - the survivor's result (the errors of docs/uapi.md),
 *   - that nothing is left: no transaction (debugfs txns), no byte charged
 *     to the client's uid (debugfs users), no page pinned (debugfs pins),
 *     and
 *   - that the service (or a new server under the same name) serves a
 *     fresh call.
 * While the actor is parked, the same observers must see the call's
 * charge and pins (steps 2-9), so they can fail.
 *
 * Every request and every response carries a handle (a pipe's write end,
 * issue 13), so each step is also a death with handles in flight: debugfs
 * handles counts what the module holds, and must be back to 0 too.
 *
 * The test swaps the test build in for the module vm-run loaded and puts
 * that one back at the end; without a test build for the running kernel it
 * skips and says why.  Server and client are child processes (single
 * threaded, so pid == tid); the client runs as an unprivileged uid so that
 * its calls are charged.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "reload.h"

#define DBG		"/sys/kernel/debug/nkipc/"
#define UID		1000
/* A pinned request (above the default inline_threshold) and response. */
#define REQ_LEN		64u
#define REQ_ARENA	8192u
#define SEED		77u
#define LONG_NS		(30 * NKT_SEC)
#define WAIT_MS		20000

/* --- the module under test ------------------------------------------- */

static char test_ko[512];

/* Empty if the test build can be used, else why not. */
static const char *test_module_unavailable(void)
{
	static char why[640];
	struct utsname u;
	char cmd[600], vermagic[256] = "";
	FILE *f;

	/* NKIPC_TEST_KO: a build for another kernel (make check-debug) */
	if (getenv("NKIPC_TEST_KO"))
		snprintf(test_ko, sizeof(test_ko), "%s", getenv("NKIPC_TEST_KO"));
	else
		snprintf(test_ko, sizeof(test_ko), "%s/build/test-module/nkipc.ko",
			 getenv("TOP") ?: ".");
	if (access(test_ko, R_OK)) {
		snprintf(why, sizeof(why),
			 "no test build of the module (%s): run 'make test-module'",
			 test_ko);
		return why;
	}
	snprintf(cmd, sizeof(cmd), "modinfo -F vermagic %s", test_ko);
	f = popen(cmd, "r");
	if (f) {
		if (fscanf(f, "%255s", vermagic) != 1)
			vermagic[0] = '\0';
		pclose(f);
	}
	uname(&u);
	if (strcmp(vermagic, u.release)) {
		snprintf(why, sizeof(why),
			 "%s is built for '%s', the kernel is %s", test_ko,
			 vermagic, u.release);
		return why;
	}
	return "";
}

static int load_test_module(void)
{
	char cmd[1024];

	if (nkt_module_loaded() && nkt_module_unload())
		return -1;
	snprintf(cmd, sizeof(cmd), "insmod %s %s", test_ko,
		 getenv("NKIPC_PARAMS") ?: "");
	if (system(cmd))
		return -1;
	if (access(DBG "stop", W_OK)) {
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
		if (access(DBG "stop", W_OK))
			return -1;
	}
	return 0;
}

static int dbg_write(const char *file, const char *s)
{
	int fd = open(file, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -errno;
}

static int dbg_read(const char *file, char *buf, size_t size)
{
	int fd = open(file, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int arm(int step, pid_t tid)
{
	char s[32];

	snprintf(s, sizeof(s), "%d %d\n", step, tid);
	return dbg_write(DBG "stop", s);
}

static int disarm(void)
{
	return dbg_write(DBG "stop", "0\n");
}

/* Waits until @tid is parked at @step. */
static bool parked(int step, pid_t tid)
{
	char want[64], got[64];

	snprintf(want, sizeof(want), "%d %d parked\n", step, tid);
	for (int i = 0; i < WAIT_MS / 10; i++) {
		if (!dbg_read(DBG "stop", got, sizeof(got)) &&
		    !strcmp(got, want))
			return true;
		usleep(10 * 1000);
	}
	return false;
}

static long txns(void)
{
	char buf[32];

	return dbg_read(DBG "txns", buf, sizeof(buf)) ? -1 : atol(buf);
}

/* Bytes charged to @uid, -1 if it has no context. */
static long user_bytes(uid_t uid)
{
	char buf[4096], *line, *save;
	unsigned int u;
	long bytes;

	if (dbg_read(DBG "users", buf, sizeof(buf)))
		return -2;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%u %ld", &u, &bytes) == 2 && u == uid)
			return bytes;
	return -1;
}

/*
 * User pages the module holds pinned.  (The FOLL_PIN counters of
 * /proc/vmstat are per-cpu batched: a few pages do not show there.)
 */
static long pinned_pages(void)
{
	char buf[32];

	return dbg_read(DBG "pins", buf, sizeof(buf)) ? -1 : atol(buf);
}

/* Handles of messages the module holds. */
static long handles_held(void)
{
	char buf[32];

	return dbg_read(DBG "handles", buf, sizeof(buf)) ? -1 : atol(buf);
}

/* Progress, as TAP comments: where a hang or a failure happened. */
#define note(fmt, ...) fprintf(stderr, "#   %s: " fmt "\n", __func__, ##__VA_ARGS__)

/* --- the two sides ---------------------------------------------------- */

/*
 * A child driven over a pipe: one command byte in, one int result out.
 * Server commands: 'r' RECV (checks the request), 'e' RECV without
 * waiting, 'p' REPLY to the last request.  Client: 'c' one echo CALL.
 */
struct peer {
	pid_t pid;
	int cmd, res;		/* the parent's ends */
};

struct peer_args {
	const char *name;
	int cmd, res;		/* the child's ends */
};

/* A child keeps only its own pipe ends (EOF must reach the others). */
static void close_others(int keep1, int keep2)
{
	for (int fd = 3; fd < 1024; fd++)
		if (fd != keep1 && fd != keep2)
			close(fd);
}

static int report(int fd, int v)
{
	return write(fd, &v, sizeof(v)) == sizeof(v) ? 0 : 1;
}

static int server_child(void *arg)
{
	struct peer_args *a = arg;
	struct nkipc_msg_hdr hdr = { 0 };
	struct nkipc_handle_desc got[2], give;
	struct nkipc_recv r = { 0 };
	struct nkipc_reply rp;
	struct nkt_msg m;
	int dev, srv, ret, p[2];
	char c;

	close_others(a->cmd, a->res);
	if (pipe(p))
		return 1;
	give = (struct nkipc_handle_desc){ .fd = p[1],
		.kind = NKIPC_HANDLE_FD, .rights = NKIPC_RIGHT_WRITE };
	dev = nkt_open();
	srv = dev < 0 ? dev : nkt_register_std(dev, a->name);
	if (report(a->res, srv < 0 ? srv : 0) || srv < 0)
		return 1;
	nkt_msg_alloc(&m, 4096, 4 * 4096);
	while (read(a->cmd, &c, 1) == 1) {
		switch (c) {
		case 'r':
		case 'e':
			r = nkt_recv_arg(&m, c == 'r' ? LONG_NS : 0);
			r.handles = (uintptr_t)got;
			r.handles_cap = 2;
			ret = nkt_ioctl(srv, NKIPC_IOC_RECV, &r);
			if (!ret) {
				m.len = r.req_len;
				m.arena_len = r.req_arena_len;
				for (unsigned int i = 0; i < r.handles_len; i++)
					close(got[i].fd);
				if (r.handles_len != 1)
					ret = -EPROTO;
			}
			if (!ret) {
				memcpy(&hdr, m.cpart, sizeof(hdr));
				if (hdr.status != SEED ||
				    nkt_msg_check(&m, REQ_LEN, REQ_ARENA, SEED))
					ret = -EILSEQ;
			}
			break;
		case 'p':
			nkt_msg_fill(&m, hdr.riid, hdr.mid, REQ_LEN, REQ_ARENA,
				     nkt_reply_seed(SEED));
			((struct nkipc_msg_hdr *)m.cpart)->ncaps = 1;
			rp = (struct nkipc_reply){
				.size = sizeof(rp), .txid = r.txid,
				.res = (uintptr_t)m.cpart,
				.res_arena = (uintptr_t)m.arena,
				.res_len = m.len, .res_arena_len = m.arena_len,
				.handles = (uintptr_t)&give,
			};
			ret = nkt_ioctl(srv, NKIPC_IOC_REPLY, &rp);
			break;
		default:
			ret = -EINVAL;
		}
		if (report(a->res, ret))
			return 1;
	}
	return 0;
}

/* An echo CALL that sends a handle and takes the response's. */
static int handle_call(int cli, int fd)
{
	struct nkipc_handle_desc give = { .fd = fd, .kind = NKIPC_HANDLE_FD,
					  .rights = NKIPC_RIGHT_WRITE };
	struct nkipc_handle_desc got[2];
	struct nkt_msg req, res;
	struct nkipc_call k;
	int ret;

	nkt_msg_alloc(&req, REQ_LEN, REQ_ARENA);
	nkt_msg_alloc(&res, REQ_LEN, REQ_ARENA);
	nkt_msg_fill(&req, NKT_RIID_ECHO, SEED % NKT_ECHO_METHODS, REQ_LEN,
		     REQ_ARENA, SEED);
	((struct nkipc_msg_hdr *)req.cpart)->ncaps = 1;
	k = nkt_call_arg(&req, &res, LONG_NS);
	k.req_handles = (uintptr_t)&give;
	k.res_handles = (uintptr_t)got;
	k.res_handles_cap = 2;
	ret = nkt_ioctl(cli, NKIPC_IOC_CALL, &k);
	if (!ret) {
		res.len = k.res_len;
		res.arena_len = k.res_arena_len;
		for (unsigned int i = 0; i < k.res_handles_len; i++)
			close(got[i].fd);
		if (k.res_handles_len != 1)
			ret = -EPROTO;
		else if (nkt_msg_check(&res, REQ_LEN, REQ_ARENA,
				       nkt_reply_seed(SEED)))
			ret = -EILSEQ;
	}
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return ret;
}

static int client_child(void *arg)
{
	struct peer_args *a = arg;
	int dev, cli, p[2];
	char c;

	close_others(a->cmd, a->res);
	if (pipe(p))
		return 1;
	if (setresgid(UID, UID, UID) || setresuid(UID, UID, UID))
		return report(a->res, -EPERM) + 1;
	dev = nkt_open();
	cli = dev < 0 ? dev : nkt_connect(dev, a->name, 10 * NKT_SEC);
	if (report(a->res, cli < 0 ? cli : 0) || cli < 0)
		return 1;
	while (read(a->cmd, &c, 1) == 1)
		if (report(a->res, c == 'c' ? handle_call(cli, p[1]) :
			   -EINVAL))
			return 1;
	return 0;
}

/* Starts a side; 0 if it came up (registered / connected). */
static int peer_start(struct peer *p, int (*fn)(void *), const char *name)
{
	int cmd[2], res[2], ret = -1;
	struct peer_args a = { .name = name };
	struct pollfd pfd;

	if (pipe(cmd) || pipe(res))
		return -1;
	a.cmd = cmd[0];
	a.res = res[1];
	p->pid = nkt_fork(fn, &a);
	close(cmd[0]);
	close(res[1]);
	p->cmd = cmd[1];
	p->res = res[0];
	pfd = (struct pollfd){ .fd = p->res, .events = POLLIN };
	if (poll(&pfd, 1, WAIT_MS) == 1 &&
	    read(p->res, &ret, sizeof(ret)) != sizeof(ret))
		ret = -1;
	return ret;
}

static int peer_send(struct peer *p, char c)
{
	return write(p->cmd, &c, 1) == 1 ? 0 : -1;
}

/* The result of the last command: -ESRCH if none came (dead or stuck). */
static int peer_result(struct peer *p, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->res, .events = POLLIN };
	int ret;

	if (poll(&pfd, 1, timeout_ms) != 1 ||
	    read(p->res, &ret, sizeof(ret)) != sizeof(ret))
		return -ESRCH;
	return ret;
}

/* Ends a side: EOF makes it exit; returns its status as nkt_wait_child. */
static int peer_stop(struct peer *p)
{
	int st;

	if (p->pid <= 0)
		return 0;
	close(p->cmd);
	close(p->res);
	st = nkt_wait_child(p->pid);
	p->pid = 0;
	return st;
}

static bool exited_within(pid_t pid, int ms)
{
	for (int i = 0; i < ms / 10; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return true;
		usleep(10 * 1000);
	}
	return false;
}

/* Keeps a context of UID open, so that its charge is visible throughout. */
static int anchor_child(void *arg)
{
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	if (setresgid(UID, UID, UID) || setresuid(UID, UID, UID))
		return 100;
	if (nkt_open() < 0)
		return 101;
	for (;;)
		pause();
}

/* Whatever happened, the module vm-run loaded is back at the end. */
static pid_t main_pid;

static void __attribute__((constructor)) remember_main(void)
{
	main_pid = getpid();
}

static void __attribute__((destructor)) restore_at_exit(void)
{
	if (getpid() == main_pid && !access(DBG "stop", F_OK))
		nkt_module_restore();
}

/* --- the matrix ------------------------------------------------------- */

FIXTURE(death) {
	const char *skip;
	char name[NKIPC_NAME_MAX];
	pid_t anchor;
	struct peer srv, cli;
};

/*
 * @step: where the actor parks; @kill_actor: kill the parked thread,
 * else its peer (then release the actor).  The expected results:
 * @cli_ret, @recv_ret, @reply_ret for CALL, the parked or later RECV and
 * REPLY (ESRCH: that side reports nothing, it was killed), @again: a
 * second REPLY to the same txid.
 */
FIXTURE_VARIANT(death) {
	int step;
	bool kill_actor;
	int cli_ret, recv_ret, reply_ret, again;
};

#define CLIENT_STEP(s)	((s) <= 3 || (s) == 9)

#define KILL_actor	true
#define KILL_peer	false
#define DEATH(s, who, c, rv, rp, ag)					\
	FIXTURE_VARIANT_ADD(death, step##s##_kill_##who) {		\
		.step = s, .kill_actor = KILL_##who,			\
		.cli_ret = c, .recv_ret = rv, .reply_ret = rp,		\
		.again = ag,						\
	}

/*
 * Killing the actor: a client killed before a server took its request
 * is never seen (RECV: EAGAIN); a server killed in RECV still completes
 * the RECV it is in, then its death fails the call (EPIPE); a server
 * killed in REPLY still completes the REPLY it is in (CALL returns 0); a
 * client killed at 9 has its result already.
 */
DEATH(1, actor, -ESRCH, -EAGAIN, 0, 0);
DEATH(2, actor, -ESRCH, -EAGAIN, 0, 0);
DEATH(3, actor, -ESRCH, -EAGAIN, 0, 0);
DEATH(4, actor, -EPIPE, -ESRCH, 0, 0);
DEATH(5, actor, -EPIPE, -ESRCH, 0, 0);
DEATH(6, actor, 0, 0, -ESRCH, 0);
DEATH(7, actor, 0, 0, -ESRCH, 0);
DEATH(8, actor, 0, 0, -ESRCH, 0);
DEATH(9, actor, -ESRCH, 0, 0, 0);
/*
 * Killing the peer of the parked actor: the server's death fails a call
 * that has not got its response (EPIPE) and leaves one that has alone;
 * the client's death makes its REPLY fail EPIPE (then ENOENT), except
 * inside REPLYING (step 8), which the dying client waits for: REPLY 0.
 */
DEATH(1, peer, -EPIPE, 0, 0, 0);
DEATH(2, peer, -EPIPE, 0, 0, 0);
DEATH(3, peer, -EPIPE, 0, 0, 0);
DEATH(4, peer, -ESRCH, 0, -EPIPE, -ENOENT);
DEATH(5, peer, -ESRCH, 0, -EPIPE, -ENOENT);
DEATH(6, peer, -ESRCH, 0, -EPIPE, -ENOENT);
DEATH(7, peer, -ESRCH, 0, -EPIPE, -ENOENT);
DEATH(8, peer, -ESRCH, 0, 0, -ENOENT);
DEATH(9, peer, 0, 0, 0, 0);

FIXTURE_SETUP(death)
{
	self->skip = test_module_unavailable();
	if (*self->skip)
		return;
	ASSERT_EQ(0, load_test_module()) TH_LOG("cannot load %s", test_ko);
	ASSERT_EQ(0, disarm());
	self->anchor = nkt_fork(anchor_child, NULL);
	strcpy(self->name, nkt_name("death"));
	ASSERT_EQ(0, pinned_pages());
	ASSERT_EQ(0, peer_start(&self->srv, server_child, self->name));
	ASSERT_EQ(0, peer_start(&self->cli, client_child, self->name));
}

FIXTURE_TEARDOWN(death)
{
	if (*self->skip)
		return;
	disarm();
	peer_stop(&self->cli);
	peer_stop(&self->srv);
	kill(self->anchor, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, nkt_wait_child(self->anchor));
	EXPECT_TRUE(nkt_module_restore());
}

/* Nothing held any more: no txn, no charge, no pin (settles briefly). */
static void expect_nothing_held(struct __test_metadata *_metadata,
				FIXTURE_DATA(death) *self, const char *when)
{
	long t = -1, b = -1, p = -1, h = -1;

	for (int i = 0; i < 200; i++) {
		t = txns();
		b = user_bytes(UID);
		p = pinned_pages();
		h = handles_held();
		if (!t && !b && !p && !h)
			break;
		usleep(10 * 1000);
	}
	EXPECT_EQ(0, h) TH_LOG("%s: message handles still held", when);
	EXPECT_EQ(0, t) TH_LOG("%s: transactions left", when);
	EXPECT_EQ(0, b) TH_LOG("%s: bytes still charged to uid %d", when, UID);
	EXPECT_EQ(0, p) TH_LOG("%s: pages still pinned", when);
}

/* Drives the call until the actor parks at @step; returns the actor. */
static pid_t run_to_step(struct __test_metadata *_metadata,
			 FIXTURE_DATA(death) *self, int step)
{
	pid_t actor = CLIENT_STEP(step) ? self->cli.pid : self->srv.pid;

	EXPECT_EQ(0, arm(step, actor));
	EXPECT_EQ(0, peer_send(&self->cli, 'c'));
	if (step >= 4)
		EXPECT_EQ(0, peer_send(&self->srv, 'r'));
	if (step >= 6) {
		EXPECT_EQ(0, peer_result(&self->srv, WAIT_MS));
		EXPECT_EQ(0, peer_send(&self->srv, 'p'));
	}
	if (step == 9)
		EXPECT_EQ(0, peer_result(&self->srv, WAIT_MS));
	EXPECT_TRUE(parked(step, actor));
	note("%d parked at step %d", actor, step);
	return actor;
}

TEST_F_TIMEOUT(death, kill, 120)
{
	const FIXTURE_VARIANT(death) *v = variant;
	bool client_actor = CLIENT_STEP(v->step);
	struct peer *actor, *peer, *victim, *survivor;
	struct peer fresh_srv = { 0 }, fresh_cli = { 0 };
	bool srv_dead;
	char state[64];
	int ret;

	if (*self->skip)
		SKIP(return, "%s", self->skip);
	actor = client_actor ? &self->cli : &self->srv;
	peer = client_actor ? &self->srv : &self->cli;
	victim = v->kill_actor ? actor : peer;
	survivor = v->kill_actor ? peer : actor;

	run_to_step(_metadata, self, v->step);
	/* The observers see what the parked call holds. */
	if (v->step >= 2) {
		EXPECT_LT(0, user_bytes(UID));
		EXPECT_LT(0, pinned_pages());
		EXPECT_LT(0, txns());
	}
	/* A handle in flight: the request's until RECV installs it (5, 6:
	 * none), the response's from its verdict on. */
	if (v->step >= 2 && v->step != 5 && v->step != 6) {
		EXPECT_LT(0, handles_held());
	} else {
		EXPECT_EQ(0, handles_held());
	}

	/*
	 * The actor, killed, goes on by itself.  A killed peer dies first
	 * (its death settled), then the actor is released; except at step
	 * 8, where the dying client waits for the parked REPLYING.
	 */
	ASSERT_EQ(0, kill(victim->pid, SIGKILL));
	if (!v->kill_actor && v->step == 8) {
		EXPECT_FALSE(exited_within(victim->pid, 300));
		EXPECT_EQ(0, disarm());
	}
	EXPECT_EQ(128 + SIGKILL, peer_stop(victim));
	if (!v->kill_actor && v->step >= 5 && v->step <= 7) {
		/*
		 * A dead client's received call gives its buffers back at
		 * once, not at the server's late REPLY (at step 7 the pages
		 * pinned are the server's response).
		 */
		EXPECT_EQ(0, user_bytes(UID));
		if (v->step < 7)
			EXPECT_EQ(0, pinned_pages());
	}
	if (!v->kill_actor && v->step != 8)
		EXPECT_EQ(0, disarm());
	note("%s killed", victim == &self->srv ? "server" : "client");
	EXPECT_EQ(0, dbg_read(DBG "stop", state, sizeof(state)));
	EXPECT_STREQ("none\n", state);
	srv_dead = victim == &self->srv;

	/* The survivor's view. */
	if (survivor == &self->cli) {
		EXPECT_EQ(v->cli_ret, peer_result(&self->cli, WAIT_MS));
	} else if (v->step <= 3) {
		/* The dead client's request never reached the server. */
		EXPECT_EQ(0, peer_send(&self->srv, 'e'));
		EXPECT_EQ(v->recv_ret, peer_result(&self->srv, WAIT_MS));
	} else if (v->step <= 5) {
		EXPECT_EQ(v->recv_ret, peer_result(&self->srv, WAIT_MS));
		EXPECT_EQ(0, peer_send(&self->srv, 'p'));
		EXPECT_EQ(v->reply_ret, peer_result(&self->srv, WAIT_MS));
	} else if (v->step <= 8) {
		EXPECT_EQ(v->reply_ret, peer_result(&self->srv, WAIT_MS));
	}
	if (v->again) {
		EXPECT_EQ(0, peer_send(&self->srv, 'p'));
		EXPECT_EQ(v->again, peer_result(&self->srv, WAIT_MS));
	}
	note("survivor's result checked");
	expect_nothing_held(_metadata, self, "after the death");

	/* The service (or a new server under the name) serves a new call. */
	ret = 0;
	if (srv_dead) {
		peer_stop(&self->cli);
		ret = peer_start(&fresh_srv, server_child, self->name);
		EXPECT_EQ(0, ret) TH_LOG("the name is not free again");
	}
	if (!ret) {
		struct peer *s = srv_dead ? &fresh_srv : &self->srv;

		ASSERT_EQ(0, peer_start(&fresh_cli, client_child, self->name));
		EXPECT_EQ(0, peer_send(&fresh_cli, 'c'));
		EXPECT_EQ(0, peer_send(s, 'r'));
		EXPECT_EQ(0, peer_result(s, WAIT_MS));
		EXPECT_EQ(0, peer_send(s, 'p'));
		EXPECT_EQ(0, peer_result(s, WAIT_MS));
		EXPECT_EQ(0, peer_result(&fresh_cli, WAIT_MS));
		EXPECT_EQ(0, peer_stop(&fresh_cli));
	}
	EXPECT_EQ(0, peer_stop(&fresh_srv));
	expect_nothing_held(_metadata, self, "after a fresh call");
}

TEST_HARNESS_MAIN
