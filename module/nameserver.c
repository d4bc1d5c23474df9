// SPDX-License-Identifier: GPL-2.0
/*
 * Name server: (server, service, type) entries published by contexts, for
 * NsPublishService / NsEnumServices, and the owner of a server name that
 * connmgr.c routes connection requests to.
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "core.h"

DEFINE_SPINLOCK(nkipc_ns_lock);

struct nkipc_ns_record {
	struct list_head node;		/* nkipc_ns_records, under nkipc_ns_lock */
	struct nkipc_ctx *owner;	/* no ref: unlinked at the owner's release */
	char server[NKIPC_NAME_MAX];
	char service[NKIPC_NAME_MAX];
	char type[NKIPC_NAME_MAX];
};

static LIST_HEAD(nkipc_ns_records);	/* publication order */

static bool nkipc_ns_match(const struct nkipc_ns_record *rec,
			   const struct nkipc_ns_entry *e)
{
	return !strcmp(rec->server, e->server) &&
	       !strcmp(rec->service, e->service) &&
	       !strcmp(rec->type, e->type);
}

static int nkipc_ns_get_entry(struct nkipc_ns_entry *e, void __user *uarg)
{
	u32 usize;
	int ret;

	ret = nkipc_get_arg(e, sizeof(*e), uarg, NKIPC_NS_ENTRY_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (e->flags || !nkipc_all_zero(e->reserved, sizeof(e->reserved)))
		return -EINVAL;
	if (nkipc_check_name(e->server, sizeof(e->server)) ||
	    nkipc_check_name(e->service, sizeof(e->service)) ||
	    nkipc_check_name(e->type, sizeof(e->type)))
		return -EINVAL;
	return 0;
}

static long nkipc_ns_publish(struct nkipc_ctx *ctx, void __user *uarg)
{
	struct nkipc_ns_record *rec, *it;
	struct nkipc_ns_entry e;
	unsigned int mine = 0;
	int ret;

	ret = nkipc_ns_get_entry(&e, uarg);
	if (ret)
		return ret;
	if (nkipc_security_register_name(&ctx->id, e.server, e.service))
		return -EACCES;
	ret = nkipc_user_name_charge(ctx->names_user);
	if (ret)
		return ret;
	rec = kzalloc(sizeof(*rec), GFP_KERNEL_ACCOUNT);
	if (!rec) {
		nkipc_user_name_uncharge(ctx->names_user);
		return -ENOMEM;
	}
	rec->owner = ctx;
	strscpy(rec->server, e.server, sizeof(rec->server));
	strscpy(rec->service, e.service, sizeof(rec->service));
	strscpy(rec->type, e.type, sizeof(rec->type));

	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(it, &nkipc_ns_records, node) {
		if (nkipc_ns_match(it, &e) ||
		    (it->owner != ctx && !strcmp(it->server, e.server))) {
			ret = -EEXIST;
			break;
		}
		mine += it->owner == ctx;
	}
	/* A bound per context keeps the list (and this scan) short. */
	if (!ret && mine >= NKIPC_NS_MAX_PUBLISHED)
		ret = -ENOSPC;
	if (!ret)
		list_add_tail(&rec->node, &nkipc_ns_records);
	spin_unlock(&nkipc_ns_lock);

	if (ret) {
		nkipc_user_name_uncharge(ctx->names_user);
		kfree(rec);
	}
	return ret;
}

static long nkipc_ns_unpublish(struct nkipc_ctx *ctx, void __user *uarg)
{
	struct nkipc_ns_record *rec, *found = NULL;
	struct nkipc_ns_entry e;
	int ret;

	ret = nkipc_ns_get_entry(&e, uarg);
	if (ret)
		return ret;
	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(rec, &nkipc_ns_records, node) {
		if (rec->owner == ctx && nkipc_ns_match(rec, &e)) {
			found = rec;
			list_del(&rec->node);
			break;
		}
	}
	spin_unlock(&nkipc_ns_lock);
	if (!found)
		return -ENOENT;
	nkipc_user_name_uncharge(ctx->names_user);
	kfree(found);
	return 0;
}

static long nkipc_ns_enum(void __user *uarg)
{
	struct nkipc_ns_record *rec;
	struct nkipc_ns_enum q;
	u32 usize, i = 0;
	int ret;

	ret = nkipc_get_arg(&q, sizeof(q), uarg, NKIPC_NS_ENUM_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (q.flags || q.reserved0 ||
	    !nkipc_all_zero(q.reserved, sizeof(q.reserved)))
		return -EINVAL;
	if (strnlen(q.type, sizeof(q.type)) == sizeof(q.type))
		return -EINVAL;

	ret = -ENOENT;
	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(rec, &nkipc_ns_records, node) {
		if (q.type[0] && strcmp(rec->type, q.type))
			continue;
		if (i++ != q.index)
			continue;
		strscpy_pad(q.server, rec->server, sizeof(q.server));
		strscpy_pad(q.service, rec->service, sizeof(q.service));
		ret = 0;
		break;
	}
	spin_unlock(&nkipc_ns_lock);
	if (ret)
		return ret;
	return nkipc_put_arg(uarg, &q, sizeof(q), usize);
}

long nkipc_ns_ioctl(struct nkipc_ctx *ctx, unsigned int cmd, void __user *uarg)
{
	switch (cmd) {
	case NKIPC_IOC_BASE(NKIPC_IOC_NS_PUBLISH):
		return nkipc_ns_publish(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_NS_UNPUBLISH):
		return nkipc_ns_unpublish(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_NS_ENUM):
		return nkipc_ns_enum(uarg);
	}
	return -ENOTTY;
}

/* The context that published under @server, with a reference, or NULL. */
struct nkipc_ctx *nkipc_ns_owner(const char *server)
{
	struct nkipc_ns_record *rec;
	struct nkipc_ctx *owner = NULL;

	spin_lock(&nkipc_ns_lock);
	list_for_each_entry(rec, &nkipc_ns_records, node) {
		if (!strcmp(rec->server, server)) {
			owner = nkipc_ctx_get(rec->owner);
			break;
		}
	}
	spin_unlock(&nkipc_ns_lock);
	return owner;
}

void nkipc_ns_ctx_release(struct nkipc_ctx *ctx)
{
	struct nkipc_ns_record *rec, *tmp;
	LIST_HEAD(gone);

	spin_lock(&nkipc_ns_lock);
	list_for_each_entry_safe(rec, tmp, &nkipc_ns_records, node)
		if (rec->owner == ctx)
			list_move(&rec->node, &gone);
	spin_unlock(&nkipc_ns_lock);

	list_for_each_entry_safe(rec, tmp, &gone, node) {
		nkipc_user_name_uncharge(ctx->names_user);
		kfree(rec);
	}
}
