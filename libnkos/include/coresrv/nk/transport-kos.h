/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/nk/transport-kos.h - the NK transport over kernel IPC handles.
 *
 * nk_transport_call on an NkKosTransport performs Call on its handle,
 * recv/reply perform Recv/Reply; kernel errors become nk_err_t through
 * the table of docs/kos-api.md (a security denial gives NK_EPERM, a peer
 * that is gone NK_EPIPE).  One NkKosTransport may be used by several
 * threads at once.
 */
#ifndef CORESRV_NK_TRANSPORT_KOS_H
#define CORESRV_NK_TRANSPORT_KOS_H

#include <nk/types.h>
#include <nk/arena.h>
#include <nk/transport.h>
#include <rtl/retcode.h>
#include <coresrv/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct NkKosTransport {
	struct nk_transport base;	/* first: &t.base is the transport */
	Handle handle;
	nk_uint32_t call_msecs;		/* INFINITE_TIMEOUT by default */
	nk_uint32_t recv_msecs;		/* INFINITE_TIMEOUT by default */
} NkKosTransport;

/*
 * Bind @transport to @handle.  @view and @view_size exist for source
 * compatibility (KOS passes NK_NULL, 0) and are ignored.
 */
void NkKosTransport_Init(NkKosTransport *transport, Handle handle,
			 void *view, nk_size_t view_size);

/* libnkos addition: timeouts of calls and receives, in milliseconds. */
void NkKosSetTransportTimeouts(NkKosTransport *transport,
			       nk_uint32_t recv_msecs, nk_uint32_t call_msecs);

/*
 * Reserve a char chunk for @src with its terminating NUL, copy it there
 * and describe it in *ptr.  rcOk, rcBufferTooSmall if the arena is full,
 * rcInvalidArgument for NK_NULL arguments or a string longer than an
 * nk_ptr_t can describe.
 */
Retcode NkKosCopyStringToArena(struct nk_arena *arena, nk_ptr_t *ptr,
			       const char *src);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_NK_TRANSPORT_KOS_H */
