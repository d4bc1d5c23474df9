// SPDX-License-Identifier: GPL-2.0
/*
 * Structure check of a message against its method's layout, before any
 * rule is evaluated (the Kaspersky Security Module does the same).  The
 * layout comes from the EDL description the policy was compiled with:
 * the exact constant part size and every arena chunk descriptor
 * (nk_ptr_t) in the constant part.  Chunks nested inside other chunks are
 * not followed.  A descriptor of size 0 is an empty/absent value.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "policy.h"

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

static int nkipc_field_check(const struct nkipc_field *f,
			     const struct nkipc_msg_info *info,
			     const char **why)
{
	u8 desc[8];
	u32 off, size;
	char last;

	if (info->read(info, NKIPC_PART_CONST, f->offset, desc, sizeof(desc))) {
		*why = "malformed: chunk descriptor outside the constant part";
		return -EBADMSG;
	}
	off = get_unaligned_le32(desc);
	size = get_unaligned_le32(desc + 4);
	if (!size) {
		/* an empty sequence or bytes; a string always has its NUL */
		if (f->kind != NKIPC_FIELD_STRING)
			return 0;
		*why = "malformed: string not NUL-terminated";
		return -EBADMSG;
	}
	if (off > info->arena_len || size > info->arena_len - off) {
		*why = "malformed: arena chunk outside the arena";
		return -EBADMSG;
	}
	if (f->align > 1 && (off & (f->align - 1))) {
		*why = "malformed: misaligned arena chunk";
		return -EBADMSG;
	}
	switch (f->kind) {
	case NKIPC_FIELD_STRING:
		if (f->bound && size > f->bound + 1) {
			*why = "malformed: string longer than its bound";
			return -EBADMSG;
		}
		if (info->read(info, NKIPC_PART_ARENA, off + size - 1, &last, 1) ||
		    last) {
			*why = "malformed: string not NUL-terminated";
			return -EBADMSG;
		}
		break;
	case NKIPC_FIELD_SEQUENCE:
		if (size % f->elem_size) {
			*why = "malformed: sequence size not a multiple of its element";
			return -EBADMSG;
		}
		if (f->bound && size / f->elem_size > f->bound) {
			*why = "malformed: sequence longer than its bound";
			return -EBADMSG;
		}
		break;
	default:
		if (f->bound && size > f->bound) {
			*why = "malformed: bytes longer than their bound";
			return -EBADMSG;
		}
		break;
	}
	return 0;
}

int nkipc_layout_check(const struct nkipc_layout *l,
		       const struct nkipc_msg_info *info, const char **why)
{
	u32 i;
	int err;

	if (info->const_len != l->const_size &&
	    (!l->alt_size || info->const_len != l->alt_size)) {
		*why = "malformed: constant part size differs from the method's";
		return -EBADMSG;
	}
	for (i = 0; i < l->n_fields; i++) {
		err = nkipc_field_check(&l->fields[i], info, why);
		if (err)
			return err;
	}
	return 0;
}
