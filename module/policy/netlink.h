/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "nkipc" (uapi/linux/nkipc_genl.h): policy
 * load/unload/dump, mode, channels dump, audit multicast events.
 */
#ifndef _NKIPC_NETLINK_H
#define _NKIPC_NETLINK_H

#include <linux/types.h>
#include <net/genetlink.h>
#include <uapi/linux/nkipc_genl.h>

#include "security.h"

extern struct genl_family nkipc_genl_family;

int nkipc_netlink_init(void);
void nkipc_netlink_exit(void);
/* CAP_MAC_ADMIN (init user ns) of the sender and the socket's opener */
bool nkipc_nl_mac_admin(const struct sk_buff *skb);

/* One verdict worth reporting. */
struct nkipc_audit {
	u64 generation;
	u8 verdict;		/* enum nkipc_verdict */
	bool enforced;
	u8 kind;		/* enum nkipc_rule_kind */
	const char *reason;
	int rule;		/* -1: default decision / structure check */
	const struct nkipc_identity *src;
	const struct nkipc_identity *dst;	/* may be NULL */
	const char *channel, *endpoint, *iface;	/* may be NULL */
	u32 riid, mid;		/* NKIPC_ANY: not a message */
	u32 ncaps;		/* handles of the message */
	/* transfer events: the handle judged, and its index */
	const struct nkipc_handle_info *handle;
	u32 handle_idx;
};

/* netlink_audit.c: queues for the subscribers; atomic context is fine. */
void nkipc_audit_emit(const struct nkipc_audit *a);
int nkipc_audit_subscribe(struct sk_buff *skb, struct genl_info *info);
void nkipc_audit_release(u32 portid);
void nkipc_audit_init(void);
void nkipc_audit_exit(void);

/* netlink_dump.c: NKIPC_CMD_GET_POLICY */
int nkipc_nl_dump_policy(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_channels.c: NKIPC_CMD_GET_CHANNELS */
int nkipc_nl_dump_channels(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _NKIPC_NETLINK_H */
