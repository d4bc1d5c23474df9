// SPDX-License-Identifier: GPL-2.0
/*
 * Policy objects: building, staging, publishing under RCU, freeing.
 */
#include <linux/cgroup.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "identity.h"
#include "netlink.h"
#include "policy.h"

struct nkipc_policy __rcu *nkipc_active_policy;
struct nkipc_policy_stats nkipc_stats;
/* serialises staging, commit, unload and configuration changes */
DEFINE_MUTEX(nkipc_policy_mutex);

static u32 nkipc_mode = NKIPC_MODE_ENFORCING;
static u32 nkipc_audit_flags;

/* Protected by nkipc_policy_mutex. */
static u64 nkipc_last_generation;
static u64 nkipc_epoch;		/* bumped by every commit and unload */
static LIST_HEAD(nkipc_stagings);
static unsigned int nkipc_n_stagings;
#define NKIPC_MAX_STAGINGS	16

struct nkipc_staging {
	struct list_head node;
	u32 portid;
	u64 epoch;
	struct nkipc_policy *policy;
};

u32 nkipc_policy_mode(void)
{
	return READ_ONCE(nkipc_mode);
}

void nkipc_policy_set_mode(u32 mode)
{
	WRITE_ONCE(nkipc_mode, mode);
}

u32 nkipc_policy_audit_flags(void)
{
	return READ_ONCE(nkipc_audit_flags);
}

void nkipc_policy_set_audit_flags(u32 flags)
{
	WRITE_ONCE(nkipc_audit_flags, flags);
}

struct nkipc_policy *nkipc_policy_alloc(u32 default_decision)
{
	struct nkipc_policy *p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);

	if (p)
		p->default_decision = default_decision;
	return p;
}

static void nkipc_rule_release(struct nkipc_rule *r)
{
	kfree(r->src);
	kfree(r->dst);
	kfree(r->channel);
	kfree(r->server);
	kfree(r->iface);
	kfree(r->text);
	kfree(r->target);
	kfree(r->target_class);
}

static void nkipc_binding_release(struct nkipc_binding *b)
{
	kfree(b->class_name);
	kfree(b->exe);
	kfree(b->cgroup_path);
	kfree(b->label);
	if (b->cgrp)
		cgroup_put(b->cgrp);
}

void nkipc_policy_free(struct nkipc_policy *p)
{
	u32 i;

	if (!p)
		return;
	for (i = 0; i < p->n_rules; i++)
		nkipc_rule_release(&p->rules[i]);
	for (i = 0; i < p->n_layouts; i++) {
		kfree(p->layouts[i].iface);
		kvfree(p->layouts[i].types);
		kvfree(p->layouts[i].fields);
	}
	for (i = 0; i < p->n_bindings; i++)
		nkipc_binding_release(&p->bindings[i]);
	for (i = 0; i < p->n_source; i++)
		kfree(p->source[i]);
	kvfree(p->rules);
	kvfree(p->layouts);
	kvfree(p->bindings);
	kvfree(p->source);
	kvfree(p->index.start);
	kvfree(p->index.order);
	kvfree(p->index.owners);
	kvfree(p->index.layout_start);
	kvfree(p->index.layout_order);
	kfree(p);
}

static void nkipc_policy_free_rcu(struct rcu_head *head)
{
	nkipc_policy_free(container_of(head, struct nkipc_policy, rcu));
}

/*
 * Make room for one more element in a growing array; doubles the capacity
 * up to @max.  The new element is zeroed.
 */
static void *nkipc_grow(void **array, u32 *n, u32 *cap, size_t elem,
			u32 max)
{
	char *a = *array;

	if (*n >= max)
		return NULL;
	if (*n == *cap) {
		u32 ncap = *cap ? min(*cap * 2, max) : 8;

		a = kvrealloc(a, *cap * elem, ncap * elem, GFP_KERNEL_ACCOUNT);
		if (!a)
			return NULL;
		*array = a;
		*cap = ncap;
	}
	memset(a + *n * elem, 0, elem);
	return a + (*n)++ * elem;
}

struct nkipc_rule *nkipc_policy_add_rule(struct nkipc_policy *p)
{
	struct nkipc_rule *r;

	r = nkipc_grow((void **)&p->rules, &p->n_rules, &p->cap_rules,
		       sizeof(*r), NKIPC_POLICY_MAX_RULES);
	if (r) {
		r->riid = NKIPC_ANY;
		r->mid = NKIPC_ANY;
	}
	return r;
}

struct nkipc_layout *nkipc_policy_add_layout(struct nkipc_policy *p)
{
	return nkipc_grow((void **)&p->layouts, &p->n_layouts,
			  &p->cap_layouts, sizeof(struct nkipc_layout),
			  NKIPC_POLICY_MAX_LAYOUTS);
}

struct nkipc_binding *nkipc_policy_add_binding(struct nkipc_policy *p)
{
	return nkipc_grow((void **)&p->bindings, &p->n_bindings,
			  &p->cap_bindings, sizeof(struct nkipc_binding),
			  NKIPC_POLICY_MAX_BINDINGS);
}

int nkipc_policy_add_source(struct nkipc_policy *p, const char *line)
{
	const char **slot;
	char *copy = kstrdup(line, GFP_KERNEL_ACCOUNT);

	if (!copy)
		return -ENOMEM;
	slot = nkipc_grow((void **)&p->source, &p->n_source, &p->cap_source,
			  sizeof(*slot), NKIPC_POLICY_MAX_SOURCE);
	if (!slot) {
		kfree(copy);
		return -ENOSPC;
	}
	*slot = copy;
	return 0;
}

/* Whole-policy checks that single attributes cannot express. */
int nkipc_policy_validate(const struct nkipc_policy *p, const char **why)
{
	u32 i, j;

	for (i = 0; i < p->n_layouts; i++)
		for (j = 0; j < i; j++)
			if (p->layouts[i].mid == p->layouts[j].mid &&
			    p->layouts[i].dir == p->layouts[j].dir &&
			    !strcmp(p->layouts[i].iface, p->layouts[j].iface)) {
				*why = "two layouts for one method and direction";
				return -EINVAL;
			}
	return 0;
}

/*
 * A register rule that grants a name to a class owns that name: a rule
 * with src= and channel= (or server=) whose body only grants (see
 * nkipc_owned_elsewhere() in eval.c).
 */
bool nkipc_rule_owns(const struct nkipc_rule *r)
{
	u8 i;

	if (r->kind != NKIPC_KIND_REGISTER || !r->src)
		return false;
	for (i = 0; i < r->n_stmts; i++)
		if (r->stmts[i].type != NKIPC_STMT_GRANT)
			return false;
	return true;
}

static void nkipc_pattern_str(u8 *pattern, u32 *v, enum nkipc_sel d,
			      const char *sel)
{
	if (sel) {
		*pattern |= 1U << d;
		v[d] = nkipc_index_str(sel);
	}
}

static void nkipc_pattern_u32(u8 *pattern, u32 *v, enum nkipc_sel d, u32 sel)
{
	if (sel != NKIPC_ANY) {
		*pattern |= 1U << d;
		v[d] = sel;
	}
}

/* The selectors @r names (its pattern) and their values in @v. */
static u8 nkipc_rule_pattern(const struct nkipc_rule *r, u32 *v)
{
	u8 pattern = 0;

	nkipc_pattern_str(&pattern, v, NKIPC_SEL_SRC, r->src);
	nkipc_pattern_str(&pattern, v, NKIPC_SEL_DST, r->dst);
	nkipc_pattern_str(&pattern, v, NKIPC_SEL_CHANNEL, r->channel);
	nkipc_pattern_str(&pattern, v, NKIPC_SEL_SERVER, r->server);
	nkipc_pattern_u32(&pattern, v, NKIPC_SEL_RIID, r->riid);
	nkipc_pattern_str(&pattern, v, NKIPC_SEL_IFACE, r->iface);
	nkipc_pattern_u32(&pattern, v, NKIPC_SEL_MID, r->mid);
	return pattern;
}

static int nkipc_index_add_pattern(struct nkipc_rule_index *x, u8 kind,
				   u8 pattern)
{
	u8 i, n = x->n_patterns[kind];

	for (i = 0; i < n; i++)
		if (x->patterns[kind][i] == pattern)
			return 0;
	if (n == NKIPC_INDEX_MAX_PATTERNS)
		return -E2BIG;
	x->patterns[kind][n] = pattern;
	x->n_patterns[kind] = n + 1;
	x->need[kind] |= pattern;
	return 0;
}

/* The layouts' part of the index; @slot_of has room for p->n_rules. */
static int nkipc_layout_index(struct nkipc_policy *p, u32 *slot_of)
{
	struct nkipc_rule_index *x = &p->index;
	u32 n = p->n_layouts, slots, i, sum = 0;

	BUILD_BUG_ON(NKIPC_POLICY_MAX_LAYOUTS > U16_MAX);
	slots = roundup_pow_of_two(max(2 * n, 16U));
	x->layout_mask = slots - 1;
	x->layout_start = kvcalloc(slots + 1, sizeof(*x->layout_start),
				   GFP_KERNEL_ACCOUNT);
	x->layout_order = kvcalloc(max(n, 1U), sizeof(*x->layout_order),
				   GFP_KERNEL_ACCOUNT);
	if (!x->layout_start || !x->layout_order)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct nkipc_layout *l = &p->layouts[i];

		slot_of[i] = nkipc_layout_key(nkipc_index_str(l->iface), l->mid,
					      l->dir) & x->layout_mask;
		x->layout_start[slot_of[i]]++;
	}
	for (i = 0; i < slots; i++) {
		sum += x->layout_start[i];
		x->layout_start[i] = sum;
	}
	x->layout_start[slots] = n;
	for (i = n; i--; )
		x->layout_order[--x->layout_start[slot_of[i]]] = i;
	return 0;
}

/*
 * Builds p->index (policy.h) before @p is published: O(rules + layouts)
 * time, 2 bytes per slot and per rule or layout (slots: the power of two
 * at or above twice their number, at least 16), charged to the loader.
 */
int nkipc_policy_index(struct nkipc_policy *p, const char **why)
{
	struct nkipc_rule_index *x = &p->index;
	u32 n = p->n_rules, slots, i, sum = 0, *slot_of;
	int err = -ENOMEM;

	BUILD_BUG_ON(NKIPC_POLICY_MAX_RULES > U16_MAX);
	BUILD_BUG_ON(NKIPC_SEL_N > 8);
	slots = roundup_pow_of_two(max(2 * n, 16U));
	x->mask = slots - 1;
	x->start = kvcalloc(slots + 1, sizeof(*x->start), GFP_KERNEL_ACCOUNT);
	x->order = kvcalloc(max(n, 1U), sizeof(*x->order), GFP_KERNEL_ACCOUNT);
	slot_of = kvcalloc(max3(n, p->n_layouts, 1U), sizeof(*slot_of),
			   GFP_KERNEL);
	if (!x->start || !x->order || !slot_of)
		goto out;
	for (i = 0; i < n; i++) {
		const struct nkipc_rule *r = &p->rules[i];
		u32 v[NKIPC_SEL_N] = { 0 };
		u8 pattern = nkipc_rule_pattern(r, v);

		/* netlink.c refuses other kinds and these selector mixes */
		if (r->kind >= __NKIPC_KIND_MAX) {
			*why = "rule of an unknown kind";
			err = -EINVAL;
			goto out;
		}
		err = nkipc_index_add_pattern(x, r->kind, pattern);
		if (err) {
			*why = "too many selector combinations in one kind";
			goto out;
		}
		slot_of[i] = nkipc_index_key(r->kind, pattern, v) & x->mask;
		x->start[slot_of[i]]++;
		if (nkipc_rule_owns(r))
			x->n_owners++;
	}
	/* counts to slot ends; filled backwards, each slot in file order */
	for (i = 0; i < slots; i++) {
		sum += x->start[i];
		x->start[i] = sum;
	}
	x->start[slots] = n;
	for (i = n; i--; )
		x->order[--x->start[slot_of[i]]] = i;
	err = -ENOMEM;
	x->owners = kvcalloc(max(x->n_owners, 1U), sizeof(*x->owners),
			     GFP_KERNEL_ACCOUNT);
	if (!x->owners)
		goto out;
	x->n_owners = 0;
	for (i = 0; i < n; i++)
		if (nkipc_rule_owns(&p->rules[i]))
			x->owners[x->n_owners++] = i;
	err = nkipc_layout_index(p, slot_of);
out:
	kvfree(slot_of);
	if (err == -ENOMEM)
		*why = "out of memory for the rule index";
	return err;
}

/*
 * Whether the active policy reads message bytes beyond the header: it has
 * layouts (structure checks) or conditions.  Only then does the core
 * record what a verdict read of a pinned message (security.h).  Set
 * before such a policy is published and cleared only after it has been
 * replaced, with release/acquire ordering: a sender that sees it clear
 * judges under a policy that reads no bytes.
 */
static bool nkipc_policy_reads;

static bool nkipc_policy_reads_bytes(const struct nkipc_policy *p)
{
	u32 i, j;

	if (!p)
		return false;
	if (p->n_layouts)
		return true;
	for (i = 0; i < p->n_rules; i++)
		for (j = 0; j < p->rules[i].n_stmts; j++)
			if (p->rules[i].stmts[j].type >= NKIPC_STMT_ASSERT)
				return true;
	return false;
}

bool nkipc_policy_reads_msg(void)
{
	/* pairs with the releases in nkipc_policy_swap() */
	return smp_load_acquire(&nkipc_policy_reads);
}

bool nkipc_policy_loaded(void)
{
	return rcu_access_pointer(nkipc_active_policy);
}

static void nkipc_policy_swap(struct nkipc_policy *p)
{
	bool reads = nkipc_policy_reads_bytes(p);
	struct nkipc_policy *old;

	lockdep_assert_held(&nkipc_policy_mutex);
	/* set before a policy that reads bytes is visible... */
	smp_store_release(&nkipc_policy_reads,
			  reads || READ_ONCE(nkipc_policy_reads));
	old = rcu_replace_pointer(nkipc_active_policy, p,
				  lockdep_is_held(&nkipc_policy_mutex));
	/* ...and cleared only once the one that did is not */
	smp_store_release(&nkipc_policy_reads, reads);
	nkipc_epoch++;
	if (old)
		call_rcu(&old->rcu, nkipc_policy_free_rcu);
}

void nkipc_policy_unload(void)
{
	mutex_lock(&nkipc_policy_mutex);
	nkipc_policy_swap(NULL);
	mutex_unlock(&nkipc_policy_mutex);
}

static struct nkipc_staging *nkipc_staging_find(u32 portid)
{
	struct nkipc_staging *s;

	lockdep_assert_held(&nkipc_policy_mutex);
	list_for_each_entry(s, &nkipc_stagings, node)
		if (s->portid == portid)
			return s;
	return NULL;
}

static void nkipc_staging_free(struct nkipc_staging *s)
{
	lockdep_assert_held(&nkipc_policy_mutex);
	list_del(&s->node);
	nkipc_n_stagings--;
	nkipc_policy_free(s->policy);
	kfree(s);
}

/* Caller holds nkipc_policy_mutex for this and the next three. */
u64 nkipc_staging_begin(u32 portid, u32 default_decision, int *err)
{
	struct nkipc_staging *s = nkipc_staging_find(portid);

	if (s)
		nkipc_staging_free(s);
	if (nkipc_n_stagings >= NKIPC_MAX_STAGINGS) {
		*err = -EBUSY;
		return 0;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s) {
		*err = -ENOMEM;
		return 0;
	}
	s->policy = nkipc_policy_alloc(default_decision);
	if (!s->policy) {
		kfree(s);
		*err = -ENOMEM;
		return 0;
	}
	s->portid = portid;
	s->epoch = nkipc_epoch;
	s->policy->generation = ++nkipc_last_generation;
	list_add(&s->node, &nkipc_stagings);
	nkipc_n_stagings++;
	*err = 0;
	return s->policy->generation;
}

struct nkipc_policy *nkipc_staging_get(u32 portid, u64 generation)
{
	struct nkipc_staging *s = nkipc_staging_find(portid);

	if (!s || s->policy->generation != generation)
		return NULL;
	return s->policy;
}

void nkipc_staging_drop(u32 portid)
{
	struct nkipc_staging *s = nkipc_staging_find(portid);

	if (s)
		nkipc_staging_free(s);
}

int nkipc_staging_commit(u32 portid, u64 generation, const char **why)
{
	struct nkipc_staging *s = nkipc_staging_find(portid);
	struct nkipc_policy *p;
	int err;

	if (!s || s->policy->generation != generation) {
		*why = "no load in progress with this generation";
		return -ENOENT;
	}
	if (s->epoch != nkipc_epoch) {
		*why = "another policy was loaded since LOAD_BEGIN";
		nkipc_staging_free(s);
		return -ESTALE;
	}
	err = nkipc_policy_validate(s->policy, why) ?:
	      nkipc_policy_index(s->policy, why);
	if (err) {
		nkipc_staging_free(s);
		return err;
	}
	p = s->policy;
	s->policy = NULL;
	nkipc_staging_free(s);
	nkipc_policy_swap(p);
	return 0;
}

static void nkipc_staging_drop_all(void)
{
	struct nkipc_staging *s, *tmp;

	mutex_lock(&nkipc_policy_mutex);
	list_for_each_entry_safe(s, tmp, &nkipc_stagings, node)
		nkipc_staging_free(s);
	mutex_unlock(&nkipc_policy_mutex);
}

int nkipc_policy_init(void)
{
	int err;

	err = nkipc_netlink_init();
	if (err)
		return err;
	err = nkipc_security_register(&nkipc_policy_ops);
	if (err) {
		nkipc_netlink_exit();
		return err;
	}
	return 0;
}

void nkipc_policy_exit(void)
{
	nkipc_security_unregister(&nkipc_policy_ops);
	nkipc_netlink_exit();
	nkipc_staging_drop_all();
	nkipc_policy_unload();
	nkipc_identity_exit();
	/* wait for the call_rcu() callbacks freeing old policies */
	rcu_barrier();
}
