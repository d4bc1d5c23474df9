// SPDX-License-Identifier: GPL-2.0
/*
 * Structure checks: endpoint tables at REGISTER/ACCEPT, message headers at
 * CALL and REPLY.  A message failing them never reaches the verdict.
 */
#include <linux/slab.h>

#include "core.h"

/*
 * Validates the rows of @table (copied from user) and builds the riid
 * index.  Rows with the same riid are aliases and must agree.
 */
int nkipc_check_table(struct nkipc_svc_table *table)
{
	struct nkipc_riid_info *info;
	u32 i, n_riids = 0;

	for (i = 0; i < table->n_rows; i++) {
		struct nkipc_endpoint *ep = &table->rows[i];

		if (ep->flags || ep->reserved)
			return -EINVAL;
		if (nkipc_check_name(ep->name, sizeof(ep->name)) ||
		    strnlen(ep->iface, sizeof(ep->iface)) == sizeof(ep->iface))
			return -EINVAL;
		if (ep->riid >= NKIPC_MAX_ENDPOINTS || ep->n_methods > 0xffff)
			return -EINVAL;
		n_riids = max(n_riids, ep->riid + 1);
	}

	info = kcalloc(n_riids, sizeof(*info), NKIPC_GFP_LARGE);
	if (n_riids && !info)
		return -ENOMEM;
	for (i = 0; i < table->n_rows; i++) {
		struct nkipc_endpoint *ep = &table->rows[i];
		struct nkipc_riid_info *ri = &info[ep->riid];

		if (!ri->present) {
			ri->present = true;
			ri->iface = ep->iface;
			ri->first_name = ep->name;
			ri->n_methods = ep->n_methods;
			continue;
		}
		if (ri->n_methods != ep->n_methods ||
		    strcmp(ri->iface, ep->iface)) {
			kfree(info);
			return -EINVAL;
		}
	}
	table->riids = info;
	table->n_riids = n_riids;
	return 0;
}

/*
 * Header present, sizes consistent with what is being sent, ncaps at
 * most NKIPC_MSG_MAX_HANDLES, reserved zero (CALL and REPLY: on the
 * snapshot that is delivered).
 */
int nkipc_check_msg(const struct nkipc_msg_hdr *hdr, u32 len, u32 arena_len)
{
	if (len < NKIPC_MSG_HDR_SIZE)
		return -EBADMSG;
	if (hdr->size != len || hdr->arena_size != arena_len)
		return -EBADMSG;
	/* The handle table itself is checked when it is read (xfer.c). */
	if (hdr->ncaps > NKIPC_MSG_MAX_HANDLES || hdr->reserved)
		return -EBADMSG;
	return 0;
}

/* RIID in the endpoint table and MID within its interface. */
const struct nkipc_riid_info *nkipc_check_target(const struct nkipc_service *svc,
						 const struct nkipc_msg_hdr *hdr)
{
	const struct nkipc_svc_table *t = &svc->table;
	const struct nkipc_riid_info *ri;

	if (hdr->riid >= t->n_riids)
		return NULL;
	ri = &t->riids[hdr->riid];
	if (!ri->present || hdr->mid >= ri->n_methods)
		return NULL;
	return ri;
}
