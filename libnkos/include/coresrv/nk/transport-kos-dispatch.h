/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/nk/transport-kos-dispatch.h - a ready server loop.
 *
 * NkKosDoDispatch allocates request/response buffers and arenas of the
 * given sizes and loops: reset, receive, dispatch, reply.  When the
 * dispatcher fails (NK_ENOENT for an unknown RIID/MID, ...) the client
 * gets a bare header whose status is that error, so its
 * nk_transport_call returns it.  The loop ends when receiving fails for
 * a reason other than a signal (the handle was closed, ...) and returns
 * that error.  Several threads may run it on one transport.
 *
 * Two forms: NkKosDoDispatch(&transport.base, &info) (any transport,
 * libnkos) and NkKosDoDispatch(handle, &info) (a server IPC handle, as
 * KOS code calls it); see NkKosDoDispatchHandle.
 */
#ifndef CORESRV_NK_TRANSPORT_KOS_DISPATCH_H
#define CORESRV_NK_TRANSPORT_KOS_DISPATCH_H

#include <nk/types.h>
#include <nk/arena.h>
#include <nk/transport.h>
#include <coresrv/nk/transport-kos.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An entity, component or interface dispatcher taking its object first. */
typedef nk_err_t NkKosDispatchFn(void *self, const struct nk_message *req,
				 const struct nk_arena *req_arena,
				 struct nk_message *res,
				 struct nk_arena *res_arena);

struct NkKosDispatchInfo {
	NkKosDispatchFn *dispatch;
	void *self;			/* passed to dispatch */
	nk_size_t req_size;		/* sizeof(E_entity_req) */
	nk_size_t req_arena_size;	/* E_entity_req_arena_size */
	nk_size_t res_size;		/* sizeof(E_entity_res) */
	nk_size_t res_arena_size;	/* E_entity_res_arena_size */
};

typedef struct NkKosDispatchInfo NkKosDispatchInfo;

/* The server loop over any transport (libnkos form). */
nk_err_t NkKosDoDispatch(struct nk_transport *transport,
			 const struct NkKosDispatchInfo *info);
/*
 * The server loop on a server IPC handle, as KOS declares it:
 * NkKosDoDispatch(handle, &info).  Each call binds its own NkKosTransport
 * to @handle; several threads may run it on one handle.  NK_EINVAL for
 * INVALID_HANDLE.
 */
nk_err_t NkKosDoDispatchHandle(Handle handle,
			       const struct NkKosDispatchInfo *info);

/* The info for entity @E (from E.edl.h) and an initialized E_entity. */
#define NK_KOS_DISPATCH_INFO(E, entity)					\
	((const struct NkKosDispatchInfo){				\
		(NkKosDispatchFn *)(void (*)(void))E##_entity_dispatch,	\
		(entity), sizeof(E##_entity_req), E##_entity_req_arena_size, \
		sizeof(E##_entity_res), E##_entity_res_arena_size })

/*
 * KOS form: NkKosDispatchInfo info = NK_ENTITY_DISPATCH_INFO_INITIALIZER(E,
 * entity) with the E_entity object itself (not a pointer).
 */
#define NK_ENTITY_DISPATCH_INFO_INITIALIZER(E, entity)			\
	{ (NkKosDispatchFn *)(void (*)(void))E##_entity_dispatch,	\
	  (void *)&(entity), sizeof(E##_entity_req),			\
	  E##_entity_req_arena_size, sizeof(E##_entity_res),		\
	  E##_entity_res_arena_size }

#ifdef __cplusplus
}

/* C++: NkKosDoDispatch(handle, &info), also inside extern "C" { } */
extern "C++" {
static inline nk_err_t NkKosDoDispatch(Handle handle,
				       const struct NkKosDispatchInfo *info)
{
	return NkKosDoDispatchHandle(handle, info);
}
}
#else
/* C: NkKosDoDispatch(&transport.base, &info) or NkKosDoDispatch(handle, &info) */
#define NkKosDoDispatch(t, info)					\
	_Generic((t), struct nk_transport *: NkKosDoDispatch,		\
		 void *: NkKosDoDispatch,				\
		 default: NkKosDoDispatchHandle)((t), (info))
#endif

#endif /* CORESRV_NK_TRANSPORT_KOS_DISPATCH_H */
