// SPDX-License-Identifier: LGPL-2.1-or-later
/* test_mdl.c - MDL buffers (coresrv/vmm/vmm_api.h) on plain memfds. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <coresrv/vmm/vmm_api.h>

#include "suites.h"

#define SZ	(3 * 4096 + 100)

START_TEST(create_map_share)
{
	rtl_uint32_t fl;
	rtl_size_t size;
	Handle h;
	char *a, *b;

	ck_assert_int_eq(rcOk, KnPmmMdlCreate(SZ, VMM_FLAG_READ |
					      VMM_FLAG_WRITE, &h));
	ck_assert_int_eq(FD_CLOEXEC, fcntl((int)h, F_GETFD));
	ck_assert_int_eq(rcOk, KnPmmMdlGetSize(h, &size));
	ck_assert_uint_eq(SZ, size);
	ck_assert_int_eq(rcOk, NkPmmMdlGetFlags(h, &fl));
	ck_assert_uint_eq(NK_MDL_MEMORY, fl);
	ck_assert_int_eq(rcOk, KnPmmMdlMap(h, 0, SZ, RTL_NULL, VMM_FLAG_READ |
					   VMM_FLAG_WRITE, (void **)&a));
	ck_assert_int_eq(rcOk, KnPmmMdlMap(h, 4096, SZ - 4096, RTL_NULL,
					   VMM_FLAG_READ, (void **)&b));
	memset(a, 0x5a, SZ);
	ck_assert_int_eq(0x5a, b[SZ - 4096 - 1]);
	/* fixed size: the seals the kernel will check */
	ck_assert_int_eq(-1, ftruncate((int)h, 10));
	ck_assert_int_eq(-1, ftruncate((int)h, 2 * SZ));
	/*
	 * immutable only once no writable mapping is left (a read-only
	 * shared mapping through a writable fd counts as one)
	 */
	ck_assert_int_eq(rcBusy, NkPmmMdlSeal(h));
	ck_assert_int_eq(rcOk, KnVmUnmap(a, SZ));
	ck_assert_int_eq(rcOk, KnVmUnmap(b, SZ - 4096));
	ck_assert_int_eq(rcOk, NkPmmMdlSeal(h));
	ck_assert_int_eq(rcOk, KnPmmMdlMap(h, 4096, SZ - 4096, RTL_NULL,
					   VMM_FLAG_READ, (void **)&b));
	ck_assert_int_eq(rcOk, NkPmmMdlGetFlags(h, &fl));
	ck_assert_uint_eq(NK_MDL_MEMORY | NK_MDL_IMMUTABLE, fl);
	ck_assert_int_eq(rcSecurityDisallow,
			 KnPmmMdlMap(h, 0, SZ, RTL_NULL, VMM_FLAG_WRITE,
				     (void **)&a));
	ck_assert_int_eq(-1, pwrite((int)h, "x", 1, 0));
	ck_assert_int_eq(0x5a, b[0]);
	ck_assert_int_eq(rcOk, KnVmUnmap(b, SZ - 4096));
	close((int)h);
}
END_TEST

START_TEST(bad_ranges)
{
	Handle h;
	void *p;

	ck_assert_int_eq(rcInvalidArgument, KnPmmMdlCreate(0, VMM_FLAG_READ,
							   &h));
	ck_assert_int_eq(rcInvalidArgument, KnPmmMdlCreate(4096, 0x80 |
							   VMM_FLAG_READ, &h));
	ck_assert_int_eq(rcOk, KnPmmMdlCreate(SZ, VMM_FLAG_READ |
					      VMM_FLAG_WRITE, &h));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap(h, 0, SZ + 1, RTL_NULL, VMM_FLAG_READ, &p));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap(h, 100, 10, RTL_NULL, VMM_FLAG_READ, &p));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap(h, 4096, (rtl_size_t)-1, RTL_NULL,
				     VMM_FLAG_READ, &p));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap(h, 4 * 4096, 1, RTL_NULL, VMM_FLAG_READ,
				     &p));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap(h, 0, 0, RTL_NULL, VMM_FLAG_READ, &p));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap(h, 0, 1, RTL_NULL, 0, &p));
	close((int)h);
	/* a read-only buffer is write-sealed from birth */
	ck_assert_int_eq(rcOk, KnPmmMdlCreate(SZ, VMM_FLAG_READ, &h));
	ck_assert_int_eq(rcSecurityDisallow,
			 KnPmmMdlMap(h, 0, SZ, RTL_NULL, VMM_FLAG_WRITE, &p));
	close((int)h);
}
END_TEST

/* What a hostile sender could hand over instead of an MDL buffer. */
START_TEST(refuses_unsafe_objects)
{
	char path[64];
	rtl_uint32_t fl;
	rtl_size_t size;
	int fd, p[2], ro;
	Handle h;
	void *a;

	/* a memfd that can shrink */
	fd = memfd_create("t", MFD_ALLOW_SEALING);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(0, ftruncate(fd, SZ));
	ck_assert_int_eq(rcSecurityDisallow,
			 KnPmmMdlMap((Handle)fd, 0, SZ, RTL_NULL,
				     VMM_FLAG_READ, &a));
	ck_assert_int_eq(rcOk, NkPmmMdlGetFlags((Handle)fd, &fl));
	ck_assert_uint_eq(0, fl);
	close(fd);
	/* a memfd that cannot be sealed at all */
	fd = memfd_create("t", 0);
	ck_assert_int_eq(0, ftruncate(fd, SZ));
	ck_assert_int_eq(rcSecurityDisallow,
			 KnPmmMdlMap((Handle)fd, 0, SZ, RTL_NULL,
				     VMM_FLAG_READ, &a));
	close(fd);
	/* not a memfd */
	ck_assert_int_eq(0, pipe(p));
	ck_assert_int_eq(rcInvalidArgument,
			 KnPmmMdlMap((Handle)p[0], 0, 1, RTL_NULL,
				     VMM_FLAG_READ, &a));
	ck_assert_int_eq(rcInvalidArgument, KnPmmMdlGetSize((Handle)p[0],
							    &size));
	ck_assert_int_eq(rcOk, NkPmmMdlGetFlags((Handle)p[0], &fl));
	ck_assert_uint_eq(0, fl);
	close(p[0]);
	close(p[1]);
	ck_assert_int_eq(rcInvalidArgument, NkPmmMdlGetFlags(INVALID_HANDLE,
							     &fl));
	/* a read-only fd of a buffer: no writable mapping */
	ck_assert_int_eq(rcOk, KnPmmMdlCreate(SZ, VMM_FLAG_READ |
					      VMM_FLAG_WRITE, &h));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", (int)h);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(ro, 0);
	ck_assert_int_eq(rcSecurityDisallow,
			 KnPmmMdlMap((Handle)ro, 0, SZ, RTL_NULL,
				     VMM_FLAG_READ | VMM_FLAG_WRITE, &a));
	ck_assert_int_eq(rcOk, KnPmmMdlMap((Handle)ro, 0, SZ, RTL_NULL,
					   VMM_FLAG_READ, &a));
	ck_assert_int_eq(-1, mprotect(a, SZ, PROT_READ | PROT_WRITE));
	ck_assert_int_eq(rcOk, KnVmUnmap(a, SZ));
	close(ro);
	close((int)h);
}
END_TEST

Suite *mdl_suite(void)
{
	Suite *s = suite_create("mdl");
	TCase *tc = tcase_create("mdl");

	tcase_add_test(tc, create_map_share);
	tcase_add_test(tc, bad_ranges);
	tcase_add_test(tc, refuses_unsafe_objects);
	suite_add_tcase(s, tc);
	return s;
}
