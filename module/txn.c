// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions: the CALL / RECV / REPLY state machine.
 *
 *   CALL:  pin, check, verdict, QUEUED ---RECV---> RECEIVING -> RECEIVED
 *          ---REPLY---> REPLYING (the page-to-page copy) -> DONE
 *   The client leaving (signal, timeout) cancels a QUEUED, RECEIVING or
 *   RECEIVED txn (CANCELLED); a QUEUED txn is dequeued at once, a received
 *   one stays in svc->inflight until REPLY (-EPIPE) or the server's death
 *   drops it.  A REPLYING txn is waited for (a bounded memcpy), so the
 *   client's buffers are never written after CALL returned.
 *   Pages: the RECV thread uses the request pages while RECEIVING and
 *   unpins them if it finds the txn cancelled; a client cancelling a
 *   QUEUED or RECEIVED txn unpins at once; the last kref put unpins
 *   whatever is left.  The txn holds one reference for the calling thread
 *   and one while it is on svc->queue or in svc->inflight.
 *   nkipc_stop(STEP) marks the nine messaging steps; only test builds
 *   (stop.h) park a thread there, normal builds compile it to nothing.
 */
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "core.h"
#include "stop.h"

static struct kmem_cache *nkipc_txn_cache;

/*
 * Releases the client's buffers and returns their charge.  Called by one
 * thread at a time (see the top of this file), possibly more than once.
 */
static void nkipc_txn_unpin(struct nkipc_txn *t)
{
	nkipc_unpin(&t->req);
	nkipc_unpin(&t->req_arena);
	nkipc_user_uncharge(t->client->user, t->charged);
	t->charged = 0;
}

static void nkipc_txn_free(struct kref *ref)
{
	struct nkipc_txn *t = container_of(ref, struct nkipc_txn, ref);
	struct nkipc_ctx *ctx = t->client;

	nkipc_txn_unpin(t);
	nkipc_xfer_free(t->req_x);
	nkipc_xfer_free(t->res_x);
	kfree(t->req_snap);
	kvfree(t->res_kbuf);
	if (t->mm)
		mmdrop(t->mm);
	if (t->caller)
		put_task_struct(t->caller);
	nkipc_service_put(t->svc);
	/* Kept for the context's next call, unless one is kept already. */
	if (cmpxchg(&ctx->spare, NULL, t))
		kmem_cache_free(nkipc_txn_cache, t);
	nkipc_ctx_put(ctx);
	nkipc_stop_txn_count(-1);
}

/* The context is freed: so is its spare txn. */
void nkipc_txn_free_spare(struct nkipc_ctx *ctx)
{
	if (ctx->spare)
		kmem_cache_free(nkipc_txn_cache, ctx->spare);
}

static void nkipc_txn_put(struct nkipc_txn *t)
{
	kref_put(&t->ref, nkipc_txn_free);
}

/*
 * What a verdict reads: the header snapshot, then the kernel copy or the
 * pinned bytes; pinned bytes are read through @snap, which records them
 * and serves a byte read twice from the record (snap.c).
 */
struct nkipc_msg_view {
	const struct nkipc_msg_hdr *hdr;
	const struct nkipc_pinned *cpart;
	const struct nkipc_pinned *arena;
	struct nkipc_snap *snap;
};

static int nkipc_msg_read(const struct nkipc_msg_info *info,
			  enum nkipc_msg_part part, u32 off, void *buf, u32 len)
{
	const struct nkipc_msg_view *v = info->priv;
	const struct nkipc_pinned *p;
	u32 total, n;

	if (part == NKIPC_PART_CONST) {
		p = v->cpart;
		total = info->const_len;
	} else {
		p = v->arena;
		total = info->arena_len;
	}
	if (off > total || len > total - off)
		return -EFAULT;
	if (part == NKIPC_PART_CONST && off < NKIPC_MSG_HDR_SIZE) {
		n = min_t(u32, len, NKIPC_MSG_HDR_SIZE - off);
		memcpy(buf, (const u8 *)v->hdr + off, n);
		buf += n;
		off += n;
		len -= n;
	}
	/*
	 * Pinned bytes and nothing to record them in: the sender saw no
	 * registrant reading bytes (nkipc_security_active()) before one that
	 * does was published.  Refuse to judge bytes the sender can still
	 * change; only a message sent during that publish is refused.
	 */
	if (len && !v->snap && !p->kbuf && !info->recheck)
		return -EAGAIN;
	if (v->snap)
		nkipc_snap_read(v->snap, p, part, off, buf, len);
	else
		nkipc_pinned_read(p, off, buf, len);
	return 0;
}

/* A policy may call a message malformed; anything else is a denial. */
static int nkipc_verdict(struct nkipc_msg_info *info,
			 const struct nkipc_msg_view *view)
{
	int ret;

	info->read = nkipc_msg_read;
	info->priv = view;
	ret = nkipc_security_msg(info);
	if (!ret)
		return 0;
	return ret == -EBADMSG ? -EBADMSG : -EACCES;
}

static struct nkipc_txn *nkipc_txn_alloc(struct nkipc_service *svc,
					 struct nkipc_ctx *client)
{
	struct nkipc_txn *t;

	t = xchg(&client->spare, NULL);
	if (!t)
		t = kmem_cache_alloc(nkipc_txn_cache, GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	/* qbuf[] and rbuf[] are written before they are read. */
	memset(t, 0, offsetof(struct nkipc_txn, qbuf));
	kref_init(&t->ref);
	init_waitqueue_head(&t->wait);
	INIT_LIST_HEAD(&t->node);
	INIT_HLIST_NODE(&t->hnode);
	t->svc = nkipc_service_get(svc);
	t->client = nkipc_ctx_get(client);
	t->caller = get_task_struct(current);
	t->state = NKIPC_TXN_QUEUED;
	nkipc_stop_txn_count(1);
	return t;
}

static bool nkipc_is_inline(u32 len, u32 arena_len)
{
	return (u64)len + arena_len <= READ_ONCE(nkipc_inline_threshold);
}

/*
 * A message being sent: copied in if @copy (small, nkipc_is_inline()),
 * else pinned.  On error both parts are released.
 */
static int nkipc_source_buffers(struct nkipc_pinned *cpart,
				struct nkipc_pinned *arena, u64 ucpart,
				u32 len, u64 uarena, u32 arena_len,
				unsigned int foll, bool copy)
{
	int ret;

	ret = copy ? nkipc_copy_in(cpart, ucpart, len) :
		     nkipc_pin(cpart, ucpart, len, foll);
	if (ret)
		return ret;
	ret = copy ? nkipc_copy_in(arena, uarena, arena_len) :
		     nkipc_pin(arena, uarena, arena_len, foll);
	if (ret)
		nkipc_unpin(cpart);
	return ret;
}

/* The request verdict on @cpart/@arena: pinned, or a kernel copy. */
static int nkipc_request_verdict(struct nkipc_txn *t,
				 const struct nkipc_riid_info *ri,
				 const struct nkipc_pinned *cpart,
				 const struct nkipc_pinned *arena,
				 struct nkipc_snap *snap, bool recheck)
{
	struct nkipc_service *svc = t->svc;
	struct nkipc_msg_view view = { &t->req_hdr, cpart, arena, snap };
	struct nkipc_msg_info info = {
		.dir = NKIPC_DIR_REQUEST,
		.src = &t->client->id,
		.dst = &svc->server->id,
		.channel = svc->name,
		.iface = ri->iface,
		.endpoint = ri->first_name,
		.riid = t->req_hdr.riid,
		.mid = t->req_hdr.mid,
		.const_len = t->req_hdr.size,
		.arena_len = t->req_hdr.arena_size,
		.recheck = recheck,
	};

	nkipc_xfer_info(t->req_x, &info);
	return nkipc_verdict(&info, &view);
}

/* Bytes of the whole pages that pinning @len bytes at @uaddr holds. */
static unsigned long nkipc_pinned_bytes(u64 uaddr, u32 len)
{
	if (!len)
		return 0;
	return round_up(offset_in_page(uaddr) + (unsigned long)len,
			PAGE_SIZE);
}

/*
 * Gets the request and notes the response buffers, then checks the
 * request (CALL steps 1-2).  A request of up to NKIPC_TXN_BUF bytes is
 * copied into the txn, a larger small one into a kernel buffer, a large
 * one is pinned.  The response buffers are only checked to be user
 * addresses: nothing of them is pinned or touched until the response is
 * written (nkipc_txn_respond(), nkipc_txn_call()), so a call costs the
 * same whatever response capacity it offers.
 */
static int nkipc_txn_prepare(struct nkipc_txn *t, const struct nkipc_call *c)
{
	u32 res_cap = min(c->res_cap, nkipc_max_msg_size);
	u32 res_arena_cap = min(c->res_arena_cap, nkipc_max_msg_size);
	u64 req_total = (u64)c->req_len + c->req_arena_len;
	bool copy = nkipc_is_inline(c->req_len, c->req_arena_len);
	struct nkipc_service *svc = t->svc;
	const struct nkipc_riid_info *ri;
	unsigned long bytes;
	int ret;

	if (!access_ok(u64_to_user_ptr(c->res), res_cap) ||
	    !access_ok(u64_to_user_ptr(c->res_arena), res_arena_cap))
		return -EFAULT;
	t->ures = c->res;
	t->ures_arena = c->res_arena;
	t->res_cap = res_cap;
	t->res_arena_cap = res_arena_cap;
	t->res_handles_cap = c->res_handles ? c->res_handles_cap : 0;
	if ((u64)res_cap + res_arena_cap > NKIPC_TXN_BUF) {
		/* A response too large for rbuf[] is pinned at REPLY. */
		t->mm = current->mm;
		mmgrab(t->mm);
	}

	if (req_total <= NKIPC_TXN_BUF) {
		/* Inside the txn: its memory is charged with it. */
		ret = nkipc_copy_in_buf(&t->req, c->req, c->req_len, t->qbuf,
					NKIPC_TXN_BUF);
		if (!ret)
			ret = nkipc_copy_in_buf(&t->req_arena, c->req_arena,
						c->req_arena_len,
						t->qbuf + c->req_len,
						NKIPC_TXN_BUF - c->req_len);
		if (ret)
			return ret;
	} else {
		/* Charged before anything is pinned or allocated (account.c). */
		if (copy)
			bytes = req_total;
		else
			bytes = nkipc_pinned_bytes(c->req, c->req_len) +
				nkipc_pinned_bytes(c->req_arena,
						   c->req_arena_len);
		ret = nkipc_user_charge(t->client->user, bytes, &t->charged);
		if (ret)
			return ret;
		ret = nkipc_source_buffers(&t->req, &t->req_arena, c->req,
					   c->req_len, c->req_arena,
					   c->req_arena_len, FOLL_LONGTERM,
					   copy);
		if (ret)
			return ret;
	}

	/* The header is snapshotted: what is checked is what is delivered. */
	nkipc_pinned_read(&t->req, 0, &t->req_hdr, NKIPC_MSG_HDR_SIZE);
	ret = nkipc_check_msg(&t->req_hdr, c->req_len, c->req_arena_len);
	if (ret)
		return ret;
	ri = nkipc_check_target(svc, &t->req_hdr);
	if (!ri)
		return -EBADMSG;
	/* Its handles are taken now, and judged with it. */
	ret = nkipc_xfer_get(&t->req_x, c->req_handles, t->req_hdr.ncaps);
	if (ret)
		return ret;

	/* A pinned request: remember what the policy read (snap.c). */
	if (!t->req.kbuf && nkipc_security_active()) {
		t->req_snap = nkipc_snap_alloc();
		if (!t->req_snap)
			return -ENOMEM;
	}
	nkipc_stop(NKIPC_STEP_REQ_VERDICT);
	ret = nkipc_request_verdict(t, ri, &t->req, &t->req_arena,
				    t->req_snap, false);
	if (ret || !t->req_snap || !t->req_snap->overflow)
		return ret;

	/*
	 * The verdict read more than the record holds, so it cannot be
	 * replayed over the delivered copy: the request becomes a kernel
	 * copy, checked again, and that verdict decides.  (A denial of the
	 * first verdict stands: refusing is always safe.)
	 */
	kfree(t->req_snap);
	t->req_snap = NULL;
	ret = nkipc_pinned_bounce(&t->req) ?:
	      nkipc_pinned_bounce(&t->req_arena);
	if (ret)
		return ret;
	/* The copy's header is the checked one (delivered from the copy). */
	nkipc_pinned_write(&t->req, 0, &t->req_hdr, NKIPC_MSG_HDR_SIZE);
	return nkipc_request_verdict(t, ri, &t->req, &t->req_arena, NULL,
				     true);
}

/*
 * A request was queued: wake a RECV thread and pollers, but only if
 * somebody waits.  wq_has_sleeper() orders the queueing before the check
 * (smp_mb()) against prepare_to_wait() then the check of the queue on the
 * waiting side, so a waiter either sees the request or is seen here.
 * Skipping the wait-queue lock when nobody sleeps is the common case of a
 * server busy with the previous request.
 */
static void nkipc_svc_wake(struct nkipc_service *svc)
{
	if (wq_has_sleeper(&svc->recv_wait))
		wake_up_interruptible(&svc->recv_wait);
	if (wq_has_sleeper(&svc->poll_wait))
		wake_up_interruptible_poll(&svc->poll_wait,
					   EPOLLIN | EPOLLRDNORM);
}

static int nkipc_txn_enqueue(struct nkipc_txn *t)
{
	struct nkipc_service *svc = t->svc;

	spin_lock(&svc->lock);
	if (svc->dead) {
		spin_unlock(&svc->lock);
		return -EPIPE;
	}
	kref_get(&t->ref);
	list_add_tail(&t->node, &svc->queue);
	spin_unlock(&svc->lock);

	nkipc_svc_wake(svc);
	return 0;
}

/*
 * The calling thread stops waiting (@why: -EINTR or -ETIMEDOUT) unless the
 * txn completed meanwhile, in which case its result wins.
 */
static int nkipc_txn_withdraw(struct nkipc_txn *t, int why)
{
	struct nkipc_service *svc = t->svc;
	bool drop_queue_ref = false, unpin = false;
	struct task_struct *caller = NULL;
	int ret = why;

	spin_lock(&svc->lock);
	while (t->state == NKIPC_TXN_REPLYING) {
		/* The response is being copied in: short, and then final. */
		spin_unlock(&svc->lock);
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (READ_ONCE(t->state) != NKIPC_TXN_REPLYING)
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		spin_lock(&svc->lock);
	}
	switch (t->state) {
	case NKIPC_TXN_DONE:
		ret = t->result;
		break;
	case NKIPC_TXN_QUEUED:
		list_del_init(&t->node);
		drop_queue_ref = true;
		unpin = true;
		t->state = NKIPC_TXN_CANCELLED;
		break;
	case NKIPC_TXN_RECEIVED:
		unpin = true;
		t->state = NKIPC_TXN_CANCELLED;
		break;
	default:
		/* RECEIVING: the RECV thread unpins when it is done. */
		t->state = NKIPC_TXN_CANCELLED;
		break;
	}
	/*
	 * Nobody wakes a cancelled call (nkipc_txn_decide() and
	 * nkipc_txn_fail_all() check), so the thread is let go now: a
	 * cancelled txn a server keeps in flight does not pin a task that
	 * may have exited.
	 */
	if (t->state == NKIPC_TXN_CANCELLED) {
		caller = t->caller;
		t->caller = NULL;
	}
	spin_unlock(&svc->lock);

	if (caller)
		put_task_struct(caller);
	if (unpin)
		nkipc_txn_unpin(t);
	if (drop_queue_ref)
		nkipc_txn_put(t);
	return ret;
}

/*
 * The response left in the txn (rbuf[], bounds checked here, see
 * nkipc_copy_in_buf(); or a staged one) into the caller's buffers.
 */
static int nkipc_res_to_user(const struct nkipc_txn *t)
{
	void __user *res = u64_to_user_ptr(t->ures);
	void __user *arena = u64_to_user_ptr(t->ures_arena);

	if (t->res_buf != t->rbuf)
		return copy_to_user(res, t->res_buf, t->res_len) ||
		       copy_to_user(arena, t->res_buf + t->res_len,
				    t->res_arena_len) ? -EFAULT : 0;
	if (WARN_ON_ONCE((u64)t->res_len + t->res_arena_len > NKIPC_TXN_BUF))
		return -EFAULT;
	if (nkipc_small_to_user(res, t->rbuf, t->res_len) ||
	    (t->res_arena_len &&
	     nkipc_small_to_user(arena, t->rbuf + t->res_len,
				 t->res_arena_len)))
		return -EFAULT;
	return 0;
}

/* CALL's out fields only; the rest of the struct is the caller's. */
static int nkipc_call_put_lens(void __user *uarg, u32 usize,
			       const struct nkipc_txn *t)
{
	struct nkipc_call __user *u = uarg;

	/* every accepted size has them (nkipc_get_arg()) */
	BUILD_BUG_ON(offsetofend(struct nkipc_call, res_arena_len) >
		     NKIPC_CALL_SIZE_VER0);
	/* a VER0 caller owns only its usize bytes (the top of user space) */
	if (!user_write_access_begin(u, min_t(size_t, usize, sizeof(*u))))
		return -EFAULT;
	unsafe_put_user(t->res_len, &u->res_len, efault);
	unsafe_put_user(t->res_arena_len, &u->res_arena_len, efault);
	if (usize >= offsetofend(struct nkipc_call, res_handles_len))
		unsafe_put_user(t->res_ncaps, &u->res_handles_len, efault);
	user_write_access_end();
	return 0;
efault:
	user_write_access_end();
	return -EFAULT;
}

/*
 * An untimed CALL waits for DONE, interruptibly, woken by
 * wake_up_process() of the replier, nkipc_txn_decide() or
 * nkipc_txn_fail_all() (each holds a txn reference, so t->caller is
 * alive).  They set the state under svc->lock before waking;
 * set_current_state()'s barrier orders this thread's check after its
 * state change, so a wakeup is never lost.  No wait queue: no lock is
 * taken to sleep or to be woken.  A waker may find the caller already
 * gone on (it saw DONE before being woken) and wake whatever it sleeps
 * in next: a spurious wakeup, which every kernel sleep rechecks for (the
 * same holds for wake_q).
 */
static int nkipc_txn_wait_done(struct nkipc_txn *t)
{
	int ret = 0;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(t->state) == NKIPC_TXN_DONE)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return ret;
}

long nkipc_txn_call(struct nkipc_service *svc, struct nkipc_ctx *client,
		    void __user *uarg)
{
	struct nkipc_xfer_out xo = {};
	struct nkipc_txn *t;
	struct nkipc_call c;
	u32 usize;
	int ret;

	ret = nkipc_get_arg(&c, sizeof(c), uarg, NKIPC_CALL_SIZE_VER0, &usize);
	if (ret)
		return ret;
	/* Two words: cheaper than memchr_inv() on the hot path. */
	BUILD_BUG_ON(ARRAY_SIZE(c.reserved) != 2);
	if (c.flags || c.reserved[0] || c.reserved[1])
		return -EINVAL;
	if ((u64)c.req_len + c.req_arena_len > nkipc_max_msg_size)
		return -EMSGSIZE;
	if (c.req_len < NKIPC_MSG_HDR_SIZE)
		return -EBADMSG;
	nkipc_stop(NKIPC_STEP_CALL);
	if (READ_ONCE(svc->dead))
		return -EPIPE;

	t = nkipc_txn_alloc(svc, client);
	if (!t)
		return -ENOMEM;
	ret = nkipc_txn_prepare(t, &c);
	if (!ret)
		ret = nkipc_txn_enqueue(t);
	if (ret)
		goto out;
	nkipc_stop(NKIPC_STEP_QUEUED);

	/* 0: wait as long as it takes, without setting up a timer */
	if (!c.timeout_ns || c.timeout_ns >= KTIME_MAX)
		ret = nkipc_txn_wait_done(t);
	else
		ret = wait_event_interruptible_hrtimeout(t->wait,
							 READ_ONCE(t->state) == NKIPC_TXN_DONE,
							 nkipc_timeout_ktime(c.timeout_ns));
	ret = nkipc_txn_withdraw(t, ret == -ETIME ? -ETIMEDOUT : -EINTR);

	/* The response's handles: fds reserved here, installed last. */
	if (!ret && t->res_x)
		ret = nkipc_xfer_prepare(t->res_x, client, c.res_handles, &xo);
	/* A small response waits in the txn for its caller to copy it. */
	if (!ret && t->res_buf && nkipc_res_to_user(t))
		ret = -EFAULT;
	if ((!ret || ret == -ENOBUFS) &&
	    nkipc_call_put_lens(uarg, usize, t))
		ret = -EFAULT;
	if (!ret)
		nkipc_xfer_commit(&xo);
	else
		nkipc_xfer_abort(&xo);
	nkipc_stop(NKIPC_STEP_DONE);
out:
	nkipc_txn_put(t);
	return ret;
}

static bool nkipc_svc_has_work(struct nkipc_service *svc)
{
	return !list_empty_careful(&svc->queue) || READ_ONCE(svc->dead);
}

/*
 * Takes @t out of svc->inflight.  The hash holds one reference, and only
 * the caller that really unhashes @t may drop it: a cancelled txn can be
 * met at once by its RECV thread, by REPLY calls naming its txid and by the
 * decide step of a REPLY in progress.  True if the caller now owns the
 * inflight reference.
 */
static bool nkipc_txn_unhash(struct nkipc_txn *t)
{
	lockdep_assert_held(&t->svc->lock);
	if (!hash_hashed(&t->hnode))
		return false;
	hash_del(&t->hnode);
	return true;
}

/* Takes the oldest queued txn if it fits (RECV steps 3-4). */
static struct nkipc_txn *nkipc_txn_dequeue(struct nkipc_service *svc,
					   struct nkipc_recv *r, int *err)
{
	struct nkipc_txn *t;

	lockdep_assert_held(&svc->lock);
	*err = 0;
	if (svc->dead) {
		*err = -EPIPE;
		return NULL;
	}
	t = list_first_entry_or_null(&svc->queue, struct nkipc_txn, node);
	if (!t)
		return NULL;
	if (t->req_hdr.size > r->req_cap ||
	    t->req_hdr.arena_size > r->req_arena_cap ||
	    nkipc_xfer_count(t->req_x) > r->handles_cap) {
		r->req_len = t->req_hdr.size;
		r->req_arena_len = t->req_hdr.arena_size;
		r->handles_len = nkipc_xfer_count(t->req_x);
		*err = -ENOBUFS;
		return NULL;
	}
	list_del_init(&t->node);
	kref_get(&t->ref);	/* for the receiving thread */
	t->state = NKIPC_TXN_RECEIVING;
	if (!t->txid)
		t->txid = ++svc->next_txid;
	hash_add(svc->inflight, &t->hnode, t->txid);
	return t;
}

/*
 * from_k[ug]id_munged(), without the map lookup for the initial user
 * namespace, whose map is the identity (an invalid id is the overflow id
 * there too).
 */
static u32 nkipc_uid_seen(struct user_namespace *ns, kuid_t uid)
{
	if (ns == &init_user_ns && uid_valid(uid))
		return __kuid_val(uid);
	return from_kuid_munged(ns, uid);
}

static u32 nkipc_gid_seen(struct user_namespace *ns, kgid_t gid)
{
	if (ns == &init_user_ns && gid_valid(gid))
		return __kgid_val(gid);
	return from_kgid_munged(ns, gid);
}

/*
 * Straight from the client's buffers (or inline copy) to the server: the
 * checked header, then each part in one ascending pass, the bytes the
 * verdict read of a pinned request from its record (snap.c).  A fault
 * half-way leaves in the server's buffers only bytes that are what the
 * verdict saw wherever it looked.
 */
static int nkipc_txn_deliver(struct nkipc_txn *t, struct nkipc_recv *r,
			     bool class)
{
	const struct nkipc_identity *id = &t->client->id;
	void __user *req = u64_to_user_ptr(r->req);

	/*
	 * A kernel copy's header is the one checked (req_hdr was read from
	 * it, or written into it after a bounce, and nothing writes either
	 * later): the constant part in one copy.
	 */
	if (t->req.kbuf) {
		if (nkipc_pinned_to_user(&t->req, 0, req, t->req_hdr.size))
			return -EFAULT;
	} else if (copy_to_user(req, &t->req_hdr, NKIPC_MSG_HDR_SIZE) ||
		   nkipc_snap_to_user(t->req_snap, NKIPC_PART_CONST, &t->req,
				      NKIPC_MSG_HDR_SIZE, req,
				      t->req_hdr.size)) {
		return -EFAULT;
	}
	if (t->req_hdr.arena_size &&
	    nkipc_snap_to_user(t->req_snap, NKIPC_PART_ARENA, &t->req_arena,
			       0, u64_to_user_ptr(r->req_arena),
			       t->req_hdr.arena_size))
		return -EFAULT;

	r->req_len = t->req_hdr.size;
	r->req_arena_len = t->req_hdr.arena_size;
	r->txid = t->txid;
	r->src_pid = pid_nr_ns(id->pid, task_active_pid_ns(current));
	r->src_uid = nkipc_uid_seen(current_user_ns(), id->cred->euid);
	r->src_gid = nkipc_gid_seen(current_user_ns(), id->cred->egid);
	if (class)
		strscpy_pad(r->src_class, id->class_name, sizeof(r->src_class));
	return 0;
}

/* Where RECV's results go: a struct nkipc_recv, or REPLY_RECV's @rr. */
struct nkipc_recv_out {
	void __user *uarg;
	u32 usize;
	struct nkipc_reply_recv *rr;	/* NULL: NKIPC_IOC_RECV */
};

/*
 * Only the out fields are written back (the rest of the struct is what
 * the caller passed): REPLY_RECV 36 bytes instead of 120, RECV 168
 * instead of 216, in copies of constant size.
 */
static int nkipc_recv_put(const struct nkipc_recv_out *o,
			  const struct nkipc_recv *r)
{
	struct nkipc_reply_recv __user *u = o->uarg;
	struct nkipc_reply_recv *rr = o->rr;

	if (!rr) {
		struct nkipc_recv __user *ur = o->uarg;

		/* req_len .. src_class: a copy of constant size */
		BUILD_BUG_ON(offsetofend(struct nkipc_recv, src_class) >
			     NKIPC_RECV_SIZE_VER0);
		if (copy_to_user(&ur->req_len, &r->req_len,
				 offsetofend(struct nkipc_recv, src_class) -
				 offsetof(struct nkipc_recv, req_len)))
			return -EFAULT;
		if (o->usize >= offsetofend(struct nkipc_recv, handles_len) &&
		    put_user(r->handles_len, &ur->handles_len))
			return -EFAULT;
		return 0;
	}
	BUILD_BUG_ON(offsetofend(struct nkipc_reply_recv, reserved1) >
		     NKIPC_REPLY_RECV_SIZE_VER0);
	if (r->txid)
		rr->txid = r->txid;
	if (!user_write_access_begin(u, min_t(size_t, o->usize, sizeof(*u))))
		return -EFAULT;
	unsafe_put_user(rr->txid, &u->txid, efault);
	unsafe_put_user(rr->reply_result, &u->reply_result, efault);
	unsafe_put_user(r->req_len, &u->req_len, efault);
	unsafe_put_user(r->req_arena_len, &u->req_arena_len, efault);
	unsafe_put_user(r->src_pid, &u->src_pid, efault);
	unsafe_put_user(r->src_uid, &u->src_uid, efault);
	unsafe_put_user(r->src_gid, &u->src_gid, efault);
	if (o->usize >= offsetofend(struct nkipc_reply_recv, req_handles_len))
		unsafe_put_user(r->handles_len, &u->req_handles_len, efault);
	user_write_access_end();
	return 0;
efault:
	user_write_access_end();
	return -EFAULT;
}

/*
 * RECV waiters wait exclusively, so that one queued request wakes one
 * server thread; a thread that leaves without a request passes its
 * wakeup on (nkipc_txn_recv()).
 */
/* 0 when there may be work, -EINTR, or -ETIMEDOUT at @deadline. */
static int nkipc_recv_wait(struct nkipc_service *svc, ktime_t deadline)
{
	DEFINE_WAIT(wait);
	int ret = 0;

	for (;;) {
		prepare_to_wait_exclusive(&svc->recv_wait, &wait,
					  TASK_INTERRUPTIBLE);
		if (nkipc_svc_has_work(svc))
			break;
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (deadline != KTIME_MAX &&
		    ktime_compare(ktime_get(), deadline) >= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		schedule_hrtimeout_range(&deadline, current->timer_slack_ns,
					 HRTIMER_MODE_ABS);
	}
	finish_wait(&svc->recv_wait, &wait);
	return ret;
}

/*
 * The deadline is taken when the thread is first about to wait, not when
 * RECV starts (a queued request is taken without reading the clock); the
 * wait is never shorter than asked.
 */
static struct nkipc_txn *nkipc_txn_take(struct nkipc_service *svc,
					struct nkipc_recv *r, int *err)
{
	ktime_t deadline = 0;
	struct nkipc_txn *t;

	for (;;) {
		spin_lock(&svc->lock);
		t = nkipc_txn_dequeue(svc, r, err);
		spin_unlock(&svc->lock);
		if (t || *err)
			return t;
		if (!r->timeout_ns) {
			*err = -EAGAIN;
			return NULL;
		}
		if (!deadline)
			deadline = r->timeout_ns >= KTIME_MAX ? KTIME_MAX :
				   nkipc_deadline(r->timeout_ns);
		*err = nkipc_recv_wait(svc, deadline);
		if (*err)
			return NULL;
	}
}

/* Delivers @t to the RECV caller and settles its state; RECV's result. */
static int nkipc_txn_recv_one(struct nkipc_txn *t, struct nkipc_recv *r,
			      const struct nkipc_recv_out *o)
{
	struct nkipc_service *svc = t->svc;
	bool drop = false, requeued = false, unpin = false;
	struct nkipc_xfer_out xo = {};
	int ret;

	nkipc_stop(NKIPC_STEP_RECV_COPY);
	ret = nkipc_txn_deliver(t, r, !o->rr);
	r->handles_len = nkipc_xfer_count(t->req_x);
	if (!ret && t->req_x)
		ret = nkipc_xfer_prepare(t->req_x, svc->server, r->handles, &xo);
	if (!ret)
		ret = nkipc_recv_put(o, r);
	/* Installed only once everything else was delivered. */
	if (!ret && t->req_x) {
		nkipc_xfer_commit(&xo);
		nkipc_xfer_free(t->req_x);
		t->req_x = NULL;
	} else {
		nkipc_xfer_abort(&xo);
	}

	spin_lock(&svc->lock);
	if (t->state == NKIPC_TXN_CANCELLED) {
		/* Delivered: REPLY will learn (-EPIPE).  Else: forget it. */
		unpin = true;
		if (ret)
			drop = nkipc_txn_unhash(t);
	} else if (ret) {
		/* Lose nothing: back to the head of the queue. */
		hash_del(&t->hnode);
		t->state = NKIPC_TXN_QUEUED;
		list_add(&t->node, &svc->queue);
		requeued = true;
	} else {
		t->state = NKIPC_TXN_RECEIVED;
	}
	spin_unlock(&svc->lock);

	if (unpin)
		nkipc_txn_unpin(t);
	if (requeued)
		nkipc_svc_wake(svc);
	if (drop)
		nkipc_txn_put(t);
	nkipc_txn_put(t);	/* ours, from nkipc_txn_dequeue() */
	if (!ret)
		nkipc_stop(NKIPC_STEP_RECEIVED);
	return ret;
}

static int nkipc_txn_recv_common(struct nkipc_service *svc,
				 struct nkipc_recv *r,
				 const struct nkipc_recv_out *o)
{
	struct nkipc_txn *t;
	int ret;

	t = nkipc_txn_take(svc, r, &ret);
	if (!t) {
		/* Pass on a wakeup this thread may have consumed. */
		if (!list_empty_careful(&svc->queue))
			wake_up_interruptible(&svc->recv_wait);
		if (ret == -ENOBUFS && nkipc_recv_put(o, r))
			ret = -EFAULT;
		return ret;
	}
	return nkipc_txn_recv_one(t, r, o);
}

long nkipc_txn_recv(struct nkipc_service *svc, void __user *uarg)
{
	struct nkipc_recv_out o = { .uarg = uarg };
	struct nkipc_recv r;
	int ret;

	ret = nkipc_get_arg(&r, sizeof(r), uarg, NKIPC_RECV_SIZE_VER0,
			    &o.usize);
	if (ret)
		return ret;
	BUILD_BUG_ON(ARRAY_SIZE(r.reserved) != 2);
	if (r.flags || r.reserved0 || r.reserved[0] || r.reserved[1])
		return -EINVAL;
	r.txid = 0;
	if (!r.handles)
		r.handles_cap = 0;
	return nkipc_txn_recv_common(svc, &r, &o);
}

/* Looks up a received txn by @txid, with a reference. */
static struct nkipc_txn *nkipc_txn_find(struct nkipc_service *svc, u64 txid,
					int *err)
{
	struct nkipc_txn *t, *found = NULL;
	bool drop = false;

	spin_lock(&svc->lock);
	hash_for_each_possible(svc->inflight, t, hnode, txid) {
		if (t->txid == txid) {
			found = t;
			break;
		}
	}
	t = found;
	if (!t) {
		*err = -ENOENT;
	} else if (t->state == NKIPC_TXN_CANCELLED) {
		/* Its client is gone: tell the server, forget the txn. */
		drop = nkipc_txn_unhash(t);
		*err = -EPIPE;
	} else if (t->state != NKIPC_TXN_RECEIVED) {
		*err = -EBUSY;
	} else {
		kref_get(&t->ref);
		*err = 0;
	}
	spin_unlock(&svc->lock);

	if (drop)
		nkipc_txn_put(t);	/* the inflight reference */
	return *err ? NULL : t;
}

/*
 * Decides the transaction (REPLY step 7): @outcome 0 moves it to REPLYING
 * for the copy, an error ends it (the client gets @outcome).  -EPIPE if
 * the client left, -EBUSY if another REPLY got there first.
 */
static int nkipc_txn_decide(struct nkipc_txn *t, int outcome,
			    const struct nkipc_reply *p, u16 ncaps)
{
	struct nkipc_service *svc = t->svc;
	bool forget = false;
	int ret = 0;

	spin_lock(&svc->lock);
	if (t->state == NKIPC_TXN_CANCELLED) {
		forget = nkipc_txn_unhash(t);
		ret = -EPIPE;
	} else if (t->state != NKIPC_TXN_RECEIVED) {
		ret = -EBUSY;
	} else {
		t->res_len = p->res_len;
		t->res_arena_len = p->res_arena_len;
		t->res_ncaps = ncaps;
		t->state = NKIPC_TXN_REPLYING;
		if (outcome) {
			forget = nkipc_txn_unhash(t);
			t->result = outcome;
			t->state = NKIPC_TXN_DONE;
		}
	}
	spin_unlock(&svc->lock);

	if (outcome && !ret)
		wake_up_process(t->caller);
	if (forget)
		nkipc_txn_put(t);	/* the inflight reference */
	return ret;
}

/* After the copy: the client gets its response (REPLY step 8). */
static void nkipc_txn_complete(struct nkipc_txn *t, int result)
{
	struct nkipc_service *svc = t->svc;
	bool drop;

	spin_lock(&svc->lock);
	drop = nkipc_txn_unhash(t);
	t->result = result;
	t->state = NKIPC_TXN_DONE;
	spin_unlock(&svc->lock);

	/* Wakes the caller, or a withdrawing caller waiting for the copy. */
	wake_up_process(t->caller);
	if (drop)
		nkipc_txn_put(t);	/* the inflight reference */
}

/*
 * Checks the response.  Returns 0, a negative error that only concerns
 * the server (@final false: the txn keeps waiting for a REPLY), or an
 * outcome the client shares (@final).
 */
static int nkipc_txn_check_response(struct nkipc_txn *t,
				    const struct nkipc_reply *p,
				    struct nkipc_msg_hdr *hdr,
				    const struct nkipc_pinned *sres,
				    bool *final)
{
	int ret;

	*final = false;
	nkipc_pinned_read(sres, 0, hdr, NKIPC_MSG_HDR_SIZE);
	ret = nkipc_check_msg(hdr, p->res_len, p->res_arena_len);
	if (ret)
		return ret;
	/* Handles without a table: malformed, the server's own error. */
	if (hdr->ncaps && !p->handles)
		return -EBADMSG;
	*final = true;
	if (p->res_len > t->res_cap || p->res_arena_len > t->res_arena_cap ||
	    hdr->ncaps > t->res_handles_cap)
		return -ENOBUFS;
	return 0;
}

/*
 * A response too large for t->rbuf goes straight into the client's
 * buffers, pinned now for the bytes sent (nkipc_pin_remote()); they are
 * only written once the txn is REPLYING, so never after CALL returned.
 * A client that is going away (its mm is) is -EPIPE; response buffers
 * that cannot be pinned writable fail the call (-EFAULT), the outcome the
 * client and REPLY share.  The pages are pinned for the copy only, on the
 * replying thread: the server's memory cgroup pays for the page arrays,
 * and nothing is charged to the client's max_user_bytes.
 */
static int nkipc_txn_pin_client(struct nkipc_txn *t,
				const struct nkipc_reply *p,
				struct nkipc_pinned *dres,
				struct nkipc_pinned *darena)
{
	int ret;

	if (!t->mm || !mmget_not_zero(t->mm))
		return -EPIPE;
	ret = nkipc_pin_remote(dres, t->mm, t->ures, p->res_len);
	if (!ret) {
		ret = nkipc_pin_remote(darena, t->mm, t->ures_arena,
				       p->res_arena_len);
		if (ret)
			nkipc_unpin(dres);
	}
	mmput(t->mm);
	return ret;
}

/* The response verdict on @cpart/@arena: pinned, or a kernel copy. */
static int nkipc_response_verdict(struct nkipc_txn *t,
				  const struct nkipc_msg_hdr *hdr,
				  const struct nkipc_pinned *cpart,
				  const struct nkipc_pinned *arena,
				  struct nkipc_snap *snap, bool recheck,
				  const struct nkipc_xfer *x)
{
	struct nkipc_service *svc = t->svc;
	/* A response belongs to its request's endpoint and method. */
	const struct nkipc_riid_info *ri = nkipc_check_target(svc, &t->req_hdr);
	struct nkipc_msg_view view = { hdr, cpart, arena, snap };
	struct nkipc_msg_info info = {
		.dir = NKIPC_DIR_RESPONSE,
		.src = &svc->server->id,
		.dst = &t->client->id,
		.channel = svc->name,
		.iface = ri->iface,
		.endpoint = ri->first_name,
		.riid = t->req_hdr.riid,
		.mid = t->req_hdr.mid,
		.const_len = hdr->size,
		.arena_len = hdr->arena_size,
		.recheck = recheck,
	};

	nkipc_xfer_info(x, &info);
	return nkipc_verdict(&info, &view);
}

/*
 * REPLY: everything that can fault or take long (getting the server's
 * buffers, checks, the verdict) happens before the txn is decided;
 * REPLYING only covers the copy, so a client withdrawing meanwhile can
 * afford to wait for it and never has its buffers written after CALL
 * returned.
 *
 * The verdict checks the response before the copy.  A pinned response
 * could be rewritten by another server thread meanwhile, so with a policy
 * loaded the bytes the verdict read are recorded and the copy takes them
 * from the record (snap.c); if it read too much for that, the response is
 * first copied into a kernel buffer and checked again there, and that
 * copy is delivered.  Either way the client's buffers only ever receive
 * what the verdict saw.
 */
static int nkipc_txn_respond(struct nkipc_txn *t, const struct nkipc_reply *p)
{
	struct nkipc_pinned sres, sarena, dres = {}, darena = {};
	u32 total = p->res_len + p->res_arena_len;
	bool small = total <= NKIPC_TXN_BUF;
	struct nkipc_snap *snap = NULL;
	u8 kbuf[NKIPC_TXN_BUF], *staged = NULL;
	struct nkipc_xfer *x = NULL;
	struct nkipc_msg_hdr hdr;
	bool final;
	int ret;

	if (small) {
		/* Copied once more into t->rbuf once the txn is ours. */
		ret = nkipc_copy_in_buf(&sres, p->res, p->res_len, kbuf,
					NKIPC_TXN_BUF);
		if (!ret)
			ret = nkipc_copy_in_buf(&sarena, p->res_arena,
						p->res_arena_len,
						kbuf + p->res_len,
						NKIPC_TXN_BUF - p->res_len);
	} else {
		ret = nkipc_source_buffers(&sres, &sarena, p->res, p->res_len,
					   p->res_arena, p->res_arena_len, 0,
					   nkipc_is_inline(p->res_len,
							   p->res_arena_len));
	}
	if (ret)
		return ret;
	if (!sres.kbuf && nkipc_security_active()) {
		snap = nkipc_snap_alloc();
		if (!snap) {
			ret = -ENOMEM;
			goto unpin;
		}
	}

	ret = nkipc_txn_check_response(t, p, &hdr, &sres, &final);
	if (!ret) {
		/* The server's table is its own error: the call waits on. */
		ret = nkipc_xfer_get(&x, p->handles, hdr.ncaps);
		if (ret)
			final = false;
	}
	if (!ret) {
		nkipc_stop(NKIPC_STEP_RES_VERDICT);
		ret = nkipc_response_verdict(t, &hdr, &sres, &sarena, snap,
					     false, x);
	}
	if (!ret && snap && snap->overflow) {
		/* Read too much to record: check a kernel copy instead. */
		kfree(snap);
		snap = NULL;
		ret = nkipc_pinned_bounce(&sres) ?:
		      nkipc_pinned_bounce(&sarena);
		if (ret)
			goto unpin;	/* the server may try again */
		ret = nkipc_response_verdict(t, &hdr, &sres, &sarena, NULL,
					     true, x);
	}
	if (!ret && !small) {
		ret = nkipc_txn_pin_client(t, p, &dres, &darena);
		/*
		 * A server killed inside REPLY still completes it (pinning
		 * stops at a fatal signal): the response is staged in a
		 * kernel buffer, which the woken caller copies out.
		 */
		if (ret == -EINTR && fatal_signal_pending(current)) {
			staged = kvmalloc(total, NKIPC_GFP_LARGE);
			ret = staged ? 0 : -ENOMEM;
		}
		if (staged) {
			/* written into as into the client's pages */
			dres.kbuf = staged;
			dres.len = p->res_len;
			dres.borrowed = true;
			darena.kbuf = staged + p->res_len;
			darena.len = p->res_arena_len;
			darena.borrowed = true;
		}
		/* Out of memory: the server may try again. */
		if (ret && ret != -EFAULT && ret != -EPIPE)
			final = false;
	}
	if (ret && !final)
		goto unpin;
	if (ret) {
		/* The client shares this outcome; REPLY reports it too. */
		ret = nkipc_txn_decide(t, ret, p, hdr.ncaps) ?: ret;
		goto unpin;
	}
	ret = nkipc_txn_decide(t, 0, p, hdr.ncaps);
	if (ret)
		goto unpin;
	/* REPLYING is ours: the handles go with the response. */
	t->res_x = x;
	x = NULL;
	/* Test builds: parks inside REPLYING, see stop.h. */
	nkipc_stop(NKIPC_STEP_RES_COPY);

	if (small) {
		/* sres/sarena are kernel copies: what the verdict saw. */
		memcpy(t->rbuf, &hdr, NKIPC_MSG_HDR_SIZE);
		memcpy(t->rbuf + NKIPC_MSG_HDR_SIZE, kbuf + NKIPC_MSG_HDR_SIZE,
		       total - NKIPC_MSG_HDR_SIZE);
		t->res_buf = t->rbuf;
	} else {
		nkipc_pinned_write(&dres, 0, &hdr, NKIPC_MSG_HDR_SIZE);
		nkipc_snap_to_pinned(snap, NKIPC_PART_CONST, &sres,
				     NKIPC_MSG_HDR_SIZE, &dres, p->res_len);
		nkipc_snap_to_pinned(snap, NKIPC_PART_ARENA, &sarena, 0,
				     &darena, p->res_arena_len);
		if (staged) {
			t->res_kbuf = staged;
			t->res_buf = staged;
			staged = NULL;
		}
	}
	nkipc_txn_complete(t, 0);
unpin:
	nkipc_xfer_free(x);
	kvfree(staged);
	nkipc_unpin(&darena);
	nkipc_unpin(&dres);
	kfree(snap);
	nkipc_unpin(&sarena);
	nkipc_unpin(&sres);
	return ret;
}

static int nkipc_txn_reply_one(struct nkipc_service *svc,
			       const struct nkipc_reply *p)
{
	struct nkipc_txn *t;
	int ret;

	if ((u64)p->res_len + p->res_arena_len > nkipc_max_msg_size)
		return -EMSGSIZE;
	if (p->res_len < NKIPC_MSG_HDR_SIZE)
		return -EBADMSG;

	t = nkipc_txn_find(svc, p->txid, &ret);
	if (!t)
		return ret;
	nkipc_stop(NKIPC_STEP_REPLY);
	ret = nkipc_txn_respond(t, p);
	nkipc_txn_put(t);	/* ours, from nkipc_txn_find() */
	return ret;
}

/*
 * After a good reply: if another task is runnable on this CPU (usually the
 * caller just woken, which the wakeup placed here), the scheduler may run
 * it first: schedule() while still runnable, a voluntary preemption point
 * where the scheduling class picks (CFS: the lower vruntime, which the
 * caller that slept through the server's work has), so fairness decides
 * and nothing is forced.  The caller then takes its response and, in a
 * loop, queues its next request before this thread looks for one: the
 * server neither sleeps nor is woken for it, a wakeup and a wait saved per
 * round trip (docs/benchmarks.md).  cond_resched() switched only under
 * wakeup preemption (SCHED_OTHER with a large enough vruntime gap), never
 * for SCHED_BATCH.  Alone on its CPU (the caller woken on another one) the
 * thread goes straight on.  No lock is held here.
 */
static void nkipc_txn_handoff(void)
{
	if (!single_task_running())
		schedule();
}

long nkipc_txn_reply(struct nkipc_service *svc, void __user *uarg)
{
	struct nkipc_reply p;
	u32 usize;
	int ret;

	ret = nkipc_get_arg(&p, sizeof(p), uarg, NKIPC_REPLY_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	BUILD_BUG_ON(ARRAY_SIZE(p.reserved) != 2);
	if (p.flags || p.reserved[0] || p.reserved[1])
		return -EINVAL;
	ret = nkipc_txn_reply_one(svc, &p);
	if (!ret)
		nkipc_txn_handoff();
	return ret;
}

/*
 * REPLY_RECV: REPLY, then RECV, in one ioctl (see the uapi header).  A
 * failed reply is returned at once, nothing received.  After a good reply
 * the woken caller may run first (nkipc_txn_handoff()), so that its next
 * request is usually queued when this thread receives.  Every step is the
 * one of REPLY and RECV, with their stop points.
 */
long nkipc_txn_reply_recv(struct nkipc_service *svc, void __user *uarg)
{
	struct nkipc_reply_recv rr;
	struct nkipc_recv_out o = { .uarg = uarg, .rr = &rr };
	struct nkipc_recv r = {};
	int ret;

	ret = nkipc_get_arg(&rr, sizeof(rr), uarg, NKIPC_REPLY_RECV_SIZE_VER0,
			    &o.usize);
	if (ret)
		return ret;
	BUILD_BUG_ON(ARRAY_SIZE(rr.reserved) != 2);
	if ((rr.flags & ~NKIPC_RR_F_REPLY) || rr.reserved0 || rr.reserved1 ||
	    rr.reserved[0] || rr.reserved[1])
		return -EINVAL;
	rr.reply_result = 0;
	if (rr.flags & NKIPC_RR_F_REPLY) {
		struct nkipc_reply p = {
			.txid = rr.txid,
			.res = rr.res,
			.res_arena = rr.res_arena,
			.res_len = rr.res_len,
			.res_arena_len = rr.res_arena_len,
			.handles = rr.res_handles,
		};

		ret = nkipc_txn_reply_one(svc, &p);
		rr.reply_result = ret;
		if (ret) {
			if (nkipc_put_arg(uarg, &rr, sizeof(rr), o.usize))
				ret = -EFAULT;
			return ret;
		}
		nkipc_txn_handoff();
	}
	r.req = rr.req;
	r.req_arena = rr.req_arena;
	r.req_cap = rr.req_cap;
	r.req_arena_cap = rr.req_arena_cap;
	r.timeout_ns = rr.timeout_ns;
	r.handles = rr.req_handles;
	r.handles_cap = rr.req_handles ? rr.req_handles_cap : 0;
	ret = nkipc_txn_recv_common(svc, &r, &o);
	/* RECV wrote nothing back: still tell how the reply went. */
	if (ret && ret != -ENOBUFS && ret != -EFAULT &&
	    (rr.flags & NKIPC_RR_F_REPLY) &&
	    nkipc_put_arg(uarg, &rr, sizeof(rr), o.usize))
		ret = -EFAULT;
	return ret;
}

/*
 * The server handle is being released: every queued and received call
 * fails with -EPIPE, and RECV/poll waiters are woken.  No RECV or REPLY
 * runs on this service any more (the VFS holds the file while they do),
 * so nothing is RECEIVING or REPLYING.
 */
void nkipc_txn_fail_all(struct nkipc_service *svc)
{
	struct nkipc_txn *t, *tmp;
	struct hlist_node *htmp;
	LIST_HEAD(failed);
	unsigned int bkt;

	spin_lock(&svc->lock);
	WRITE_ONCE(svc->dead, true);
	list_splice_init(&svc->queue, &failed);
	hash_for_each_safe(svc->inflight, bkt, htmp, t, hnode) {
		hash_del(&t->hnode);
		WARN_ON_ONCE(t->state == NKIPC_TXN_RECEIVING ||
			     t->state == NKIPC_TXN_REPLYING);
		list_add_tail(&t->node, &failed);
	}
	list_for_each_entry(t, &failed, node) {
		if (t->state != NKIPC_TXN_CANCELLED) {
			t->result = -EPIPE;
			t->state = NKIPC_TXN_DONE;
		}
	}
	spin_unlock(&svc->lock);

	list_for_each_entry_safe(t, tmp, &failed, node) {
		list_del_init(&t->node);
		/* NULL: cancelled, its caller is gone (nkipc_txn_withdraw()) */
		if (t->caller)
			wake_up_process(t->caller);
		nkipc_txn_put(t);
	}
	wake_up_all(&svc->recv_wait);
	wake_up_interruptible_poll(&svc->poll_wait, EPOLLHUP | EPOLLERR);
}

/* For nkipc_service_stats(). */
void nkipc_txn_count(struct nkipc_service *svc, u32 *queued, u32 *inflight)
{
	struct nkipc_txn *t;
	unsigned int bkt;

	lockdep_assert_held(&svc->lock);
	*queued = 0;
	*inflight = 0;
	list_for_each_entry(t, &svc->queue, node)
		(*queued)++;
	hash_for_each(svc->inflight, bkt, t, hnode)
		(*inflight)++;
}

int nkipc_txn_init(void)
{
	/*
	 * qbuf[] and rbuf[] are copied from and to user memory: the
	 * hardened-usercopy whitelist of the cache (one region, both).
	 */
	BUILD_BUG_ON(offsetof(struct nkipc_txn, rbuf) !=
		     offsetof(struct nkipc_txn, qbuf) + NKIPC_TXN_BUF);
	nkipc_txn_cache =
		kmem_cache_create_usercopy("nkipc_txn", sizeof(struct nkipc_txn),
					   __alignof__(struct nkipc_txn),
					   SLAB_ACCOUNT,
					   offsetof(struct nkipc_txn, qbuf),
					   2 * NKIPC_TXN_BUF, NULL);
	if (!nkipc_txn_cache)
		return -ENOMEM;
	nkipc_stop_init();
	return 0;
}

void nkipc_txn_exit(void)
{
	nkipc_stop_exit();
	kmem_cache_destroy(nkipc_txn_cache);
}
