// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "nkipc": attribute policies, state, mode and the
 * begin/add/commit policy load.  Every change runs under
 * nkipc_policy_mutex; loads are staged per netlink socket (policy.c) and
 * dropped when the socket is released.
 */
#include <linux/ctype.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/net_namespace.h>

#include "identity.h"
#include "netlink.h"
#include "policy.h"

static struct netlink_range_validation nkipc_offset_range = {
	.max = 16 << 20,	/* the largest max_msg_size */
};

static struct netlink_range_validation nkipc_mid_range = {
	.max = U16_MAX,
};

static const struct nla_policy nkipc_stmt_policy[NKIPC_STMT_A_MAX + 1] = {
	[NKIPC_STMT_A_TYPE] = NLA_POLICY_MAX(NLA_U8, __NKIPC_STMT_MAX - 1),
	[NKIPC_STMT_A_PART] = NLA_POLICY_MAX(NLA_U8, __NKIPC_MSG_PART_MAX - 1),
	[NKIPC_STMT_A_OFFSET] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &nkipc_offset_range),
	[NKIPC_STMT_A_SIZE] = NLA_POLICY_RANGE(NLA_U8, 1, 8),
	[NKIPC_STMT_A_SIGNED] = { .type = NLA_FLAG },
	[NKIPC_STMT_A_OP] = NLA_POLICY_MAX(NLA_U8, __NKIPC_OP_MAX - 1),
	[NKIPC_STMT_A_VALUE] = { .type = NLA_U64 },
};

static const struct nla_policy nkipc_rule_policy[NKIPC_RULE_A_MAX + 1] = {
	[NKIPC_RULE_A_KIND] = NLA_POLICY_MAX(NLA_U8, __NKIPC_KIND_MAX - 1),
	[NKIPC_RULE_A_SRC] = { .type = NLA_NUL_STRING,
			       .len = NKIPC_CLASS_MAX - 1 },
	[NKIPC_RULE_A_DST] = { .type = NLA_NUL_STRING,
			       .len = NKIPC_CLASS_MAX - 1 },
	[NKIPC_RULE_A_CHANNEL] = { .type = NLA_NUL_STRING,
				   .len = NKIPC_NAME_MAX - 1 },
	[NKIPC_RULE_A_SERVER] = { .type = NLA_NUL_STRING,
				  .len = NKIPC_NAME_MAX - 1 },
	[NKIPC_RULE_A_RIID] = NLA_POLICY_MAX(NLA_U32, NKIPC_MAX_ENDPOINTS - 1),
	[NKIPC_RULE_A_IFACE] = { .type = NLA_NUL_STRING,
				 .len = NKIPC_NAME_MAX - 1 },
	[NKIPC_RULE_A_MID] = NLA_POLICY_FULL_RANGE(NLA_U32, &nkipc_mid_range),
	[NKIPC_RULE_A_TEXT] = { .type = NLA_NUL_STRING,
				.len = NKIPC_TEXT_MAX - 1 },
	[NKIPC_RULE_A_STMTS] = NLA_POLICY_NESTED_ARRAY(nkipc_stmt_policy),
	[NKIPC_RULE_A_HANDLE] = NLA_POLICY_RANGE(NLA_U8, NKIPC_HANDLE_FD,
						 NKIPC_HANDLE_CHANNEL),
	[NKIPC_RULE_A_TARGET] = { .type = NLA_NUL_STRING,
				  .len = NKIPC_NAME_MAX - 1 },
	[NKIPC_RULE_A_TARGET_CLASS] = { .type = NLA_NUL_STRING,
					.len = NKIPC_CLASS_MAX - 1 },
	/* INDEX, HITS, DENIALS are output only: rejected by strict parsing */
};

static const struct nla_policy nkipc_layout_policy[NKIPC_LAYOUT_A_MAX + 1] = {
	[NKIPC_LAYOUT_A_IFACE] = { .type = NLA_NUL_STRING,
				   .len = NKIPC_NAME_MAX - 1 },
	[NKIPC_LAYOUT_A_MID] = NLA_POLICY_FULL_RANGE(NLA_U32, &nkipc_mid_range),
	[NKIPC_LAYOUT_A_DIR] = NLA_POLICY_MAX(NLA_U8, __NKIPC_LAYOUT_MAX - 1),
	[NKIPC_LAYOUT_A_MSG] = NLA_POLICY_EXACT_LEN(sizeof(struct nkipc_lmsg)),
	/* arrays of fixed-width structs: whole elements checked by the parser */
	[NKIPC_LAYOUT_A_TYPES] = { .type = NLA_BINARY,
				   .len = NKIPC_LAYOUT_MAX_TYPES *
					  sizeof(struct nkipc_ltype) },
	[NKIPC_LAYOUT_A_FIELDS] = { .type = NLA_BINARY,
				    .len = NKIPC_LAYOUT_MAX_FIELDS *
					   sizeof(struct nkipc_lfield) },
};

static const struct nla_policy nkipc_bind_policy[NKIPC_BIND_A_MAX + 1] = {
	[NKIPC_BIND_A_CLASS] = { .type = NLA_NUL_STRING,
				 .len = NKIPC_CLASS_MAX - 1 },
	[NKIPC_BIND_A_EXE] = { .type = NLA_NUL_STRING,
			       .len = NKIPC_PATH_MAX - 1 },
	[NKIPC_BIND_A_UID] = { .type = NLA_U32 },
	[NKIPC_BIND_A_GID] = { .type = NLA_U32 },
	[NKIPC_BIND_A_CGROUP] = { .type = NLA_NUL_STRING,
				  .len = NKIPC_PATH_MAX - 1 },
	[NKIPC_BIND_A_LABEL] = { .type = NLA_NUL_STRING,
				 .len = NKIPC_LABEL_MAX - 1 },
};

static const struct nla_policy nkipc_source_policy[NKIPC_A_MAX + 1] = {
	[NKIPC_A_SOURCE_LINE] = { .type = NLA_NUL_STRING,
				  .len = NKIPC_TEXT_MAX - 1 },
};

static const struct nla_policy nkipc_genl_policy[NKIPC_A_MAX + 1] = {
	[NKIPC_A_GENERATION] = { .type = NLA_U64 },
	[NKIPC_A_MODE] = NLA_POLICY_MAX(NLA_U32, __NKIPC_MODE_MAX - 1),
	[NKIPC_A_AUDIT_FLAGS] = NLA_POLICY_MASK(NLA_U32, NKIPC_AUDIT_F_ALL),
	[NKIPC_A_DEFAULT] = NLA_POLICY_MAX(NLA_U32, __NKIPC_DECISION_MAX - 1),
	/*
	 * Validated element by element by LOAD_ADD itself (strictly, with the
	 * policies above), so that a bad element drops the staged load
	 * instead of leaving it without this batch.
	 */
	[NKIPC_A_RULES] = { .type = NLA_NESTED },
	[NKIPC_A_LAYOUTS] = { .type = NLA_NESTED },
	[NKIPC_A_BINDINGS] = { .type = NLA_NESTED },
	[NKIPC_A_SOURCE] = { .type = NLA_NESTED },
	/* the remaining attributes are output only */
};

/* Like NL_SET_ERR_MSG_ATTR() for a message chosen at run time. */
static void nkipc_nl_set_err(struct netlink_ext_ack *extack,
			     const struct nlattr *nla, const char *why)
{
	if (!extack || !why)
		return;
	extack->_msg = why;
	extack->bad_attr = nla;
}

static bool nkipc_name_valid(const char *s)
{
	for (; *s; s++)
		if (!isalnum(*s) && *s != '_' && *s != '.')
			return false;
	return true;
}

/* Copies an optional string attribute; -ENOMEM only. */
static int nkipc_nl_strdup(const struct nlattr *nla, const char **out)
{
	if (!nla)
		return 0;
	*out = nla_strdup(nla, GFP_KERNEL_ACCOUNT);
	return *out ? 0 : -ENOMEM;
}

static int nkipc_nl_parse_stmt(struct nkipc_stmt *s, const struct nlattr *nla,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NKIPC_STMT_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NKIPC_STMT_A_MAX, nla, nkipc_stmt_policy,
			       extack);
	if (err)
		return err;
	if (!tb[NKIPC_STMT_A_TYPE]) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "statement without a type");
		return -EINVAL;
	}
	s->type = nla_get_u8(tb[NKIPC_STMT_A_TYPE]);
	if (s->type == NKIPC_STMT_GRANT || s->type == NKIPC_STMT_DENY)
		return 0;
	if (!tb[NKIPC_STMT_A_PART] || !tb[NKIPC_STMT_A_OFFSET] ||
	    !tb[NKIPC_STMT_A_SIZE] || !tb[NKIPC_STMT_A_OP] ||
	    !tb[NKIPC_STMT_A_VALUE]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "condition needs part, offset, size, op and value");
		return -EINVAL;
	}
	s->part = nla_get_u8(tb[NKIPC_STMT_A_PART]);
	s->offset = nla_get_u32(tb[NKIPC_STMT_A_OFFSET]);
	s->size = nla_get_u8(tb[NKIPC_STMT_A_SIZE]);
	s->op = nla_get_u8(tb[NKIPC_STMT_A_OP]);
	s->value = nla_get_u64(tb[NKIPC_STMT_A_VALUE]);
	s->is_signed = nla_get_flag(tb[NKIPC_STMT_A_SIGNED]);
	if (s->size & (s->size - 1)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NKIPC_STMT_A_SIZE],
				    "field size must be 1, 2, 4 or 8");
		return -EINVAL;
	}
	return 0;
}

static int nkipc_nl_parse_rule(struct nkipc_policy *p, const struct nlattr *nla,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NKIPC_RULE_A_MAX + 1], *s;
	struct nkipc_rule *r;
	bool has_cond = false;
	int err, rem;

	err = nla_parse_nested(tb, NKIPC_RULE_A_MAX, nla, nkipc_rule_policy,
			       extack);
	if (err)
		return err;
	if (!tb[NKIPC_RULE_A_KIND] || !tb[NKIPC_RULE_A_STMTS]) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "rule needs a kind and statements");
		return -EINVAL;
	}
	if (tb[NKIPC_RULE_A_MID] && !tb[NKIPC_RULE_A_IFACE]) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "a method selector needs the interface");
		return -EINVAL;
	}
	r = nkipc_policy_add_rule(p);
	if (!r) {
		NL_SET_ERR_MSG(extack, "too many rules");
		return -ENOSPC;
	}
	r->kind = nla_get_u8(tb[NKIPC_RULE_A_KIND]);
	if (tb[NKIPC_RULE_A_RIID])
		r->riid = nla_get_u32(tb[NKIPC_RULE_A_RIID]);
	if (tb[NKIPC_RULE_A_MID])
		r->mid = nla_get_u32(tb[NKIPC_RULE_A_MID]);
	err = nkipc_nl_strdup(tb[NKIPC_RULE_A_SRC], &r->src) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_DST], &r->dst) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_CHANNEL], &r->channel) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_SERVER], &r->server) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_IFACE], &r->iface) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_TEXT], &r->text) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_TARGET], &r->target) ?:
	      nkipc_nl_strdup(tb[NKIPC_RULE_A_TARGET_CLASS], &r->target_class);
	if (err)
		return err;
	if (tb[NKIPC_RULE_A_HANDLE])
		r->handle_kind = nla_get_u8(tb[NKIPC_RULE_A_HANDLE]);
	nla_for_each_nested(s, tb[NKIPC_RULE_A_STMTS], rem) {
		if (r->n_stmts >= NKIPC_RULE_MAX_STMTS) {
			NL_SET_ERR_MSG_ATTR(extack, s, "too many statements in a rule");
			return -E2BIG;
		}
		err = nkipc_nl_parse_stmt(&r->stmts[r->n_stmts], s, extack);
		if (err)
			return err;
		if (r->stmts[r->n_stmts].type >= NKIPC_STMT_ASSERT)
			has_cond = true;
		if (r->stmts[r->n_stmts].type >= NKIPC_STMT_ASSERT &&
		    r->stmts[r->n_stmts].part == NKIPC_MSG_PART_HANDLE &&
		    r->kind != NKIPC_KIND_TRANSFER) {
			NL_SET_ERR_MSG_ATTR(extack, s,
					    "handle fields are for transfer rules");
			return -EINVAL;
		}
		r->n_stmts++;
	}
	if (!r->n_stmts) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "rule without statements");
		return -EINVAL;
	}
	if ((r->kind == NKIPC_KIND_CONNECT || r->kind == NKIPC_KIND_REGISTER) &&
	    (has_cond || r->iface || r->riid != NKIPC_ANY)) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "connect/register rules have no message");
		return -EINVAL;
	}
	if ((r->handle_kind || r->target || r->target_class) &&
	    r->kind != NKIPC_KIND_TRANSFER) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "handle selectors are for transfer rules");
		return -EINVAL;
	}
	if (r->server && r->kind != NKIPC_KIND_CONNECT &&
	    r->kind != NKIPC_KIND_REGISTER) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NKIPC_RULE_A_SERVER],
				    "server= is for connect/register rules");
		return -EINVAL;
	}
	return 0;
}

/* Copies array attribute @nla of @size-byte elements; 0 elements: NULL. */
static int nkipc_nl_array(const struct nlattr *nla, size_t size, void **out,
			  u32 *n, struct netlink_ext_ack *extack)
{
	u32 len = nla ? nla_len(nla) : 0;

	*out = NULL;
	*n = 0;
	if (len % size) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "layout array not a whole number of elements");
		return -EINVAL;
	}
	if (!len)
		return 0;
	*out = kvmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, nla_data(nla), len);
	*n = len / size;
	return 0;
}

static int nkipc_nl_parse_layout(struct nkipc_policy *p,
				 const struct nlattr *nla,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NKIPC_LAYOUT_A_MAX + 1];
	struct nkipc_layout *l;
	const char *why;
	u8 *depth;
	int err;

	err = nla_parse_nested(tb, NKIPC_LAYOUT_A_MAX, nla, nkipc_layout_policy,
			       extack);
	if (err)
		return err;
	if (!tb[NKIPC_LAYOUT_A_IFACE] || !tb[NKIPC_LAYOUT_A_MID] ||
	    !tb[NKIPC_LAYOUT_A_DIR] || !tb[NKIPC_LAYOUT_A_MSG]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "layout needs iface, mid, dir and msg");
		return -EINVAL;
	}
	l = nkipc_policy_add_layout(p);
	if (!l) {
		NL_SET_ERR_MSG(extack, "too many layouts");
		return -ENOSPC;
	}
	l->mid = nla_get_u32(tb[NKIPC_LAYOUT_A_MID]);
	l->dir = nla_get_u8(tb[NKIPC_LAYOUT_A_DIR]);
	memcpy(&l->msg, nla_data(tb[NKIPC_LAYOUT_A_MSG]), sizeof(l->msg));
	err = nkipc_nl_strdup(tb[NKIPC_LAYOUT_A_IFACE], &l->iface) ?:
	      nkipc_nl_array(tb[NKIPC_LAYOUT_A_TYPES], sizeof(*l->types),
			     (void **)&l->types, &l->n_types, extack) ?:
	      nkipc_nl_array(tb[NKIPC_LAYOUT_A_FIELDS], sizeof(*l->fields),
			     (void **)&l->fields, &l->n_fields, extack);
	if (err)
		return err;
	if (l->msg.const_size < NKIPC_MSG_HDR_SIZE) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NKIPC_LAYOUT_A_MSG],
				    "constant part smaller than the header");
		return -EINVAL;
	}
	depth = kmalloc(max(l->n_types, 1U), GFP_KERNEL);
	if (!depth)
		return -ENOMEM;
	err = nkipc_layout_validate(&l->msg, l->types, l->n_types, l->fields,
				    l->n_fields, depth, &why);
	kfree(depth);
	if (err) {
		nkipc_nl_set_err(extack, nla, why);
		return -EINVAL;
	}
	return 0;
}

static int nkipc_nl_parse_binding(struct nkipc_policy *p,
				  const struct nlattr *nla,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NKIPC_BIND_A_MAX + 1];
	struct nkipc_binding *b;
	const char *why = NULL;
	int err;

	err = nla_parse_nested(tb, NKIPC_BIND_A_MAX, nla, nkipc_bind_policy,
			       extack);
	if (err)
		return err;
	if (!tb[NKIPC_BIND_A_CLASS] ||
	    !*(char *)nla_data(tb[NKIPC_BIND_A_CLASS]) ||
	    !nkipc_name_valid(nla_data(tb[NKIPC_BIND_A_CLASS]))) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "binding needs a valid class name");
		return -EINVAL;
	}
	/*
	 * exe= alone: LD_PRELOAD or ptrace runs any code as that image.
	 * label= alone: AppArmor lets an unconfined process change_profile
	 * into any profile.  Both only narrow an identity the process
	 * cannot choose.
	 */
	if (!tb[NKIPC_BIND_A_UID] && !tb[NKIPC_BIND_A_GID] &&
	    !tb[NKIPC_BIND_A_CGROUP]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "binding needs uid, gid or cgroup (exe and label only narrow it)");
		return -EINVAL;
	}
	if (tb[NKIPC_BIND_A_LABEL] &&
	    !*(char *)nla_data(tb[NKIPC_BIND_A_LABEL])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NKIPC_BIND_A_LABEL],
				    "binding: empty label");
		return -EINVAL;
	}
	if (tb[NKIPC_BIND_A_EXE] &&
	    *(char *)nla_data(tb[NKIPC_BIND_A_EXE]) != '/') {
		NL_SET_ERR_MSG_ATTR(extack, tb[NKIPC_BIND_A_EXE],
				    "binding: exe must be an absolute path");
		return -EINVAL;
	}
	b = nkipc_policy_add_binding(p);
	if (!b) {
		NL_SET_ERR_MSG(extack, "too many bindings");
		return -ENOSPC;
	}
	if (tb[NKIPC_BIND_A_UID]) {
		b->uid = make_kuid(current_user_ns(),
				   nla_get_u32(tb[NKIPC_BIND_A_UID]));
		b->has_uid = true;
	}
	if (tb[NKIPC_BIND_A_GID]) {
		b->gid = make_kgid(current_user_ns(),
				   nla_get_u32(tb[NKIPC_BIND_A_GID]));
		b->has_gid = true;
	}
	if ((b->has_uid && !uid_valid(b->uid)) ||
	    (b->has_gid && !gid_valid(b->gid))) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "binding: uid/gid not mapped");
		return -EINVAL;
	}
	err = nkipc_nl_strdup(tb[NKIPC_BIND_A_CLASS], &b->class_name) ?:
	      nkipc_nl_strdup(tb[NKIPC_BIND_A_EXE], &b->exe) ?:
	      nkipc_nl_strdup(tb[NKIPC_BIND_A_CGROUP], &b->cgroup_path) ?:
	      nkipc_nl_strdup(tb[NKIPC_BIND_A_LABEL], &b->label);
	if (err)
		return err;
	err = nkipc_binding_resolve(b, &why);
	if (err)
		nkipc_nl_set_err(extack, nla, why);
	return err;
}

static int nkipc_nl_add_all(struct nkipc_policy *p, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *a;
	int err = 0, rem;

	if (info->attrs[NKIPC_A_RULES])
		nla_for_each_nested(a, info->attrs[NKIPC_A_RULES], rem) {
			err = nkipc_nl_parse_rule(p, a, extack);
			if (err)
				return err;
		}
	if (info->attrs[NKIPC_A_LAYOUTS])
		nla_for_each_nested(a, info->attrs[NKIPC_A_LAYOUTS], rem) {
			err = nkipc_nl_parse_layout(p, a, extack);
			if (err)
				return err;
		}
	if (info->attrs[NKIPC_A_BINDINGS])
		nla_for_each_nested(a, info->attrs[NKIPC_A_BINDINGS], rem) {
			err = nkipc_nl_parse_binding(p, a, extack);
			if (err)
				return err;
		}
	if (info->attrs[NKIPC_A_SOURCE]) {
		err = nla_validate_nested(info->attrs[NKIPC_A_SOURCE], NKIPC_A_MAX,
					  nkipc_source_policy, extack);
		if (err)
			return err;
		nla_for_each_nested(a, info->attrs[NKIPC_A_SOURCE], rem) {
			if (nla_type(a) != NKIPC_A_SOURCE_LINE) {
				NL_SET_ERR_MSG_ATTR(extack, a, "expected a source line");
				return -EINVAL;
			}
			err = nkipc_policy_add_source(p, nla_data(a));
			if (err) {
				NL_SET_ERR_MSG_ATTR(extack, a, "too many source lines");
				return err;
			}
		}
	}
	return 0;
}

static int nkipc_nl_put_stats(struct sk_buff *skb)
{
	struct nlattr *nest = nla_nest_start(skb, NKIPC_A_STATS);

	if (!nest ||
	    nla_put_u64_64bit(skb, NKIPC_STAT_A_GRANTED,
			      atomic64_read(&nkipc_stats.granted),
			      NKIPC_STAT_A_PAD) ||
	    nla_put_u64_64bit(skb, NKIPC_STAT_A_DENIED,
			      atomic64_read(&nkipc_stats.denied),
			      NKIPC_STAT_A_PAD) ||
	    nla_put_u64_64bit(skb, NKIPC_STAT_A_PERMITTED,
			      atomic64_read(&nkipc_stats.permitted),
			      NKIPC_STAT_A_PAD) ||
	    nla_put_u64_64bit(skb, NKIPC_STAT_A_MALFORMED,
			      atomic64_read(&nkipc_stats.malformed),
			      NKIPC_STAT_A_PAD) ||
	    nla_put_u64_64bit(skb, NKIPC_STAT_A_DEFAULTED,
			      atomic64_read(&nkipc_stats.defaulted),
			      NKIPC_STAT_A_PAD) ||
	    nla_put_u64_64bit(skb, NKIPC_STAT_A_AUDIT_LOST,
			      atomic64_read(&nkipc_stats.audit_lost),
			      NKIPC_STAT_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int nkipc_nl_get_state(struct sk_buff *skb, struct genl_info *info)
{
	struct nkipc_policy *p;
	struct sk_buff *msg;
	void *hdr;
	int err = -EMSGSIZE;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nkipc_genl_family, 0,
				NKIPC_CMD_GET_STATE);
	if (!hdr)
		goto fail;
	rcu_read_lock();
	p = rcu_dereference(nkipc_active_policy);
	/* Public: whether a policy is loaded and enforced (docs/policy.md). */
	if (nla_put_u64_64bit(msg, NKIPC_A_GENERATION, p ? p->generation : 0,
			      NKIPC_A_PAD) ||
	    nla_put_u32(msg, NKIPC_A_MODE, nkipc_policy_mode())) {
		rcu_read_unlock();
		goto fail;
	}
	if (!nkipc_nl_mac_admin(skb)) {
		rcu_read_unlock();
		goto done;
	}
	if (nla_put_u32(msg, NKIPC_A_AUDIT_FLAGS, nkipc_policy_audit_flags()) ||
	    (p && (nla_put_u32(msg, NKIPC_A_DEFAULT, p->default_decision) ||
		   nla_put_u32(msg, NKIPC_A_N_RULES, p->n_rules) ||
		   nla_put_u32(msg, NKIPC_A_N_LAYOUTS, p->n_layouts) ||
		   nla_put_u32(msg, NKIPC_A_N_BINDINGS, p->n_bindings)))) {
		rcu_read_unlock();
		goto fail;
	}
	rcu_read_unlock();
	if (nkipc_nl_put_stats(msg))
		goto fail;
done:
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
fail:
	nlmsg_free(msg);
	return err;
}

static int nkipc_nl_load_begin(struct sk_buff *skb, struct genl_info *info)
{
	u32 def = NKIPC_DECISION_DENY;
	struct sk_buff *msg;
	void *hdr;
	u64 gen;
	int err;

	if (info->attrs[NKIPC_A_DEFAULT])
		def = nla_get_u32(info->attrs[NKIPC_A_DEFAULT]);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nkipc_genl_family, 0,
				NKIPC_CMD_LOAD_BEGIN);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&nkipc_policy_mutex);
	gen = nkipc_staging_begin(info->snd_portid, def, &err);
	mutex_unlock(&nkipc_policy_mutex);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "too many loads in progress");
		nlmsg_free(msg);
		return err;
	}
	if (nla_put_u64_64bit(msg, NKIPC_A_GENERATION, gen, NKIPC_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int nkipc_nl_load_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nkipc_policy *p;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NKIPC_A_GENERATION))
		return -EINVAL;
	mutex_lock(&nkipc_policy_mutex);
	p = nkipc_staging_get(info->snd_portid,
			      nla_get_u64(info->attrs[NKIPC_A_GENERATION]));
	if (!p) {
		NL_SET_ERR_MSG(info->extack, "no load in progress with this generation");
		err = -ENOENT;
		goto out;
	}
	err = nkipc_nl_add_all(p, info);
	/* a load that failed half way must not be committed */
	if (err)
		nkipc_staging_drop(info->snd_portid);
out:
	mutex_unlock(&nkipc_policy_mutex);
	return err;
}

static int nkipc_nl_load_commit(struct sk_buff *skb, struct genl_info *info)
{
	const char *why = NULL;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NKIPC_A_GENERATION))
		return -EINVAL;
	mutex_lock(&nkipc_policy_mutex);
	err = nkipc_staging_commit(info->snd_portid,
				   nla_get_u64(info->attrs[NKIPC_A_GENERATION]),
				   &why);
	if (!err && info->attrs[NKIPC_A_MODE])
		nkipc_policy_set_mode(nla_get_u32(info->attrs[NKIPC_A_MODE]));
	mutex_unlock(&nkipc_policy_mutex);
	if (err)
		nkipc_nl_set_err(info->extack, NULL, why);
	else
		pr_info("policy generation %llu loaded\n",
			nla_get_u64(info->attrs[NKIPC_A_GENERATION]));
	return err;
}

static int nkipc_nl_load_abort(struct sk_buff *skb, struct genl_info *info)
{
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, NKIPC_A_GENERATION))
		return -EINVAL;
	mutex_lock(&nkipc_policy_mutex);
	if (nkipc_staging_get(info->snd_portid,
			      nla_get_u64(info->attrs[NKIPC_A_GENERATION])))
		nkipc_staging_drop(info->snd_portid);
	else
		err = -ENOENT;
	mutex_unlock(&nkipc_policy_mutex);
	return err;
}

static int nkipc_nl_unload(struct sk_buff *skb, struct genl_info *info)
{
	nkipc_policy_unload();
	pr_info("policy unloaded\n");
	return 0;
}

static int nkipc_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	mutex_lock(&nkipc_policy_mutex);
	if (info->attrs[NKIPC_A_MODE])
		nkipc_policy_set_mode(nla_get_u32(info->attrs[NKIPC_A_MODE]));
	if (info->attrs[NKIPC_A_AUDIT_FLAGS])
		nkipc_policy_set_audit_flags(nla_get_u32(info->attrs[NKIPC_A_AUDIT_FLAGS]));
	mutex_unlock(&nkipc_policy_mutex);
	return 0;
}

/*
 * Who controls the policy: CAP_MAC_ADMIN in the initial user namespace,
 * as for SELinux, AppArmor and Smack policy loads, of both the sender and
 * the opener of the netlink socket (netlink_capable()).  Every command
 * needs it except those marked NKIPC_NL_PUBLIC (the short GET_STATE); the
 * check is in pre_doit and in the dumps' start, so a command added later
 * is privileged unless it says otherwise.  CAP_NET_ADMIN is not enough:
 * it is handed out for network configuration, not for MAC policy.
 */
#define NKIPC_NL_PUBLIC		BIT(0)
#define NKIPC_NL_AUDIT		BIT(1)	/* CAP_AUDIT_READ is enough */

bool nkipc_nl_mac_admin(const struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_MAC_ADMIN);
}

static int nkipc_nl_need_mac_admin(const struct sk_buff *skb,
				   struct netlink_ext_ack *extack)
{
	if (nkipc_nl_mac_admin(skb))
		return 0;
	NL_SET_ERR_MSG(extack, "needs CAP_MAC_ADMIN");
	return -EPERM;
}

static int nkipc_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			     struct genl_info *info)
{
	if (ops->internal_flags & NKIPC_NL_PUBLIC)
		return 0;
	if ((ops->internal_flags & NKIPC_NL_AUDIT) &&
	    netlink_capable(skb, CAP_AUDIT_READ))
		return 0;
	return nkipc_nl_need_mac_admin(skb, info->extack);
}

/* Runs in the requester's sendmsg(), on its request: before any output. */
static int nkipc_nl_dump_start(struct netlink_callback *cb)
{
	return nkipc_nl_need_mac_admin(cb->skb, cb->extack);
}

static const struct genl_ops nkipc_genl_ops[] = {
	{
		.cmd = NKIPC_CMD_GET_STATE,
		.doit = nkipc_nl_get_state,
		.internal_flags = NKIPC_NL_PUBLIC,
	}, {
		.cmd = NKIPC_CMD_LOAD_BEGIN,
		.doit = nkipc_nl_load_begin,
	}, {
		.cmd = NKIPC_CMD_LOAD_ADD,
		.doit = nkipc_nl_load_add,
	}, {
		.cmd = NKIPC_CMD_LOAD_COMMIT,
		.doit = nkipc_nl_load_commit,
	}, {
		.cmd = NKIPC_CMD_LOAD_ABORT,
		.doit = nkipc_nl_load_abort,
	}, {
		.cmd = NKIPC_CMD_UNLOAD,
		.doit = nkipc_nl_unload,
	}, {
		.cmd = NKIPC_CMD_SET_CONFIG,
		.doit = nkipc_nl_set_config,
	}, {
		.cmd = NKIPC_CMD_GET_POLICY,
		.start = nkipc_nl_dump_start,
		.dumpit = nkipc_nl_dump_policy,
	}, {
		.cmd = NKIPC_CMD_GET_CHANNELS,
		.start = nkipc_nl_dump_start,
		.dumpit = nkipc_nl_dump_channels,
	}, {
		.cmd = NKIPC_CMD_AUDIT_SUBSCRIBE,
		.doit = nkipc_audit_subscribe,
		.internal_flags = NKIPC_NL_AUDIT,
	},
};

struct genl_family nkipc_genl_family __ro_after_init = {
	.name = NKIPC_GENL_NAME,
	.version = NKIPC_GENL_VERSION,
	.maxattr = NKIPC_A_MAX,
	.policy = nkipc_genl_policy,
	.module = THIS_MODULE,
	.pre_doit = nkipc_nl_pre_doit,
	.ops = nkipc_genl_ops,
	.n_ops = ARRAY_SIZE(nkipc_genl_ops),
};

/* A socket that goes away in the middle of a load drops it. */
static int nkipc_nl_notify(struct notifier_block *nb, unsigned long state,
			   void *data)
{
	struct netlink_notify *n = data;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	mutex_lock(&nkipc_policy_mutex);
	nkipc_staging_drop(n->portid);
	mutex_unlock(&nkipc_policy_mutex);
	nkipc_audit_release(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block nkipc_nl_notifier = {
	.notifier_call = nkipc_nl_notify,
};

int nkipc_netlink_init(void)
{
	int err;

	nkipc_audit_init();
	err = netlink_register_notifier(&nkipc_nl_notifier);
	if (err)
		return err;
	err = genl_register_family(&nkipc_genl_family);
	if (err)
		netlink_unregister_notifier(&nkipc_nl_notifier);
	return err;
}

void nkipc_netlink_exit(void)
{
	genl_unregister_family(&nkipc_genl_family);
	netlink_unregister_notifier(&nkipc_nl_notifier);
	nkipc_audit_exit();
}
