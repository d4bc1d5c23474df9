// SPDX-License-Identifier: LGPL-2.1-or-later
/* syscalls.c - Call, Recv, Reply (coresrv/syscalls.h). */
#include <errno.h>

#include <linux/nkipc.h>
#include <coresrv/syscalls.h>

#include "errmap.h"
#include "ipc.h"

static Retcode to_rc(int err)
{
	if (err)
		errno = err;
	return nk_errno_to_retcode(err);
}

Retcode CallEx(Handle handle, const IpcBuffer *request, IpcBuffer *response,
	       nk_uint32_t msecs)
{
	if (!request || !response)
		return rcInvalidArgument;
	return to_rc(nk_ipc_call((int)handle, request->msg, request->arena,
				 response->msg, response->arena,
				 nk_msecs_to_ns(msecs)));
}

Retcode Call(Handle handle, const IpcBuffer *request, IpcBuffer *response)
{
	return CallEx(handle, request, response, INFINITE_TIMEOUT);
}

Retcode RecvEx(Handle handle, IpcBuffer *request, nk_uint32_t msecs)
{
	if (!request)
		return rcInvalidArgument;
	return to_rc(nk_ipc_recv((int)handle, request->msg, request->arena,
				 nk_msecs_to_ns(msecs)));
}

Retcode Recv(Handle handle, IpcBuffer *request)
{
	return RecvEx(handle, request, INFINITE_TIMEOUT);
}

Retcode Reply(Handle handle, const IpcBuffer *response)
{
	if (!response)
		return rcInvalidArgument;
	return to_rc(nk_ipc_reply((int)handle, response->msg, response->arena));
}
