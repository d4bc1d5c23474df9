// SPDX-License-Identifier: GPL-2.0
/* Many clients x many server threads: every reply reaches its own caller. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

struct client {
	pthread_t th;
	int cli;
	unsigned int id, calls;
	long done, failed;
};

static void *client_thread(void *arg)
{
	struct client *c = arg;
	unsigned int seed = c->id + 1;

	for (unsigned int i = 0; i < c->calls; i++) {
		/* Sizes vary per call so mixed-up replies cannot match. */
		uint32_t len = 24 + rand_r(&seed) % 3000;
		uint32_t arena = rand_r(&seed) % 3 ? rand_r(&seed) % 20000 : 0;
		int ret = nkt_echo_call(c->cli, len, arena,
					(c->id << 20) | i, 0);

		if (ret) {
			fprintf(stderr, "client %u call %u: %s\n", c->id, i,
				strerror(-ret));
			c->failed++;
		} else {
			c->done++;
		}
	}
	return NULL;
}

static void run(struct __test_metadata *_metadata, int nclients,
		int nthreads, unsigned int calls, bool own_context)
{
	const char *name = nkt_name("conc");
	struct client *c = calloc(nclients, sizeof(*c));
	int dev = nkt_open(), srv, i;
	struct nkt_server s;
	long total = 0;

	ASSERT_NE(NULL, c);
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	for (i = 0; i < nclients; i++) {
		int d = own_context ? nkt_open() : dev;

		c[i] = (struct client){ .id = i, .calls = calls };
		c[i].cli = nkt_connect(d, name, 0);
		ASSERT_LE(0, c[i].cli);
		if (own_context)
			close(d);
	}
	nkt_server_start(&s, srv, nthreads, 4096, 32768);
	for (i = 0; i < nclients; i++)
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, client_thread,
					    &c[i]));
	for (i = 0; i < nclients; i++) {
		pthread_join(c[i].th, NULL);
		EXPECT_EQ(0, c[i].failed);
		EXPECT_EQ(calls, c[i].done);
		total += c[i].done;
		close(c[i].cli);
	}
	EXPECT_EQ(0, nkt_server_stop(&s));
	EXPECT_EQ(total, atomic_load(&s.served));
	EXPECT_EQ(0, atomic_load(&s.epipe));
	close(srv);
	close(dev);
	free(c);
}

TEST(one_client_many_server_threads)
{
	run(_metadata, 1, 4, 200, false);
}

TEST(many_clients_one_server_thread)
{
	run(_metadata, 8, 1, 50, false);
}

TEST(many_clients_many_server_threads)
{
	run(_metadata, 8, 4, 60, false);
}

/* Clients from separate /dev/nkipc contexts (separate identities). */
TEST(many_contexts_many_server_threads)
{
	run(_metadata, 6, 3, 60, true);
}

/* Several services served at once by one process, calls interleaved. */
TEST(several_services_in_parallel)
{
	enum { NSVC = 3 };
	struct client c[NSVC * 2];
	struct nkt_server s[NSVC];
	int dev = nkt_open(), srv[NSVC], i;
	char names[NSVC][NKIPC_NAME_MAX];

	ASSERT_LE(0, dev);
	for (i = 0; i < NSVC; i++) {
		strcpy(names[i], nkt_name("par"));
		srv[i] = nkt_register_std(dev, names[i]);
		ASSERT_LE(0, srv[i]);
		nkt_server_start(&s[i], srv[i], 2, 4096, 32768);
	}
	for (i = 0; i < NSVC * 2; i++) {
		c[i] = (struct client){ .id = i, .calls = 40 };
		c[i].cli = nkt_connect(dev, names[i % NSVC], 0);
		ASSERT_LE(0, c[i].cli);
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, client_thread,
					    &c[i]));
	}
	for (i = 0; i < NSVC * 2; i++) {
		pthread_join(c[i].th, NULL);
		EXPECT_EQ(0, c[i].failed);
		close(c[i].cli);
	}
	for (i = 0; i < NSVC; i++) {
		EXPECT_EQ(0, nkt_server_stop(&s[i]));
		EXPECT_EQ(80, atomic_load(&s[i].served));
		close(srv[i]);
	}
	close(dev);
}

struct racer {
	pthread_t th;
	int srv;
	uint64_t txid;
	struct nkt_msg *res;
	atomic_bool *go;
	int ret;
};

static void *reply_racer(void *arg)
{
	struct racer *r = arg;

	while (!atomic_load(r->go))
		;
	r->ret = nkt_reply(r->srv, r->txid, r->res);
	return NULL;
}

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 200, 2000, 31, 0);
}

/* Server threads racing to REPLY one txid: exactly one wins. */
TEST(concurrent_replies_to_one_txid)
{
	enum { N = 6 };
	const char *name = nkt_name("racers");
	int dev = nkt_open(), srv, cli, i, won = 0;
	struct racer r[N];
	atomic_bool go = false;
	struct nkipc_recv rv;
	struct nkt_msg got;
	pid_t pid;

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	for (int round = 0; round < 20; round++) {
		pid = nkt_fork(echo_call_child, &cli);
		nkt_msg_alloc(&got, 4096, 4096);
		ASSERT_EQ(0, nkt_recv(srv, &got, 10 * NKT_SEC, &rv));
		nkt_msg_fill(&got, NKT_RIID_ECHO, 31 % NKT_ECHO_METHODS, 200,
			     2000, nkt_reply_seed(31));
		atomic_store(&go, false);
		for (i = 0; i < N; i++) {
			r[i] = (struct racer){ .srv = srv, .txid = rv.txid,
					       .res = &got, .go = &go };
			ASSERT_EQ(0, pthread_create(&r[i].th, NULL,
						    reply_racer, &r[i]));
		}
		atomic_store(&go, true);
		won = 0;
		for (i = 0; i < N; i++) {
			pthread_join(r[i].th, NULL);
			if (!r[i].ret)
				won++;
			else
				EXPECT_TRUE(r[i].ret == -EBUSY ||
					    r[i].ret == -ENOENT)
					TH_LOG("reply: %s", strerror(-r[i].ret));
		}
		EXPECT_EQ(1, won);
		/* The caller got exactly that one, intact. */
		EXPECT_EQ(0, nkt_wait_child(pid));
		nkt_msg_free(&got);
	}
	close(cli);
	close(srv);
	close(dev);
}

TEST_HARNESS_MAIN
