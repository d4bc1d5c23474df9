// SPDX-License-Identifier: GPL-2.0
/*
 * 100 policy reloads while clients call in a loop: every call that both
 * policy versions grant must succeed, none may hang, the one both deny
 * must always fail, and the kernel log must stay clean (vm-run checks).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "nkpolicy.h"
#include "pt.h"

const char *prog = "40-policy-reload";

#define CLIENTS 2

struct client {
	pthread_t th;
	const char *name;
	atomic_bool *stop;
	long calls, errors, denied_ok;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct nkt_msg req = { 0 }, res = { 0 };
	int dev = nkt_open(), cli;

	cli = nkt_connect(dev, c->name, NKT_SEC);
	if (cli < 0) {
		c->errors++;
		return NULL;
	}
	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	while (!atomic_load(c->stop)) {
		/* below PT_ERROR_VALUE: the server answers normally */
		uint32_t v = (uint32_t)(c->calls % 200), out = 0;

		pt_msg32(&req, PT_RIID_ECHO, PT_MID_PING, v);
		if (nkt_call(cli, &req, &res, 10 * NKT_SEC)) {
			c->errors++;
		} else {
			memcpy(&out, res.cpart + 24, 4);
			if (out != v)
				c->errors++;
		}
		pt_msg32(&req, PT_RIID_ECHO, PT_MID_SECRET, v);
		if (nkt_call(cli, &req, &res, 10 * NKT_SEC) == -EACCES)
			c->denied_ok++;
		else
			c->errors++;
		c->calls++;
	}
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	close(cli);
	close(dev);
	return NULL;
}

static const char policy_a[] =
	"use EDL test.Server\n"
	"default deny\n"
	"bind test.Server exe=\"%s\" uid=0\n"
	"register { grant() }\n"
	"connect { grant() }\n"
	"request dst=test.Server endpoint=test.echo method=Ping { grant() }\n"
	"response { grant() }\n";
/* same decisions, written differently (a match block, an assert) */
static const char policy_b[] =
	"use EDL test.Server\n"
	"bind test.Server exe=\"%s\" uid=0\n"
	"match src=test.Server { register { grant() } connect { grant() } }\n"
	"match dst=test.Server {\n"
	"  request method=Ping endpoint=Comp.echo { assert(message.value < 1000) }\n"
	"  request method=Secret endpoint=test.echo { deny() }\n"
	"}\n"
	"response src=test.Server { grant() }\n";

FIXTURE(reload) {
	int unused;
};

FIXTURE_SETUP(reload) {}
FIXTURE_TEARDOWN(reload) {}

TEST_F_TIMEOUT(reload, reload_100_times_under_load, 300)
{
	struct client c[CLIENTS];
	struct pt_server srv;
	atomic_bool stop = false;
	char name[NKIPC_NAME_MAX];
	long calls = 0, errors = 0;
	int i;

	static char a[1024], b[1024];
	struct cpolicy pa, pb;
	struct nkgenl g;

	snprintf(a, sizeof(a), policy_a, pt_self());
	snprintf(b, sizeof(b), policy_b, pt_self());
	snprintf(name, sizeof(name), "%s", nkt_name("pt.reload"));
	ASSERT_EQ(0, pt_load_text(a));
	ASSERT_EQ(0, pt_server_start(&srv, name));
	for (i = 0; i < CLIENTS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].name = name;
		c[i].stop = &stop;
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, client_main, &c[i]));
	}
	{
		const char *dirs[] = { pt_fixtures() };
		struct compile_opts co = { dirs, 1 };
		struct diag d = { stderr, 0 };

		ASSERT_EQ(0, policy_compile(pt_write_policy(a), NULL, 0, &co, &pa, &d));
		ASSERT_EQ(0, policy_compile(pt_write_policy(b), NULL, 0, &co, &pb, &d));
		ASSERT_EQ(0, nkgenl_open(&g));
	}
	for (i = 0; i < 100; i++) {
		/* the same netlink path as `nkpolicy load`, without the exec */
		ASSERT_EQ(0, nkgenl_load(&g, i % 2 ? &pa : &pb, -1));
		if (i % 25 == 24)
			TH_LOG("%d reloads, %ld call pairs so far", i + 1,
			       c[0].calls + c[1].calls);
	}
	atomic_store(&stop, true);
	for (i = 0; i < CLIENTS; i++) {
		pthread_join(c[i].th, NULL);
		calls += c[i].calls;
		errors += c[i].errors;
	}
	pt_server_sync(&srv);
	pt_server_stop(&srv);
	nkgenl_close(&g);
	cpolicy_free(&pa);
	cpolicy_free(&pb);
	pt_unload();
	TH_LOG("%ld call pairs during 100 reloads", calls);
	EXPECT_EQ(0, errors);
	EXPECT_LT(0, calls);
	EXPECT_EQ(0, srv.reply_errors);
}

TEST_HARNESS_MAIN
