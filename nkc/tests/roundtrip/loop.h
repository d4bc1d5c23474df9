/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loop.h - an in-process test transport: nk_transport_call copies the
 * request (constant part and the allocated part of its arena) into
 * server-side buffers, runs an entity dispatcher on them, and copies the
 * response back the way the kernel would.  Hooks may corrupt either
 * direction in flight.
 */
#ifndef NKC_TEST_LOOP_H
#define NKC_TEST_LOOP_H

#include <nk/types.h>
#include <nk/arena.h>
#include <nk/transport.h>

typedef nk_err_t loop_dispatch_fn(void *entity, const struct nk_message *req,
				  const struct nk_arena *req_arena, struct nk_message *res,
				  struct nk_arena *res_arena);

struct loop {
	struct nk_transport base;
	loop_dispatch_fn *dispatch;
	void *entity;
	void (*tamper_req)(struct nk_message *req, struct nk_arena *arena);
	void (*tamper_res)(struct nk_message *res, struct nk_arena *arena);
	nk_err_t last_rc;	/* what the dispatcher returned */
	int calls;
};

void loop_init(struct loop *l, loop_dispatch_fn *dispatch, void *entity);

#endif
