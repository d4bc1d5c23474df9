// SPDX-License-Identifier: GPL-2.0
/*
 * Structure check of a message against its method's layout, before any
 * rule is evaluated (the Kaspersky Security Module does the same).  The
 * layout is the model of uapi linux/nkipc_layout.h that nkc emits and
 * nkpolicy loads (validated at load, netlink.c), and the check is that
 * header's nkipc_layout_check(), the code the generated dispatchers run
 * in user space (libnkos nk/msgcheck.h): the constant part's size, every
 * chunk inside the arena, nested chunks, union tags, string NULs and
 * bounds.  This file only gives it the message to read, through the
 * message's own read accessor (info->read: the pinned pages through the
 * snapshot, or the kernel copy), never another way.
 *
 * Bounded work: nesting is at most NKIPC_LAYOUT_MAX_DEPTH (checked at
 * load, and again on the way down), so the recursion uses a bounded
 * stack; the values visited are at most 2 * (constant part + arena) + 64.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#define NKIPC_LAYOUT_CHECK
#define NKIPC_LCHECK_INLINE	__always_inline
#define NKIPC_LCHECK_OUTLINE	noinline
#include "policy.h"

static inline int nkipc_layout_read(const struct nkipc_lcheck *c, __u32 part,
				    __u32 off, void *buf, __u32 len)
{
	const struct nkipc_msg_info *info = c->priv;

	return info->read(info, part == NKIPC_LPART_CONST ? NKIPC_PART_CONST :
			  NKIPC_PART_ARENA, off, buf, len);
}

/* One probe of the layout index (policy.h); layouts are unique per key. */
const struct nkipc_layout *nkipc_layout_find(const struct nkipc_policy *p,
					     const char *iface, u32 mid,
					     u8 dir)
{
	const struct nkipc_rule_index *x = &p->index;
	u32 s, i;

	if (!iface || !p->n_layouts)
		return NULL;
	s = nkipc_layout_key(nkipc_index_str(iface), mid, dir) & x->layout_mask;
	for (i = x->layout_start[s]; i < x->layout_start[s + 1]; i++) {
		const struct nkipc_layout *l = &p->layouts[x->layout_order[i]];

		if (l->mid == mid && l->dir == dir && !strcmp(l->iface, iface))
			return l;
	}
	return NULL;
}

int nkipc_layout_check_msg(const struct nkipc_layout *l,
			   const struct nkipc_msg_info *info, const char **why)
{
	struct nkipc_lcheck c = {
		.types = l->types,
		.fields = l->fields,
		.priv = info,
	};

	if (nkipc_layout_check(&c, &l->msg, info->const_len, info->arena_len)) {
		*why = c.why;
		return -EBADMSG;
	}
	return 0;
}
