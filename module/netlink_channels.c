// SPDX-License-Identifier: GPL-2.0
/*
 * NKIPC_CMD_GET_CHANNELS: live named services with their server, client
 * count and pending transactions.  The registry has no generation
 * counter, so a dump spanning several messages is a best-effort walk:
 * cb->args[0] counts the services already sent.
 */
#include <net/genetlink.h>
#include <net/netlink.h>

#include "netlink.h"
#include "nkipc.h"

struct nkipc_chan_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	long skip;		/* services sent by earlier parts */
	long done;		/* services sent by this part */
};

static int nkipc_chan_put(struct sk_buff *skb, struct nkipc_service *svc)
{
	struct nkipc_service_stats st;
	struct nlattr *nest;

	nkipc_service_stats(svc, &st);
	nest = nla_nest_start(skb, NKIPC_A_CHANNEL);
	if (!nest ||
	    nla_put_string(skb, NKIPC_CHAN_A_NAME, svc->name) ||
	    nla_put_string(skb, NKIPC_CHAN_A_SERVER_CLASS,
			   svc->server->id.class_name) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_SERVER_PID, svc->server->id.tgid) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_N_CLIENTS, st.clients) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_N_QUEUED, st.queued) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_N_INFLIGHT, st.inflight))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Called under the registry spinlock: must not sleep. */
static int nkipc_chan_one(struct nkipc_service *svc, void *arg)
{
	struct nkipc_chan_walk *w = arg;
	void *hdr;

	if (w->skip) {
		w->skip--;
		return 0;
	}
	hdr = genlmsg_put(w->skb, NETLINK_CB(w->cb->skb).portid,
			  w->cb->nlh->nlmsg_seq, &nkipc_genl_family,
			  NLM_F_MULTI, NKIPC_CMD_GET_CHANNELS);
	if (!hdr)
		return -EMSGSIZE;
	if (nkipc_chan_put(w->skb, svc)) {
		genlmsg_cancel(w->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(w->skb, hdr);
	w->done++;
	return 0;
}

int nkipc_nl_dump_channels(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nkipc_chan_walk w = {
		.skb = skb,
		.cb = cb,
		.skip = cb->args[0],
	};
	int err;

	err = nkipc_service_walk(nkipc_chan_one, &w);
	cb->args[0] += w.done;
	if (err && !skb->len)
		return err;
	return skb->len;
}
