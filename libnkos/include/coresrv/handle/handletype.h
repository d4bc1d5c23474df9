/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/handle/handletype.h - the Handle type.
 *
 * On Linux a Handle is a file descriptor: a client handle, a server
 * handle (both anon-inode fds of /dev/nkipc) or a name-server handle.
 */
#ifndef CORESRV_HANDLE_HANDLETYPE_H
#define CORESRV_HANDLE_HANDLETYPE_H

#include <nk/types.h>

typedef nk_handle_t Handle;

#define INVALID_HANDLE	((Handle)-1)

#endif /* CORESRV_HANDLE_HANDLETYPE_H */
