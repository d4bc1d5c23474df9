/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ipc.h - Call / Recv / Reply over the nkipc ioctls, shared by the
 * low-level syscalls (Retcode) and NkKosTransport (nk_err_t).  Each
 * returns 0 or a positive errno; the callers map it through errmap.
 *
 * The error convention of every internal libnkos function (src/): it
 * returns 0 or a positive errno (the ioctls' errno as it is); a result
 * (an fd, a kind, an offset) goes through an out parameter, never as a
 * negative errno, -1 + errno or another code.  The public API maps the
 * errno once, with nk_errno_to_retcode() or nk_errno_to_nk_err()
 * (errmap.c), and functions returning a Handle or nk_iid_t set errno.
 *
 * Buffers (see coresrv/syscalls.h): a constant part's send length and
 * receive capacity are msg->size; an arena sends its allocated part and
 * receives into its whole capacity, its allocated part then being what
 * was received.  On ENOBUFS from recv, req->size and req->arena_size
 * hold the sizes the queued request needs.
 */
#ifndef NKOS_IPC_H
#define NKOS_IPC_H

#include <nk/types.h>
#include <nk/arena.h>

/* Timeouts in nanoseconds, NKIPC_TIMEOUT_INFINITE or 0 as in the uapi. */
int nk_ipc_call(int fd, struct nk_message *req,
		const struct nk_arena *req_arena, struct nk_message *res,
		struct nk_arena *res_arena, nk_uint64_t timeout_ns);
int nk_ipc_recv(int fd, struct nk_message *req, struct nk_arena *req_arena,
		nk_uint64_t timeout_ns);
int nk_ipc_reply(int fd, struct nk_message *res,
		 const struct nk_arena *res_arena);
/*
 * nk_ipc_reply(@res) then nk_ipc_recv(@req) in one NKIPC_IOC_REPLY_RECV
 * (with a failed reply, or a kernel without it, the two separately).  The
 * reply's result is dropped; returns the receive's.
 */
int nk_ipc_reply_recv(int fd, struct nk_message *res,
		      const struct nk_arena *res_arena, struct nk_message *req,
		      struct nk_arena *req_arena, nk_uint64_t timeout_ns);

/* Forget this thread's pending transaction on @fd (the fd is closed). */
void nk_ipc_forget(int fd);

/* msecs (INFINITE_TIMEOUT = forever) to the uapi's timeout_ns. */
nk_uint64_t nk_msecs_to_ns(nk_uint32_t msecs);

#endif
