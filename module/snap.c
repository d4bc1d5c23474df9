// SPDX-License-Identifier: GPL-2.0
/*
 * What a verdict read.  A pinned message stays in its sender's memory
 * until it is copied, so another sender thread could rewrite it during or
 * after the verdict.  The bytes a verdict reads through info->read() are
 * recorded here, and the record is what the verdict reads: a byte it read
 * once is served from the record the next time, so one verdict never sees
 * two values for one byte.
 *
 * The record is a sorted list of disjoint, non-touching ranges per part
 * (constant part first), their bytes stored back to back in data[] in the
 * same order.  Delivery is one ascending pass over the message: recorded
 * ranges from the record, the bytes between them from the sender.  Each
 * byte of the receiver's buffer is written once, and a byte the verdict
 * read is only ever written with the value it read; whatever a sibling
 * thread of the receiver sees, and whatever a fault half-way leaves, it
 * never finds at a checked offset a value the verdict did not see.
 *
 * A verdict reading more than fits overflows the record; the caller then
 * copies the message into a kernel buffer and asks the verdict again on
 * that copy (txn.c), so an overflowed record is never delivered.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "core.h"

struct nkipc_snap *nkipc_snap_alloc(void)
{
	return kzalloc(sizeof(struct nkipc_snap), GFP_KERNEL_ACCOUNT);
}

/* True if @r lies wholly before byte @off of @part, not touching it. */
static bool nkipc_snap_before(const struct nkipc_snap_range *r, u32 part,
			      u32 off)
{
	return r->part < part || (r->part == part && r->off + r->len < off);
}

/* Fills @buf ([@off, @off + @len) of @part) from ranges [@i, @j). */
static void nkipc_snap_overlay(const struct nkipc_snap *snap, u32 i, u32 j,
			       u32 off, void *buf, u32 len)
{
	const struct nkipc_snap_range *r;
	u32 a, b;

	for (; i < j; i++) {
		r = &snap->ranges[i];
		a = max(r->off, off);
		b = min(r->off + r->len, off + len);
		if (a < b)
			memcpy(buf + (a - off), snap->data + r->pos + (a - r->off),
			       b - a);
	}
}

/*
 * Reads @len bytes at @off of @part for a verdict (under RCU: no sleeping,
 * no allocation).  Bytes already recorded come from the record, the rest
 * from @p; the ranges the read touches are merged into one recorded
 * range.  If that does not fit the record overflows (the bytes are still
 * read, recorded ones from the record) and nothing more is recorded.
 */
void nkipc_snap_read(struct nkipc_snap *snap, const struct nkipc_pinned *p,
		     enum nkipc_msg_part part, u32 off, void *buf, u32 len)
{
	struct nkipc_snap_range *r;
	u32 i, j, k, start, end, old, nlen, pos, cur, tail;

	if (!len)
		return;
	/* [i, j): the recorded ranges of @part overlapping or touching. */
	for (i = 0; i < snap->n && nkipc_snap_before(&snap->ranges[i], part, off);
	     i++)
		;
	for (j = i; j < snap->n && snap->ranges[j].part == part &&
	     snap->ranges[j].off <= off + len; j++)
		;
	start = off;
	end = off + len;
	if (i < j) {
		start = min(start, snap->ranges[i].off);
		end = max(end, snap->ranges[j - 1].off + snap->ranges[j - 1].len);
	}
	nlen = end - start;
	pos = i < snap->n ? snap->ranges[i].pos : snap->used;
	tail = j < snap->n ? snap->ranges[j].pos : snap->used;
	old = tail - pos;

	if (snap->overflow || snap->n - (j - i) + 1 > NKIPC_SNAP_RANGES ||
	    snap->used - old + nlen > NKIPC_SNAP_BYTES) {
		snap->overflow = true;
		nkipc_pinned_read(p, off, buf, len);
		nkipc_snap_overlay(snap, i, j, off, buf, len);
		return;
	}

	/*
	 * Make room: everything after the merged range moves right by
	 * nlen - old, then each old range to its place in the merged one
	 * (also rightwards, so last first), then the gaps are read.
	 */
	memmove(snap->data + pos + nlen, snap->data + tail, snap->used - tail);
	for (k = j; k > i; k--) {
		r = &snap->ranges[k - 1];
		memmove(snap->data + pos + (r->off - start), snap->data + r->pos,
			r->len);
	}
	cur = start;
	for (k = i; k <= j; k++) {
		u32 next = k < j ? snap->ranges[k].off : end;

		if (next > cur)
			nkipc_pinned_read(p, cur, snap->data + pos + (cur - start),
					  next - cur);
		if (k < j)
			cur = snap->ranges[k].off + snap->ranges[k].len;
	}

	/* Ranges [i, j) become the single range i. */
	if (j != i + 1)
		memmove(&snap->ranges[i + 1], &snap->ranges[j],
			(snap->n - j) * sizeof(snap->ranges[0]));
	snap->n = snap->n - (j - i) + 1;
	r = &snap->ranges[i];
	r->part = part;
	r->off = start;
	r->len = nlen;
	r->pos = pos;
	snap->used = snap->used - old + nlen;
	for (k = i + 1; k < snap->n; k++)
		snap->ranges[k].pos = snap->ranges[k - 1].pos +
				      snap->ranges[k - 1].len;

	memcpy(buf, snap->data + pos + (off - start), len);
}

/* The first recorded range of @part ending after @from, or snap->n. */
static u32 nkipc_snap_first(const struct nkipc_snap *snap, u32 part, u32 from)
{
	u32 i;

	for (i = 0; i < snap->n; i++) {
		const struct nkipc_snap_range *r = &snap->ranges[i];

		if (r->part > part ||
		    (r->part == part && r->off + r->len > from))
			break;
	}
	return i;
}

/*
 * Delivers bytes [@from, @len) of @part to the receiver's user buffer
 * @dst (byte 0 of the part), in one ascending pass: recorded ranges from
 * @snap (may be NULL: all from @src), the rest from @src.  May fault on
 * @dst: call without spinlocks.  On a fault the bytes before it are
 * written, each with the value it would have had.
 */
int nkipc_snap_to_user(const struct nkipc_snap *snap, enum nkipc_msg_part part,
		       const struct nkipc_pinned *src, u32 from,
		       void __user *dst, u32 len)
{
	const struct nkipc_snap_range *r;
	u32 i = snap ? nkipc_snap_first(snap, part, from) : 0;
	u32 cur = from, a, b;

	for (; snap && i < snap->n && snap->ranges[i].part == part; i++) {
		r = &snap->ranges[i];
		a = max(r->off, cur);
		b = min(r->off + r->len, len);
		if (a >= b)
			continue;
		if (a > cur && nkipc_pinned_to_user(src, cur, dst + cur, a - cur))
			return -EFAULT;
		if (copy_to_user(dst + a, snap->data + r->pos + (a - r->off),
				 b - a))
			return -EFAULT;
		cur = b;
	}
	if (cur < len && nkipc_pinned_to_user(src, cur, dst + cur, len - cur))
		return -EFAULT;
	return 0;
}

/* The same into the receiver's pinned buffer @dst (REPLY); cannot fail. */
void nkipc_snap_to_pinned(const struct nkipc_snap *snap,
			  enum nkipc_msg_part part,
			  const struct nkipc_pinned *src, u32 from,
			  struct nkipc_pinned *dst, u32 len)
{
	const struct nkipc_snap_range *r;
	u32 i = snap ? nkipc_snap_first(snap, part, from) : 0;
	u32 cur = from, a, b;

	for (; snap && i < snap->n && snap->ranges[i].part == part; i++) {
		r = &snap->ranges[i];
		a = max(r->off, cur);
		b = min(r->off + r->len, len);
		if (a >= b)
			continue;
		if (a > cur)
			nkipc_pinned_copy(dst, cur, src, cur, a - cur);
		nkipc_pinned_write(dst, a, snap->data + r->pos + (a - r->off),
				   b - a);
		cur = b;
	}
	if (cur < len)
		nkipc_pinned_copy(dst, cur, src, cur, len - cur);
}
