// SPDX-License-Identifier: GPL-2.0
/*
 * NKIPC_CMD_GET_CHANNELS: live named services with their server, client
 * handles and pending transactions (attribute tree in
 * uapi/linux/nkipc_genl.h).
 *
 * Everything is copied into the skb under the registry lock and the
 * service's lock (the core's walks), nothing sleeps.  A service whose
 * lists do not fit continues in the next message; cb->args (indexes
 * below) says where.  Consistency: cb->seq is the core's channels
 * generation (services, client handles); a split list of pending calls
 * is checked with the core's fingerprint of that list.
 */
#include <net/genetlink.h>
#include <net/netlink.h>

#include "introspect.h"
#include "netlink.h"

enum {
	NKIPC_CHAN_ARG_SERVICES,	/* services sent completely */
	NKIPC_CHAN_ARG_HEAD_SENT,	/* current service: head attrs sent */
	NKIPC_CHAN_ARG_CLIENTS,		/* current service: clients sent */
	NKIPC_CHAN_ARG_TXNS,		/* current service: txns sent */
	NKIPC_CHAN_ARG_TXN_FP,		/* fingerprint when TXNS was saved */
};

struct nkipc_chan_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	long skip;		/* services sent by earlier parts */
	u32 added;		/* list elements put by the current list walk */
};

static int nkipc_chan_put_client(const struct nkipc_client_info *ci,
				 void *arg)
{
	struct nkipc_chan_walk *w = arg;
	struct nlattr *nest;

	nest = nla_nest_start(w->skb, NKIPC_CHAN_A_CLIENT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(w->skb, NKIPC_CLIENT_A_CLASS, ci->class_name) ||
	    nla_put_u32(w->skb, NKIPC_CLIENT_A_PID, ci->tgid) ||
	    nla_put_u32(w->skb, NKIPC_CLIENT_A_UID, ci->uid)) {
		nla_nest_cancel(w->skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(w->skb, nest);
	w->added++;
	return 0;
}

static int nkipc_chan_put_txn(const struct nkipc_txn_info *ti, void *arg)
{
	struct nkipc_chan_walk *w = arg;
	struct sk_buff *skb = w->skb;
	struct nlattr *nest;

	nest = nla_nest_start(skb, NKIPC_CHAN_A_TXN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, NKIPC_TXN_A_TXID, ti->txid,
			      NKIPC_TXN_A_PAD) ||
	    nla_put_u8(skb, NKIPC_TXN_A_STATE, ti->state) ||
	    nla_put_string(skb, NKIPC_TXN_A_CLASS, ti->class_name) ||
	    nla_put_u32(skb, NKIPC_TXN_A_PID, ti->tgid) ||
	    nla_put_u32(skb, NKIPC_TXN_A_RIID, ti->riid) ||
	    nla_put_u32(skb, NKIPC_TXN_A_MID, ti->mid) ||
	    nla_put_u32(skb, NKIPC_TXN_A_REQ_SIZE, ti->req_len) ||
	    nla_put_u32(skb, NKIPC_TXN_A_REQ_ARENA_SIZE, ti->req_arena_len) ||
	    nla_put_u32(skb, NKIPC_TXN_A_RES_CAP, ti->res_cap) ||
	    nla_put_u32(skb, NKIPC_TXN_A_RES_ARENA_CAP, ti->res_arena_cap)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	w->added++;
	return 0;
}

static int nkipc_chan_put_head(struct sk_buff *skb,
			       const struct nkipc_service_stats *st)
{
	if (nla_put_string(skb, NKIPC_CHAN_A_SERVER_CLASS,
			   st->server->class_name) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_SERVER_PID, st->server->tgid) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_N_CLIENTS, st->clients) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_N_QUEUED, st->queued) ||
	    nla_put_u32(skb, NKIPC_CHAN_A_N_INFLIGHT, st->inflight))
		return -EMSGSIZE;
	return 0;
}

/*
 * Puts the service's remaining list elements from cb->args; returns
 * -EMSGSIZE if the skb filled up (the args say what is left), else 0.
 * *@added counts the elements put.
 */
static int nkipc_chan_put_lists(struct nkipc_chan_walk *w,
				struct nkipc_service *svc,
				struct nlmsghdr *nlh, u32 *added)
{
	long *args = w->cb->args;
	struct nlattr *list;
	u64 fp;
	int err;

	list = nla_nest_start(w->skb, NKIPC_CHAN_A_CLIENTS);
	if (!list)
		return -EMSGSIZE;
	w->added = 0;
	err = nkipc_service_walk_clients(svc, args[NKIPC_CHAN_ARG_CLIENTS],
					 nkipc_chan_put_client, w);
	args[NKIPC_CHAN_ARG_CLIENTS] += w->added;
	*added += w->added;
	if (w->added)
		nla_nest_end(w->skb, list);
	else
		nla_nest_cancel(w->skb, list);
	if (err)
		return err;

	list = nla_nest_start(w->skb, NKIPC_CHAN_A_TXNS);
	if (!list)
		return -EMSGSIZE;
	w->added = 0;
	err = nkipc_service_walk_txns(svc, args[NKIPC_CHAN_ARG_TXNS],
				      nkipc_chan_put_txn, w, &fp);
	/* The calls listed by an earlier message changed meanwhile. */
	if (args[NKIPC_CHAN_ARG_TXNS] && fp != (u64)args[NKIPC_CHAN_ARG_TXN_FP])
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	args[NKIPC_CHAN_ARG_TXNS] += w->added;
	args[NKIPC_CHAN_ARG_TXN_FP] = fp;
	*added += w->added;
	if (w->added)
		nla_nest_end(w->skb, list);
	else
		nla_nest_cancel(w->skb, list);
	return err;
}

/* Called under the registry spinlock: must not sleep. */
static int nkipc_chan_one(struct nkipc_service *svc, void *arg)
{
	struct nkipc_chan_walk *w = arg;
	long *args = w->cb->args;
	struct nkipc_service_stats st;
	struct nlattr *nest;
	u32 added = 0;
	void *hdr;
	int err;

	if (w->skip) {
		w->skip--;
		return 0;
	}
	hdr = genlmsg_put(w->skb, NETLINK_CB(w->cb->skb).portid,
			  w->cb->nlh->nlmsg_seq, &nkipc_genl_family,
			  NLM_F_MULTI, NKIPC_CMD_GET_CHANNELS);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(w->cb, hdr);
	nkipc_service_stats(svc, &st);
	nest = nla_nest_start(w->skb, NKIPC_A_CHANNEL);
	if (!nest || nla_put_string(w->skb, NKIPC_CHAN_A_NAME, st.name))
		goto cancel;
	if (!args[NKIPC_CHAN_ARG_HEAD_SENT]) {
		if (nkipc_chan_put_head(w->skb, &st))
			goto cancel;
		added++;
	}
	err = nkipc_chan_put_lists(w, svc, genlmsg_nlhdr(hdr), &added);
	if (err && !added)
		goto cancel;
	args[NKIPC_CHAN_ARG_HEAD_SENT] = 1;
	nla_nest_end(w->skb, nest);
	genlmsg_end(w->skb, hdr);
	if (err)
		return err;	/* continues in the next part */
	args[NKIPC_CHAN_ARG_SERVICES]++;
	args[NKIPC_CHAN_ARG_HEAD_SENT] = 0;
	args[NKIPC_CHAN_ARG_CLIENTS] = 0;
	args[NKIPC_CHAN_ARG_TXNS] = 0;
	return 0;

cancel:
	genlmsg_cancel(w->skb, hdr);
	return -EMSGSIZE;
}

int nkipc_nl_dump_channels(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nkipc_chan_walk w = {
		.skb = skb,
		.cb = cb,
		.skip = cb->args[NKIPC_CHAN_ARG_SERVICES],
	};
	int err;

	cb->seq = nkipc_channels_generation();
	err = nkipc_service_walk(nkipc_chan_one, &w);
	if (err && !skb->len)
		return err;
	return skb->len;
}
