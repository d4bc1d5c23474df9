// SPDX-License-Identifier: LGPL-2.1-or-later
/* sl.c - Service Locator: static channels (coresrv/sl/sl_api.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/nkipc.h>
#include <coresrv/sl/sl_api.h>

#include "dev.h"
#include "meta.h"

static Handle fail(int err)
{
	errno = err;
	return INVALID_HANDLE;
}

/*
 * The kernel name of static channel @id.  nkinit(8) passes each entity
 * the channels of its init.yaml connections as
 * NK_SL_CHANNELS="id=kernel-name;id=kernel-name..." (ids contain no '='
 * or ';'), so that two instances of one server class get two channels.
 * An id not listed, or no NK_SL_CHANNELS, is its own kernel name.
 * Returns @id or a pointer into @buf.
 */
static const char *sl_channel_name(const char *id, char *buf, size_t cap)
{
	const char *s = getenv("NK_SL_CHANNELS");
	size_t idlen = strlen(id);

	while (s && *s) {
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (len > idlen && s[idlen] == '=' && !strncmp(s, id, idlen) &&
		    len - idlen - 1 < cap && len - idlen - 1 > 0) {
			memcpy(buf, s + idlen + 1, len - idlen - 1);
			buf[len - idlen - 1] = '\0';
			return buf;
		}
		s = end ? end + 1 : NULL;
	}
	return id;
}

Handle ServiceLocatorRegister(const char *channel, const void *services,
			      rtl_size_t count, ServiceId *id)
{
	struct nkipc_register reg;
	struct nkipc_endpoint *rows;
	char kname[NKIPC_NAME_MAX];
	nk_uint32_t n;
	int fd, err;

	if (!channel || (services && !count))
		return fail(EINVAL);
	channel = sl_channel_name(channel, kname, sizeof(kname));
	if (services)
		err = nk_meta_endpoints(services, &rows, &n);
	else
		err = nk_meta_own_endpoints(&rows, &n);
	if (err)
		return fail(err);
	err = nk_dev_fd(&fd);
	if (err) {
		free(rows);
		return fail(err);
	}
	memset(&reg, 0, sizeof(reg));
	reg.size = sizeof(reg);
	reg.name = (uintptr_t)channel;
	reg.endpoints = (uintptr_t)rows;
	reg.n_endpoints = n;
	fd = ioctl(fd, NKIPC_IOC_REGISTER, &reg);
	err = errno;
	free(rows);
	if (fd < 0)
		return fail(err);
	if (id)
		*id = (ServiceId)fd;
	return (Handle)fd;
}

/* NK_SL_CONNECT_TIMEOUT_MS from the environment, else the default. */
static nk_uint64_t connect_timeout_ns(void)
{
	const char *s = getenv("NK_SL_CONNECT_TIMEOUT_MS");
	unsigned long long ms = NK_SL_CONNECT_TIMEOUT_DEFAULT_MS;
	char *end;

	if (s && *s) {
		errno = 0;
		ms = strtoull(s, &end, 10);
		if (errno || *end)
			ms = NK_SL_CONNECT_TIMEOUT_DEFAULT_MS;
	}
	if (ms > UINT64_MAX / 1000000ULL)
		return NKIPC_TIMEOUT_INFINITE;
	return ms * 1000000ULL;
}

Handle ServiceLocatorConnect(const char *channel)
{
	struct nkipc_connect con;
	char kname[NKIPC_NAME_MAX];
	int fd, err;

	if (!channel)
		return fail(EINVAL);
	channel = sl_channel_name(channel, kname, sizeof(kname));
	err = nk_dev_fd(&fd);
	if (err)
		return fail(err);
	memset(&con, 0, sizeof(con));
	con.size = sizeof(con);
	con.name = (uintptr_t)channel;
	con.timeout_ns = connect_timeout_ns();
	fd = ioctl(fd, NKIPC_IOC_CONNECT, &con);
	if (fd < 0)
		return INVALID_HANDLE;
	return (Handle)fd;
}

nk_iid_t ServiceLocatorGetRiid(Handle client, const char *endpoint)
{
	struct nkipc_get_riid q;

	if (!endpoint || client == INVALID_HANDLE) {
		errno = EINVAL;
		return INVALID_RIID;
	}
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.name = (uintptr_t)endpoint;
	if (ioctl((int)client, NKIPC_IOC_GET_RIID, &q) < 0)
		return INVALID_RIID;
	if (q.riid >= INVALID_RIID) {
		errno = ERANGE;
		return INVALID_RIID;
	}
	return (nk_iid_t)q.riid;
}
