// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - NKIPC_CMD_GET_STATE: generation, mode, counters.
 */
#include <errno.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "state.h"

static uint64_t get64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static int on_state(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *st[NKIPC_STAT_A_MAX + 1];
	struct nkstate *s = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL))
		return NL_OK;
	s->generation = get64(tb[NKIPC_A_GENERATION]);
	s->mode = tb[NKIPC_A_MODE] ? nla_get_u32(tb[NKIPC_A_MODE]) : 0;
	s->audit_flags = tb[NKIPC_A_AUDIT_FLAGS] ?
			 nla_get_u32(tb[NKIPC_A_AUDIT_FLAGS]) : 0;
	s->default_decision = tb[NKIPC_A_DEFAULT] ?
			      nla_get_u32(tb[NKIPC_A_DEFAULT]) : 0;
	s->n_rules = tb[NKIPC_A_N_RULES] ? nla_get_u32(tb[NKIPC_A_N_RULES]) : 0;
	s->n_layouts = tb[NKIPC_A_N_LAYOUTS] ? nla_get_u32(tb[NKIPC_A_N_LAYOUTS]) : 0;
	s->n_bindings = tb[NKIPC_A_N_BINDINGS] ?
			nla_get_u32(tb[NKIPC_A_N_BINDINGS]) : 0;
	if (tb[NKIPC_A_STATS] &&
	    !nla_parse_nested(st, NKIPC_STAT_A_MAX, tb[NKIPC_A_STATS], NULL)) {
		s->granted = get64(st[NKIPC_STAT_A_GRANTED]);
		s->denied = get64(st[NKIPC_STAT_A_DENIED]);
		s->permitted = get64(st[NKIPC_STAT_A_PERMITTED]);
		s->malformed = get64(st[NKIPC_STAT_A_MALFORMED]);
		s->defaulted = get64(st[NKIPC_STAT_A_DEFAULTED]);
		s->audit_lost = get64(st[NKIPC_STAT_A_AUDIT_LOST]);
	}
	return NL_OK;
}

int nkgenl_get_state(struct nkgenl *g, struct nkstate *s)
{
	struct nl_msg *m = nkgenl_msg(g, NKIPC_CMD_GET_STATE, 0);

	memset(s, 0, sizeof(*s));
	if (!m)
		return -ENOMEM;
	return nkgenl_do(g, m, "reading the state", on_state, s);
}

int nkgenl_fetch(struct nkstate *s, struct cpolicy *p)
{
	struct nkgenl g;
	int err;

	if (nkgenl_open(&g))
		return 1;
	err = nkgenl_get_state(&g, s);
	if (!err)
		err = nkgenl_get_policy(&g, p);
	nkgenl_close(&g);
	return err;
}
