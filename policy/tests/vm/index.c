// SPDX-License-Identifier: GPL-2.0
/*
 * The rule index (module/policy.h) must decide exactly as the linear scan
 * it replaced: random policies of a few hundred rules over every message
 * selector (src, dst, channel, endpoint, method, none), request, response
 * and error rules, grant/deny bodies and conditions, with either default,
 * are judged here by a reference model (a scan in file order) and by the
 * kernel on real calls.  Every call's result, and every rule's hits and
 * denials afterwards (which show which rules were evaluated, in which
 * order, and which one decided), must agree.  Plus: large policies
 * reloaded while calls run, and policies of the maximum size whose rules
 * all share one index slot or all differ.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "pt.h"

enum { K_REQ, K_RES, K_ERR, K_CONNECT, K_REGISTER };
static const char *const kind_name[] = {
	"request", "response", "error", "connect", "register"
};

/* selector values: 0 none, 1 test.Server (the test's class), 2 test.Nope */
static const char *const class_name[] = { NULL, "test.Server", "test.Nope" };

#define M_NONE	-1
static const char *const method_name[] = { "Ping", "Put", "Secret", "Neg" };

enum { B_GRANT, B_DENY, B_ASSERT_LT, B_DENY_EQ };

struct mrule {
	int kind, src, dst;
	int chan;		/* 0 none, 1 A, 2 B, 3 a name nobody uses */
	int method;		/* M_NONE or a PT_MID_* */
	int endpoint;		/* endpoint= too (riid 0) */
	int body;
	uint32_t k;
	uint64_t hits, denials;	/* the model's counters */
};

#define MAX_RULES	4096

struct model {
	struct mrule r[MAX_RULES];
	int n;
	int default_grant;
};

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static const uint32_t kvals[] = { 1, 100, 500, 1000, PT_ERROR_VALUE };

static void gen_rule(struct mrule *r)
{
	memset(r, 0, sizeof(*r));
	switch (rnd(10)) {
	case 0:
		/* decoys the traffic never reaches (after setup) */
		r->kind = rnd(2) ? K_CONNECT : K_REGISTER;
		r->method = M_NONE;
		r->src = 2;
		r->chan = rnd(4);
		r->body = rnd(2) ? B_GRANT : B_DENY;
		return;
	case 1: case 2: case 3: case 4: case 5:
		r->kind = K_REQ;
		break;
	case 6: case 7:
		r->kind = K_RES;
		break;
	default:
		r->kind = K_ERR;
	}
	r->src = rnd(3);
	r->dst = rnd(3);
	r->chan = rnd(4);
	r->method = rnd(3) ? M_NONE : (int)rnd(4);
	if (r->method != M_NONE) {
		/* method= needs the server's entity (described by EDL) */
		if (r->kind == K_REQ)
			r->dst = 1;
		else
			r->src = 1;
		r->endpoint = rnd(2);
	}
	r->body = rnd(2) ? B_GRANT : B_DENY;
	/* conditions on Ping's request value and response result */
	if (r->method == PT_MID_PING && r->kind != K_ERR && rnd(2)) {
		r->body = rnd(2) ? B_ASSERT_LT : B_DENY_EQ;
		r->k = kvals[rnd(5)];
	}
}

static int print_rule(char *out, size_t len, const struct mrule *r,
		      const char *const chans[4])
{
	const char *field = r->kind == K_REQ ? "value" : "result";
	char sel[512], body[128];
	int n = 0;

	n += snprintf(sel + n, sizeof(sel) - n, "%s", kind_name[r->kind]);
	if (r->src)
		n += snprintf(sel + n, sizeof(sel) - n, " src=%s", class_name[r->src]);
	if (r->dst)
		n += snprintf(sel + n, sizeof(sel) - n, " dst=%s", class_name[r->dst]);
	if (r->endpoint)
		n += snprintf(sel + n, sizeof(sel) - n, " endpoint=test.echo");
	if (r->method != M_NONE)
		n += snprintf(sel + n, sizeof(sel) - n, " method=%s",
			      method_name[r->method]);
	if (r->chan)
		snprintf(sel + n, sizeof(sel) - n, " channel=\"%s\"", chans[r->chan]);
	switch (r->body) {
	case B_GRANT:
		snprintf(body, sizeof(body), "grant()");
		break;
	case B_DENY:
		snprintf(body, sizeof(body), "deny()");
		break;
	case B_ASSERT_LT:
		snprintf(body, sizeof(body), "assert(message.%s < %u)", field, r->k);
		break;
	default:
		snprintf(body, sizeof(body), "deny(message.%s == %u)", field, r->k);
	}
	return snprintf(out, len, "%s { %s }\n", sel, body);
}

/* The policy text: setup rules first, then the model's rules. */
static char *policy_text(const struct model *m, const char *const chans[4],
			 int n_setup)
{
	size_t cap = 128 + (size_t)m->n * 256 + 1024, len = 0;
	char *t = malloc(cap);
	int i;

	if (!t)
		abort();
	len += snprintf(t + len, cap - len,
			"use EDL test.Server\ndefault %s\n"
			"bind test.Server exe=\"%s\" uid=0\n",
			m->default_grant ? "grant" : "deny", pt_self());
	if (n_setup)
		len += snprintf(t + len, cap - len,
				"register src=test.Server { grant() }\n"
				"connect src=test.Server dst=test.Server { grant() }\n");
	for (i = 0; i < m->n; i++)
		len += print_rule(t + len, cap - len, &m->r[i], chans);
	return t;
}

/* The linear scan, as the engine did it before the index. */
static bool model_eval(struct model *m, int kind, int chan, int mid,
		       uint32_t v)
{
	bool matched = false;
	int i;

	for (i = 0; i < m->n; i++) {
		struct mrule *r = &m->r[i];
		bool deny;

		if (r->kind != kind || r->src > 1 || r->dst > 1 ||
		    (r->chan && r->chan != chan) ||
		    (r->method != M_NONE && r->method != mid))
			continue;
		matched = true;
		r->hits++;
		switch (r->body) {
		case B_GRANT:
			deny = false;
			break;
		case B_DENY:
			deny = true;
			break;
		case B_ASSERT_LT:
			deny = !(v < r->k);
			break;
		default:
			deny = v == r->k;
		}
		if (deny) {
			r->denials++;
			return false;
		}
	}
	return matched || m->default_grant;
}

/* The expected result of a Call of @mid(@v) on channel @chan (1 or 2). */
static int model_call(struct model *m, int chan, int mid, uint32_t v,
		      bool *delivered)
{
	bool err = v == PT_ERROR_VALUE || (mid == PT_MID_NEG && v == 4);

	*delivered = model_eval(m, K_REQ, chan, mid, v);
	if (!*delivered)
		return -EACCES;
	return model_eval(m, err ? K_ERR : K_RES, chan, mid, v) ? 0 : -EACCES;
}

/* Reads hits and denials of every rule from `nkpolicy show`. */
static int kernel_counters(uint64_t *hits, uint64_t *denials, int n)
{
	const char *argv[] = { "show", NULL };
	size_t len = 8u << 20;
	char *out = malloc(len), *p;
	int seen = 0;

	if (!out || pt_nkpolicy_run(out, len, argv))
		return -1;
	for (p = out; (p = strstr(p, "\nrule ")); p++) {
		unsigned int idx;
		uint64_t h, d;
		char *q;

		if (sscanf(p, "\nrule %u:", &idx) != 1)
			continue;
		q = strstr(p, "  hits: ");
		if (!q || sscanf(q, "  hits: %" SCNu64 "  denials: %" SCNu64,
				 &h, &d) != 2 || idx >= (unsigned int)n)
			break;
		hits[idx] = h;
		denials[idx] = d;
		seen++;
	}
	free(out);
	return seen;
}

FIXTURE(idx) {
	struct pt_server srv[2];
	char names[4][NKIPC_NAME_MAX];
	const char *chans[4];
	int dev, cli[2];
	struct nkt_msg req, res;
	struct model *m;
};

FIXTURE_SETUP(idx)
{
	static const char setup[] =
		"use EDL test.Server\ndefault deny\n"
		"bind test.Server exe=\"%s\" uid=0\n"
		"register src=test.Server { grant() }\n"
		"connect src=test.Server dst=test.Server { grant() }\n";
	char text[1024];
	int i;

	snprintf(self->names[1], sizeof(self->names[1]), "%s", nkt_name("pt.idxA"));
	snprintf(self->names[2], sizeof(self->names[2]), "%s", nkt_name("pt.idxB"));
	snprintf(self->names[3], sizeof(self->names[3]), "%s", nkt_name("pt.idxZ"));
	for (i = 1; i < 4; i++)
		self->chans[i] = self->names[i];
	snprintf(text, sizeof(text), setup, pt_self());
	ASSERT_EQ(0, pt_load_text(text));
	ASSERT_EQ(0, pt_mode("enforcing"));
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pt_server_start(&self->srv[i], self->names[i + 1]));
		self->cli[i] = nkt_connect(self->dev, self->names[i + 1], NKT_SEC);
		ASSERT_LE(0, self->cli[i]);
	}
	memset(&self->req, 0, sizeof(self->req));
	memset(&self->res, 0, sizeof(self->res));
	nkt_msg_alloc(&self->req, 4096, 4096);
	nkt_msg_alloc(&self->res, 4096, 4096);
	self->m = calloc(1, sizeof(*self->m));
	ASSERT_NE(NULL, self->m);
}

FIXTURE_TEARDOWN(idx)
{
	int i;

	for (i = 0; i < 2; i++) {
		close(self->cli[i]);
		pt_server_stop(&self->srv[i]);
	}
	close(self->dev);
	nkt_msg_free(&self->req);
	nkt_msg_free(&self->res);
	free(self->m);
	pt_unload();
}

struct call {
	int mid;
	uint32_t v;
};

static const struct call traffic[] = {
	{ PT_MID_PING, 0 }, { PT_MID_PING, 1 }, { PT_MID_PING, 99 },
	{ PT_MID_PING, 100 }, { PT_MID_PING, 101 }, { PT_MID_PING, 500 },
	{ PT_MID_PING, 999 }, { PT_MID_PING, 1000 },
	{ PT_MID_PING, PT_ERROR_VALUE },
	{ PT_MID_SECRET, 1 }, { PT_MID_SECRET, 100 },
	{ PT_MID_NEG, 1 }, { PT_MID_NEG, 4 }, { PT_MID_NEG, (uint32_t)-1 },
};

/* Runs the traffic on both channels; returns the number of mismatches. */
static int run_traffic(FIXTURE_DATA(idx) *self, struct __test_metadata *_metadata)
{
	int c, i, bad = 0;

	for (c = 0; c < 2; c++) {
		for (i = 0; i < (int)(sizeof(traffic) / sizeof(traffic[0])); i++) {
			const struct call *t = &traffic[i];
			long before = atomic_load(&self->srv[c].received);
			bool delivered;
			int want = model_call(self->m, c + 1, t->mid, t->v,
					      &delivered);
			int got;

			pt_msg32(&self->req, PT_RIID_ECHO, t->mid, t->v);
			got = nkt_call(self->cli[c], &self->req, &self->res,
				       5 * NKT_SEC);
			pt_server_sync(&self->srv[c]);
			if (got != want ||
			    atomic_load(&self->srv[c].received) - before != delivered) {
				TH_LOG("channel %d %s(%d): got %d (delivered %ld), model %d (%d)",
				       c + 1, method_name[t->mid], (int)t->v, got,
				       atomic_load(&self->srv[c].received) - before,
				       want, delivered);
				bad++;
			}
		}
	}
	return bad;
}

static int compare_counters(FIXTURE_DATA(idx) *self,
			    struct __test_metadata *_metadata, int n_setup)
{
	int n = self->m->n + n_setup, i, bad = 0;
	uint64_t *h = calloc(n, sizeof(*h)), *d = calloc(n, sizeof(*d));

	if (!h || !d || kernel_counters(h, d, n) != n) {
		TH_LOG("could not read the counters of %d rules", n);
		return 1;
	}
	for (i = 0; i < self->m->n; i++) {
		const struct mrule *r = &self->m->r[i];

		if (h[i + n_setup] != r->hits || d[i + n_setup] != r->denials) {
			if (bad++ < 5)
				TH_LOG("rule %d: hits %" PRIu64 " denials %" PRIu64
				       ", model %" PRIu64 " %" PRIu64, i + n_setup,
				       h[i + n_setup], d[i + n_setup], r->hits,
				       r->denials);
		}
	}
	free(h);
	free(d);
	return bad;
}

TEST_F_TIMEOUT(idx, same_decisions_as_a_scan, 600)
{
	int seed, total = 0, calls = 0;

	for (seed = 1; seed <= 8; seed++) {
		struct model *m = self->m;
		char *text;
		int i;

		rng_state = 0x9e3779b97f4a7c15ull * (uint64_t)seed;
		m->n = seed <= 2 ? 40 : 300;
		m->default_grant = seed % 2;
		for (i = 0; i < m->n; i++)
			gen_rule(&m->r[i]);
		text = policy_text(m, self->chans, 2);
		ASSERT_EQ(0, pt_load_text(text));
		free(text);
		total += run_traffic(self, _metadata);
		total += compare_counters(self, _metadata, 2);
		calls += 2 * (int)(sizeof(traffic) / sizeof(traffic[0]));
	}
	TH_LOG("%d calls under 8 random policies", calls);
	EXPECT_EQ(0, total);
}

/* Rules sharing one slot, selectors that collide across patterns. */
TEST_F_TIMEOUT(idx, order_within_one_slot_and_across_patterns, 300)
{
	struct model *m = self->m;
	char *text;
	int i;

	m->default_grant = 0;
	/* the same key 100 times: grants, then a deny, then more grants */
	for (i = 0; i < 100; i++) {
		struct mrule *r = &m->r[m->n++];

		memset(r, 0, sizeof(*r));
		r->kind = K_REQ;
		r->src = 1;
		r->chan = 1;
		r->method = M_NONE;
		r->body = i == 60 ? B_DENY : B_GRANT;
	}
	/* the same values under other patterns, interleaved in file order */
	for (i = 0; i < 30; i++) {
		struct mrule *r = &m->r[m->n++];

		memset(r, 0, sizeof(*r));
		r->kind = K_REQ;
		r->src = i % 3 ? 1 : 0;
		r->dst = i % 2 ? 1 : 0;
		r->chan = 2;
		r->method = i % 5 && i != 29 ? M_NONE : PT_MID_PING;
		if (r->method != M_NONE)
			r->dst = 1;
		r->body = i == 29 ? B_ASSERT_LT : B_GRANT;
		r->k = 100;
	}
	text = policy_text(m, self->chans, 2);
	ASSERT_EQ(0, pt_load_text(text));
	free(text);
	EXPECT_EQ(0, run_traffic(self, _metadata));
	EXPECT_EQ(0, compare_counters(self, _metadata, 2));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Policies of the maximum size: 4,096 rules in one slot (all the same
 * selectors) and 4,096 rules with distinct selectors.  Both load, decide
 * as the model says, and a verdict under the second probes only the slots
 * of its own key.
 */
TEST_F_TIMEOUT(idx, maximum_size_policies, 600)
{
	struct model *m = self->m;
	int round;

	for (round = 0; round < 2; round++) {
		double t0;
		char *text;
		int i;

		memset(m, 0, sizeof(*m));
		m->default_grant = round;
		m->n = MAX_RULES - 2;
		for (i = 0; i < m->n; i++) {
			struct mrule *r = &m->r[i];

			r->method = M_NONE;
			r->kind = K_REQ;
			r->src = round ? 2 : 1;
			r->chan = round ? 3 : 1;
			r->body = B_GRANT;
		}
		if (round) {
			/* one that matches, at the end */
			m->r[m->n - 1].src = 1;
			m->r[m->n - 1].chan = 2;
			m->r[m->n - 1].body = B_DENY;
		}
		text = policy_text(m, self->chans, 2);
		t0 = now_s();
		ASSERT_EQ(0, pt_load_text(text));
		TH_LOG("%d rules (%s) loaded in %.2f s (nkpolicy compile included)",
		       m->n + 2, round ? "distinct keys" : "one key", now_s() - t0);
		free(text);
		EXPECT_EQ(0, run_traffic(self, _metadata));
		EXPECT_EQ(0, compare_counters(self, _metadata, 2));
	}
}

/*
 * Large policies replaced while calls run: both grant Ping and deny
 * Secret, with 1,000 decoys each in other slots; every call must get the
 * same answer under the old policy, the new one or during the swap.
 */
struct loader {
	pthread_t th;
	char *text[2];
	int loads, errors;
	atomic_bool *stop;
};

static void *loader_main(void *arg)
{
	struct loader *l = arg;

	while (!atomic_load(l->stop) && l->loads < 20) {
		if (pt_load_text(l->text[l->loads % 2]))
			l->errors++;
		l->loads++;
	}
	atomic_store(l->stop, true);
	return NULL;
}

TEST_F_TIMEOUT(idx, large_policy_reloads_under_calls, 600)
{
	struct loader l = { 0 };
	atomic_bool stop = false;
	long ok = 0, bad = 0;
	int v;

	for (v = 0; v < 2; v++) {
		struct model *m = self->m;
		int i;

		memset(m, 0, sizeof(*m));
		rng_state = 77 + v;
		for (i = 0; i < 1000; i++) {
			struct mrule *r = &m->r[m->n++];

			gen_rule(r);
			/* decoys: never the test's class or channel */
			r->src = 2;
			r->method = M_NONE;
			r->endpoint = 0;
			if (r->kind != K_REGISTER)
				r->dst = rnd(3);
			if (r->body != B_GRANT)
				r->body = B_DENY;
		}
		m->r[m->n++] = (struct mrule){ .kind = K_REQ, .dst = 1,
			.method = PT_MID_PING, .endpoint = v, .body = B_GRANT };
		m->r[m->n++] = (struct mrule){ .kind = K_REQ, .src = 1,
			.chan = 1, .method = M_NONE, .body = B_GRANT };
		m->r[m->n++] = (struct mrule){ .kind = K_REQ, .src = 1, .dst = 1,
			.method = PT_MID_SECRET, .body = B_DENY };
		m->r[m->n++] = (struct mrule){ .kind = K_RES, .src = 1,
			.method = M_NONE, .body = B_GRANT };
		l.text[v] = policy_text(m, self->chans, 2);
	}
	ASSERT_EQ(0, pt_load_text(l.text[1]));
	l.stop = &stop;
	ASSERT_EQ(0, pthread_create(&l.th, NULL, loader_main, &l));
	while (!atomic_load(&stop)) {
		uint32_t out = 0;

		pt_msg32(&self->req, PT_RIID_ECHO, PT_MID_PING, (uint32_t)ok % 200);
		if (nkt_call(self->cli[0], &self->req, &self->res, 10 * NKT_SEC)) {
			bad++;
		} else {
			memcpy(&out, self->res.cpart + 24, 4);
			if (out != (uint32_t)ok % 200)
				bad++;
		}
		pt_msg32(&self->req, PT_RIID_ECHO, PT_MID_SECRET, 1);
		if (nkt_call(self->cli[0], &self->req, &self->res,
			     10 * NKT_SEC) != -EACCES)
			bad++;
		ok++;
	}
	pthread_join(l.th, NULL);
	free(l.text[0]);
	free(l.text[1]);
	TH_LOG("%ld call pairs during %d loads of 1,004 rules", ok, l.loads);
	EXPECT_EQ(0, l.errors);
	EXPECT_EQ(0, bad);
	EXPECT_LT(0, ok);
}

TEST_HARNESS_MAIN
