// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cm.c - the connection manager API (coresrv/cm/cm_api.h) over the
 * module's CM_* ioctls on the process's /dev/nkipc context.  A kernel
 * without them (ENOTTY) gives rcUnimplemented.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/nkipc.h>
#include <coresrv/cm/cm_api.h>

#include "dev.h"
#include "errmap.h"
#include "ipc.h"
#include "meta.h"
#include "names.h"

static Retcode cm_rc(int err)
{
	return nk_errno_to_retcode(err == ENOTTY ? ENOSYS : err);
}

Retcode KnCmConnect(const char *server, const char *service,
		    rtl_uint32_t msecs, Handle *handle, rtl_uint32_t *rsid)
{
	struct nkipc_cm_connect c;
	int fd, err;

	if (!server || !service || !handle || !rsid)
		return rcInvalidArgument;
	err = nk_dev_fd(&fd);
	if (err)
		return cm_rc(err);
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	err = nk_name_in(c.server, sizeof(c.server), server);
	if (!err)
		err = nk_name_in(c.service, sizeof(c.service), service);
	c.timeout_ns = msecs == 0 ? 0 : nk_msecs_to_ns(msecs);
	if (!err && ioctl(fd, NKIPC_IOC_CM_CONNECT, &c) < 0)
		err = errno;
	if (!err && c.rsid >= (nk_iid_t)-1)
		err = ERANGE;
	if (err)
		return cm_rc(err);
	*handle = (Handle)c.fd;
	*rsid = c.rsid;
	return rcOk;
}

Retcode KnCmListen(const char *filter, rtl_uint32_t msecs, char *client,
		   char *service)
{
	struct nkipc_cm_listen l;
	int fd, err = 0;

	(void)filter;
	if (!client || !service)
		return rcInvalidArgument;
	err = nk_dev_fd(&fd);
	if (err)
		return cm_rc(err);
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.timeout_ns = nk_msecs_to_ns(msecs);
	if (ioctl(fd, NKIPC_IOC_CM_LISTEN, &l) < 0)
		err = errno;
	if (!err)
		err = nk_name_out(client, CM_NAME_MAX, l.client,
				  sizeof(l.client));
	if (!err)
		err = nk_name_out(service, CM_NAME_MAX, l.service,
				  sizeof(l.service));
	return cm_rc(err);
}

Retcode KnCmAccept(const char *client, const char *service, rtl_uint32_t rsid,
		   Handle listener, Handle *handle)
{
	struct nkipc_cm_accept a;
	struct nkipc_endpoint *rows = NULL;
	nk_uint32_t n = 0;
	int fd, err;

	if (!client || !service || !handle)
		return rcInvalidArgument;
	err = nk_dev_fd(&fd);
	if (err)
		return cm_rc(err);
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.rsid = rsid;
	a.listener = listener == INVALID_HANDLE ? -1 : (int)listener;
	err = nk_name_in(a.client, sizeof(a.client), client);
	if (!err)
		err = nk_name_in(a.service, sizeof(a.service), service);
	if (!err && listener == INVALID_HANDLE)
		err = nk_meta_own_endpoints(&rows, &n);
	a.endpoints = (uintptr_t)rows;
	a.n_endpoints = n;
	if (!err && ioctl(fd, NKIPC_IOC_CM_ACCEPT, &a) < 0)
		err = errno;
	free(rows);
	if (err)
		return cm_rc(err);
	*handle = (Handle)a.fd;
	return rcOk;
}

Retcode KnCmDrop(const char *client, const char *service)
{
	struct nkipc_cm_drop d;
	int fd, err;

	if (!client || !service)
		return rcInvalidArgument;
	err = nk_dev_fd(&fd);
	if (err)
		return cm_rc(err);
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	err = nk_name_in(d.client, sizeof(d.client), client);
	if (!err)
		err = nk_name_in(d.service, sizeof(d.service), service);
	if (!err && ioctl(fd, NKIPC_IOC_CM_DROP, &d) < 0)
		err = errno;
	return cm_rc(err);
}
