// SPDX-License-Identifier: GPL-2.0
/*
 * Audit events: who sent what to whom and why it was denied (or granted,
 * with NKIPC_AUDIT_F_GRANTS).  Called from verdicts under rcu_read_lock(),
 * so building and queueing an event does not sleep; an event that cannot
 * be allocated, queued or delivered is counted in audit_lost.
 *
 * Who may listen: a socket that NKIPC_CMD_AUDIT_SUBSCRIBE registered, which
 * needs CAP_MAC_ADMIN or CAP_AUDIT_READ (init user namespace, sender and
 * socket opener).  A work item queues each event, in order, straight on
 * each subscribed socket (sock_queue_rcv_skb()), never through a portid
 * lookup: a released socket's portid can be bound by someone else before
 * we hear of the release.  A generic netlink multicast group cannot be
 * used because genetlink in 6.1 can only require CAP_NET_ADMIN or
 * CAP_SYS_ADMIN of a listener.  A subscription ends when its socket is
 * released.
 *
 * Any local user can cause denials, so events are small (sized to what
 * they carry), allocated without waiting, at most NKIPC_AUDIT_BACKLOG
 * wait for the worker, and beyond that they are counted as lost.
 */
#include <linux/cred.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "policy.h"

#define NKIPC_AUDIT_SUBSCRIBERS	8	/* sockets at once (-ENOSPC) */
#define NKIPC_AUDIT_BACKLOG	1024	/* events waiting for the worker */
#define NKIPC_AUDIT_BATCH	64	/* events per worker run */

struct nkipc_audit_sub {
	u32 portid;		/* for the release notification */
	struct sock *sk;	/* reference held; events go here */
};

/* Protects the subscribers; held while the worker sends. */
static DEFINE_MUTEX(nkipc_audit_mutex);
static struct nkipc_audit_sub nkipc_audit_subs[NKIPC_AUDIT_SUBSCRIBERS];
static unsigned int nkipc_audit_nsubs;	/* read locklessly by emitters */
static struct sk_buff_head nkipc_audit_queue;

static void nkipc_audit_send(struct work_struct *work);
static DECLARE_WORK(nkipc_audit_work, nkipc_audit_send);

static void nkipc_audit_drop(unsigned int i)
{
	lockdep_assert_held(&nkipc_audit_mutex);
	sock_put(nkipc_audit_subs[i].sk);
	nkipc_audit_subs[i] = nkipc_audit_subs[--nkipc_audit_nsubs];
	WRITE_ONCE(nkipc_audit_nsubs, nkipc_audit_nsubs);
}

static void nkipc_audit_send(struct work_struct *work)
{
	struct sk_buff *skb, *copy;
	unsigned int i, n = 0;
	struct sock *sk;

	while (n++ < NKIPC_AUDIT_BATCH &&
	       (skb = skb_dequeue(&nkipc_audit_queue))) {
		mutex_lock(&nkipc_audit_mutex);
		for (i = 0; i < nkipc_audit_nsubs; i++) {
			sk = nkipc_audit_subs[i].sk;
			if (sock_flag(sk, SOCK_DEAD))
				continue;	/* released: no reader left */
			copy = skb_clone(skb, GFP_KERNEL);
			if (!copy || sock_queue_rcv_skb(sk, copy)) {
				kfree_skb(copy);
				atomic64_inc(&nkipc_stats.audit_lost);
			}
		}
		mutex_unlock(&nkipc_audit_mutex);
		kfree_skb(skb);
	}
	/* let other work run under a flood of events */
	if (!skb_queue_empty(&nkipc_audit_queue))
		schedule_work(&nkipc_audit_work);
}

int nkipc_audit_subscribe(struct sk_buff *skb, struct genl_info *info)
{
	struct sock *sk = NETLINK_CB(skb).sk;
	unsigned int i;
	int err = 0;

	mutex_lock(&nkipc_audit_mutex);
	for (i = 0; i < nkipc_audit_nsubs; i++)
		if (nkipc_audit_subs[i].sk == sk)
			goto out;
	if (nkipc_audit_nsubs == NKIPC_AUDIT_SUBSCRIBERS) {
		NL_SET_ERR_MSG(info->extack, "too many audit listeners");
		err = -ENOSPC;
		goto out;
	}
	sock_hold(sk);
	nkipc_audit_subs[nkipc_audit_nsubs].portid = info->snd_portid;
	nkipc_audit_subs[nkipc_audit_nsubs].sk = sk;
	WRITE_ONCE(nkipc_audit_nsubs, nkipc_audit_nsubs + 1);
out:
	mutex_unlock(&nkipc_audit_mutex);
	return err;
}

/*
 * A socket with @portid was released.  By now it is orphaned (SOCK_DEAD);
 * a new socket may already have the same portid and a subscription of
 * its own, which stays.
 */
void nkipc_audit_release(u32 portid)
{
	unsigned int i = 0;

	mutex_lock(&nkipc_audit_mutex);
	while (i < nkipc_audit_nsubs) {
		if (nkipc_audit_subs[i].portid == portid &&
		    sock_flag(nkipc_audit_subs[i].sk, SOCK_DEAD))
			nkipc_audit_drop(i);
		else
			i++;
	}
	mutex_unlock(&nkipc_audit_mutex);
}

void nkipc_audit_init(void)
{
	skb_queue_head_init(&nkipc_audit_queue);
}

/* After the family is gone: no new subscriber, no new event. */
void nkipc_audit_exit(void)
{
	cancel_work_sync(&nkipc_audit_work);
	skb_queue_purge(&nkipc_audit_queue);
	mutex_lock(&nkipc_audit_mutex);
	while (nkipc_audit_nsubs)
		nkipc_audit_drop(0);
	mutex_unlock(&nkipc_audit_mutex);
}

static int nkipc_audit_put_ids(struct sk_buff *skb,
			       const struct nkipc_audit *a)
{
	if (a->src &&
	    (nla_put_string(skb, NKIPC_EV_A_SRC_CLASS, a->src->class_name) ||
	     nla_put_u32(skb, NKIPC_EV_A_SRC_PID, a->src->tgid) ||
	     (a->src->cred &&
	      nla_put_u32(skb, NKIPC_EV_A_SRC_UID,
			  from_kuid_munged(&init_user_ns,
					   a->src->cred->euid)))))
		return -EMSGSIZE;
	if (a->dst &&
	    (nla_put_string(skb, NKIPC_EV_A_DST_CLASS, a->dst->class_name) ||
	     nla_put_u32(skb, NKIPC_EV_A_DST_PID, a->dst->tgid)))
		return -EMSGSIZE;
	return 0;
}

static int nkipc_audit_put_handle(struct sk_buff *skb,
				  const struct nkipc_audit *a)
{
	const struct nkipc_handle_info *h = a->handle;

	if (!h)
		return 0;
	if (nla_put_u32(skb, NKIPC_EV_A_HANDLE, a->handle_idx) ||
	    nla_put_u8(skb, NKIPC_EV_A_HANDLE_KIND, h->kind) ||
	    nla_put_u32(skb, NKIPC_EV_A_HANDLE_RIGHTS, h->rights))
		return -EMSGSIZE;
	if (h->kind == NKIPC_HANDLE_CHANNEL &&
	    (nla_put_string(skb, NKIPC_EV_A_TARGET, h->service) ||
	     nla_put_string(skb, NKIPC_EV_A_TARGET_CLASS,
			    h->server->class_name)))
		return -EMSGSIZE;
	return 0;
}

static int nkipc_audit_fill(struct sk_buff *skb, const struct nkipc_audit *a)
{
	struct nlattr *ev = nla_nest_start(skb, NKIPC_A_EVENT);

	if (!ev ||
	    nla_put_u64_64bit(skb, NKIPC_EV_A_GENERATION, a->generation,
			      NKIPC_EV_A_PAD) ||
	    nla_put_u8(skb, NKIPC_EV_A_VERDICT, a->verdict) ||
	    nla_put_u8(skb, NKIPC_EV_A_ENFORCED, a->enforced) ||
	    nla_put_u8(skb, NKIPC_EV_A_KIND, a->kind) ||
	    (a->reason && nla_put_string(skb, NKIPC_EV_A_REASON, a->reason)) ||
	    (a->rule >= 0 && nla_put_u32(skb, NKIPC_EV_A_RULE, a->rule)) ||
	    nkipc_audit_put_ids(skb, a) ||
	    (a->channel && nla_put_string(skb, NKIPC_EV_A_CHANNEL, a->channel)) ||
	    (a->endpoint &&
	     nla_put_string(skb, NKIPC_EV_A_ENDPOINT, a->endpoint)) ||
	    (a->iface && nla_put_string(skb, NKIPC_EV_A_IFACE, a->iface)) ||
	    (a->riid != NKIPC_ANY && nla_put_u32(skb, NKIPC_EV_A_RIID, a->riid)) ||
	    (a->mid != NKIPC_ANY && nla_put_u32(skb, NKIPC_EV_A_MID, a->mid)) ||
	    (a->ncaps && nla_put_u32(skb, NKIPC_EV_A_NCAPS, a->ncaps)) ||
	    nkipc_audit_put_handle(skb, a))
		return -EMSGSIZE;
	nla_nest_end(skb, ev);
	return 0;
}

static size_t nkipc_audit_str_size(const char *s)
{
	return s ? nla_total_size(strlen(s) + 1) : 0;
}

/* What nkipc_audit_fill() puts, at most. */
static size_t nkipc_audit_size(const struct nkipc_audit *a)
{
	size_t size = nla_total_size(0) +		/* the nest */
		      nla_total_size_64bit(sizeof(u64)) +
		      4 * nla_total_size(sizeof(u8)) +
		      9 * nla_total_size(sizeof(u32));

	if (a->src)
		size += nkipc_audit_str_size(a->src->class_name);
	if (a->dst)
		size += nkipc_audit_str_size(a->dst->class_name);
	if (a->handle && a->handle->kind == NKIPC_HANDLE_CHANNEL)
		size += nkipc_audit_str_size(a->handle->service) +
			nkipc_audit_str_size(a->handle->server->class_name);
	return size + nkipc_audit_str_size(a->reason) +
	       nkipc_audit_str_size(a->channel) +
	       nkipc_audit_str_size(a->endpoint) +
	       nkipc_audit_str_size(a->iface);
}

void nkipc_audit_emit(const struct nkipc_audit *a)
{
	struct sk_buff *skb;
	void *hdr;

	if (!READ_ONCE(nkipc_audit_nsubs))
		return;
	if (skb_queue_len(&nkipc_audit_queue) >= NKIPC_AUDIT_BACKLOG)
		goto lost;
	skb = genlmsg_new(nkipc_audit_size(a), GFP_NOWAIT | __GFP_NOWARN);
	if (!skb)
		goto lost;
	hdr = genlmsg_put(skb, 0, 0, &nkipc_genl_family, 0,
			  NKIPC_CMD_AUDIT_EVENT);
	if (!hdr || nkipc_audit_fill(skb, a)) {
		nlmsg_free(skb);
		goto lost;
	}
	genlmsg_end(skb, hdr);
	skb_queue_tail(&nkipc_audit_queue, skb);
	schedule_work(&nkipc_audit_work);
	return;
lost:
	atomic64_inc(&nkipc_stats.audit_lost);
}
