// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress, bounded by iteration counts (no timing assertions):
 * calls cancelled by timeouts and signals, callers killed at random,
 * services coming and going under their clients.  Each call may only end
 * in the outcomes the ABI allows, replies are always intact, and the
 * service works normally afterwards (vm-run checks the kernel log).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

FIXTURE(stress) {
	int dev, srv;
	char name[NKIPC_NAME_MAX];
	struct nkt_server s;
};

FIXTURE_SETUP(stress)
{
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	strcpy(self->name, nkt_name("stress"));
	self->srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, self->srv);
	nkt_server_start(&self->s, self->srv, 3, 4096, 65536);
}

FIXTURE_TEARDOWN(stress)
{
	int cli = nkt_connect(self->dev, self->name, 0);

	/* Afterwards the service still answers, and the servers saw no
	 * error other than callers that went away. */
	EXPECT_LE(0, cli);
	EXPECT_EQ(0, nkt_echo_call(cli, 100, 1000, 99, 0));
	EXPECT_EQ(0, nkt_server_stop(&self->s));
	close(cli);
	close(self->srv);
	close(self->dev);
}

static void on_signal(int sig)
{
	(void)sig;
}

struct canceller {
	pthread_t th;
	int cli;
	unsigned int id;
	atomic_int *finished;
	long ok, timedout, intr, other;
};

static void *cancel_client(void *arg)
{
	struct canceller *c = arg;
	unsigned int seed = c->id * 7 + 1;

	for (unsigned int i = 0; i < 150; i++) {
		uint64_t tmo = rand_r(&seed) % 2 ?
			       (rand_r(&seed) % 3000) * 1000ULL : 0;
		int ret = nkt_echo_call(c->cli, 24 + rand_r(&seed) % 500,
					rand_r(&seed) % 40000,
					(c->id << 16) | i, tmo);

		if (!ret)
			c->ok++;
		else if (ret == -ETIMEDOUT && tmo)
			c->timedout++;
		else if (ret == -EINTR)
			c->intr++;
		else {
			fprintf(stderr, "call: %s\n", strerror(-ret));
			c->other++;
		}
	}
	atomic_fetch_add(c->finished, 1);
	return NULL;
}

/* Timeouts and signals cancel calls in every state, at random. */
TEST_F_TIMEOUT(stress, cancel_by_timeout_and_signal, 180)
{
	enum { N = 6 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct canceller c[N];
	atomic_int finished = 0;
	unsigned int seed = 3;
	long ok = 0, cancelled = 0;
	int i;

	sigaction(SIGUSR1, &sa, NULL);
	for (i = 0; i < N; i++) {
		c[i] = (struct canceller){ .id = i, .finished = &finished };
		c[i].cli = nkt_connect(self->dev, self->name, 0);
		ASSERT_LE(0, c[i].cli);
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, cancel_client,
					    &c[i]));
	}
	/* Signal random clients while they run. */
	while (atomic_load(&finished) < N) {
		usleep(rand_r(&seed) % 2000);
		i = rand_r(&seed) % N;
		pthread_kill(c[i].th, SIGUSR1);	/* alive until joined */
	}
	for (i = 0; i < N; i++)
		pthread_join(c[i].th, NULL);
	for (i = 0; i < N; i++) {
		EXPECT_EQ(0, c[i].other);
		ok += c[i].ok;
		cancelled += c[i].timedout + c[i].intr;
		close(c[i].cli);
	}
	EXPECT_EQ(N * 150, ok + cancelled);
	TH_LOG("%ld completed, %ld cancelled", ok, cancelled);
}

struct looper {
	int cli;
	unsigned int id;
};

/* Child: calls in a loop until killed; any failure exits non-zero. */
static int loop_child(void *arg)
{
	struct looper *l = arg;

	for (unsigned int i = 0;; i++) {
		int ret = nkt_echo_call(l->cli, 24 + i % 700, (i * 389) % 50000,
					(l->id << 16) | (i & 0xffff), 0);
		if (ret)
			return -ret;
	}
}

/* Callers are SIGKILLed at random moments in their calls. */
TEST_F_TIMEOUT(stress, callers_killed_at_random, 180)
{
	enum { N = 4, KILLS = 40 };
	struct looper l = { 0 };
	pid_t pid[N];
	unsigned int seed = 5;
	int i, k, cli;

	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	l.cli = cli;
	for (i = 0; i < N; i++) {
		l.id = i;
		pid[i] = nkt_fork(loop_child, &l);
	}
	for (k = 0; k < KILLS; k++) {
		usleep(rand_r(&seed) % 20000);
		i = rand_r(&seed) % N;
		kill(pid[i], SIGKILL);
		/* Killed, not failed: a failed call would have exited. */
		EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid[i]));
		l.id = N + k;
		pid[i] = nkt_fork(loop_child, &l);
	}
	for (i = 0; i < N; i++) {
		kill(pid[i], SIGKILL);
		EXPECT_EQ(128 + SIGKILL, nkt_wait_child(pid[i]));
	}
	close(cli);
	TH_LOG("served %ld, replies to dead callers %ld",
	       atomic_load(&self->s.served), atomic_load(&self->s.epipe));
}

struct churner {
	pthread_t th;
	const char *name;
	int dev;
	atomic_int *finished;
	long ok, epipe, other;
};

static void *churn_client(void *arg)
{
	struct churner *c = arg;

	for (unsigned int i = 0; i < 60; i++) {
		int cli = nkt_connect(c->dev, c->name, 10 * NKT_SEC);
		int ret;

		if (cli < 0) {
			c->other++;
			continue;
		}
		ret = nkt_echo_call(cli, 64, 64, i, 0);
		if (!ret)
			c->ok++;
		else if (ret == -EPIPE)
			c->epipe++;
		else
			c->other++;
		close(cli);
	}
	atomic_fetch_add(c->finished, 1);
	return NULL;
}

/* A service is re-registered over and over under callers. */
TEST_F_TIMEOUT(stress, service_restarts_under_callers, 180)
{
	enum { N = 4, RESTARTS = 30 };
	struct churner c[N];
	char name[NKIPC_NAME_MAX];
	atomic_int finished = 0;
	int i, k;

	strcpy(name, nkt_name("churn"));
	for (i = 0; i < N; i++) {
		c[i] = (struct churner){ .name = name, .dev = self->dev,
					 .finished = &finished };
		ASSERT_EQ(0, pthread_create(&c[i].th, NULL, churn_client,
					    &c[i]));
	}
	/* At least RESTARTS restarts, and on until every client is done. */
	for (k = 0; k < RESTARTS || atomic_load(&finished) < N; k++) {
		struct nkt_server s;
		int srv = nkt_register_std(self->dev, name);

		ASSERT_LE(0, srv);
		nkt_server_start(&s, srv, 2, 4096, 4096);
		usleep(5000);
		EXPECT_EQ(0, nkt_server_stop(&s));
		close(srv);		/* pending calls: EPIPE */
	}
	for (i = 0; i < N; i++)
		pthread_join(c[i].th, NULL);
	for (i = 0; i < N; i++) {
		EXPECT_EQ(0, c[i].other);
		EXPECT_EQ(60, c[i].ok + c[i].epipe);
	}
}

TEST_HARNESS_MAIN
