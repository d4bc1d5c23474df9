// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict hook is shared: the built-in policy engine is one registrant
 * like any other.  A second module (selftests/hookmod, inserted here)
 * registers next to it; every verdict asks both and any denial wins; an
 * engine replaced by another leaves no moment in which a request it
 * denies gets through; NKIPC_FEAT_POLICY says whether any registrant
 * judges.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pt.h"

/* Bound to root (the test) by uid; Secret is denied by the policy. */
static const char policy[] =
	"use EDL test.Server\n"
	"default grant\n"
	"bind test.Server uid=0\n"
	"match dst=test.Server {\n"
	"	request endpoint=test.echo method=Secret { deny() }\n"
	"}\n";

#define HOOKMOD_PARAMS	"/sys/module/nkipc_hooktest/parameters/"

static char *hookmod_path(void)
{
	static char path[4096];

	/* NKIPC_HOOKMOD: a build for another kernel (make check-debug) */
	if (getenv("NKIPC_HOOKMOD"))
		snprintf(path, sizeof(path), "%s", getenv("NKIPC_HOOKMOD"));
	else
		snprintf(path, sizeof(path), "%s/build/hookmod/nkipc_hooktest.ko",
			 pt_top());
	return path;
}

static int hookmod_insert(void)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "insmod %s", hookmod_path());
	return system(cmd);
}

static int hookmod_remove(void)
{
	return system("rmmod nkipc_hooktest");
}

static long hookmod_param(const char *name)
{
	char path[256], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), HOOKMOD_PARAMS "%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strtol(buf, NULL, 10);
}

static int hookmod_swap(unsigned int n)
{
	FILE *f = fopen(HOOKMOD_PARAMS "swaps", "w");
	int ret;

	if (!f)
		return -1;
	ret = fprintf(f, "%u\n", n) < 0;
	return fclose(f) || ret ? -1 : 0;
}

static uint64_t features(void)
{
	struct nkipc_version v = { .size = sizeof(v) };
	int dev = nkt_open();

	if (dev < 0 || nkt_ioctl(dev, NKIPC_IOC_VERSION, &v))
		v.features = ~0ULL;
	close(dev);
	return v.features;
}

struct peer {
	struct pt_server srv;
	char name[NKIPC_NAME_MAX];
	int dev, cli;
	struct nkt_msg req, res;
};

static int peer_start(struct peer *p, const char *prefix)
{
	snprintf(p->name, sizeof(p->name), "%s", nkt_name(prefix));
	if (pt_server_start(&p->srv, p->name))
		return -1;
	p->dev = nkt_open();
	p->cli = nkt_connect(p->dev, p->name, NKT_SEC);
	nkt_msg_alloc(&p->req, 4096, 4096);
	nkt_msg_alloc(&p->res, 4096, 4096);
	return p->cli < 0 ? -1 : 0;
}

static void peer_stop(struct peer *p)
{
	close(p->cli);
	close(p->dev);
	pt_server_stop(&p->srv);
	nkt_msg_free(&p->req);
	nkt_msg_free(&p->res);
}

static int peer_call(struct peer *p, uint16_t mid, uint32_t value)
{
	pt_msg32(&p->req, PT_RIID_ECHO, mid, value);
	return nkt_call(p->cli, &p->req, &p->res, 5 * NKT_SEC);
}

FIXTURE(hook) {
	bool inserted;
};

FIXTURE_SETUP(hook)
{
	struct stat st;

	ASSERT_EQ(0, stat(hookmod_path(), &st)) {
		TH_LOG("%s missing: make all builds it", hookmod_path());
	}
	pt_unload();
}

FIXTURE_TEARDOWN(hook)
{
	if (self->inserted)
		hookmod_remove();
	pt_unload();
}

/* FEAT_POLICY: some registrant judges (a policy, or another module). */
TEST_F(hook, feat_policy_only_when_something_judges)
{
	EXPECT_FALSE(features() & NKIPC_FEAT_POLICY);
	EXPECT_TRUE(features() & NKIPC_FEAT_SECURITY);
	ASSERT_EQ(0, pt_load_text(policy));
	EXPECT_TRUE(features() & NKIPC_FEAT_POLICY);
	ASSERT_EQ(0, pt_unload());
	EXPECT_FALSE(features() & NKIPC_FEAT_POLICY);

	ASSERT_EQ(0, hookmod_insert());
	self->inserted = true;
	EXPECT_TRUE(features() & NKIPC_FEAT_POLICY);
	ASSERT_EQ(0, hookmod_remove());
	self->inserted = false;
	EXPECT_FALSE(features() & NKIPC_FEAT_POLICY);
}

/* Both registrants are asked; either one's denial refuses. */
TEST_F(hook, every_registrant_is_consulted)
{
	struct peer marked, plain;
	long before;

	ASSERT_EQ(0, pt_load_text(policy));
	ASSERT_EQ(0, hookmod_insert());
	self->inserted = true;
	before = hookmod_param("denied");
	ASSERT_LE(0, before);
	ASSERT_EQ(0, peer_start(&marked, "hooktest.deny"));
	ASSERT_EQ(0, peer_start(&plain, "hooktest.ok"));

	/* the module denies, the policy would grant */
	EXPECT_EQ(-EACCES, peer_call(&marked, PT_MID_PING, 1));
	EXPECT_EQ(before + 1, hookmod_param("denied"));
	/* the policy denies, the module would grant */
	EXPECT_EQ(-EACCES, peer_call(&plain, PT_MID_SECRET, 1));
	/* both grant */
	EXPECT_EQ(0, peer_call(&plain, PT_MID_PING, 1));
	pt_server_sync(&plain.srv);
	EXPECT_EQ(0, atomic_load(&marked.srv.received));
	EXPECT_EQ(1, atomic_load(&plain.srv.received));

	/* without the policy the module still judges */
	ASSERT_EQ(0, pt_unload());
	EXPECT_EQ(-EACCES, peer_call(&marked, PT_MID_PING, 2));
	EXPECT_EQ(0, peer_call(&plain, PT_MID_SECRET, 2));
	pt_server_sync(&plain.srv);
	EXPECT_EQ(0, atomic_load(&marked.srv.received));

	peer_stop(&marked);
	peer_stop(&plain);
	/* gone: nothing judges the marked service any more */
	ASSERT_EQ(0, hookmod_remove());
	self->inserted = false;
	ASSERT_EQ(0, peer_start(&marked, "hooktest.deny"));
	EXPECT_EQ(0, peer_call(&marked, PT_MID_PING, 3));
	peer_stop(&marked);
}

struct caller {
	struct peer *p;
	atomic_bool *stop;
	long calls, granted, other;
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;
	struct nkt_msg req, res;
	int ret;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	while (!atomic_load(c->stop)) {
		pt_msg32(&req, PT_RIID_ECHO, PT_MID_PING, 7);
		ret = nkt_call(c->p->cli, &req, &res, 5 * NKT_SEC);
		c->calls++;
		if (!ret)
			c->granted++;
		else if (ret != -EACCES)
			c->other++;
	}
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return NULL;
}

/*
 * Engine A is replaced by B and back, 200 times, while two threads call a
 * service both deny, with no policy loaded: with one slot the swap was
 * unregister-then-register, and calls in between were allowed.
 */
TEST_F_TIMEOUT(hook, replacing_an_engine_leaves_no_window, 300)
{
	struct caller c[2];
	atomic_bool stop = false;
	pthread_t th[2];
	struct peer marked;
	long calls = 0;
	int i;

	ASSERT_EQ(0, hookmod_insert());
	self->inserted = true;
	ASSERT_EQ(0, peer_start(&marked, "hooktest.deny"));
	for (i = 0; i < 2; i++) {
		c[i] = (struct caller){ .p = &marked, .stop = &stop };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, caller_main, &c[i]));
	}
	usleep(100000);
	EXPECT_EQ(0, hookmod_swap(200));
	atomic_store(&stop, true);
	for (i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(0, c[i].granted);
		EXPECT_EQ(0, c[i].other);
		calls += c[i].calls;
	}
	TH_LOG("%ld calls during 200 swaps, none granted", calls);
	EXPECT_LT(100, calls);
	EXPECT_EQ(0, atomic_load(&marked.srv.received));
	peer_stop(&marked);
}

static int classed_client(void *arg)
{
	struct peer *p = arg;
	int dev, cli;

	prctl(PR_SET_NAME, "hooktest-cls");
	dev = nkt_open();
	cli = nkt_connect(dev, p->name, NKT_SEC);
	if (cli < 0)
		return 10;
	pt_msg32(&p->req, PT_RIID_ECHO, PT_MID_PING, 5);
	return nkt_call(cli, &p->req, &p->res, 5 * NKT_SEC) ? 11 : 0;
}

/* assign_class: registration order, the first that assigns a class wins. */
TEST_F(hook, first_registrant_assigning_a_class_wins)
{
	struct peer p;
	pid_t pid;

	ASSERT_EQ(0, hookmod_insert());
	self->inserted = true;
	ASSERT_EQ(0, peer_start(&p, "hooktest.cls"));
	/* no policy binds it: the module's class */
	pid = nkt_fork(classed_client, &p);
	ASSERT_EQ(0, nkt_wait_child(pid));
	pt_server_sync(&p.srv);
	pthread_mutex_lock(&p.srv.lock);
	EXPECT_STREQ("hooktest.Class", p.srv.last_class);
	pthread_mutex_unlock(&p.srv.lock);

	/* the policy engine registered first and binds uid 0: its class */
	ASSERT_EQ(0, pt_load_text(policy));
	pid = nkt_fork(classed_client, &p);
	ASSERT_EQ(0, nkt_wait_child(pid));
	pt_server_sync(&p.srv);
	pthread_mutex_lock(&p.srv.lock);
	EXPECT_STREQ("test.Server", p.srv.last_class);
	pthread_mutex_unlock(&p.srv.lock);
	peer_stop(&p);
}

TEST_HARNESS_MAIN
