/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* coresrv/handle/handle_api.h - handle lifetime. */
#ifndef CORESRV_HANDLE_HANDLE_API_H
#define CORESRV_HANDLE_HANDLE_API_H

#include <rtl/retcode.h>
#include <coresrv/handle/handletype.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Close @handle: a client handle disconnects (the server's pending reply
 * fails), a server handle ends the channel (clients get rcNotConnected);
 * a handle received in a message (a client handle or an fd) is closed like
 * any other.  Sending a handle does not close it (the receiver gets its own,
 * as on KOS) unless it was sent with NK_HANDLE_MOVE (nk/types.h).  rcOk,
 * rcInvalidArgument for INVALID_HANDLE or a handle not open.
 */
Retcode KnHandleClose(Handle handle);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_HANDLE_HANDLE_API_H */
