// SPDX-License-Identifier: GPL-2.0
/*
 * rtt - round-trip cost of nkipc against the other ways two Linux processes
 * can talk, for several request sizes.  One JSON line per case on stdout.
 *
 * Usage: rtt [-m MECH]... [-s BYTES]... [-n ITERS] [-r RESCAP] [-t VARIANT]
 *            [-d RAWFILE] [-w]
 *        rtt -l
 *
 * A round trip is a request of BYTES payload bytes and a 4-byte answer
 * (rtt.h); each one is timed with clock_gettime(CLOCK_MONOTONIC) in the
 * client, and the line gives min, p50, p99, max and mean of those times.
 * Run it in the VM booted with `selftests/vm-run --perf` (one vCPU,
 * -icount shift=0): guest time then advances 1 ns per instruction, so a
 * "ns" figure is the exact number of instructions (user and kernel, both
 * processes) of a round trip, plus one clock_gettime() (mechanism
 * "clock").  bench/run-guest runs every case of `make bench`.
 *
 * Both processes run as SCHED_BATCH (-w: SCHED_OTHER): CFS without wakeup
 * preemption, so the woken side runs when the waker blocks, two context
 * switches per round trip.  Under SCHED_OTHER on the one vCPU the woken
 * side preempts the waker once their vruntimes drift more than the wakeup
 * granularity apart, which happens after some hundreds of round trips and
 * adds 2,000-3,500 instructions to each one from then on: the figures
 * would depend on the iteration count and on what ran before.  On a
 * multi-core machine the woken side runs on another CPU instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rtt.h"

/* guest seconds a case may take (a deadlocked mechanism fails instead) */
#define RTT_ALARM 60

uint64_t rtt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Read or write all of len bytes: 0 or an errno value (EPIPE at EOF). */
int rtt_full_io(int fd, void *buf, size_t len, int wr)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = wr ? write(fd, (char *)buf + done, len - done) :
				 read(fd, (char *)buf + done, len - done);
		if (n < 0)
			return errno;
		if (n == 0)
			return EPIPE;
		done += (size_t)n;
	}
	return 0;
}

/* the clock alone: what every sample adds to a round trip */
static int clock_serve(struct rtt_ctx *x, int n)
{
	(void)x;
	(void)n;
	return 0;
}

static int clock_call(struct rtt_ctx *x)
{
	(void)x;
	return 0;
}

static const struct rtt_mech rtt_clock = {
	.name = "clock",
	.what = "an empty round trip: the cost of the clock_gettime() per sample",
	.serve = clock_serve,
	.call = clock_call,
};

static void on_alarm(int sig)
{
	(void)sig;	/* only interrupts the blocked call: it fails, EINTR */
}

/*
 * Fork the server, let it set up, then time c->iters round trips after
 * c->warmup untimed ones.  0, or an errno value with *failed_in naming
 * the step that failed.
 */
int rtt_measure(const struct rtt_mech *m, const struct rtt_case *c,
		uint64_t *samples, const char **failed_in)
{
	size_t blen = c->len ? c->len : 1;
	struct rtt_ctx x = { .c = c, .fd = { -1, -1, -1, -1 } };
	int ready[2], err = 0, cerr = 0, status, i;
	pid_t pid;

	x.buf = malloc(blen);
	x.sbuf = malloc(blen);
	if (!x.buf || !x.sbuf) {
		*failed_in = "malloc";
		err = ENOMEM;
		goto out;
	}
	/* fault every page in before measuring */
	memset(x.buf, 'r', blen);
	memset(x.sbuf, 0, blen);
	if (m->setup) {
		err = m->setup(&x);
		if (err) {
			*failed_in = "setup";
			goto out;
		}
	}
	if (pipe(ready)) {
		*failed_in = "pipe";
		err = errno;
		goto out_cleanup;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		*failed_in = "fork";
		err = errno;
		close(ready[0]);
		close(ready[1]);
		goto out_cleanup;
	}
	if (pid == 0) {
		close(ready[0]);
		alarm(RTT_ALARM);
		if (m->child_init)
			cerr = m->child_init(&x);
		if (write(ready[1], &cerr, sizeof(cerr)) != sizeof(cerr) || cerr)
			_exit(1);
		close(ready[1]);
		err = m->serve(&x, c->warmup + c->iters);
		_exit(err & 0xff);
	}
	close(ready[1]);
	if (read(ready[0], &cerr, sizeof(cerr)) != sizeof(cerr))
		cerr = ECHILD;
	close(ready[0]);
	if (cerr) {
		*failed_in = "server setup";
		err = cerr;
		goto reap;
	}
	if (m->client_init) {
		err = m->client_init(&x);
		if (err) {
			*failed_in = "client setup";
			goto reap;
		}
	}
	alarm(RTT_ALARM);
	for (i = 0; i < c->warmup && !err; i++)
		err = m->call(&x);
	for (i = 0; i < c->iters && !err; i++) {
		uint64_t t0 = rtt_now_ns();

		err = m->call(&x);
		samples[i] = rtt_now_ns() - t0;
	}
	alarm(0);
	if (err)
		*failed_in = "round trip";
reap:
	if (err)
		kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) == pid && !err &&
	    !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		*failed_in = "server";
		err = WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
	}
out_cleanup:
	if (m->cleanup)
		m->cleanup(&x);
out:
	free(x.buf);
	free(x.sbuf);
	return err;
}

/*
 * The mechanisms, in the order of the report.  A variant of one (another
 * server loop, another option) is one more entry here.
 */
static const struct rtt_mech *const mechs[] = {
	&rtt_nkipc, &rtt_nkipc_rr, &rtt_nkos, &rtt_memfd, &rtt_memfd_reuse,
	&rtt_pipe, &rtt_uds, &rtt_seqpacket,
	&rtt_futex, &rtt_eventfd, &rtt_mqueue, &rtt_binder, &rtt_pvr,
	&rtt_clock,
};
#define N_MECHS (sizeof(mechs) / sizeof(mechs[0]))

static const size_t default_sizes[] = {
	4, 64, 256, 4096, 65536, 1 << 20, 4 << 20,
};

/* Round trips per size: a few hundred million instructions at most. */
static int default_iters(size_t len)
{
	if (len <= 4096)
		return 2000;
	if (len <= 65536)
		return 300;
	if (len <= (1 << 20))
		return 60;
	return 25;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* nearest-rank percentile of n sorted samples */
static uint64_t pct(const uint64_t *s, int n, int p)
{
	int k = (n * p + 99) / 100;

	return s[k > 0 ? k - 1 : 0];
}

static void report(const struct rtt_mech *m, const struct rtt_case *c,
		   const char *variant, uint64_t *s, int err,
		   const char *failed_in, FILE *raw)
{
	uint64_t sum = 0;
	int i;

	if (raw && !err) {
		fprintf(raw, "%s %s %zu", m->name, variant, c->len);
		for (i = 0; i < c->iters; i++)
			fprintf(raw, " %llu", (unsigned long long)s[i]);
		fprintf(raw, "\n");
		fflush(raw);
	}

	printf("{\"mech\":\"%s\",\"variant\":\"%s\",\"size\":%zu,\"res_cap\":%u,\"iters\":%d",
	       m->name, variant, c->len, c->res_cap, c->iters);
	if (err) {
		printf(",\"error\":\"%s: %s\"}\n", failed_in, strerror(err));
		fflush(stdout);
		return;
	}
	qsort(s, (size_t)c->iters, sizeof(*s), cmp_u64);
	for (i = 0; i < c->iters; i++)
		sum += s[i];
	printf(",\"min\":%llu,\"p50\":%llu,\"p99\":%llu,\"max\":%llu,\"mean\":%.0f}\n",
	       (unsigned long long)s[0],
	       (unsigned long long)pct(s, c->iters, 50),
	       (unsigned long long)pct(s, c->iters, 99),
	       (unsigned long long)s[c->iters - 1], (double)sum / c->iters);
	fflush(stdout);
}

static void usage(void)
{
	size_t i;

	fprintf(stderr,
		"Usage: rtt [-m MECH]... [-s BYTES]... [-n ITERS] [-r RESCAP] [-t VARIANT]\n"
		"           [-d FILE] [-w]\n"
		"       rtt -l   (list the mechanisms)\n"
		"  Times round trips (BYTES of request, 4 bytes of answer) and prints\n"
		"  one JSON line per mechanism and size.  Default: every mechanism but\n"
		"  clock, sizes");
	for (i = 0; i < sizeof(default_sizes) / sizeof(default_sizes[0]); i++)
		fprintf(stderr, " %zu", default_sizes[i]);
	fprintf(stderr,
		", ITERS by size (2000 up to 4 KiB, 300 up to\n"
		"  64 KiB, 60 up to 1 MiB, 25 above).  -r: the response arena capacity\n"
		"  nkipc's client offers (default 0).  -t: a label for the JSON lines.\n"
		"  -d: append every sample, in order, to FILE (one line per case).\n"
		"  -w: run as SCHED_OTHER, with wakeup preemption (default: both\n"
		"  sides SCHED_BATCH, see the top of rtt.c).\n");
	exit(2);
}

static const struct rtt_mech *find_mech(const char *name)
{
	size_t i;

	for (i = 0; i < N_MECHS; i++)
		if (!strcmp(mechs[i]->name, name))
			return mechs[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct rtt_mech *only[N_MECHS];
	struct sigaction sa = { .sa_handler = on_alarm };
	size_t sizes[16], n_sizes = 0, n_only = 0, i, j;
	const char *variant = "";
	uint32_t res_cap = 0;
	FILE *raw = NULL;
	int iters = 0, opt, policy = SCHED_BATCH;
	struct sched_param sp = { 0 };

	while ((opt = getopt(argc, argv, "m:s:n:r:t:d:wl")) != -1) {
		switch (opt) {
		case 'm':
			if (n_only == N_MECHS || !find_mech(optarg))
				usage();
			only[n_only++] = find_mech(optarg);
			break;
		case 's':
			if (n_sizes == sizeof(sizes) / sizeof(sizes[0]))
				usage();
			sizes[n_sizes++] = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			iters = atoi(optarg);
			if (iters <= 0)
				usage();
			break;
		case 'r':
			res_cap = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 't':
			variant = optarg;
			if (strpbrk(variant, "\"\\"))
				usage();
			break;
		case 'w':
			policy = SCHED_OTHER;
			break;
		case 'd':
			raw = fopen(optarg, "a");
			if (!raw) {
				perror(optarg);
				return 1;
			}
			break;
		case 'l':
			for (i = 0; i < N_MECHS; i++)
				printf("%-10s %s\n", mechs[i]->name, mechs[i]->what);
			return 0;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!n_sizes) {
		memcpy(sizes, default_sizes, sizeof(default_sizes));
		n_sizes = sizeof(default_sizes) / sizeof(default_sizes[0]);
	}
	if (!n_only)
		for (i = 0; i < N_MECHS; i++)
			if (mechs[i] != &rtt_clock)
				only[n_only++] = mechs[i];
	/* both sides (inherited by the server) */
	if (sched_setscheduler(0, policy, &sp)) {
		perror("sched_setscheduler");
		return 1;
	}
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n_only; i++) {
		for (j = 0; j < n_sizes; j++) {
			struct rtt_case c = {
				.len = sizes[j], .res_cap = res_cap,
				.iters = iters ? iters : default_iters(sizes[j]),
			};
			const char *failed_in = "";
			uint64_t *s;
			int err;

			c.warmup = c.iters / 20 + 2;
			s = calloc((size_t)c.iters, sizeof(*s));
			if (!s)
				return 1;
			err = rtt_measure(only[i], &c, s, &failed_in);
			report(only[i], &c, variant, s, err, failed_in, raw);
			free(s);
		}
	}
	return 0;
}
