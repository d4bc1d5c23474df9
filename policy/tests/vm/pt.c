// SPDX-License-Identifier: GPL-2.0
/* pt: helpers of the policy VM selftests (see pt.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/nkipc_genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nkpolicy.h"
#include "pt.h"

static char self[PATH_MAX], top[PATH_MAX], fixtures[PATH_MAX + 64], tool[PATH_MAX + 64];

static void pt_paths(void)
{
	char dir[PATH_MAX];
	ssize_t n;

	if (self[0])
		return;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		abort();
	self[n] = 0;
	snprintf(dir, sizeof(dir), "%s", self);
	/* build/vmtests/NAME -> repository root */
	snprintf(top, sizeof(top), "%s/../..", dirname(dir));
	if (!realpath(top, dir))
		abort();
	snprintf(top, sizeof(top), "%s", dir);
	snprintf(fixtures, sizeof(fixtures), "%s/policy/tests/vm", top);
	snprintf(tool, sizeof(tool), "%s/build/bin/nkpolicy", top);
}

const char *pt_self(void) { pt_paths(); return self; }
const char *pt_top(void) { pt_paths(); return top; }
const char *pt_fixtures(void) { pt_paths(); return fixtures; }
const char *pt_nkpolicy(void) { pt_paths(); return tool; }

const char *pt_write_policy(const char *text)
{
	static char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/pt-%d.policy", getpid());
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
	return path;
}

char *pt_fixture(const char *name, const char *key, const char *val)
{
	char path[PATH_MAX + 128], *text, *out, *p;
	size_t cap;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", pt_fixtures(), name);
	f = fopen(path, "r");
	if (!f)
		abort();
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	cap = (size_t)n * 2 + 4 * PATH_MAX;
	out = calloc(1, cap);
	if (!out)
		abort();
	for (p = text; *p;) {
		if (!strncmp(p, "@SELF@", 6)) {
			strcat(out, pt_self());
			p += 6;
		} else if (key && !strncmp(p, key, strlen(key))) {
			strcat(out, val);
			p += strlen(key);
		} else {
			strncat(out, p++, 1);
		}
	}
	free(text);
	return out;
}

int pt_nkpolicy_run(char *out, size_t len, const char *const argv[])
{
	const char *args[16];
	int pipefd[2], status, i;
	pid_t pid;

	args[0] = pt_nkpolicy();
	for (i = 0; argv[i] && i < 14; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		setenv("NKPOLICY_PATH", pt_fixtures(), 1);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	close(pipefd[1]);
	{
		size_t got = 0;
		char buf[4096];
		ssize_t n;

		while ((n = read(pipefd[0], buf, sizeof(buf))) > 0) {
			if (out && got + 1 < len) {
				size_t c = (size_t)n < len - 1 - got ? (size_t)n : len - 1 - got;

				memcpy(out + got, buf, c);
				got += c;
			}
			if (getenv("PT_VERBOSE"))
				fwrite(buf, 1, (size_t)n, stderr);
		}
		if (out)
			out[got] = 0;
	}
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int pt_load_text(const char *text)
{
	const char *argv[] = { "load", pt_write_policy(text), NULL };
	char out[4096];
	int ret = pt_nkpolicy_run(out, sizeof(out), argv);

	if (ret)
		fprintf(stderr, "# nkpolicy load failed (%d): %s", ret, out);
	return ret;
}

int pt_unload(void)
{
	const char *argv[] = { "unload", NULL };

	return pt_nkpolicy_run(NULL, 0, argv);
}

int pt_mode(const char *mode)
{
	const char *argv[] = { "mode", mode, NULL };

	return pt_nkpolicy_run(NULL, 0, argv);
}

void pt_msg32(struct nkt_msg *m, uint16_t riid, uint16_t mid, uint32_t value)
{
	struct nkipc_msg_hdr *h;

	if (!m->cpart)
		nkt_msg_alloc(m, 4096, 4096);
	memset(m->cpart, 0, 64);
	h = (struct nkipc_msg_hdr *)m->cpart;
	h->riid = riid;
	h->mid = mid;
	h->size = 32;
	memcpy(m->cpart + 24, &value, 4);
	m->len = 32;
	m->arena_len = 0;
}

static void *pt_server_main(void *arg)
{
	struct pt_server *s = arg;
	struct nkt_msg req = { 0 }, res = { 0 };

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	while (!atomic_load(&s->stop)) {
		struct nkipc_recv r;
		struct nkipc_msg_hdr *h = (struct nkipc_msg_hdr *)req.cpart;
		struct nkipc_msg_hdr *o = (struct nkipc_msg_hdr *)res.cpart;
		uint32_t v = 0;
		int ret = nkt_recv(s->fd, &req, 50 * NKT_MS, &r);

		if (ret)
			continue;
		if (req.len >= 28)
			memcpy(&v, req.cpart + 24, 4);
		atomic_store(&s->last_value, v);
		pthread_mutex_lock(&s->lock);
		memcpy(s->last_class, r.src_class, sizeof(s->last_class));
		pthread_mutex_unlock(&s->lock);
		atomic_fetch_add(&s->received, 1);
		memset(res.cpart, 0, 64);
		o->riid = h->riid;
		o->mid = h->mid;
		o->size = h->mid == PT_MID_PUT ? 24 : 32;
		if (v == PT_ERROR_VALUE || (h->mid == PT_MID_NEG && v == 4)) {
			/* an error response: header only, flagged */
			o->flags = NKIPC_MSG_F_ERROR;
			o->size = 24;
		}
		if (v == PT_STATUS_VALUE ||
		    (h->mid == PT_MID_NEG && (v == 2 || v == 3))) {
			/* a status response: header only (Neg(2): with a body) */
			o->flags = NKIPC_MSG_F_STATUS;
			o->size = h->mid == PT_MID_NEG && v == 2 ? 32 : 24;
		}
		if (atomic_load(&s->reply_value) >= 0)
			v = (uint32_t)atomic_load(&s->reply_value);
		memcpy(res.cpart + 24, &v, 4);
		res.len = o->size;
		res.arena_len = 0;
		ret = nkt_reply(s->fd, r.txid, &res);
		atomic_store(&s->last_reply_err, ret);
		if (ret)
			atomic_fetch_add(&s->reply_errors, 1);
		atomic_fetch_add(&s->replied, 1);
	}
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return NULL;
}

int pt_server_start(struct pt_server *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	atomic_store(&s->reply_value, -1);
	pthread_mutex_init(&s->lock, NULL);
	s->dev = nkt_open();
	if (s->dev < 0)
		return s->dev;
	s->fd = nkt_register_std(s->dev, name);
	if (s->fd < 0)
		return s->fd;
	return -pthread_create(&s->th, NULL, pt_server_main, s);
}

void pt_server_sync(struct pt_server *s)
{
	int i;

	for (i = 0; i < 10000; i++) {
		if (atomic_load(&s->replied) >= atomic_load(&s->received))
			return;
		usleep(1000);
	}
}

void pt_server_stop(struct pt_server *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->th, NULL);
	close(s->fd);
	close(s->dev);
}

int pt_chan_open(struct pt_chan *c, const char *name)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->dev = c->cli = -1;
	ret = pt_server_start(&c->srv, name);
	if (ret)
		return ret;
	c->dev = nkt_open();
	if (c->dev < 0)
		return c->dev;
	c->cli = nkt_connect(c->dev, name, NKT_SEC);
	if (c->cli < 0)
		return c->cli;
	nkt_msg_alloc(&c->req, 4096, 4096);
	nkt_msg_alloc(&c->res, 4096, 4096);
	return 0;
}

void pt_chan_close(struct pt_chan *c)
{
	if (c->cli >= 0)
		close(c->cli);
	if (c->dev >= 0)
		close(c->dev);
	pt_server_stop(&c->srv);
	nkt_msg_free(&c->req);
	nkt_msg_free(&c->res);
}

/* ---- netlink: nkpolicy's own client (policy/genl.c) ---- */

/* genl.c prefixes its messages with prog; a test may name itself. */
__attribute__((weak)) const char *prog = "policy-vm-test";

/* load.c's cmd_load, linked into the in-process loader test but never run
 * there, reports usage errors through nkpolicy.c's table. */
__attribute__((weak)) int usage_error(const char *cmd)
{
	fprintf(stderr, "%s: usage error in %s\n", prog, cmd);
	return 2;
}

struct nl_sock *pt_nl_open(int *family)
{
	struct nkgenl g;

	if (nkgenl_open(&g))
		return NULL;
	*family = g.family;
	return g.sk;
}

struct nl_msg *pt_nl_msg(int family, uint8_t cmd)
{
	struct nkgenl g = { .family = family };

	return nkgenl_msg(&g, cmd, NLM_F_ACK);
}

static int pt_on_generation(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1];
	uint64_t *gen = arg;

	if (!genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) &&
	    tb[NKIPC_A_GENERATION])
		*gen = nla_get_u64(tb[NKIPC_A_GENERATION]);
	return NL_OK;
}

static int pt_nl_xfer(struct nl_sock *sk, struct nl_msg *msg, uint64_t *gen)
{
	struct nkgenl g = { .sk = sk };

	if (!msg)
		return -ENOMEM;
	return nkgenl_do(&g, msg, NULL, gen ? pt_on_generation : NULL, gen);
}

int pt_nl_send(struct nl_sock *sk, struct nl_msg *msg)
{
	return pt_nl_xfer(sk, msg, NULL);
}

uint64_t pt_nl_begin(struct nl_sock *sk, int family)
{
	uint64_t gen = 0;

	if (pt_nl_xfer(sk, pt_nl_msg(family, NKIPC_CMD_LOAD_BEGIN), &gen))
		return 0;
	return gen;
}

uint64_t pt_active_generation(void)
{
	uint64_t gen = 0;
	int family;
	struct nl_sock *sk = pt_nl_open(&family);

	if (!sk)
		return (uint64_t)-1;
	if (pt_nl_xfer(sk, pt_nl_msg(family, NKIPC_CMD_GET_STATE), &gen))
		gen = (uint64_t)-1;
	nl_socket_free(sk);
	return gen;
}
