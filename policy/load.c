// SPDX-License-Identifier: GPL-2.0
/*
 * load.c - `nkpolicy load FILE`: compile, then LOAD_BEGIN, LOAD_ADD in
 * batches, LOAD_COMMIT.  If anything fails the kernel drops the staged
 * policy (also when this process dies) and the active one stays.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nkpolicy.h"

#define BATCH 8

static int put_rule(struct nl_msg *m, const struct crule *r, int idx)
{
	struct nlattr *n = nla_nest_start(m, idx + 1), *stmts;

	if (!n || nla_put_u8(m, NKIPC_RULE_A_KIND, r->kind) ||
	    (r->src && nla_put_string(m, NKIPC_RULE_A_SRC, r->src)) ||
	    (r->dst && nla_put_string(m, NKIPC_RULE_A_DST, r->dst)) ||
	    (r->channel && nla_put_string(m, NKIPC_RULE_A_CHANNEL, r->channel)) ||
	    (r->server && nla_put_string(m, NKIPC_RULE_A_SERVER, r->server)) ||
	    (r->handle_kind && nla_put_u8(m, NKIPC_RULE_A_HANDLE, r->handle_kind)) ||
	    (r->target && nla_put_string(m, NKIPC_RULE_A_TARGET, r->target)) ||
	    (r->target_class &&
	     nla_put_string(m, NKIPC_RULE_A_TARGET_CLASS, r->target_class)) ||
	    (r->iface && nla_put_string(m, NKIPC_RULE_A_IFACE, r->iface)) ||
	    (r->has_riid && nla_put_u32(m, NKIPC_RULE_A_RIID, r->riid)) ||
	    (r->has_mid && nla_put_u32(m, NKIPC_RULE_A_MID, r->mid)) ||
	    (r->text && nla_put_string(m, NKIPC_RULE_A_TEXT, r->text)))
		return -1;
	stmts = nla_nest_start(m, NKIPC_RULE_A_STMTS);
	if (!stmts)
		return -1;
	for (int i = 0; i < r->n_stmts; i++) {
		const struct cstmt *s = &r->stmts[i];
		struct nlattr *sn = nla_nest_start(m, i + 1);

		if (!sn || nla_put_u8(m, NKIPC_STMT_A_TYPE, s->type))
			return -1;
		if (s->type >= NKIPC_STMT_ASSERT &&
		    (nla_put_u8(m, NKIPC_STMT_A_PART, s->part) ||
		     nla_put_u32(m, NKIPC_STMT_A_OFFSET, s->offset) ||
		     nla_put_u8(m, NKIPC_STMT_A_SIZE, s->size) ||
		     (s->is_signed && nla_put_flag(m, NKIPC_STMT_A_SIGNED)) ||
		     nla_put_u8(m, NKIPC_STMT_A_OP, s->op) ||
		     nla_put_u64(m, NKIPC_STMT_A_VALUE, s->value)))
			return -1;
		nla_nest_end(m, sn);
	}
	nla_nest_end(m, stmts);
	nla_nest_end(m, n);
	return 0;
}

static int put_layout(struct nl_msg *m, const struct clayout *l, int idx)
{
	struct nlattr *n = nla_nest_start(m, idx + 1);

	if (!n || nla_put_string(m, NKIPC_LAYOUT_A_IFACE, l->iface) ||
	    nla_put_u32(m, NKIPC_LAYOUT_A_MID, l->mid) ||
	    nla_put_u8(m, NKIPC_LAYOUT_A_DIR, l->dir) ||
	    nla_put(m, NKIPC_LAYOUT_A_MSG, sizeof(l->msg), &l->msg) ||
	    (l->n_types && nla_put(m, NKIPC_LAYOUT_A_TYPES,
				   (int)(l->n_types * sizeof(*l->types)), l->types)) ||
	    (l->n_fields && nla_put(m, NKIPC_LAYOUT_A_FIELDS,
				    (int)(l->n_fields * sizeof(*l->fields)), l->fields))) {
		if (n)
			nla_nest_cancel(m, n);
		return -1;
	}
	nla_nest_end(m, n);
	return 0;
}

static int put_binding(struct nl_msg *m, const struct cbinding *b, int idx)
{
	struct nlattr *n = nla_nest_start(m, idx + 1);

	if (!n || nla_put_string(m, NKIPC_BIND_A_CLASS, b->class_name) ||
	    (b->exe && nla_put_string(m, NKIPC_BIND_A_EXE, b->exe)) ||
	    (b->cgroup && nla_put_string(m, NKIPC_BIND_A_CGROUP, b->cgroup)) ||
	    (b->label && nla_put_string(m, NKIPC_BIND_A_LABEL, b->label)) ||
	    (b->has_uid && nla_put_u32(m, NKIPC_BIND_A_UID, b->uid)) ||
	    (b->has_gid && nla_put_u32(m, NKIPC_BIND_A_GID, b->gid)))
		return -1;
	nla_nest_end(m, n);
	return 0;
}

static int get_generation(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1];

	if (!genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) &&
	    tb[NKIPC_A_GENERATION])
		*(uint64_t *)arg = nla_get_u64(tb[NKIPC_A_GENERATION]);
	return NL_OK;
}

/*
 * One LOAD_ADD with objects [from, to) of one kind, or fewer if they do
 * not all fit one message (layouts can be large): *@sent says how many.
 */
static int add_batch(struct nkgenl *g, uint64_t gen, int attr,
		     const struct cpolicy *p, size_t from, size_t to,
		     size_t *sent)
{
	struct nl_msg *m = nkgenl_msg(g, NKIPC_CMD_LOAD_ADD, 0);
	struct nlattr *nest;
	int err = 0;

	if (!m)
		return -ENOMEM;
	if (nla_put_u64(m, NKIPC_A_GENERATION, gen) ||
	    !(nest = nla_nest_start(m, attr))) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	*sent = 0;
	for (size_t i = from; i < to && !err; i++) {
		int idx = (int)(i - from);

		if (attr == NKIPC_A_RULES)
			err = put_rule(m, &p->rules[i], idx);
		else if (attr == NKIPC_A_LAYOUTS)
			err = put_layout(m, &p->layouts[i], idx);
		else if (attr == NKIPC_A_BINDINGS)
			err = put_binding(m, &p->bindings[i], idx);
		else
			err = nla_put_string(m, NKIPC_A_SOURCE_LINE, p->source[i]);
		if (err && attr == NKIPC_A_LAYOUTS && idx)
			break;	/* the rest goes in the next message */
		if (!err)
			(*sent)++;
	}
	if (err && (attr != NKIPC_A_LAYOUTS || !*sent)) {
		nlmsg_free(m);
		fprintf(stderr, "%s: a policy object does not fit a netlink message\n",
			prog);
		return -EMSGSIZE;
	}
	nla_nest_end(m, nest);
	return nkgenl_do(g, m, "loading the policy", NULL, NULL);
}

static int add_all(struct nkgenl *g, uint64_t gen, int attr,
		   const struct cpolicy *p, size_t n, size_t batch)
{
	size_t sent;

	for (size_t i = 0; i < n; i += sent) {
		int err = add_batch(g, gen, attr, p, i, i + batch < n ? i + batch : n,
				    &sent);

		if (err)
			return err;
	}
	return 0;
}

int nkgenl_load(struct nkgenl *g, const struct cpolicy *p, int mode)
{
	uint64_t gen = 0;
	struct nl_msg *m;
	int err;

	m = nkgenl_msg(g, NKIPC_CMD_LOAD_BEGIN, 0);
	if (!m || nla_put_u32(m, NKIPC_A_DEFAULT, p->default_decision))
		return -ENOMEM;
	err = nkgenl_do(g, m, "starting the load", get_generation, &gen);
	if (err)
		return err;
	err = add_all(g, gen, NKIPC_A_SOURCE, p, p->n_source, 64) ?:
	      add_all(g, gen, NKIPC_A_RULES, p, p->n_rules, BATCH) ?:
	      add_all(g, gen, NKIPC_A_LAYOUTS, p, p->n_layouts, BATCH) ?:
	      add_all(g, gen, NKIPC_A_BINDINGS, p, p->n_bindings, BATCH);
	if (err)
		return err;
	m = nkgenl_msg(g, NKIPC_CMD_LOAD_COMMIT, 0);
	if (!m || nla_put_u64(m, NKIPC_A_GENERATION, gen) ||
	    (mode >= 0 && nla_put_u32(m, NKIPC_A_MODE, (uint32_t)mode)))
		return -ENOMEM;
	return nkgenl_do(g, m, "committing the policy", NULL, NULL);
}

int cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *incdirs[32];
	struct compile_opts co = { incdirs, 0 };
	struct diag d = { stderr, 0 };
	struct cpolicy p;
	struct nkgenl g;
	int c, mode = -1, err;

	while ((c = getopt_long(argc, argv, "I:m:", opts, NULL)) != -1) {
		switch (c) {
		case 'I':
			if (co.n_incdirs < 32)
				incdirs[co.n_incdirs++] = optarg;
			break;
		case 'm':
			if (!strcmp(optarg, "enforcing"))
				mode = NKIPC_MODE_ENFORCING;
			else if (!strcmp(optarg, "permissive"))
				mode = NKIPC_MODE_PERMISSIVE;
			else
				return usage_error("load");
			break;
		default:
			return usage_error("load");
		}
	}
	if (optind != argc - 1)
		return usage_error("load");
	if (policy_compile(argv[optind], NULL, 0, &co, &p, &d)) {
		fprintf(stderr, "%s: %s: %d error%s, nothing loaded\n", prog,
			argv[optind], d.errors, d.errors == 1 ? "" : "s");
		cpolicy_free(&p);
		return 1;
	}
	if (nkgenl_open(&g)) {
		cpolicy_free(&p);
		return 1;
	}
	err = nkgenl_load(&g, &p, mode);
	if (!err)
		printf("loaded %s: %zu rules, %zu layouts, %zu bindings\n",
		       argv[optind], p.n_rules, p.n_layouts, p.n_bindings);
	nkgenl_close(&g);
	cpolicy_free(&p);
	return err ? 1 : 0;
}
