// SPDX-License-Identifier: GPL-2.0
/*
 * What a verdict read.  A pinned message stays in its sender's memory
 * until it is copied, so another sender thread could rewrite it after the
 * verdict.  The bytes a verdict reads through info->read() are recorded
 * here and written over the delivered copy: the receiver gets exactly the
 * bytes the policy decided on (the rest did not influence the decision).
 * A verdict reading more than fits overflows the record; the caller then
 * checks the delivered bytes again instead.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "nkipc.h"

struct nkipc_snap *nkipc_snap_alloc(void)
{
	return kzalloc(sizeof(struct nkipc_snap), GFP_KERNEL_ACCOUNT);
}

/* Called from a verdict (under RCU): no sleeping, no allocation. */
void nkipc_snap_record(struct nkipc_snap *snap, enum nkipc_msg_part part,
		       u32 off, const void *buf, u32 len)
{
	struct nkipc_snap_range *r;

	if (!len || snap->overflow)
		return;
	if (snap->n == NKIPC_SNAP_RANGES ||
	    len > NKIPC_SNAP_BYTES - snap->used) {
		snap->overflow = true;
		return;
	}
	r = &snap->ranges[snap->n++];
	r->part = part;
	r->off = off;
	r->len = len;
	r->pos = snap->used;
	memcpy(snap->data + snap->used, buf, len);
	snap->used += len;
}

/* Over the receiver's user buffers (RECV). */
int nkipc_snap_to_user(const struct nkipc_snap *snap, u64 ucpart, u64 uarena)
{
	const struct nkipc_snap_range *r;
	u32 i;

	for (i = 0; i < snap->n; i++) {
		r = &snap->ranges[i];
		if (copy_to_user(u64_to_user_ptr((r->part == NKIPC_PART_CONST ?
						  ucpart : uarena) + r->off),
				 snap->data + r->pos, r->len))
			return -EFAULT;
	}
	return 0;
}

/* Over the receiver's pinned buffers (REPLY). */
void nkipc_snap_to_pinned(const struct nkipc_snap *snap,
			  struct nkipc_pinned *cpart,
			  struct nkipc_pinned *arena)
{
	const struct nkipc_snap_range *r;
	u32 i;

	for (i = 0; i < snap->n; i++) {
		r = &snap->ranges[i];
		nkipc_pinned_write(r->part == NKIPC_PART_CONST ? cpart : arena,
				   r->off, snap->data + r->pos, r->len);
	}
}
