/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/sl/sl_api.h - Service Locator: static channels by name.
 *
 * ServiceLocatorRegister publishes the channel with the endpoint table of
 * this program's entity: the metadata that nkc emits into its .edl.h and
 * registers before main() (nk/meta.h).  If several entities' metadata
 * are linked in, the environment variable NK_ENTITY names the one to
 * publish.
 *
 * ServiceLocatorConnect waits for a server that has not registered yet:
 * NK_SL_CONNECT_TIMEOUT_MS milliseconds from the environment, 10000 by
 * default (0: do not wait).  See docs/kos-api.md.
 */
#ifndef CORESRV_SL_SL_API_H
#define CORESRV_SL_SL_API_H

#include <nk/types.h>
#include <rtl/stddef.h>
#include <rtl/retcode.h>
#include <coresrv/handle/handletype.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef nk_uint32_t ServiceId;

#define INVALID_RIID	((nk_iid_t)-1)
#define NK_SL_CONNECT_TIMEOUT_DEFAULT_MS	10000

/*
 * Returns the server handle of @channel, INVALID_HANDLE on error (errno
 * is set).  @services/@count: NK_NULL, 0 to publish this program's entity
 * (the KOS call); otherwise an array of @count struct nk_entity_meta
 * whose first element is published (libnkos addition).  *id receives an
 * identifier of the registration (the handle's value).
 */
Handle ServiceLocatorRegister(const char *channel, const void *services,
			      rtl_size_t count, ServiceId *id);
/* Client handle of @channel, INVALID_HANDLE on error (errno is set). */
Handle ServiceLocatorConnect(const char *channel);
/*
 * RIID of @endpoint ("inst.ep", "a.b.ep", "ep", "pkg.Component.ep") on
 * the server behind client handle @client; INVALID_RIID if unknown.
 */
nk_iid_t ServiceLocatorGetRiid(Handle client, const char *endpoint);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_SL_SL_API_H */
