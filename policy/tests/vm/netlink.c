// SPDX-License-Identifier: GPL-2.0
/*
 * The "nkipc" netlink family: privilege, strict attribute validation,
 * atomic begin/add/commit, interrupted and stale loads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/nkipc_genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "pt.h"

static const char base_policy[] =
	"use EDL test.Server\n"
	"request method=Ping dst=test.Server { grant() }\n";

FIXTURE(nl) {
	struct nl_sock *sk;
	int family;
	uint64_t gen;		/* active generation at setup */
};

FIXTURE_SETUP(nl)
{
	ASSERT_EQ(0, pt_load_text(base_policy));
	self->gen = pt_active_generation();
	ASSERT_NE(0, self->gen);
	self->sk = pt_nl_open(&self->family);
	ASSERT_NE(NULL, self->sk);
}

FIXTURE_TEARDOWN(nl)
{
	nl_socket_free(self->sk);
	pt_unload();
}

/* A rule nest with a kind and one grant() statement. */
static void put_grant_rule(struct nl_msg *m, int kind)
{
	struct nlattr *rules = nla_nest_start(m, NKIPC_A_RULES);
	struct nlattr *r = nla_nest_start(m, 1);
	struct nlattr *st, *s;

	nla_put_u8(m, NKIPC_RULE_A_KIND, (uint8_t)kind);
	st = nla_nest_start(m, NKIPC_RULE_A_STMTS);
	s = nla_nest_start(m, 1);
	nla_put_u8(m, NKIPC_STMT_A_TYPE, NKIPC_STMT_GRANT);
	nla_nest_end(m, s);
	nla_nest_end(m, st);
	nla_nest_end(m, r);
	nla_nest_end(m, rules);
}

TEST_F(nl, full_load_over_raw_netlink)
{
	uint64_t gen = pt_nl_begin(self->sk, self->family);
	struct nl_msg *m;

	ASSERT_NE(0, gen);
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	put_grant_rule(m, NKIPC_KIND_REQUEST);
	ASSERT_EQ(0, pt_nl_send(self->sk, m));
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	ASSERT_EQ(0, pt_nl_send(self->sk, m));
	EXPECT_EQ(gen, pt_active_generation());
}

TEST_F(nl, bad_attributes_rejected)
{
	uint64_t gen = pt_nl_begin(self->sk, self->family);
	struct nl_msg *m;

	ASSERT_NE(0, gen);
	/* default decision out of range */
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_BEGIN);
	nla_put_u32(m, NKIPC_A_DEFAULT, 7);
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* mode out of range */
	m = pt_nl_msg(self->family, NKIPC_CMD_SET_CONFIG);
	nla_put_u32(m, NKIPC_A_MODE, 2);
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* unknown audit flag */
	m = pt_nl_msg(self->family, NKIPC_CMD_SET_CONFIG);
	nla_put_u32(m, NKIPC_A_AUDIT_FLAGS, 0x80);
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* unknown top-level attribute */
	m = pt_nl_msg(self->family, NKIPC_CMD_GET_STATE);
	nla_put_u32(m, NKIPC_A_MAX + 5, 1);
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* output-only attribute as input */
	m = pt_nl_msg(self->family, NKIPC_CMD_SET_CONFIG);
	nla_put_u32(m, NKIPC_A_N_RULES, 1);
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* wrong attribute length */
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u32(m, NKIPC_A_GENERATION, 1);
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* missing generation */
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	EXPECT_EQ(-EINVAL, pt_nl_send(self->sk, m));
	EXPECT_EQ(self->gen, pt_active_generation());
}

TEST_F(nl, bad_rule_drops_the_load)
{
	uint64_t gen = pt_nl_begin(self->sk, self->family);
	struct nl_msg *m;

	ASSERT_NE(0, gen);
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	put_grant_rule(m, 99);		/* no such kind */
	EXPECT_GT(0, pt_nl_send(self->sk, m));
	/* the staged policy is gone: commit cannot install half of it */
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	EXPECT_EQ(-ENOENT, pt_nl_send(self->sk, m));
	EXPECT_EQ(self->gen, pt_active_generation());
}

TEST_F(nl, bad_statement_and_strings)
{
	uint64_t gen = pt_nl_begin(self->sk, self->family);
	struct nlattr *rules, *r, *st, *s;
	char longname[300];
	struct nl_msg *m;

	ASSERT_NE(0, gen);
	/* field size 3 */
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	rules = nla_nest_start(m, NKIPC_A_RULES);
	r = nla_nest_start(m, 1);
	nla_put_u8(m, NKIPC_RULE_A_KIND, NKIPC_KIND_REQUEST);
	st = nla_nest_start(m, NKIPC_RULE_A_STMTS);
	s = nla_nest_start(m, 1);
	nla_put_u8(m, NKIPC_STMT_A_TYPE, NKIPC_STMT_ASSERT);
	nla_put_u8(m, NKIPC_STMT_A_PART, 0);
	nla_put_u32(m, NKIPC_STMT_A_OFFSET, 24);
	nla_put_u8(m, NKIPC_STMT_A_SIZE, 3);
	nla_put_u8(m, NKIPC_STMT_A_OP, NKIPC_OP_LT);
	nla_put_u64(m, NKIPC_STMT_A_VALUE, 5);
	nla_nest_end(m, s);
	nla_nest_end(m, st);
	nla_nest_end(m, r);
	nla_nest_end(m, rules);
	EXPECT_EQ(-EINVAL, pt_nl_send(self->sk, m));

	/* class name longer than NKIPC_CLASS_MAX */
	gen = pt_nl_begin(self->sk, self->family);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	rules = nla_nest_start(m, NKIPC_A_RULES);
	r = nla_nest_start(m, 1);
	nla_put_u8(m, NKIPC_RULE_A_KIND, NKIPC_KIND_REQUEST);
	nla_put_string(m, NKIPC_RULE_A_SRC, longname);
	nla_nest_end(m, r);
	nla_nest_end(m, rules);
	EXPECT_GT(0, pt_nl_send(self->sk, m));

	/* binding with a relative path, and to a missing file */
	gen = pt_nl_begin(self->sk, self->family);
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	rules = nla_nest_start(m, NKIPC_A_BINDINGS);
	r = nla_nest_start(m, 1);
	nla_put_string(m, NKIPC_BIND_A_CLASS, "x.Y");
	nla_put_string(m, NKIPC_BIND_A_EXE, "bin/true");
	nla_put_u32(m, NKIPC_BIND_A_UID, 0);
	nla_nest_end(m, r);
	nla_nest_end(m, rules);
	EXPECT_EQ(-EINVAL, pt_nl_send(self->sk, m));
	gen = pt_nl_begin(self->sk, self->family);
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	rules = nla_nest_start(m, NKIPC_A_BINDINGS);
	r = nla_nest_start(m, 1);
	nla_put_string(m, NKIPC_BIND_A_CLASS, "x.Y");
	nla_put_string(m, NKIPC_BIND_A_EXE, "/no/such/file");
	nla_put_u32(m, NKIPC_BIND_A_UID, 0);
	nla_nest_end(m, r);
	nla_nest_end(m, rules);
	EXPECT_EQ(-ENOENT, pt_nl_send(self->sk, m));
	EXPECT_EQ(self->gen, pt_active_generation());
}

/* One binding element, sent raw, bypassing nkpolicy's own checks. */
static int load_binding(FIXTURE_DATA(nl) *self, const char *exe,
			const char *cgroup, const char *label)
{
	struct nlattr *list, *b;
	struct nl_msg *m;
	uint64_t gen;

	gen = pt_nl_begin(self->sk, self->family);
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	list = nla_nest_start(m, NKIPC_A_BINDINGS);
	b = nla_nest_start(m, 1);
	nla_put_string(m, NKIPC_BIND_A_CLASS, "x.Y");
	if (exe)
		nla_put_string(m, NKIPC_BIND_A_EXE, exe);
	if (cgroup)
		nla_put_string(m, NKIPC_BIND_A_CGROUP, cgroup);
	if (label)
		nla_put_string(m, NKIPC_BIND_A_LABEL, label);
	nla_nest_end(m, b);
	nla_nest_end(m, list);
	return pt_nl_send(self->sk, m);
}

/*
 * The kernel itself refuses identities a process can forge: an exe or
 * LSM label binding alone (LD_PRELOAD/ptrace run other code as that
 * image; AppArmor lets unconfined processes change into any profile) and
 * a cgroup that a non-root user may move processes into.
 */
TEST_F(nl, forgeable_bindings_refused)
{
	char cg[64], sub[96], file[128];

	EXPECT_EQ(-EINVAL, load_binding(self, "/bin/true", NULL, NULL));
	EXPECT_EQ(-EINVAL, load_binding(self, NULL, NULL, "unconfined"));
	EXPECT_EQ(-EINVAL, load_binding(self, "/bin/true", NULL, "unconfined"));
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK))
		SKIP(return, "no cgroup v2 hierarchy at /sys/fs/cgroup");
	snprintf(cg, sizeof(cg), "/sys/fs/cgroup/ptnl-%d", getpid());
	snprintf(sub, sizeof(sub), "%s/sub", cg);
	ASSERT_EQ(0, mkdir(cg, 0755));
	ASSERT_EQ(0, mkdir(sub, 0755));
	EXPECT_EQ(0, load_binding(self, "/bin/true", cg + 14, NULL));
	/* delegated to uid 65534 (as systemd delegates user@.service) */
	snprintf(file, sizeof(file), "%s/cgroup.procs", cg);
	ASSERT_EQ(0, chown(file, 65534, 65534));
	EXPECT_EQ(-EPERM, load_binding(self, NULL, cg + 14, NULL));
	/* and everything below a delegated cgroup */
	EXPECT_EQ(-EPERM, load_binding(self, NULL, sub + 14, NULL));
	ASSERT_EQ(0, chown(file, 0, 0));
	snprintf(file, sizeof(file), "%s/cgroup.procs", sub);
	ASSERT_EQ(0, chmod(file, 0666));
	EXPECT_EQ(-EPERM, load_binding(self, NULL, sub + 14, NULL));
	EXPECT_EQ(0, load_binding(self, NULL, cg + 14, NULL));
	EXPECT_EQ(0, rmdir(sub));
	EXPECT_EQ(0, rmdir(cg));
	EXPECT_EQ(self->gen, pt_active_generation());
}

TEST_F(nl, random_attributes_never_crash)
{
	unsigned int seed = 12345, ok = 0, i;

	for (i = 0; i < 3000; i++) {
		uint8_t cmd = (uint8_t)(1 + rand_r(&seed) % NKIPC_CMD_MAX);
		struct nl_msg *m;
		int n, k, ret;

		if (cmd == NKIPC_CMD_UNLOAD)
			continue;	/* valid without attributes */
		m = pt_nl_msg(self->family, cmd);
		n = rand_r(&seed) % 6;
		for (k = 0; k < n; k++) {
			uint8_t blob[64];
			int len = rand_r(&seed) % (int)sizeof(blob), b;
			int type = rand_r(&seed) % (NKIPC_A_MAX + 3);

			for (b = 0; b < len; b++)
				blob[b] = (uint8_t)rand_r(&seed);
			if (rand_r(&seed) % 3 == 0) {
				/* a nest of random children */
				struct nlattr *nest = nla_nest_start(m, type);

				nla_put(m, rand_r(&seed) % 12, len, blob);
				nla_nest_end(m, nest);
			} else {
				nla_put(m, type, len, blob);
			}
		}
		ret = pt_nl_send(self->sk, m);
		if (!ret)
			ok++;
		ASSERT_NE(-EIO, ret);
	}
	/* whatever happened, no half policy became active */
	EXPECT_EQ(self->gen, pt_active_generation());
	pt_mode("enforcing");
	TH_LOG("%u of 3000 random requests were accepted", ok);
}

/* Random attribute with a payload of a plausible or random size. */
static void put_random(struct nl_msg *m, unsigned int *seed, int maxtype)
{
	static const int sizes[] = { 0, 1, 4, 8, 3, 16, 130, 600 };
	uint8_t blob[600];
	int len = sizes[rand_r(seed) % 8], b;

	for (b = 0; b < len; b++)
		blob[b] = (uint8_t)(rand_r(seed) % 4 ? rand_r(seed) % 8 : rand_r(seed));
	if (len > 1 && rand_r(seed) % 2)
		blob[len - 1] = 0;	/* often a valid string */
	nla_put(m, rand_r(seed) % (maxtype + 2), len, blob);
}

TEST_F(nl, random_load_contents_never_crash)
{
	static const int lists[] = { NKIPC_A_RULES, NKIPC_A_LAYOUTS,
				     NKIPC_A_BINDINGS, NKIPC_A_SOURCE };
	unsigned int seed = 777, accepted = 0, committed = 0, i;

	for (i = 0; i < 1500; i++) {
		uint64_t gen = pt_nl_begin(self->sk, self->family);
		int list = lists[rand_r(&seed) % 4], e, k, ret;
		struct nlattr *outer, *el, *inner;
		struct nl_msg *m;

		ASSERT_NE(0, gen);
		m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
		nla_put_u64(m, NKIPC_A_GENERATION, gen);
		outer = nla_nest_start(m, list);
		for (e = 0; e < 1 + rand_r(&seed) % 3; e++) {
			if (list == NKIPC_A_SOURCE) {
				put_random(m, &seed, NKIPC_A_MAX);
				continue;
			}
			el = nla_nest_start(m, e + 1);
			for (k = 0; k < rand_r(&seed) % 9; k++) {
				if (rand_r(&seed) % 4 == 0) {
					/* statements / fields */
					struct nlattr *leaf;

					inner = nla_nest_start(m, rand_r(&seed) % 12);
					leaf = nla_nest_start(m, 1);
					for (int f = 0; f < rand_r(&seed) % 8; f++)
						put_random(m, &seed, 8);
					nla_nest_end(m, leaf);
					nla_nest_end(m, inner);
				} else {
					put_random(m, &seed, 13);
				}
			}
			nla_nest_end(m, el);
		}
		nla_nest_end(m, outer);
		ret = pt_nl_send(self->sk, m);
		ASSERT_NE(-EIO, ret);
		if (ret)
			continue;
		accepted++;
		m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
		nla_put_u64(m, NKIPC_A_GENERATION, gen);
		if (!pt_nl_send(self->sk, m))
			committed++;
	}
	TH_LOG("%u of 1500 random loads accepted, %u committed", accepted,
	       committed);
	/* whatever got in can be dumped and shown */
	{
		static char out[1 << 20];
		const char *show[] = { "show", "-j", NULL };

		EXPECT_EQ(0, pt_nkpolicy_run(out, sizeof(out), show));
	}
}

TEST_F(nl, closed_socket_drops_its_load)
{
	int family;
	struct nl_sock *sk2 = pt_nl_open(&family);
	uint64_t gen = pt_nl_begin(sk2, family);
	struct nl_msg *m;

	ASSERT_NE(0, gen);
	m = pt_nl_msg(family, NKIPC_CMD_LOAD_ADD);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	put_grant_rule(m, NKIPC_KIND_REQUEST);
	ASSERT_EQ(0, pt_nl_send(sk2, m));
	nl_socket_free(sk2);	/* interrupted */
	/* another socket cannot commit it */
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, gen);
	EXPECT_EQ(-ENOENT, pt_nl_send(self->sk, m));
	EXPECT_EQ(self->gen, pt_active_generation());
}

TEST_F(nl, killed_loader_leaves_old_policy)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		int family;
		struct nl_sock *sk = pt_nl_open(&family);
		uint64_t gen = pt_nl_begin(sk, family);

		(void)gen;
		_exit(gen ? 0 : 1);	/* dies mid-load */
	}
	ASSERT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(self->gen, pt_active_generation());
}

TEST_F(nl, stale_load_refused)
{
	int family;
	struct nl_sock *b = pt_nl_open(&family);
	uint64_t ga = pt_nl_begin(self->sk, self->family);
	uint64_t gb = pt_nl_begin(b, family);
	struct nl_msg *m;

	ASSERT_NE(0, ga);
	ASSERT_NE(0, gb);
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, ga);
	ASSERT_EQ(0, pt_nl_send(self->sk, m));
	m = pt_nl_msg(family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, gb);
	EXPECT_EQ(-ESTALE, pt_nl_send(b, m));
	EXPECT_EQ(ga, pt_active_generation());
	nl_socket_free(b);
}

/* Two policies of different sizes, both too big for one dump message. */
static char *big_policy(int n_rules)
{
	size_t cap = (size_t)n_rules * 200 + 256, len;
	char *p = malloc(cap);
	int i;

	if (!p)
		abort();
	len = (size_t)snprintf(p, cap, "use EDL test.Server\n");
	for (i = 0; i < n_rules; i++)
		len += (size_t)snprintf(p + len, cap - len,
			"request src=rule%d.padding_padding_padding_padding dst=test.Server"
			" method=Ping { assert(message.value < %d) }\n", i, 1000 + i);
	return p;
}

static int count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

TEST_F_TIMEOUT(nl, dumps_are_consistent_during_reloads, 300)
{
	char *a = big_policy(300), *b = big_policy(200);
	static char out[1 << 20];
	const char *show[] = { "show", "-j", NULL };
	int i, status, seen_a = 0, seen_b = 0;
	pid_t pid;

	ASSERT_EQ(0, pt_load_text(a));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* the reloader: its own file name, as pt_write_policy uses the pid */
		for (i = 0; i < 40; i++)
			if (pt_load_text(i % 2 ? a : b))
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < 80; i++) {
		int n;

		ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), show));
		n = count(out, "\"kind\": \"request\"");
		/* a whole policy each time, never parts of two */
		EXPECT_TRUE(n == 300 || n == 200);
		if (n != 300 && n != 200)
			TH_LOG("%d rules in: %.300s", n, out);
		seen_a += n == 300;
		seen_b += n == 200;
	}
	waitpid(pid, &status, 0);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	TH_LOG("%d dumps of the 300-rule policy, %d of the 200-rule one",
	       seen_a, seen_b);
	free(a);
	free(b);
}

static int unprivileged(void *arg)
{
	const char *argv[] = { "load", (const char *)arg, NULL };
	char out[4096];
	int family, ret;
	struct nl_sock *sk;
	struct nl_msg *m;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 10;
	/* the tool explains; the kernel refuses */
	ret = pt_nkpolicy_run(out, sizeof(out), argv);
	if (ret != 1 || !strstr(out, "permission denied"))
		return 11;
	sk = pt_nl_open(&family);
	if (!sk)
		return 12;
	if (pt_nl_begin(sk, family))
		return 13;
	m = pt_nl_msg(family, NKIPC_CMD_UNLOAD);
	if (pt_nl_send(sk, m) != -EPERM)
		return 14;
	m = pt_nl_msg(family, NKIPC_CMD_SET_CONFIG);
	nla_put_u32(m, NKIPC_A_MODE, NKIPC_MODE_PERMISSIVE);
	if (pt_nl_send(sk, m) != -EPERM)
		return 15;
	/* the short state is public; the policy and audit events are not */
	m = pt_nl_msg(family, NKIPC_CMD_GET_STATE);
	if (pt_nl_send(sk, m))
		return 16;
	m = pt_nl_msg(family, NKIPC_CMD_AUDIT_SUBSCRIBE);
	if (pt_nl_send(sk, m) != -EPERM)
		return 17;
	nl_socket_free(sk);
	return 0;
}

TEST_F(nl, unprivileged_changes_refused)
{
	char path[256];
	pid_t pid;

	snprintf(path, sizeof(path), "%s", pt_write_policy(base_policy));
	chmod(path, 0644);
	pid = nkt_fork(unprivileged, path);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(self->gen, pt_active_generation());
}

TEST_HARNESS_MAIN
