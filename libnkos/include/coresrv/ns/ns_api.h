/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/ns/ns_api.h - the name server (dynamic channels).
 *
 * The name server lives in the kernel module: entries are (server,
 * service, type) triples, owned by the publishing process and removed when
 * it exits.  The first process to publish a server name owns it:
 * KnCmConnect requests for that server are queued to it.
 */
#ifndef CORESRV_NS_NS_API_H
#define CORESRV_NS_NS_API_H

#include <nk/types.h>
#include <rtl/stddef.h>
#include <rtl/retcode.h>
#include <coresrv/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct NsContext *NsHandle;

/* An NsHandle that is not connected (initialise NsHandle variables so). */
#define NS_INVALID_HANDLE	((NsHandle)0)

/* Longest server, service or type name, with its NUL. */
#define NS_NAME_MAX	128

/*
 * Connect to the name server.  The kernel module is the only one, so
 * @name (NK_NULL in KOS code) is accepted and ignored.  @msecs bounds
 * waiting for /dev/nkipc to appear (rcTimeout, or rcResourceNotFound
 * with msecs 0).
 */
Retcode NsCreate(const char *name, rtl_uint32_t msecs, NsHandle *ns);
/* libnkos addition: release the NsHandle (entries stay published). */
Retcode NsClose(NsHandle ns);

/* Publish endpoint @service (qualified name) of interface @type as @server. */
Retcode NsPublishService(NsHandle ns, const char *type, const char *server,
			 const char *service);
Retcode NsUnPublishService(NsHandle ns, const char *type, const char *server,
			   const char *service);
/*
 * The @index-th entry (from 0, publication order) whose interface is @type
 * (NK_NULL or "": any): its server and service names.  rcResourceNotFound
 * past the last one, rcBufferTooSmall if a name does not fit.
 */
Retcode NsEnumServices(NsHandle ns, const char *type, unsigned index,
		       char *server, rtl_size_t server_size,
		       char *service, rtl_size_t service_size);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_NS_NS_API_H */
