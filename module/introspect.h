/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the core lets a security registrant see of its objects, for the
 * policy engine's `channels` dump: named services, their client handles
 * and pending transactions, copied out under the core's locks.  A
 * registrant treats struct nkipc_service as opaque.
 */
#ifndef _NKIPC_INTROSPECT_H
#define _NKIPC_INTROSPECT_H

#include <linux/types.h>

#include "security.h"

struct nkipc_service;

/*
 * nkipc_service_walk() calls @cb for every named service under
 * nkipc_registry_lock (@cb must not sleep) and stops at the first non-zero
 * return, which it returns.  Inside @cb, nkipc_service_stats() may be
 * called (takes svc->lock); the strings it returns are valid until @cb
 * returns.
 */
struct nkipc_service_stats {
	const char *name;	/* the service (channel) name */
	const struct nkipc_identity *server;	/* its server's identity */
	u32 queued;		/* sent, not received yet */
	u32 inflight;		/* received, not replied yet */
	u32 clients;		/* client handles open */
	bool dead;
};

int nkipc_service_walk(int (*cb)(struct nkipc_service *svc, void *arg),
		       void *arg);
void nkipc_service_stats(struct nkipc_service *svc,
			 struct nkipc_service_stats *st);

/*
 * Listing one service's clients and pending transactions (channels dump).
 * Both walks take svc->lock (so they may run inside nkipc_service_walk's
 * callback), copy each object into the info struct and call @cb on it
 * under that lock: @cb must not sleep.  They skip the first @start
 * objects, stop at the first non-zero return of @cb and return it.
 * The order is stable while the set does not change: clients oldest
 * first; transactions queued (oldest first) then in flight.
 * nkipc_service_walk_txns also returns in *@fingerprint a value that
 * changes whenever the set of pending transactions or the state
 * (queued / in flight / cancelled) of one of them changes, so that a
 * listing split over several calls can tell that it is stale.
 * nkipc_service_walk_clients is in handle.c (it owns the handles),
 * nkipc_service_walk_txns in service.c.
 */
struct nkipc_client_info {
	pid_t tgid;			/* init pid namespace */
	uid_t uid;			/* init user namespace */
	char class_name[NKIPC_CLASS_MAX];
};

struct nkipc_txn_info {
	u64 txid;			/* 0 until first received */
	u8 state;			/* enum nkipc_chan_txn_state */
	pid_t tgid;			/* the calling client */
	u32 riid, mid;
	u32 req_len, req_arena_len;	/* request sizes */
	u32 res_cap, res_arena_cap;	/* response capacity */
	char class_name[NKIPC_CLASS_MAX];
};

int nkipc_service_walk_clients(struct nkipc_service *svc, u32 start,
			       int (*cb)(const struct nkipc_client_info *ci,
					 void *arg),
			       void *arg);
int nkipc_service_walk_txns(struct nkipc_service *svc, u32 start,
			    int (*cb)(const struct nkipc_txn_info *ti,
				      void *arg),
			    void *arg, u64 *fingerprint);
/* Changes whenever a named service or a client handle comes or goes. */
u32 nkipc_channels_generation(void);

#endif /* _NKIPC_INTROSPECT_H */
