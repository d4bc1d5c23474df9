// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errmap.c - the one table from kernel errors (errno of the nkipc ioctls,
 * see uapi/linux/nkipc.h) to the KOS return codes and NK errors.
 * docs/kos-api.md reproduces it; keep them in step.
 */
#include <errno.h>

#include "errmap.h"

struct errmap_row {
	int err;
	Retcode rc;
	nk_err_t nk;
};

static const struct errmap_row errmap[] = {
	{ 0,		rcOk,			NK_EOK },
	{ EACCES,	rcSecurityDisallow,	NK_EPERM },
	{ EPERM,	rcSecurityDisallow,	NK_EPERM },
	{ EPIPE,	rcNotConnected,		NK_EPIPE },
	{ ENOTCONN,	rcNotConnected,		NK_EPIPE },
	{ ECONNRESET,	rcNotConnected,		NK_EPIPE },
	{ ECONNREFUSED,	rcConnectionRefused,	NK_ECONNREFUSED },
	{ ETIMEDOUT,	rcTimeout,		NK_ETIMEDOUT },
	{ EAGAIN,	rcTimeout,		NK_EAGAIN },
	{ ENOBUFS,	rcBufferTooSmall,	NK_ENOBUFS },
	{ EMSGSIZE,	rcBufferTooLarge,	NK_EMSGSIZE },
	{ E2BIG,	rcBufferTooLarge,	NK_EMSGSIZE },
	{ ENAMETOOLONG,	rcBufferTooLarge,	NK_EINVAL },
	{ EINTR,	rcIpcInterrupt,		NK_EINTR },
	{ ENOENT,	rcResourceNotFound,	NK_ENOENT },
	{ ENODEV,	rcResourceNotFound,	NK_ENOENT },
	{ EEXIST,	rcAlreadyExists,	NK_EEXIST },
	{ EBUSY,	rcBusy,			NK_EBUSY },
	{ ENOMEM,	rcOutOfMemory,		NK_ENOMEM },
	{ EDQUOT,	rcOutOfMemory,		NK_ENOMEM },
	{ ENOSPC,	rcOutOfMemory,		NK_ENOMEM },
	{ EBADMSG,	rcInvalidArgument,	NK_EBADMSG },
	{ EINVAL,	rcInvalidArgument,	NK_EINVAL },
	{ EBADF,	rcInvalidArgument,	NK_EINVAL },
	{ EBADFD,	rcInvalidArgument,	NK_EINVAL },
	{ EFAULT,	rcInvalidArgument,	NK_EINVAL },
	{ ENOTTY,	rcInvalidArgument,	NK_EINVAL },
	{ ENOSYS,	rcUnimplemented,	NK_ENOSYS },
	{ EOPNOTSUPP,	rcUnimplemented,	NK_ENOSYS },
};

static const struct errmap_row fallback = { -1, rcFail, NK_EINVAL };

static const struct errmap_row *errmap_find(int err)
{
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errmap) / sizeof(errmap[0]); i++)
		if (errmap[i].err == err)
			return &errmap[i];
	return &fallback;
}

Retcode nk_errno_to_retcode(int err)
{
	return errmap_find(err)->rc;
}

nk_err_t nk_errno_to_nk_err(int err)
{
	return errmap_find(err)->nk;
}
