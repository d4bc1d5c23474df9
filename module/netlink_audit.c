// SPDX-License-Identifier: GPL-2.0
/*
 * Audit events: who sent what to whom and why it was denied (or granted,
 * with NKIPC_AUDIT_F_GRANTS), multicast to the "audit" group.  Called
 * from verdicts under rcu_read_lock(), so nothing here sleeps; an event
 * that cannot be allocated or queued is counted in audit_lost.
 */
#include <linux/cred.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "netlink.h"
#include "policy.h"

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
	    (a->mid != NKIPC_ANY && nla_put_u32(skb, NKIPC_EV_A_MID, a->mid)))
		return -EMSGSIZE;
	nla_nest_end(skb, ev);
	return 0;
}

void nkipc_audit_emit(const struct nkipc_audit *a)
{
	struct sk_buff *skb;
	void *hdr;
	int err;

	if (!genl_has_listeners(&nkipc_genl_family, &init_net, 0))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!skb)
		goto lost;
	hdr = genlmsg_put(skb, 0, 0, &nkipc_genl_family, 0,
			  NKIPC_CMD_AUDIT_EVENT);
	if (!hdr || nkipc_audit_fill(skb, a)) {
		nlmsg_free(skb);
		goto lost;
	}
	genlmsg_end(skb, hdr);
	err = genlmsg_multicast(&nkipc_genl_family, skb, 0, 0, GFP_ATOMIC);
	if (err && err != -ESRCH)
		goto lost;
	return;
lost:
	atomic64_inc(&nkipc_stats.audit_lost);
}
