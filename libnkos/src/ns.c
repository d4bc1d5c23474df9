// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns.c - the name server API (coresrv/ns/ns_api.h) over the module's
 * NS_* ioctls on the process's /dev/nkipc context.  A kernel without
 * them (ENOTTY) gives rcUnimplemented.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/nkipc.h>
#include <coresrv/ns/ns_api.h>

#include "dev.h"
#include "errmap.h"
#include "names.h"

struct NsContext {
	int fd;		/* the process context (dev.h) */
};

static Retcode ns_rc(int err)
{
	return nk_errno_to_retcode(err == ENOTTY ? ENOSYS : err);
}

Retcode NsCreate(const char *name, rtl_uint32_t msecs, NsHandle *ns)
{
	struct NsContext *c;
	int fd, err;

	(void)name;
	if (!ns)
		return rcInvalidArgument;
	err = nk_dev_fd_wait(msecs, &fd);
	if (err)
		return nk_errno_to_retcode(err);
	c = malloc(sizeof(*c));
	if (!c)
		return rcOutOfMemory;
	c->fd = fd;
	*ns = c;
	return rcOk;
}

Retcode NsClose(NsHandle ns)
{
	if (!ns)
		return rcInvalidArgument;
	free(ns);
	return rcOk;
}

static Retcode ns_entry(NsHandle ns, unsigned long cmd, const char *type,
			const char *server, const char *service)
{
	struct nkipc_ns_entry e;
	int err;

	if (!ns || !type || !server || !service)
		return rcInvalidArgument;
	memset(&e, 0, sizeof(e));
	e.size = sizeof(e);
	err = nk_name_in(e.server, sizeof(e.server), server);
	if (!err)
		err = nk_name_in(e.service, sizeof(e.service), service);
	if (!err)
		err = nk_name_in(e.type, sizeof(e.type), type);
	if (!err && ioctl(ns->fd, cmd, &e) < 0)
		err = errno;
	return ns_rc(err);
}

Retcode NsPublishService(NsHandle ns, const char *type, const char *server,
			 const char *service)
{
	return ns_entry(ns, NKIPC_IOC_NS_PUBLISH, type, server, service);
}

Retcode NsUnPublishService(NsHandle ns, const char *type, const char *server,
			   const char *service)
{
	return ns_entry(ns, NKIPC_IOC_NS_UNPUBLISH, type, server, service);
}

Retcode NsEnumServices(NsHandle ns, const char *type, unsigned index,
		       char *server, rtl_size_t server_size,
		       char *service, rtl_size_t service_size)
{
	struct nkipc_ns_enum q;
	int err;

	if (!ns || !server || !service)
		return rcInvalidArgument;
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.index = index;
	err = nk_name_in(q.type, sizeof(q.type), type);
	if (!err && ioctl(ns->fd, NKIPC_IOC_NS_ENUM, &q) < 0)
		err = errno;
	if (!err)
		err = nk_name_out(server, server_size, q.server,
				  sizeof(q.server));
	if (!err)
		err = nk_name_out(service, service_size, q.service,
				  sizeof(q.service));
	return ns_rc(err);
}
