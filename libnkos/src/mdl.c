// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mdl.c - MDL buffers (coresrv/vmm/vmm_api.h): sealed memfds passed by
 * handle for bulk data.
 *
 * The mapping side never trusts where a Handle came from: KnPmmMdlMap()
 * reads the seals (F_GET_SEALS) and the size (fstat) itself and maps only
 * below that size.  F_SEAL_SHRINK cannot be removed, so that size cannot
 * go down afterwards and no mapped page can disappear (SIGBUS); the kernel
 * makes the same check when such a handle is sent (NKIPC_HANDLE_F_MEMORY).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/nkipc.h>
#include <coresrv/vmm/vmm_api.h>

#include "errmap.h"

_Static_assert(NK_MDL_MEMORY == NKIPC_HANDLE_F_MEMORY, "flags");
_Static_assert(NK_MDL_IMMUTABLE == NKIPC_HANDLE_F_IMMUTABLE, "flags");

static Retcode mdl_errno(void)
{
	return nk_errno_to_retcode(errno);
}

/*
 * The seals of @handle into *@seals: 0, EBADF (not an fd) or the errno of
 * F_GET_SEALS (EINVAL: an fd that cannot be sealed).
 */
static int mdl_seals(Handle handle, int *seals)
{
	if (handle == INVALID_HANDLE || (int)handle < 0)
		return EBADF;
	*seals = fcntl((int)handle, F_GET_SEALS);
	return *seals < 0 ? errno : 0;
}

Retcode KnPmmMdlCreate(rtl_size_t size, rtl_uint32_t flags,
		       Handle *outHandle)
{
	int seals = F_SEAL_SHRINK | F_SEAL_GROW;
	int fd;

	if (!outHandle || !size || (off_t)size < 0 ||
	    !(flags & VMM_FLAG_READ) ||
	    (flags & ~(VMM_FLAG_READ | VMM_FLAG_WRITE)))
		return rcInvalidArgument;
	fd = memfd_create("nkos-mdl", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return mdl_errno();
	if (!(flags & VMM_FLAG_WRITE))
		seals |= F_SEAL_WRITE;
	if (ftruncate(fd, (off_t)size) < 0 ||
	    fcntl(fd, F_ADD_SEALS, seals) < 0) {
		Retcode rc = errno == EFBIG ? rcOutOfMemory : mdl_errno();

		close(fd);
		return rc;
	}
	*outHandle = (Handle)fd;
	return rcOk;
}

Retcode KnPmmMdlGetSize(Handle handle, rtl_size_t *size)
{
	struct stat st;
	int seals;

	if (!size || mdl_seals(handle, &seals) || fstat((int)handle, &st) < 0)
		return rcInvalidArgument;
	*size = (rtl_size_t)st.st_size;
	return rcOk;
}

Retcode KnPmmMdlMap(Handle handle, rtl_size_t offset, rtl_size_t length,
		    void *hint, rtl_uint32_t flags, void **addr)
{
	long page = sysconf(_SC_PAGESIZE);
	int prot = 0, seals;
	struct stat st;
	void *p;

	if (!addr || !length || (offset & (rtl_size_t)(page - 1)) ||
	    !flags || (flags & ~(VMM_FLAG_READ | VMM_FLAG_WRITE)))
		return rcInvalidArgument;
	if (mdl_seals(handle, &seals))
		return rcInvalidArgument;	/* not a memfd */
	if (!(seals & F_SEAL_SHRINK))
		return rcSecurityDisallow;
	/* Read after the seal: the size can only have grown since. */
	if (fstat((int)handle, &st) < 0)
		return rcInvalidArgument;
	if (offset > (rtl_size_t)st.st_size ||
	    length > (rtl_size_t)st.st_size - offset)
		return rcInvalidArgument;
	if (flags & VMM_FLAG_READ)
		prot |= PROT_READ;
	if (flags & VMM_FLAG_WRITE)
		prot |= PROT_WRITE;
	p = mmap(hint, length, prot, MAP_SHARED, (int)handle, (off_t)offset);
	if (p == MAP_FAILED)
		return mdl_errno();	/* EACCES, EPERM: rcSecurityDisallow */
	*addr = p;
	return rcOk;
}

Retcode KnVmUnmap(void *addr, rtl_size_t size)
{
	if (!addr || !size)
		return rcInvalidArgument;
	if (munmap(addr, size) < 0)
		return rcInvalidArgument;
	return rcOk;
}

Retcode NkPmmMdlSeal(Handle handle)
{
	int seals;

	if (mdl_seals(handle, &seals))
		return rcInvalidArgument;
	if (fcntl((int)handle, F_ADD_SEALS, F_SEAL_WRITE) < 0)
		return mdl_errno();	/* EBUSY: a writable mapping is left */
	return rcOk;
}

Retcode NkPmmMdlGetFlags(Handle handle, rtl_uint32_t *flags)
{
	int seals, err;

	if (!flags)
		return rcInvalidArgument;
	err = mdl_seals(handle, &seals);
	if (err == EBADF)
		return rcInvalidArgument;
	*flags = 0;
	if (!err && (seals & F_SEAL_SHRINK))
		*flags = NK_MDL_MEMORY |
			 ((seals & F_SEAL_WRITE) ? NK_MDL_IMMUTABLE : 0);
	return rcOk;
}
