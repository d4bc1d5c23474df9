// SPDX-License-Identifier: GPL-2.0
/*
 * NKIPC_CMD_GET_POLICY: the active policy, one object per message.
 *
 * cb->args[0] is the index of the next object in the sequence header,
 * source lines, rules, layouts, bindings.  cb->seq follows the policy
 * generation, so a reload in the middle of a dump marks it
 * NLM_F_DUMP_INTR and the reader starts again.
 */
#include <net/genetlink.h>
#include <net/netlink.h>

#include "netlink.h"
#include "policy.h"

static int nkipc_put_str(struct sk_buff *skb, int type, const char *s)
{
	return s ? nla_put_string(skb, type, s) : 0;
}

static int nkipc_put_stmt(struct sk_buff *skb, const struct nkipc_stmt *s)
{
	struct nlattr *nest = nla_nest_start(skb, 0);

	if (!nest || nla_put_u8(skb, NKIPC_STMT_A_TYPE, s->type))
		return -EMSGSIZE;
	if (s->type >= NKIPC_STMT_ASSERT &&
	    (nla_put_u8(skb, NKIPC_STMT_A_PART, s->part) ||
	     nla_put_u32(skb, NKIPC_STMT_A_OFFSET, s->offset) ||
	     nla_put_u8(skb, NKIPC_STMT_A_SIZE, s->size) ||
	     (s->is_signed && nla_put_flag(skb, NKIPC_STMT_A_SIGNED)) ||
	     nla_put_u8(skb, NKIPC_STMT_A_OP, s->op) ||
	     nla_put_u64_64bit(skb, NKIPC_STMT_A_VALUE, s->value,
			       NKIPC_STMT_A_PAD)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int nkipc_put_rule(struct sk_buff *skb, const struct nkipc_rule *r,
			  u32 index)
{
	struct nlattr *nest = nla_nest_start(skb, NKIPC_A_RULE), *stmts;
	u8 i;

	if (!nest ||
	    nla_put_u32(skb, NKIPC_RULE_A_INDEX, index) ||
	    nla_put_u8(skb, NKIPC_RULE_A_KIND, r->kind) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_SRC, r->src) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_DST, r->dst) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_CHANNEL, r->channel) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_SERVER, r->server) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_TARGET, r->target) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_TARGET_CLASS, r->target_class) ||
	    (r->handle_kind &&
	     nla_put_u8(skb, NKIPC_RULE_A_HANDLE, r->handle_kind)) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_IFACE, r->iface) ||
	    nkipc_put_str(skb, NKIPC_RULE_A_TEXT, r->text) ||
	    (r->riid != NKIPC_ANY &&
	     nla_put_u32(skb, NKIPC_RULE_A_RIID, r->riid)) ||
	    (r->mid != NKIPC_ANY && nla_put_u32(skb, NKIPC_RULE_A_MID, r->mid)) ||
	    nla_put_u64_64bit(skb, NKIPC_RULE_A_HITS, atomic64_read(&r->hits),
			      NKIPC_RULE_A_PAD) ||
	    nla_put_u64_64bit(skb, NKIPC_RULE_A_DENIALS,
			      atomic64_read(&r->denials), NKIPC_RULE_A_PAD))
		return -EMSGSIZE;
	stmts = nla_nest_start(skb, NKIPC_RULE_A_STMTS);
	if (!stmts)
		return -EMSGSIZE;
	for (i = 0; i < r->n_stmts; i++)
		if (nkipc_put_stmt(skb, &r->stmts[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, stmts);
	nla_nest_end(skb, nest);
	return 0;
}

static int nkipc_put_layout(struct sk_buff *skb, const struct nkipc_layout *l)
{
	struct nlattr *nest = nla_nest_start(skb, NKIPC_A_LAYOUT);

	if (!nest ||
	    nla_put_string(skb, NKIPC_LAYOUT_A_IFACE, l->iface) ||
	    nla_put_u32(skb, NKIPC_LAYOUT_A_MID, l->mid) ||
	    nla_put_u8(skb, NKIPC_LAYOUT_A_DIR, l->dir) ||
	    nla_put(skb, NKIPC_LAYOUT_A_MSG, sizeof(l->msg), &l->msg) ||
	    (l->n_types &&
	     nla_put(skb, NKIPC_LAYOUT_A_TYPES, l->n_types * sizeof(*l->types),
		     l->types)) ||
	    (l->n_fields &&
	     nla_put(skb, NKIPC_LAYOUT_A_FIELDS,
		     l->n_fields * sizeof(*l->fields), l->fields)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int nkipc_put_binding(struct sk_buff *skb,
			     const struct nkipc_binding *b)
{
	struct nlattr *nest = nla_nest_start(skb, NKIPC_A_BINDING);

	if (!nest ||
	    nla_put_string(skb, NKIPC_BIND_A_CLASS, b->class_name) ||
	    nkipc_put_str(skb, NKIPC_BIND_A_EXE, b->exe) ||
	    nkipc_put_str(skb, NKIPC_BIND_A_CGROUP, b->cgroup_path) ||
	    nkipc_put_str(skb, NKIPC_BIND_A_LABEL, b->label) ||
	    (b->has_uid && nla_put_u32(skb, NKIPC_BIND_A_UID,
				       from_kuid_munged(current_user_ns(),
							b->uid))) ||
	    (b->has_gid && nla_put_u32(skb, NKIPC_BIND_A_GID,
				       from_kgid_munged(current_user_ns(),
							b->gid))) ||
	    (b->has_exe &&
	     (nla_put_u32(skb, NKIPC_BIND_A_DEV, new_encode_dev(b->dev)) ||
	      nla_put_u64_64bit(skb, NKIPC_BIND_A_INO, b->ino,
				NKIPC_BIND_A_PAD))) ||
	    nla_put_u64_64bit(skb, NKIPC_BIND_A_HITS, atomic64_read(&b->hits),
			      NKIPC_BIND_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Puts object @idx of @p; -ENOENT past the last one. */
static int nkipc_put_object(struct sk_buff *skb, struct nkipc_policy *p,
			    u32 idx)
{
	if (idx == 0)
		return nla_put_u32(skb, NKIPC_A_DEFAULT, p->default_decision);
	idx--;
	if (idx < p->n_source)
		return nla_put_string(skb, NKIPC_A_SOURCE_LINE, p->source[idx]);
	idx -= p->n_source;
	if (idx < p->n_rules)
		return nkipc_put_rule(skb, &p->rules[idx], idx);
	idx -= p->n_rules;
	if (idx < p->n_layouts)
		return nkipc_put_layout(skb, &p->layouts[idx]);
	idx -= p->n_layouts;
	if (idx < p->n_bindings)
		return nkipc_put_binding(skb, &p->bindings[idx]);
	return -ENOENT;
}

int nkipc_nl_dump_policy(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nkipc_policy *p;
	u32 idx = cb->args[0];
	void *hdr;
	int err = 0;

	rcu_read_lock();
	p = rcu_dereference(nkipc_active_policy);
	cb->seq = p ? (u32)p->generation + 1 : 1;
	while (p) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nkipc_genl_family,
				  NLM_F_MULTI, NKIPC_CMD_GET_POLICY);
		if (!hdr)
			break;
		if (nla_put_u64_64bit(skb, NKIPC_A_GENERATION, p->generation,
				      NKIPC_A_PAD)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		err = nkipc_put_object(skb, p, idx);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		/*
		 * Only on a message that is sent: checking one that gets
		 * cancelled would record the new generation and lose the
		 * NLM_F_DUMP_INTR.  With no message left, NLMSG_DONE gets it.
		 */
		genl_dump_check_consistent(cb, hdr);
		genlmsg_end(skb, hdr);
		idx++;
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	/* a single object too big for an empty skb would loop forever */
	if (err == -EMSGSIZE && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}
