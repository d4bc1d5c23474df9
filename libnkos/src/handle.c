// SPDX-License-Identifier: LGPL-2.1-or-later
/* handle.c - KnHandleClose (coresrv/handle/handle_api.h). */
#include <errno.h>
#include <unistd.h>

#include <coresrv/handle/handle_api.h>

#include "dev.h"
#include "errmap.h"
#include "ipc.h"

Retcode KnHandleClose(Handle handle)
{
	int fd = (int)handle;

	if (handle == INVALID_HANDLE || fd < 0 || fd == nk_dev_fd_peek())
		return rcInvalidArgument;
	nk_ipc_forget(fd);
	if (close(fd) < 0)
		return nk_errno_to_retcode(errno);
	return rcOk;
}
