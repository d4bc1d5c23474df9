/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NKPOLICY_STATE_H
#define NKPOLICY_STATE_H

#include "nkpolicy.h"

struct nkstate {
	uint64_t generation;
	uint32_t mode, audit_flags, default_decision;
	uint32_t n_rules, n_layouts, n_bindings;
	uint64_t granted, denied, permitted, malformed, defaulted, audit_lost;
};

int nkgenl_get_state(struct nkgenl *g, struct nkstate *s);
/* The state and the active policy, in one netlink session (show, stats). */
int nkgenl_fetch(struct nkstate *s, struct cpolicy *p);

#endif
