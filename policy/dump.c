// SPDX-License-Identifier: GPL-2.0
/*
 * dump.c - reads the active policy back (NKIPC_CMD_GET_POLICY) into a
 * struct cpolicy, restarting when a reload interrupts the dump.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nkpolicy.h"

static char *dup_attr(struct nlattr *a)
{
	return a ? xstrdup(nla_get_string(a)) : NULL;
}

static void parse_rule(struct cpolicy *p, struct nlattr *nest)
{
	struct nlattr *tb[NKIPC_RULE_A_MAX + 1], *s;
	struct crule *r;
	int rem;

	if (nla_parse_nested(tb, NKIPC_RULE_A_MAX, nest, NULL))
		return;
	r = cpolicy_add_rule(p);
	r->kind = tb[NKIPC_RULE_A_KIND] ? nla_get_u8(tb[NKIPC_RULE_A_KIND]) : 0;
	r->src = dup_attr(tb[NKIPC_RULE_A_SRC]);
	r->dst = dup_attr(tb[NKIPC_RULE_A_DST]);
	r->channel = dup_attr(tb[NKIPC_RULE_A_CHANNEL]);
	r->server = dup_attr(tb[NKIPC_RULE_A_SERVER]);
	r->target = dup_attr(tb[NKIPC_RULE_A_TARGET]);
	r->target_class = dup_attr(tb[NKIPC_RULE_A_TARGET_CLASS]);
	if (tb[NKIPC_RULE_A_HANDLE])
		r->handle_kind = nla_get_u8(tb[NKIPC_RULE_A_HANDLE]);
	r->iface = dup_attr(tb[NKIPC_RULE_A_IFACE]);
	r->text = dup_attr(tb[NKIPC_RULE_A_TEXT]);
	if (tb[NKIPC_RULE_A_RIID]) {
		r->has_riid = true;
		r->riid = nla_get_u32(tb[NKIPC_RULE_A_RIID]);
	}
	if (tb[NKIPC_RULE_A_MID]) {
		r->has_mid = true;
		r->mid = nla_get_u32(tb[NKIPC_RULE_A_MID]);
	}
	if (tb[NKIPC_RULE_A_INDEX])
		r->index = nla_get_u32(tb[NKIPC_RULE_A_INDEX]);
	if (tb[NKIPC_RULE_A_HITS])
		r->hits = nla_get_u64(tb[NKIPC_RULE_A_HITS]);
	if (tb[NKIPC_RULE_A_DENIALS])
		r->denials = nla_get_u64(tb[NKIPC_RULE_A_DENIALS]);
	if (!tb[NKIPC_RULE_A_STMTS])
		return;
	nla_for_each_nested(s, tb[NKIPC_RULE_A_STMTS], rem) {
		struct nlattr *st[NKIPC_STMT_A_MAX + 1];
		struct cstmt *c;

		if (r->n_stmts >= NKIPC_RULE_MAX_STMTS ||
		    nla_parse_nested(st, NKIPC_STMT_A_MAX, s, NULL))
			break;
		c = &r->stmts[r->n_stmts++];
		c->type = st[NKIPC_STMT_A_TYPE] ? nla_get_u8(st[NKIPC_STMT_A_TYPE]) : 0;
		if (st[NKIPC_STMT_A_OFFSET])
			c->offset = nla_get_u32(st[NKIPC_STMT_A_OFFSET]);
		if (st[NKIPC_STMT_A_SIZE])
			c->size = nla_get_u8(st[NKIPC_STMT_A_SIZE]);
		if (st[NKIPC_STMT_A_OP])
			c->op = nla_get_u8(st[NKIPC_STMT_A_OP]);
		if (st[NKIPC_STMT_A_VALUE])
			c->value = nla_get_u64(st[NKIPC_STMT_A_VALUE]);
		c->is_signed = st[NKIPC_STMT_A_SIGNED] != NULL;
	}
}

/* @nla's bytes as an array of @size-byte elements (allocated), or NULL. */
static void *dup_array(const struct nlattr *nla, size_t size, uint32_t *n)
{
	size_t len = nla ? (size_t)nla_len(nla) : 0;
	void *a;

	*n = 0;
	if (!len || len % size)
		return NULL;
	a = xcalloc(1, len);
	memcpy(a, nla_data(nla), len);
	*n = (uint32_t)(len / size);
	return a;
}

static void parse_layout(struct cpolicy *p, struct nlattr *nest)
{
	struct nlattr *tb[NKIPC_LAYOUT_A_MAX + 1];
	struct clayout *l;

	if (nla_parse_nested(tb, NKIPC_LAYOUT_A_MAX, nest, NULL) ||
	    !tb[NKIPC_LAYOUT_A_IFACE])
		return;
	l = cpolicy_add_layout(p);
	l->iface = dup_attr(tb[NKIPC_LAYOUT_A_IFACE]);
	if (tb[NKIPC_LAYOUT_A_MID])
		l->mid = nla_get_u32(tb[NKIPC_LAYOUT_A_MID]);
	if (tb[NKIPC_LAYOUT_A_DIR])
		l->dir = nla_get_u8(tb[NKIPC_LAYOUT_A_DIR]);
	if (tb[NKIPC_LAYOUT_A_MSG] &&
	    nla_len(tb[NKIPC_LAYOUT_A_MSG]) == sizeof(l->msg))
		memcpy(&l->msg, nla_data(tb[NKIPC_LAYOUT_A_MSG]), sizeof(l->msg));
	l->types = dup_array(tb[NKIPC_LAYOUT_A_TYPES], sizeof(*l->types),
			     &l->n_types);
	l->fields = dup_array(tb[NKIPC_LAYOUT_A_FIELDS], sizeof(*l->fields),
			      &l->n_fields);
}

static void parse_binding(struct cpolicy *p, struct nlattr *nest)
{
	struct nlattr *tb[NKIPC_BIND_A_MAX + 1];
	struct cbinding *b;

	if (nla_parse_nested(tb, NKIPC_BIND_A_MAX, nest, NULL) ||
	    !tb[NKIPC_BIND_A_CLASS])
		return;
	b = cpolicy_add_binding(p);
	b->class_name = dup_attr(tb[NKIPC_BIND_A_CLASS]);
	b->exe = dup_attr(tb[NKIPC_BIND_A_EXE]);
	b->cgroup = dup_attr(tb[NKIPC_BIND_A_CGROUP]);
	b->label = dup_attr(tb[NKIPC_BIND_A_LABEL]);
	if (tb[NKIPC_BIND_A_UID]) {
		b->has_uid = true;
		b->uid = nla_get_u32(tb[NKIPC_BIND_A_UID]);
	}
	if (tb[NKIPC_BIND_A_GID]) {
		b->has_gid = true;
		b->gid = nla_get_u32(tb[NKIPC_BIND_A_GID]);
	}
	if (tb[NKIPC_BIND_A_INO]) {
		b->has_ino = true;
		b->ino = nla_get_u64(tb[NKIPC_BIND_A_INO]);
		b->dev = tb[NKIPC_BIND_A_DEV] ? nla_get_u32(tb[NKIPC_BIND_A_DEV]) : 0;
	}
	if (tb[NKIPC_BIND_A_HITS])
		b->hits = nla_get_u64(tb[NKIPC_BIND_A_HITS]);
}

static int on_object(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1];
	struct cpolicy *p = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL))
		return NL_OK;
	if (tb[NKIPC_A_GENERATION])
		p->generation = nla_get_u64(tb[NKIPC_A_GENERATION]);
	if (tb[NKIPC_A_DEFAULT])
		p->default_decision = nla_get_u32(tb[NKIPC_A_DEFAULT]);
	if (tb[NKIPC_A_SOURCE_LINE])
		cpolicy_add_source(p, nla_get_string(tb[NKIPC_A_SOURCE_LINE]));
	if (tb[NKIPC_A_RULE])
		parse_rule(p, tb[NKIPC_A_RULE]);
	if (tb[NKIPC_A_LAYOUT])
		parse_layout(p, tb[NKIPC_A_LAYOUT]);
	if (tb[NKIPC_A_BINDING])
		parse_binding(p, tb[NKIPC_A_BINDING]);
	return NL_OK;
}

int nkgenl_get_policy(struct nkgenl *g, struct cpolicy *p)
{
	for (int tries = 0; tries < 10; tries++) {
		struct nl_msg *m = nkgenl_msg(g, NKIPC_CMD_GET_POLICY, NLM_F_DUMP);
		int err;

		memset(p, 0, sizeof(*p));
		if (!m)
			return -ENOMEM;
		err = nkgenl_do(g, m, "reading the policy", on_object, p);
		if (err != -EINTR)
			return err;
		cpolicy_free(p);	/* reloaded meanwhile: read it again */
	}
	fprintf(stderr, "%s: the policy keeps changing, giving up\n", prog);
	return -EAGAIN;
}
