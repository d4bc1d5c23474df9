/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: compiled security policy
 *
 * nkpolicy compiles a policy file in userspace and loads it over netlink
 * (netlink.c) as flat rules, message layouts and identity bindings.  A
 * struct nkipc_policy is built off to the side (staging), then published
 * with rcu_assign_pointer() and never changed again except for its
 * counters; the previous one is freed after a grace period.  Verdicts
 * (eval.c) run under rcu_read_lock() and only read it.
 *
 * Locking: nkipc_policy_mutex serialises staging, commit, unload and mode
 * changes; it is taken in process context only (netlink handlers, the
 * netlink release notifier, module exit) and never inside another lock.
 * Verdicts and class assignment take no policy lock: they read the active
 * policy under rcu_read_lock() and only bump atomic counters in it.  The
 * grant spinlock of identity.c is independent of it.
 */
#ifndef _NKIPC_POLICY_H
#define _NKIPC_POLICY_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/stringhash.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <uapi/linux/nkipc_genl.h>
#include <uapi/linux/nkipc_layout.h>

#include "engine.h"
#include "security.h"

#define NKIPC_ANY	U32_MAX

struct cgroup;

struct nkipc_stmt {
	u8 type;		/* enum nkipc_stmt_type */
	u8 part;		/* enum nkipc_msg_part_id */
	u8 size;		/* 1, 2, 4, 8 */
	u8 op;			/* enum nkipc_cmp_op */
	bool is_signed;
	u32 offset;
	u64 value;
};

struct nkipc_rule {
	u8 kind;		/* enum nkipc_rule_kind */
	u8 n_stmts;
	u32 riid;		/* NKIPC_ANY */
	u32 mid;		/* NKIPC_ANY */
	const char *src;	/* NULL: any */
	const char *dst;
	const char *channel;
	const char *server;	/* connect/register: name-server server name */
	const char *iface;
	const char *text;
	/* transfer rules: the handle (0, NULL: any) */
	u8 handle_kind;
	const char *target;
	const char *target_class;
	struct nkipc_stmt stmts[NKIPC_RULE_MAX_STMTS];
	atomic64_t hits;
	atomic64_t denials;
};

/* A message layout (uapi linux/nkipc_layout.h), validated at load. */
struct nkipc_layout {
	const char *iface;
	u32 mid;
	u8 dir;			/* enum nkipc_layout_dir */
	struct nkipc_lmsg msg;
	u32 n_types, n_fields;
	struct nkipc_ltype *types;	/* kvmalloc'ed, NULL if none */
	struct nkipc_lfield *fields;
};

struct nkipc_binding {
	const char *class_name;
	const char *exe;	/* as given, for show */
	const char *cgroup_path;
	const char *label;	/* LSM context; NULL: any */
	bool has_exe, has_uid, has_gid;
	dev_t dev;
	unsigned long ino;
	kuid_t uid;
	kgid_t gid;
	struct cgroup *cgrp;	/* reference held; NULL: any */
	atomic64_t hits;
};

/*
 * Rule index, built once when a policy is committed (policy.c) and read
 * by every verdict (eval.c), the way SELinux's AVC avoids scanning
 * the policy per access.  A rule's *pattern* is the set of selectors it
 * names; its *key* hashes its kind, pattern and the values it names
 * (nkipc_index_key()).  Every rule sits in the slot of its key, slots in
 * file order.  An event computes, for each pattern that rules of its kind
 * use, the key its own values give under that pattern: a rule whose
 * selectors all match it has exactly that key, so the probed slots hold
 * every matching rule (and collisions, which the full selector check
 * drops).  Merging the slots by rule number gives the matching rules in
 * file order, the order the linear scan saw them in.  Patterns per kind
 * are at most NKIPC_INDEX_MAX_PATTERNS (message kinds cannot name server=,
 * connect/register cannot name riid/iface/mid), so a lookup costs a
 * bounded number of probes whatever the number of rules.
 */
enum nkipc_sel {
	NKIPC_SEL_SRC,
	NKIPC_SEL_DST,
	NKIPC_SEL_CHANNEL,
	NKIPC_SEL_SERVER,
	NKIPC_SEL_RIID,
	NKIPC_SEL_IFACE,
	NKIPC_SEL_MID,
	NKIPC_SEL_N
};

#define NKIPC_INDEX_MAX_PATTERNS	64

struct nkipc_rule_index {
	u32 mask;		/* number of slots - 1 */
	u16 *start;		/* slot s: order[start[s]] .. order[start[s + 1] - 1] */
	u16 *order;		/* rule numbers by slot, in file order within a slot */
	u16 *owners;		/* register rules owning a name (nkipc_rule_owns()) */
	u32 n_owners;
	u8 need[__NKIPC_KIND_MAX];	/* union of the kind's patterns */
	u8 n_patterns[__NKIPC_KIND_MAX];
	u8 patterns[__NKIPC_KIND_MAX][NKIPC_INDEX_MAX_PATTERNS];
	/* layouts by (interface, mid, direction), the same way */
	u32 layout_mask;
	u16 *layout_start;
	u16 *layout_order;
};

/* The value of a string selector in a key; NULL (absent) hashes to 0. */
static inline u32 nkipc_index_str(const char *s)
{
	return s ? hashlen_hash(hashlen_string(NULL, s)) : 0;
}

/* The key of @kind with the values @v of the selectors in @pattern. */
static inline u32 nkipc_index_key(u8 kind, u8 pattern, const u32 *v)
{
	u32 h = (kind + 1) * 0x9e3779b9;
	unsigned int d;

	for (d = 0; d < NKIPC_SEL_N; d++)
		if (pattern & (1U << d))
			h = ((h ^ v[d]) + d) * 0x9e3779b1;
	h ^= h >> 15;
	h *= 0x85ebca6b;
	return h ^ (h >> 13);
}

static inline u32 nkipc_layout_key(u32 iface_hash, u32 mid, u8 dir)
{
	u32 v[NKIPC_SEL_N] = { [NKIPC_SEL_IFACE] = iface_hash,
			       [NKIPC_SEL_MID] = mid };

	return nkipc_index_key(__NKIPC_KIND_MAX + dir,
			       1U << NKIPC_SEL_IFACE | 1U << NKIPC_SEL_MID, v);
}

struct nkipc_policy {
	u64 generation;
	u32 default_decision;	/* enum nkipc_decision */
	u32 n_rules, n_layouts, n_bindings, n_source;
	struct nkipc_rule *rules;	/* kvmalloc'ed arrays */
	struct nkipc_layout *layouts;
	struct nkipc_binding *bindings;
	const char **source;
	u32 cap_rules, cap_layouts, cap_bindings, cap_source;
	struct nkipc_rule_index index;	/* built by nkipc_policy_index() */
	struct rcu_head rcu;
};

struct nkipc_policy_stats {
	atomic64_t granted;
	atomic64_t denied;
	atomic64_t permitted;
	atomic64_t malformed;
	atomic64_t defaulted;
	atomic64_t audit_lost;
};

extern struct nkipc_policy __rcu *nkipc_active_policy;
extern struct nkipc_policy_stats nkipc_stats;
extern struct mutex nkipc_policy_mutex;

/* policy.c (nkipc_policy_init/exit: engine.h) */
u32 nkipc_policy_mode(void);
void nkipc_policy_set_mode(u32 mode);
u32 nkipc_policy_audit_flags(void);
void nkipc_policy_set_audit_flags(u32 flags);
struct nkipc_policy *nkipc_policy_alloc(u32 default_decision);
void nkipc_policy_free(struct nkipc_policy *p);
struct nkipc_rule *nkipc_policy_add_rule(struct nkipc_policy *p);
struct nkipc_layout *nkipc_policy_add_layout(struct nkipc_policy *p);
struct nkipc_binding *nkipc_policy_add_binding(struct nkipc_policy *p);
int nkipc_policy_add_source(struct nkipc_policy *p, const char *line);
int nkipc_policy_validate(const struct nkipc_policy *p, const char **why);
bool nkipc_rule_owns(const struct nkipc_rule *r);
int nkipc_policy_index(struct nkipc_policy *p, const char **why);
void nkipc_policy_unload(void);
bool nkipc_policy_loaded(void);
bool nkipc_policy_reads_msg(void);

/* staging, keyed by the netlink socket that is loading */
u64 nkipc_staging_begin(u32 portid, u32 default_decision, int *err);
struct nkipc_policy *nkipc_staging_get(u32 portid, u64 generation);
void nkipc_staging_drop(u32 portid);
int nkipc_staging_commit(u32 portid, u64 generation, const char **why);

/* eval.c */
extern const struct nkipc_security_ops nkipc_policy_ops;

/* layout.c */
const struct nkipc_layout *nkipc_layout_find(const struct nkipc_policy *p,
					     const char *iface, u32 mid,
					     u8 dir);
int nkipc_layout_check_msg(const struct nkipc_layout *l,
			   const struct nkipc_msg_info *info, const char **why);

#endif /* _NKIPC_POLICY_H */
