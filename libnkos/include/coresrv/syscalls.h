/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/syscalls.h - the low-level IPC calls (KasperskyOS Call, Recv,
 * Reply) over the nkipc kernel module.
 *
 * A message is a constant part (starting with struct nk_message) and an
 * optional arena, described by an IpcBuffer:
 *   sending    msg->size bytes of *msg and the allocated part of *arena
 *              (msg->arena_size is filled in);
 *   receiving  at most msg->size bytes into *msg (so reset the header of
 *              the receiving buffer first: nk_req_reset) and at most
 *              nk_arena_capacity(arena) bytes into the arena, whose
 *              allocated part then is the received arena.
 * Recv remembers the transaction per thread and handle, so the Reply of
 * the same thread on the same handle answers the right client; several
 * threads may serve one handle at once.
 */
#ifndef CORESRV_SYSCALLS_H
#define CORESRV_SYSCALLS_H

#include <nk/types.h>
#include <nk/arena.h>
#include <rtl/retcode.h>
#include <coresrv/handle/handletype.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Timeouts are in milliseconds; this one waits forever. */
#define INFINITE_TIMEOUT	((nk_uint32_t)-1)

typedef struct IpcBuffer {
	struct nk_message *msg;	/* constant part */
	struct nk_arena *arena;	/* NK_NULL: no arena */
} IpcBuffer;

/* Client: send the request and wait for the response (no timeout). */
Retcode Call(Handle handle, const IpcBuffer *request, IpcBuffer *response);
/* Same, bounding the whole exchange by @msecs (INFINITE_TIMEOUT: none). */
Retcode CallEx(Handle handle, const IpcBuffer *request, IpcBuffer *response,
	       nk_uint32_t msecs);
/* Server: wait for a request (no timeout). */
Retcode Recv(Handle handle, IpcBuffer *request);
/* Same, waiting at most @msecs (0: do not wait, rcTimeout). */
Retcode RecvEx(Handle handle, IpcBuffer *request, nk_uint32_t msecs);
/* Server: answer the request this thread last received on @handle. */
Retcode Reply(Handle handle, const IpcBuffer *response);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_SYSCALLS_H */
