/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/cm/cm_api.h - the connection manager (dynamic channels).
 *
 * A client asks a server (by its published name) for a channel to one of
 * its services; the server lists pending requests with KnCmListen and
 * accepts or drops each.  All state is in the kernel module, so the
 * security verdict sees every connection.
 */
#ifndef CORESRV_CM_CM_API_H
#define CORESRV_CM_CM_API_H

#include <nk/types.h>
#include <rtl/stddef.h>
#include <rtl/retcode.h>
#include <coresrv/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest client, server or service name, with its NUL. */
#define CM_NAME_MAX	128

/*
 * Client: ask @server for a channel to @service and wait up to @msecs
 * (0 or INFINITE_TIMEOUT: no limit) for the answer.  rcOk with the client
 * handle and the service's RIID in *@rsid (32 bits as on KOS; a RIID
 * is at most NK_IID_MAX, so (nk_iid_t)rsid is exact); rcConnectionRefused if the server dropped
 * the request, rcNotConnected if it went away, rcResourceNotFound if no
 * process owns @server, rcTimeout, rcSecurityDisallow.
 */
Retcode KnCmConnect(const char *server, const char *service,
		    rtl_uint32_t msecs, Handle *handle, rtl_uint32_t *rsid);
/*
 * Server: the oldest connection request not listened to yet: the client's
 * name into @client (its entity class: the policy binding's or the
 * launcher's class, "nkipc.Unbound" for a process no identity source
 * names) and the service into @service.  At most CM_NAME_MAX bytes are
 * written to each (KOS code passes larger buffers).  @filter is reserved (NK_NULL).  @msecs 0: do not
 * wait (rcTimeout if none is pending).
 */
Retcode KnCmListen(const char *filter, rtl_uint32_t msecs, char *client,
		   char *service);
/*
 * Server: accept the pending request (@client, @service); the client will
 * use RIID @rsid.  @listener INVALID_HANDLE creates a new channel whose
 * endpoint table is this program's entity metadata (as for
 * ServiceLocatorRegister) and returns its server handle; a server handle
 * in @listener attaches the client to that channel.
 */
Retcode KnCmAccept(const char *client, const char *service, rtl_uint32_t rsid,
		   Handle listener, Handle *handle);
/* Server: refuse the pending request (@client, @service). */
Retcode KnCmDrop(const char *client, const char *service);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_CM_CM_API_H */
