// SPDX-License-Identifier: GPL-2.0
/*
 * Connection manager: dynamic channels (KnCmConnect / KnCmListen /
 * KnCmAccept / KnCmDrop).
 *
 * A request is queued on the context that owns the server name (see
 * nameserver.c) and moves PENDING -> LISTENED (seen by CM_LISTEN) ->
 * CLAIMED (an ACCEPT or DROP took it off the queue) -> ACCEPTED / DROPPED.
 * The owner's release fails what is queued (FAILED); the client leaving
 * (timeout, signal) makes it WITHDRAWN.  All under nkipc_ns_lock.  The
 * request holds one reference for the connecting thread and one while it
 * is queued or claimed.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid_namespace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "core.h"

enum nkipc_cm_state {
	NKIPC_CM_PENDING,
	NKIPC_CM_LISTENED,
	NKIPC_CM_CLAIMED,
	/* final: */
	NKIPC_CM_ACCEPTED,
	NKIPC_CM_DROPPED,
	NKIPC_CM_FAILED,
	NKIPC_CM_WITHDRAWN,
};

struct nkipc_cm_request {
	struct kref ref;
	struct nkipc_ctx *client;	/* immutable, holds a ref */
	char server[NKIPC_NAME_MAX];	/* immutable: the name it reached */
	char service[NKIPC_NAME_MAX];	/* immutable */
	wait_queue_head_t wait;		/* the connecting thread */

	/* under nkipc_ns_lock */
	struct list_head node;		/* owner's ctx->cm_requests */
	enum nkipc_cm_state state;
	struct nkipc_service *svc;	/* ACCEPTED: the channel, with a ref */
	u32 rsid;
};

static void nkipc_cm_free(struct kref *ref)
{
	struct nkipc_cm_request *req =
		container_of(ref, struct nkipc_cm_request, ref);

	if (req->svc)
		nkipc_service_put(req->svc);
	nkipc_ctx_put(req->client);
	kfree(req);
}

static void nkipc_cm_put(struct nkipc_cm_request *req)
{
	kref_put(&req->ref, nkipc_cm_free);
}

static bool nkipc_cm_final(const struct nkipc_cm_request *req)
{
	return READ_ONCE(req->state) >= NKIPC_CM_ACCEPTED;
}

/* Queues @req on @owner (CM_CONNECT). */
static int nkipc_cm_enqueue(struct nkipc_ctx *owner,
			    struct nkipc_cm_request *req)
{
	int ret = 0;

	spin_lock(&nkipc_ns_lock);
	if (owner->cm_closed) {
		ret = -EPIPE;
	} else {
		kref_get(&req->ref);
		list_add_tail(&req->node, &owner->cm_requests);
	}
	spin_unlock(&nkipc_ns_lock);
	if (!ret)
		wake_up_interruptible(&owner->cm_wait);
	return ret;
}

/* The connecting thread stops waiting; a final outcome wins over @why. */
static int nkipc_cm_withdraw(struct nkipc_cm_request *req, int why)
{
	bool queued = false;
	int ret = why;

	spin_lock(&nkipc_ns_lock);
	switch (req->state) {
	case NKIPC_CM_ACCEPTED:
		ret = 0;
		break;
	case NKIPC_CM_DROPPED:
		ret = -ECONNREFUSED;
		break;
	case NKIPC_CM_FAILED:
		ret = -EPIPE;
		break;
	case NKIPC_CM_PENDING:
	case NKIPC_CM_LISTENED:
		list_del_init(&req->node);
		queued = true;
		req->state = NKIPC_CM_WITHDRAWN;
		break;
	default:
		/* CLAIMED: the accepting/dropping thread sees it. */
		req->state = NKIPC_CM_WITHDRAWN;
		break;
	}
	spin_unlock(&nkipc_ns_lock);
	if (queued)
		nkipc_cm_put(req);
	return ret;
}

static long nkipc_cm_connect(struct nkipc_ctx *ctx, void __user *uarg)
{
	struct nkipc_cm_request *req;
	struct nkipc_cm_connect c;
	struct nkipc_ctx *owner;
	struct file *file;
	u32 usize;
	int ret, fd;

	ret = nkipc_get_arg(&c, sizeof(c), uarg, NKIPC_CM_CONNECT_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (c.flags & ~NKIPC_F_INHERIT ||
	    !nkipc_all_zero(c.reserved, sizeof(c.reserved)))
		return -EINVAL;
	if (nkipc_check_name(c.server, sizeof(c.server)) ||
	    nkipc_check_name(c.service, sizeof(c.service)))
		return -EINVAL;

	owner = nkipc_ns_owner(c.server);
	if (!owner)
		return -ENOENT;
	ret = -EACCES;
	if (nkipc_security_connect(&ctx->id, &owner->id, c.server,
				   c.service))
		goto put_owner;
	/*
	 * Route a request only to a context that may answer for the name:
	 * one that took an unowned server name cannot hold the clients of
	 * an owned service until they time out.
	 */
	if (nkipc_security_register_name(&owner->id, c.server, c.service))
		goto put_owner;
	ret = -ENOMEM;
	req = kzalloc(sizeof(*req), GFP_KERNEL_ACCOUNT);
	if (!req)
		goto put_owner;
	kref_init(&req->ref);
	init_waitqueue_head(&req->wait);
	INIT_LIST_HEAD(&req->node);
	req->client = nkipc_ctx_get(ctx);
	strscpy(req->server, c.server, sizeof(req->server));
	strscpy(req->service, c.service, sizeof(req->service));
	req->state = NKIPC_CM_PENDING;

	ret = nkipc_cm_enqueue(owner, req);
	if (ret)
		goto put_req;
	/* 0: wait as long as it takes */
	ret = wait_event_interruptible_hrtimeout(req->wait, nkipc_cm_final(req),
						 nkipc_timeout_ktime(c.timeout_ns ?:
								     NKIPC_TIMEOUT_INFINITE));
	ret = nkipc_cm_withdraw(req, ret == -ETIME ? -ETIMEDOUT : -EINTR);
	if (ret)
		goto put_req;

	fd = nkipc_handle_create(req->svc, ctx, c.flags, &file);
	if (fd < 0) {
		ret = fd;
		goto put_req;
	}
	c.fd = fd;
	c.rsid = req->rsid;
	ret = nkipc_put_arg(uarg, &c, sizeof(c), usize);
	if (ret) {
		put_unused_fd(fd);
		fput(file);
	} else {
		fd_install(fd, file);
		ret = fd;
	}
put_req:
	nkipc_cm_put(req);
put_owner:
	nkipc_ctx_put(owner);
	return ret;
}

/* Oldest PENDING request of @ctx, marked LISTENED, with a reference. */
static bool nkipc_cm_next(struct nkipc_ctx *ctx, struct nkipc_cm_listen *l,
			  struct nkipc_cm_request **reqp)
{
	struct nkipc_cm_request *req;

	*reqp = NULL;
	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(req, &ctx->cm_requests, node) {
		if (req->state != NKIPC_CM_PENDING)
			continue;
		req->state = NKIPC_CM_LISTENED;
		strscpy_pad(l->client, req->client->id.class_name,
			    sizeof(l->client));
		strscpy_pad(l->service, req->service, sizeof(l->service));
		l->client_pid = pid_nr_ns(req->client->id.pid,
					  task_active_pid_ns(current));
		kref_get(&req->ref);
		*reqp = req;
		break;
	}
	spin_unlock(&nkipc_ns_lock);
	return *reqp;
}

static long nkipc_cm_listen(struct nkipc_ctx *ctx, void __user *uarg)
{
	struct nkipc_cm_request *req;
	struct nkipc_cm_listen l;
	u32 usize;
	int ret;

	ret = nkipc_get_arg(&l, sizeof(l), uarg, NKIPC_CM_LISTEN_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (l.flags || l.reserved0 ||
	    !nkipc_all_zero(l.reserved, sizeof(l.reserved)))
		return -EINVAL;
	if (!l.timeout_ns)
		ret = nkipc_cm_next(ctx, &l, &req) ? 0 : -EAGAIN;
	else
		ret = wait_event_interruptible_hrtimeout(ctx->cm_wait,
							 nkipc_cm_next(ctx, &l, &req),
							 nkipc_timeout_ktime(l.timeout_ns));
	if (ret == -ETIME)
		return -ETIMEDOUT;
	if (ret)
		return ret == -EAGAIN ? -EAGAIN : -EINTR;

	ret = nkipc_put_arg(uarg, &l, sizeof(l), usize);
	if (ret) {
		/* Lose nothing: the next CM_LISTEN gets it again. */
		spin_lock(&nkipc_ns_lock);
		if (req->state == NKIPC_CM_LISTENED)
			req->state = NKIPC_CM_PENDING;
		spin_unlock(&nkipc_ns_lock);
		wake_up_interruptible(&ctx->cm_wait);
	}
	nkipc_cm_put(req);
	return ret;
}

/*
 * The server name the oldest request (@client, @service) on @ctx's queue
 * reached @ctx under, into @server; -ENOENT if there is none.
 */
static int nkipc_cm_peek(struct nkipc_ctx *ctx, const char *client,
			 const char *service, char *server)
{
	struct nkipc_cm_request *req;
	int ret = -ENOENT;

	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(req, &ctx->cm_requests, node) {
		if (!strcmp(req->client->id.class_name, client) &&
		    !strcmp(req->service, service)) {
			strscpy(server, req->server, NKIPC_NAME_MAX);
			ret = 0;
			break;
		}
	}
	spin_unlock(&nkipc_ns_lock);
	return ret;
}

/*
 * Takes the oldest request (@client, @service) off @ctx's queue that
 * reached it under @server (NULL: any).
 */
static struct nkipc_cm_request *nkipc_cm_claim(struct nkipc_ctx *ctx,
					       const char *client,
					       const char *service,
					       const char *server)
{
	struct nkipc_cm_request *req, *found = NULL;

	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(req, &ctx->cm_requests, node) {
		if (!strcmp(req->client->id.class_name, client) &&
		    !strcmp(req->service, service) &&
		    (!server || !strcmp(req->server, server))) {
			found = req;
			list_del_init(&req->node);
			req->state = NKIPC_CM_CLAIMED;
			break;
		}
	}
	spin_unlock(&nkipc_ns_lock);
	return found;
}

/* Ends a CLAIMED request; -EPIPE if its client withdrew meanwhile. */
static int nkipc_cm_complete(struct nkipc_cm_request *req,
			     enum nkipc_cm_state state,
			     struct nkipc_service *svc, u32 rsid)
{
	int ret = 0;

	spin_lock(&nkipc_ns_lock);
	if (req->state == NKIPC_CM_WITHDRAWN) {
		ret = -EPIPE;
	} else {
		req->svc = svc;
		req->rsid = rsid;
		req->state = state;
	}
	spin_unlock(&nkipc_ns_lock);
	if (!ret)
		wake_up_interruptible(&req->wait);
	nkipc_cm_put(req);	/* the queue's reference */
	return ret;
}

static bool nkipc_svc_has_riid(const struct nkipc_service *svc, u32 riid)
{
	return riid < svc->table.n_riids && svc->table.riids[riid].present;
}

/* The channel for CM_ACCEPT: a new one, or the listener's. */
static int nkipc_cm_channel(struct nkipc_ctx *ctx,
			    const struct nkipc_cm_accept *a,
			    struct nkipc_service **svcp, struct file **filep)
{
	struct nkipc_service *svc;
	struct file *file;
	int fd;

	if (a->listener == -1) {
		svc = nkipc_service_create(ctx, a->service, a->endpoints,
					   a->n_endpoints);
		if (IS_ERR(svc))
			return PTR_ERR(svc);
		if (!nkipc_svc_has_riid(svc, a->rsid)) {
			nkipc_service_put(svc);
			return -EINVAL;
		}
		fd = nkipc_handle_create(svc, NULL, a->flags, filep);
		if (fd < 0)
			nkipc_service_put(svc);
		else
			*svcp = svc;
		return fd;
	}

	if (a->endpoints || a->n_endpoints)
		return -EINVAL;
	file = nkipc_handle_server_file(a->listener, &svc);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* the class the register verdict judged must be the one serving */
	fd = svc->server == ctx ? -EINVAL : -EACCES;
	if (svc->server == ctx && nkipc_svc_has_riid(svc, a->rsid))
		fd = get_unused_fd_flags(a->flags & NKIPC_F_INHERIT ?
					 0 : O_CLOEXEC);
	if (fd < 0) {
		fput(file);
		nkipc_service_put(svc);
		return fd;
	}
	*svcp = svc;
	*filep = file;
	return fd;
}

static long nkipc_cm_accept(struct nkipc_ctx *ctx, void __user *uarg)
{
	char server[NKIPC_NAME_MAX];
	struct nkipc_cm_request *req;
	struct nkipc_service *svc;
	struct nkipc_cm_accept a;
	struct file *file;
	int ret, fd;
	u32 usize;

	ret = nkipc_get_arg(&a, sizeof(a), uarg, NKIPC_CM_ACCEPT_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (a.flags & ~NKIPC_F_INHERIT ||
	    !nkipc_all_zero(a.reserved, sizeof(a.reserved)))
		return -EINVAL;
	if (nkipc_check_name(a.client, sizeof(a.client)) ||
	    nkipc_check_name(a.service, sizeof(a.service)) ||
	    a.listener < -1)
		return -EINVAL;
	/*
	 * Answering for a service name is taking it: the register verdict
	 * with the server name the client reached us under.
	 */
	ret = nkipc_cm_peek(ctx, a.client, a.service, server);
	if (ret)
		return ret;
	if (nkipc_security_register_name(&ctx->id, server, a.service))
		return -EACCES;

	fd = nkipc_cm_channel(ctx, &a, &svc, &file);
	if (fd < 0)
		return fd;
	a.fd = fd;
	ret = nkipc_put_arg(uarg, &a, sizeof(a), usize);
	if (ret)
		goto undo;
	req = nkipc_cm_claim(ctx, a.client, a.service, server);
	if (!req) {
		ret = -ENOENT;
		goto undo;
	}
	/* The request takes our service reference. */
	ret = nkipc_cm_complete(req, NKIPC_CM_ACCEPTED, svc, a.rsid);
	if (ret)
		goto undo;
	fd_install(fd, file);
	return fd;
undo:
	put_unused_fd(fd);
	fput(file);
	nkipc_service_put(svc);
	return ret;
}

static long nkipc_cm_drop(struct nkipc_ctx *ctx, void __user *uarg)
{
	struct nkipc_cm_request *req;
	struct nkipc_cm_drop d;
	u32 usize;
	int ret;

	ret = nkipc_get_arg(&d, sizeof(d), uarg, NKIPC_CM_DROP_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (d.flags || !nkipc_all_zero(d.reserved, sizeof(d.reserved)))
		return -EINVAL;
	if (nkipc_check_name(d.client, sizeof(d.client)) ||
	    nkipc_check_name(d.service, sizeof(d.service)))
		return -EINVAL;
	req = nkipc_cm_claim(ctx, d.client, d.service, NULL);
	if (!req)
		return -ENOENT;
	/* A client that left already needs no refusal. */
	nkipc_cm_complete(req, NKIPC_CM_DROPPED, NULL, 0);
	return 0;
}

long nkipc_cm_ioctl(struct nkipc_ctx *ctx, unsigned int cmd, void __user *uarg)
{
	switch (cmd) {
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_CONNECT):
		return nkipc_cm_connect(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_LISTEN):
		return nkipc_cm_listen(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_ACCEPT):
		return nkipc_cm_accept(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_DROP):
		return nkipc_cm_drop(ctx, uarg);
	}
	return -ENOTTY;
}

/* /dev/nkipc closed: requests queued on it fail with -EPIPE. */
void nkipc_cm_ctx_release(struct nkipc_ctx *ctx)
{
	struct nkipc_cm_request *req, *tmp;
	LIST_HEAD(failed);

	spin_lock(&nkipc_ns_lock);
	ctx->cm_closed = true;
	list_splice_init(&ctx->cm_requests, &failed);
	list_for_each_entry(req, &failed, node)
		req->state = NKIPC_CM_FAILED;
	spin_unlock(&nkipc_ns_lock);

	list_for_each_entry_safe(req, tmp, &failed, node) {
		list_del_init(&req->node);
		wake_up_interruptible(&req->wait);
		nkipc_cm_put(req);
	}
}
