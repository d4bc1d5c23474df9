/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/vmm/vmm_api.h - MDL buffers: memory passed to another process
 * by handle, for bulk data that should not be copied (the part of the KOS
 * API that has a meaning here; docs/kos-api.md).
 *
 * An MDL buffer is a memfd created with MFD_ALLOW_SEALING and sealed with
 * F_SEAL_SHRINK and F_SEAL_GROW: its size is fixed, so no page a process
 * maps below it can vanish (no SIGBUS).  The Handle is the memfd's fd.  It
 * travels in a message as an FD handle with NKIPC_HANDLE_F_MEMORY (values
 * from NkPmmMdlGetFlags() below), and the kernel refuses it at send time
 * unless it really is such a memfd (uapi/linux/nkipc.h, DOC: handles in
 * messages).  KnPmmMdlMap() checks the seals again itself, so a Handle
 * that came any other way is safe to map too.
 *
 * Immutability is a libnkos addition: NkPmmMdlSeal() adds F_SEAL_WRITE,
 * after which nobody (the creator included) can change the bytes; a
 * receiver that checks data in place and then uses it must require it
 * (NK_MDL_IMMUTABLE), or the sender can change the data after the check.
 */
#ifndef CORESRV_VMM_VMM_API_H
#define CORESRV_VMM_VMM_API_H

#include <rtl/retcode.h>
#include <rtl/stddef.h>
#include <coresrv/handle/handletype.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Access to an MDL buffer or a mapping of it. */
#define VMM_FLAG_READ		0x1
#define VMM_FLAG_WRITE		0x2

/*
 * Create an MDL buffer of @size bytes (zero-filled, > 0) into *@outHandle
 * (close-on-exec).  @flags: VMM_FLAG_READ, and VMM_FLAG_WRITE unless the
 * buffer is to stay zero.  rcOk, rcInvalidArgument, rcOutOfMemory.
 */
Retcode KnPmmMdlCreate(rtl_size_t size, rtl_uint32_t flags,
		       Handle *outHandle);

/* The size of the MDL buffer @handle.  rcOk, rcInvalidArgument. */
Retcode KnPmmMdlGetSize(Handle handle, rtl_size_t *size);

/*
 * Map @length bytes of the MDL buffer @handle from @offset (page
 * aligned; @offset + @length at most its size) shared into this process,
 * near @hint if not RTL_NULL, with access @flags (VMM_FLAG_READ,
 * VMM_FLAG_WRITE), into *@addr.  The buffer must be sealed against
 * shrinking: rcSecurityDisallow if it is not (a sender could make the
 * mapping SIGBUS), and if @flags ask for writing that the handle's
 * rights or the buffer's write seals forbid; rcInvalidArgument for a
 * handle that is no memfd or a bad range.  Unmap with KnVmUnmap().
 */
Retcode KnPmmMdlMap(Handle handle, rtl_size_t offset, rtl_size_t length,
		    void *hint, rtl_uint32_t flags, void **addr);

/* Unmap @size bytes at @addr (a KnPmmMdlMap() mapping).  rcOk. */
Retcode KnVmUnmap(void *addr, rtl_size_t size);

/* ---- libnkos additions ---- */

/* NkPmmMdlGetFlags(): equal to NKIPC_HANDLE_F_* of the uapi. */
#define NK_MDL_MEMORY		0x1	/* sealed against shrinking */
#define NK_MDL_IMMUTABLE	0x2	/* and against writing (F_SEAL_WRITE) */

/*
 * Make the MDL buffer @handle immutable (F_SEAL_WRITE).  Every writable
 * mapping of it must be unmapped first (rcBusy otherwise), and so must
 * every shared mapping made through a writable fd, even a read-only one
 * (it could be mprotect()ed writable).
 * rcOk, rcBusy, rcInvalidArgument.
 */
Retcode NkPmmMdlSeal(Handle handle);

/*
 * What the seals of @handle guarantee: NK_MDL_MEMORY if it can be
 * mapped safely, | NK_MDL_IMMUTABLE if its bytes can no longer change;
 * 0 for any other fd.  The value is what a handle table entry's flags
 * claim when the sender sends it.  rcOk, rcInvalidArgument.
 */
Retcode NkPmmMdlGetFlags(Handle handle, rtl_uint32_t *flags);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_VMM_VMM_API_H */
