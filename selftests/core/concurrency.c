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

TEST_HARNESS_MAIN
