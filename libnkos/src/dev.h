/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dev.h - the process's /dev/nkipc context.
 *
 * One context per process: name-server entries and connection requests
 * belong to the context, so NsPublishService and KnCmListen must use the
 * same one.  Opened on first use (O_CLOEXEC) and kept until exit; a
 * forked child opens its own.
 */
#ifndef NKOS_DEV_H
#define NKOS_DEV_H

#include <nk/types.h>

/* The context fd into *@fd: 0, or the errno of opening /dev/nkipc. */
int nk_dev_fd(int *fd);
/* The context fd if it is open, else -1 (never opens it). */
int nk_dev_fd_peek(void);
/*
 * As nk_dev_fd, retrying for up to @msecs while the device is missing
 * (then ETIMEDOUT; with @msecs 0, the errno of the one try).
 */
int nk_dev_fd_wait(nk_uint32_t msecs, int *fd);

#endif
