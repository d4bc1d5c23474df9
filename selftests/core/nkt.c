// SPDX-License-Identifier: GPL-2.0
/* nkt: helpers shared by the nkipc core selftests (see nkt.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nkt.h"

#define EP(n, i, r, m) { .name = n, .iface = i, .riid = r, .n_methods = m }
const struct nkipc_endpoint nkt_endpoints[] = {
	EP("test.echo", "test.Echo", NKT_RIID_ECHO, NKT_ECHO_METHODS),
	EP("Comp.echo", "test.Echo", NKT_RIID_ECHO, NKT_ECHO_METHODS),
	EP("test.other", "test.Other", NKT_RIID_OTHER, 1),
	EP("test.last", "test.Last", NKT_RIID_LAST, 2),
};
const unsigned int nkt_n_endpoints =
	sizeof(nkt_endpoints) / sizeof(nkt_endpoints[0]);

int nkt_open(void)
{
	int fd = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int nkt_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

uint32_t nkt_max_msg_size(void)
{
	struct nkipc_version v = { .size = sizeof(v) };
	int dev = nkt_open();

	if (dev < 0)
		return 0;
	if (nkt_ioctl(dev, NKIPC_IOC_VERSION, &v))
		v.max_msg_size = 0;
	close(dev);
	return v.max_msg_size;
}

const char *nkt_name(const char *prefix)
{
	static __thread char buf[NKIPC_NAME_MAX];
	static atomic_uint n;

	snprintf(buf, sizeof(buf), "%s.%d.%u", prefix, getpid(),
		 atomic_fetch_add(&n, 1));
	return buf;
}

int nkt_register(int dev, const char *name,
		 const struct nkipc_endpoint *eps, unsigned int n)
{
	struct nkipc_register r = {
		.size = sizeof(r),
		.name = (uintptr_t)name,
		.endpoints = (uintptr_t)eps,
		.n_endpoints = n,
	};

	return nkt_ioctl(dev, NKIPC_IOC_REGISTER, &r);
}

int nkt_register_std(int dev, const char *name)
{
	return nkt_register(dev, name, nkt_endpoints, nkt_n_endpoints);
}

int nkt_cm_listen(int dev, uint64_t timeout_ns, struct nkipc_cm_listen *l)
{
	memset(l, 0, sizeof(*l));
	l->size = sizeof(*l);
	l->timeout_ns = timeout_ns;
	return nkt_ioctl(dev, NKIPC_IOC_CM_LISTEN, l);
}

int nkt_cm_accept(int dev, const struct nkipc_cm_listen *l, int listener)
{
	struct nkipc_cm_accept a = {
		.size = sizeof(a),
		.rsid = NKT_RIID_ECHO,
		.listener = listener,
	};

	if (listener == -1) {
		a.endpoints = (uintptr_t)nkt_endpoints;
		a.n_endpoints = nkt_n_endpoints;
	}
	memcpy(a.client, l->client, sizeof(a.client));
	memcpy(a.service, l->service, sizeof(a.service));
	return nkt_ioctl(dev, NKIPC_IOC_CM_ACCEPT, &a);
}

int nkt_connect(int dev, const char *name, uint64_t timeout_ns)
{
	struct nkipc_connect c = {
		.size = sizeof(c),
		.name = (uintptr_t)name,
		.timeout_ns = timeout_ns,
	};

	return nkt_ioctl(dev, NKIPC_IOC_CONNECT, &c);
}

static void *nkt_map(uint32_t len)
{
	void *p;

	if (!len)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("nkt: mmap");
		abort();
	}
	return p;
}

void nkt_msg_alloc(struct nkt_msg *m, uint32_t cap, uint32_t arena_cap)
{
	memset(m, 0, sizeof(*m));
	m->cpart = nkt_map(cap);
	m->arena = nkt_map(arena_cap);
	m->cap = cap;
	m->arena_cap = arena_cap;
}

void nkt_msg_free(struct nkt_msg *m)
{
	if (m->cpart)
		munmap(m->cpart, m->cap);
	if (m->arena)
		munmap(m->arena, m->arena_cap);
	memset(m, 0, sizeof(*m));
}

/* Not periodic in any power of two, so shifted data does not match. */
static inline uint8_t nkt_byte(uint32_t seed, int part, uint32_t i)
{
	uint32_t x = seed * 2654435761u + i * 40503u + (i >> 9) * 977u + part;

	return (uint8_t)(x ^ (x >> 13) ^ (x >> 24));
}

void nkt_msg_fill(struct nkt_msg *m, uint16_t riid, uint16_t mid,
		  uint32_t len, uint32_t arena_len, uint32_t seed)
{
	struct nkipc_msg_hdr hdr = {
		.riid = riid,
		.mid = mid,
		.size = len,
		.arena_size = arena_len,
		.status = seed,
	};
	uint32_t i;

	if (len > m->cap || arena_len > m->arena_cap) {
		fprintf(stderr, "nkt: message %u+%u exceeds buffer %u+%u\n",
			len, arena_len, m->cap, m->arena_cap);
		abort();
	}
	memcpy(m->cpart, &hdr, len < sizeof(hdr) ? len : sizeof(hdr));
	for (i = sizeof(hdr); i < len; i++)
		m->cpart[i] = nkt_byte(seed, 0, i);
	for (i = 0; i < arena_len; i++)
		m->arena[i] = nkt_byte(seed, 1, i);
	m->len = len;
	m->arena_len = arena_len;
}

int nkt_msg_check(const struct nkt_msg *m, uint32_t len, uint32_t arena_len,
		  uint32_t seed)
{
	struct nkipc_msg_hdr hdr;
	uint32_t i;

	if (len < sizeof(hdr) || m->len != len || m->arena_len != arena_len)
		return -1;
	memcpy(&hdr, m->cpart, sizeof(hdr));
	if (hdr.size != len || hdr.arena_size != arena_len ||
	    hdr.status != seed)
		return -1;
	for (i = sizeof(hdr); i < len; i++)
		if (m->cpart[i] != nkt_byte(seed, 0, i))
			return -1;
	for (i = 0; i < arena_len; i++)
		if (m->arena[i] != nkt_byte(seed, 1, i))
			return -1;
	return 0;
}

struct nkipc_call nkt_call_arg(const struct nkt_msg *req,
			       const struct nkt_msg *res, uint64_t timeout_ns)
{
	return (struct nkipc_call){
		.size = sizeof(struct nkipc_call),
		.req = (uintptr_t)req->cpart,
		.req_arena = (uintptr_t)req->arena,
		.res = (uintptr_t)res->cpart,
		.res_arena = (uintptr_t)res->arena,
		.req_len = req->len,
		.req_arena_len = req->arena_len,
		.res_cap = res->cap,
		.res_arena_cap = res->arena_cap,
		.timeout_ns = timeout_ns,
	};
}

struct nkipc_recv nkt_recv_arg(const struct nkt_msg *m, uint64_t timeout_ns)
{
	return (struct nkipc_recv){
		.size = sizeof(struct nkipc_recv),
		.req = (uintptr_t)m->cpart,
		.req_arena = (uintptr_t)m->arena,
		.req_cap = m->cap,
		.req_arena_cap = m->arena_cap,
		.timeout_ns = timeout_ns,
	};
}

int nkt_call(int cli, const struct nkt_msg *req, struct nkt_msg *res,
	     uint64_t timeout_ns)
{
	struct nkipc_call c = nkt_call_arg(req, res, timeout_ns);
	int ret = nkt_ioctl(cli, NKIPC_IOC_CALL, &c);

	if (!ret || ret == -ENOBUFS) {
		res->len = c.res_len;
		res->arena_len = c.res_arena_len;
	}
	return ret;
}

int nkt_recv(int srv, struct nkt_msg *m, uint64_t timeout_ns,
	     struct nkipc_recv *r)
{
	int ret;

	*r = nkt_recv_arg(m, timeout_ns);
	ret = nkt_ioctl(srv, NKIPC_IOC_RECV, r);
	if (!ret || ret == -ENOBUFS) {
		m->len = r->req_len;
		m->arena_len = r->req_arena_len;
	}
	return ret;
}

int nkt_reply(int srv, uint64_t txid, const struct nkt_msg *res)
{
	struct nkipc_reply p = {
		.size = sizeof(p),
		.txid = txid,
		.res = (uintptr_t)res->cpart,
		.res_arena = (uintptr_t)res->arena,
		.res_len = res->len,
		.res_arena_len = res->arena_len,
	};

	return nkt_ioctl(srv, NKIPC_IOC_REPLY, &p);
}

int nkt_echo_call(int cli, uint32_t len, uint32_t arena_len, uint32_t seed,
		  uint64_t timeout_ns)
{
	struct nkt_msg req, res;
	int ret;

	nkt_msg_alloc(&req, len, arena_len);
	nkt_msg_alloc(&res, len, arena_len);
	nkt_msg_fill(&req, NKT_RIID_ECHO, seed % NKT_ECHO_METHODS, len,
		     arena_len, seed);
	ret = nkt_call(cli, &req, &res, timeout_ns);
	if (!ret && nkt_msg_check(&res, len, arena_len, nkt_reply_seed(seed)))
		ret = -EILSEQ;
	/* The request must not have been touched. */
	if (!ret && nkt_msg_check(&req, len, arena_len, seed))
		ret = -EILSEQ;
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return ret;
}

/* Echo one received request @m back on txid; -EILSEQ if @m is wrong. */
static int nkt_echo_reply(int srv, struct nkt_msg *m, uint64_t txid)
{
	struct nkipc_msg_hdr hdr;
	int bad;

	memcpy(&hdr, m->cpart, sizeof(hdr));
	bad = nkt_msg_check(m, m->len, m->arena_len, hdr.status);
	nkt_msg_fill(m, hdr.riid, hdr.mid, m->len, m->arena_len,
		     nkt_reply_seed(hdr.status));
	/* Reply even to a bad request, so the caller does not hang. */
	return nkt_reply(srv, txid, m) ?: (bad ? -EILSEQ : 0);
}

int nkt_serve_one(int srv, uint64_t timeout_ns)
{
	struct nkipc_recv r;
	struct nkt_msg m;
	uint32_t max = nkt_max_msg_size();
	int ret;

	nkt_msg_alloc(&m, max, max);
	ret = nkt_recv(srv, &m, timeout_ns, &r);
	if (!ret)
		ret = nkt_echo_reply(srv, &m, r.txid);
	nkt_msg_free(&m);
	return ret;
}

static void *nkt_server_thread(void *arg)
{
	struct nkt_server *s = arg;
	struct nkipc_recv r;
	struct nkt_msg m;
	int ret;

	nkt_msg_alloc(&m, s->cap, s->arena_cap);
	while (!atomic_load(&s->stop)) {
		ret = nkt_recv(s->fd, &m, 20 * NKT_MS, &r);
		if (ret == -ETIMEDOUT || ret == -EINTR)
			continue;
		if (ret) {
			fprintf(stderr, "nkt server: RECV: %s\n", strerror(-ret));
			atomic_fetch_add(&s->errors, 1);
			break;
		}
		ret = nkt_echo_reply(s->fd, &m, r.txid);
		if (ret == -EPIPE) {
			atomic_fetch_add(&s->epipe, 1);
		} else if (ret) {
			fprintf(stderr, "nkt server: REPLY: %s\n",
				strerror(-ret));
			atomic_fetch_add(&s->errors, 1);
		} else {
			atomic_fetch_add(&s->served, 1);
		}
	}
	nkt_msg_free(&m);
	return NULL;
}

void nkt_server_start(struct nkt_server *s, int fd, int nthreads,
		      uint32_t cap, uint32_t arena_cap)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->nthreads = nthreads;
	s->cap = cap;
	s->arena_cap = arena_cap;
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&s->th[i], NULL, nkt_server_thread, s))
			abort();
}

long nkt_server_stop(struct nkt_server *s)
{
	int i;

	atomic_store(&s->stop, true);
	for (i = 0; i < s->nthreads; i++)
		pthread_join(s->th[i], NULL);
	return atomic_load(&s->errors);
}

pid_t nkt_fork(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("nkt: fork");
		abort();
	}
	if (!pid)
		_exit(fn(arg));
	return pid;
}

int nkt_wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

bool nkt_poll_for(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	return poll(&p, 1, timeout_ms) == 1 && (p.revents & events);
}

void nkt_set_ncaps(struct nkt_msg *m, unsigned int n)
{
	((struct nkipc_msg_hdr *)m->cpart)->ncaps = n;
}

int nkt_hcall(int cli, struct nkt_msg *req, struct nkt_msg *res,
	      const struct nkipc_handle_desc *h, unsigned int n,
	      struct nkipc_handle_desc *out, unsigned int cap,
	      unsigned int *out_n)
{
	struct nkipc_call c = nkt_call_arg(req, res, 5 * NKT_SEC);
	int ret;

	nkt_set_ncaps(req, n);
	c.req_handles = (uintptr_t)h;
	c.res_handles = (uintptr_t)out;
	c.res_handles_cap = cap;
	ret = nkt_ioctl(cli, NKIPC_IOC_CALL, &c);
	if (out_n)
		*out_n = c.res_handles_len;
	return ret;
}

int nkt_hrecv(int srv, struct nkt_msg *m, struct nkipc_handle_desc *out,
	      unsigned int cap, struct nkipc_recv *r, uint64_t timeout_ns)
{
	int ret;

	*r = nkt_recv_arg(m, timeout_ns);
	r->handles = (uintptr_t)out;
	r->handles_cap = cap;
	ret = nkt_ioctl(srv, NKIPC_IOC_RECV, r);
	if (!ret) {
		m->len = r->req_len;
		m->arena_len = r->req_arena_len;
	}
	return ret;
}

int nkt_hreply(int srv, uint64_t txid, struct nkt_msg *res,
	       const struct nkipc_handle_desc *h, unsigned int n)
{
	struct nkipc_reply p = {
		.size = sizeof(p),
		.txid = txid,
		.res = (uintptr_t)res->cpart,
		.res_arena = (uintptr_t)res->arena,
		.res_len = res->len,
		.res_arena_len = res->arena_len,
		.handles = (uintptr_t)h,
	};

	nkt_set_ncaps(res, n);
	return nkt_ioctl(srv, NKIPC_IOC_REPLY, &p);
}

int nkt_fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}
