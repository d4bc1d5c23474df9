// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts: one per open() of /dev/nkipc, carrying the opener's identity
 * (captured here, never changed) and its accounting.  The file holds one
 * reference; every client handle and every transaction of that client
 * holds one more, so a context outlives its file while they exist.
 */
#include <linux/err.h>
#include <linux/slab.h>

#include "core.h"

struct nkipc_ctx *nkipc_ctx_create(void)
{
	struct nkipc_ctx *ctx;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return NULL;
	kref_init(&ctx->ref);
	INIT_LIST_HEAD(&ctx->cm_requests);
	init_waitqueue_head(&ctx->cm_wait);
	nkipc_identity_init(&ctx->id);
	ctx->user = nkipc_user_get(ctx->id.cred);
	if (IS_ERR(ctx->user)) {
		ctx->user = NULL;
		goto fail;
	}
	ctx->names_user = nkipc_names_user_get(ctx->id.cred);
	if (IS_ERR(ctx->names_user)) {
		ctx->names_user = NULL;
		goto fail;
	}
	return ctx;

fail:
	nkipc_ctx_put(ctx);
	return NULL;
}

static void nkipc_ctx_free(struct kref *ref)
{
	struct nkipc_ctx *ctx = container_of(ref, struct nkipc_ctx, ref);

	nkipc_txn_free_spare(ctx);
	nkipc_user_put(ctx->names_user);
	nkipc_user_put(ctx->user);
	nkipc_identity_release(&ctx->id);
	kfree(ctx);
}

void nkipc_ctx_put(struct nkipc_ctx *ctx)
{
	kref_put(&ctx->ref, nkipc_ctx_free);
}
