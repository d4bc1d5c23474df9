// SPDX-License-Identifier: GPL-2.0
/*
 * rtt_memfd.c - bulk data by memory handle: the request's payload is a
 * sealed memfd (libnkos MDL buffer, coresrv/vmm/vmm_api.h) that travels
 * as an NKIPC_HANDLE_F_MEMORY handle; the kernel copies none of its bytes.
 *
 *   memfd        a new buffer per request: the client creates it
 *                (KnPmmMdlCreate), maps it, writes one byte of every page
 *                (standing for producing the payload in place: the pages
 *                get allocated), unmaps it, seals it immutable
 *                (NkPmmMdlSeal) and sends it READ | MEMORY | IMMUTABLE
 *                with a 24-byte header and no arena, then closes it; the
 *                server maps it (KnPmmMdlGetSize, KnPmmMdlMap: the seal and
 *                size checks), reads one byte of every page, unmaps it and
 *                closes it
 *   memfd-reuse  one buffer for the whole case, sealed against shrinking,
 *                growth and new writable mappings (F_SEAL_FUTURE_WRITE: the
 *                client's own mapping stays writable), sent READ | MEMORY
 *                with the first request only; the server maps it once.  Per
 *                request the client writes one byte of every page and sends
 *                the header alone, the server reads one byte of every page
 *                in place.  No immutability: the client can change the
 *                bytes while the server reads them (the server must copy
 *                what it checks), but nothing can make the mapping SIGBUS.
 *
 * The answer is nkipc's 28-byte constant part with the size the server
 * mapped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/nkipc.h>
#include <coresrv/vmm/vmm_api.h>

#include "rtt.h"

struct answer {
	struct nkipc_msg_hdr h;
	uint32_t len;
};

#define HANDLE(x)	((x)->fd[1])
#define BUF_FD(x)	((x)->fd[2])	/* reuse: the buffer, either side */
#define BUF_MAP(x)	((x)->p[2])	/* reuse: its mapping, either side */
#define KEEP(x)		((x)->fd[3])	/* server: 1 keeps the buffer (reuse) */
#define SENT(x)		((x)->fd[3])	/* client: 1 once the buffer was sent */
#define PAGE		4096

static size_t buf_len(const struct rtt_ctx *x)
{
	return x->c->len ? x->c->len : 1;
}

static volatile unsigned int rtt_memfd_sink;

static void write_pages(volatile unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += PAGE)
		p[i] = (unsigned char)i;
}

static unsigned int read_pages(const volatile unsigned char *p, size_t len)
{
	unsigned int sum = 0;
	size_t i;

	for (i = 0; i < len; i += PAGE)
		sum += p[i];
	return sum;
}

static int rc_err(Retcode rc)
{
	return rc == rcOk ? 0 : rc == rcOutOfMemory ? ENOMEM :
	       rc == rcSecurityDisallow ? EACCES : EINVAL;
}

/* Map the received buffer @fd read-only: 0 or an errno value. */
static int map_received(int fd, void **p, size_t *len)
{
	rtl_size_t size;
	Retcode rc;

	rc = KnPmmMdlGetSize((Handle)fd, &size);
	if (rc == rcOk)
		rc = KnPmmMdlMap((Handle)fd, 0, size, RTL_NULL, VMM_FLAG_READ,
				 p);
	*len = size;
	return rc_err(rc);
}

static int memfd_serve(struct rtt_ctx *x, int n)
{
	struct nkipc_msg_hdr in;
	struct answer out = { .h.size = sizeof(out) };
	struct nkipc_handle_desc got;
	struct nkipc_recv rv;
	struct nkipc_reply rp;
	size_t len = 0;
	void *p = NULL;
	int i, err;

	for (i = 0; i < n; i++) {
		memset(&rv, 0, sizeof(rv));
		rv.size = sizeof(rv);
		rv.req = (uintptr_t)&in;
		rv.req_cap = sizeof(in);
		rv.timeout_ns = NKIPC_TIMEOUT_INFINITE;
		rv.handles = (uintptr_t)&got;
		rv.handles_cap = 1;
		if (ioctl(HANDLE(x), NKIPC_IOC_RECV, &rv) < 0)
			return errno;
		if (rv.handles_len == 1) {
			if (!(got.flags & NKIPC_HANDLE_F_MEMORY))
				return EPROTO;
			if (BUF_MAP(x)) {	/* reuse: a new buffer */
				KnVmUnmap(BUF_MAP(x), len);
				close(BUF_FD(x));
				BUF_MAP(x) = NULL;
			}
			err = map_received(got.fd, &p, &len);
			if (err)
				return err;
			BUF_FD(x) = got.fd;
			BUF_MAP(x) = p;
		} else if (!BUF_MAP(x)) {
			return EPROTO;
		}
		rtt_memfd_sink += read_pages(BUF_MAP(x), len);
		out.len = (uint32_t)len;
		if (KEEP(x) != 1) {		/* memfd: one per request */
			KnVmUnmap(BUF_MAP(x), len);
			close(BUF_FD(x));
			BUF_MAP(x) = NULL;
		}
		memset(&rp, 0, sizeof(rp));
		rp.size = sizeof(rp);
		rp.txid = rv.txid;
		rp.res = (uintptr_t)&out;
		rp.res_len = sizeof(out);
		if (ioctl(HANDLE(x), NKIPC_IOC_REPLY, &rp) < 0)
			return errno;
	}
	return 0;
}

/* CALL with the header alone and @h (NULL: no handle). */
static int memfd_send(struct rtt_ctx *x, const struct nkipc_handle_desc *h)
{
	struct nkipc_msg_hdr req = { .size = sizeof(req), .ncaps = !!h };
	struct answer res;
	struct nkipc_call c = {
		.size = sizeof(c),
		.req = (uintptr_t)&req, .req_len = sizeof(req),
		.res = (uintptr_t)&res, .res_cap = sizeof(res),
		.timeout_ns = NKIPC_TIMEOUT_INFINITE,
		.req_handles = (uintptr_t)h,
	};

	if (ioctl(HANDLE(x), NKIPC_IOC_CALL, &c) < 0)
		return errno;
	return c.res_len == sizeof(res) && res.len == buf_len(x) ? 0 : EPROTO;
}

static int memfd_call(struct rtt_ctx *x)
{
	struct nkipc_handle_desc h = {
		.kind = NKIPC_HANDLE_FD, .rights = NKIPC_RIGHT_READ,
		.flags = NKIPC_HANDLE_F_MEMORY | NKIPC_HANDLE_F_IMMUTABLE,
	};
	size_t len = buf_len(x);
	Handle mdl;
	Retcode rc;
	void *p;
	int err;

	rc = KnPmmMdlCreate(len, VMM_FLAG_READ | VMM_FLAG_WRITE, &mdl);
	if (rc != rcOk)
		return rc_err(rc);
	rc = KnPmmMdlMap(mdl, 0, len, RTL_NULL, VMM_FLAG_READ | VMM_FLAG_WRITE,
			 &p);
	if (rc == rcOk) {
		write_pages(p, len);
		KnVmUnmap(p, len);
		rc = NkPmmMdlSeal(mdl);
	}
	h.fd = (int)mdl;
	err = rc == rcOk ? memfd_send(x, &h) : rc_err(rc);
	close((int)mdl);
	return err;
}

static int reuse_child_init(struct rtt_ctx *x)
{
	KEEP(x) = 1;
	return rtt_nkipc_child_init(x);
}

static int reuse_client_init(struct rtt_ctx *x)
{
	size_t len = buf_len(x);
	Handle mdl;
	Retcode rc;

	rc = KnPmmMdlCreate(len, VMM_FLAG_READ | VMM_FLAG_WRITE, &mdl);
	if (rc != rcOk)
		return rc_err(rc);
	BUF_FD(x) = (int)mdl;
	rc = KnPmmMdlMap(mdl, 0, len, RTL_NULL, VMM_FLAG_READ | VMM_FLAG_WRITE,
			 &BUF_MAP(x));
	if (rc != rcOk)
		return rc_err(rc);
	if (fcntl((int)mdl, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) < 0)
		return errno;
	return rtt_nkipc_client_init(x);
}

static int reuse_call(struct rtt_ctx *x)
{
	struct nkipc_handle_desc h = {
		.fd = BUF_FD(x), .kind = NKIPC_HANDLE_FD,
		.rights = NKIPC_RIGHT_READ, .flags = NKIPC_HANDLE_F_MEMORY,
	};

	write_pages(BUF_MAP(x), buf_len(x));
	if (SENT(x) == 1)
		return memfd_send(x, NULL);
	SENT(x) = 1;	/* with the first (untimed) request only */
	return memfd_send(x, &h);
}

static void reuse_cleanup(struct rtt_ctx *x)
{
	if (BUF_MAP(x))
		KnVmUnmap(BUF_MAP(x), buf_len(x));
	if (BUF_FD(x) >= 0)
		close(BUF_FD(x));
	rtt_nkipc_cleanup(x);
}

const struct rtt_mech rtt_memfd = {
	.name = "memfd",
	.what = "nkipc, the payload in a new sealed memfd per request, by handle",
	.setup = rtt_nkipc_setup,
	.child_init = rtt_nkipc_child_init,
	.client_init = rtt_nkipc_client_init,
	.serve = memfd_serve,
	.call = memfd_call,
	.cleanup = rtt_nkipc_cleanup,
};

const struct rtt_mech rtt_memfd_reuse = {
	.name = "memfd-reuse",
	.what = "nkipc, the payload in one reused sealed memfd, sent once",
	.setup = rtt_nkipc_setup,
	.child_init = reuse_child_init,
	.client_init = reuse_client_init,
	.serve = memfd_serve,
	.call = reuse_call,
	.cleanup = reuse_cleanup,
};
