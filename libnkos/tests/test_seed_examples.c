// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_seed_examples.c - the arena examples of the KOS documentation
 * (the KOS documentation), verbatim apart from the generated types and sizes they
 * use, which are declared here the way nkc generates them.
 */
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include <nk/arena.h>
#include <coresrv/nk/transport-kos.h>

#include "suites.h"

#define Write_WriteInLog_req_arena_size 64
#define kl_rump_DhcpcdConfig_GetOptionNtpServers_res_arena_size 64
#define kl_CliApplication_Run_req_arena_size 64
#define kl_Klog_component_res_arena_size 64
#define kl_rump_NpfctlFilter_TableAdd_req_arena_size 64
#define StringMaxSize 64
#define kl_core_DCM_req_arena_size 128

typedef struct __nk_packed kl_VfsFilesystem_Rmdir_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t path;
} kl_VfsFilesystem_Rmdir_req;

typedef struct __nk_packed kl_rump_NpfctlFilter_TableAdd_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t tid;
	__nk_alignas(4) nk_ptr_t cidrAddr;
} kl_rump_NpfctlFilter_TableAdd_req;

typedef struct __nk_packed kl_drivers_FBConsole_SetFont_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t fileName;
} kl_drivers_FBConsole_SetFont_req;

typedef struct __nk_packed kl_core_DCM_Subscribe_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t endpointType;
	__nk_alignas(4) nk_ptr_t endpointName;
	__nk_alignas(4) nk_ptr_t serverName;
} kl_core_DCM_Subscribe_req;

typedef struct __nk_packed kl_Log_res {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t logRes;
} kl_Log_res;

START_TEST(creating_an_arena)
{
	/* Example 1 */
	alignas(8) char reqBuffer[Write_WriteInLog_req_arena_size];
	struct nk_arena reqArena = NK_ARENA_INITIALIZER(
		reqBuffer, reqBuffer + sizeof(reqBuffer));
	/* Example 2 */
	struct nk_arena res_arena;
	char res_buf[kl_rump_DhcpcdConfig_GetOptionNtpServers_res_arena_size];
	nk_arena_init(&res_arena, res_buf, res_buf + sizeof(res_buf));
	/* Example 3 */
	char req_buffer[kl_CliApplication_Run_req_arena_size];
	struct nk_arena req_arena = nk_arena_create(req_buffer, sizeof(req_buffer));
	/* Example 4 */
	nk_ptr_t ptr;
	const char *cstr = "example";
	nk_arena arena = NK_ARENA_FINAL(&ptr, cstr, strlen(cstr));
	/* Example 5 */
	const char *path = "path_to_file";
	size_t len = strlen(path);
	struct kl_VfsFilesystem_Rmdir_req req;
	struct nk_arena req_arena5;
	nk_arena_init_final(&req_arena5, &req.path, path, len);
	/* Example 6 */
	struct nk_arena res_arena6 = NK_ARENA_AUTO(kl_Klog_component_res_arena_size);

	ck_assert_uint_eq(nk_arena_capacity(&reqArena), 64);
	ck_assert_uint_eq(nk_arena_capacity(&res_arena), 64);
	ck_assert_uint_eq(nk_arena_capacity(&req_arena), 64);
	ck_assert_uint_eq(ptr.size, 7);
	ck_assert_uint_eq(nk_arena_capacity(&arena), 7);
	ck_assert_uint_eq(req.path.size, 12);
	ck_assert_uint_eq(nk_arena_allocated_size(&req_arena5), 12);
	ck_assert_uint_eq(nk_arena_capacity(&res_arena6), 64);
}
END_TEST

static int adding_1(const char *tid, size_t tidlen, const char *cidr_addr,
		    size_t cidr_addrlen)
{
	char req_buffer[kl_rump_NpfctlFilter_TableAdd_req_arena_size];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_buffer,
		req_buffer + sizeof(req_buffer));
	struct kl_rump_NpfctlFilter_TableAdd_req req;

	if (nk_arena_store(char, &req_arena, &req.tid, tid, tidlen))
		return 12;
	if (nk_arena_store(char, &req_arena, &req.cidrAddr, cidr_addr,
			   cidr_addrlen))
		return 12;
	return req.cidrAddr.offset == tidlen ? 0 : -1;
}

static int adding_2(const char *fileName)
{
	char req_arena_buf[StringMaxSize];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_arena_buf,
		req_arena_buf + sizeof(req_arena_buf));
	kl_drivers_FBConsole_SetFont_req req;
	size_t buf_size = strlen(fileName) + 1;
	char *buf = nk_arena_alloc(char, &req_arena, &req.fileName, buf_size);

	if (!buf)
		return -1;
	memcpy(buf, fileName, buf_size);
	return req.fileName.size == buf_size ? 0 : -1;
}

static Retcode adding_3(const char *endpointType, const char *endpointName,
			const char *serverName)
{
	char reqArenaBuf[kl_core_DCM_req_arena_size];
	struct nk_arena reqArena = NK_ARENA_INITIALIZER(reqArenaBuf,
		reqArenaBuf + sizeof(reqArenaBuf));
	kl_core_DCM_Subscribe_req req;
	Retcode rc;

	rc = NkKosCopyStringToArena(&reqArena, &req.endpointType, endpointType);
	if (rc != rcOk)
		return rc;
	rc = NkKosCopyStringToArena(&reqArena, &req.endpointName, endpointName);
	if (rc != rcOk)
		return rc;
	rc = NkKosCopyStringToArena(&reqArena, &req.serverName, serverName);
	if (rc != rcOk)
		return rc;
	return rcOk;
}

static nk_err_t adding_4(struct nk_arena *resArena, kl_Log_res *res,
			 unsigned msgCount)
{
	unsigned counter = 0;
	nk_ptr_t *paths;

	paths = nk_arena_alloc(nk_ptr_t, resArena, &res->logRes, msgCount);
	if (paths == NK_NULL)
		return NK_ENOMEM;
	while (counter < msgCount) {
		size_t stringLength = 5;
		char *str = nk_arena_alloc(char, resArena, &paths[counter],
					   stringLength + 1);

		if (str == NK_NULL)
			return NK_ENOMEM;
		snprintf(str, (stringLength + 1), "%s", "line0");
		str[4] = (char)('0' + counter);
		counter++;
	}
	return NK_EOK;
}

START_TEST(adding_data)
{
	alignas(8) char b[128];
	struct nk_arena a = NK_ARENA_INITIALIZER(b, b + sizeof(b));
	kl_Log_res res;
	nk_ptr_t *paths;
	nk_uint32_t n;
	nk_size_t len;

	ck_assert_int_eq(adding_1("t1", 2, "10.0.0.0/8", 10), 0);
	ck_assert_int_eq(adding_2("font.psf"), 0);
	ck_assert_int_eq(adding_3("type", "name", "server"), rcOk);
	ck_assert_int_eq(adding_3("a-very-long-type-name-that-takes-room-"
				  "in-the-arena-0123456789-0123456789",
				  "and-an-endpoint-name-that-is-also-long-"
				  "0123456789", "server"), rcBufferTooSmall);
	ck_assert_int_eq(adding_4(&a, &res, 3), NK_EOK);
	/* and what the receiver reads back */
	paths = nk_arena_get(nk_ptr_t, &a, &res.logRes, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(nk_arena_get(char, &a, &paths[2], &len), "line2");
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(adding_4(&a, &res, 100), NK_ENOMEM);
}
END_TEST

START_TEST(retrieving_data)
{
	char buf[16];
	char res_buf[16];
	struct nk_arena res_arena;
	nk_arena_init(&res_arena, res_buf, res_buf + sizeof(res_buf));
	struct { struct nk_message base_; nk_ptr_t ver; } res;

	/* what the transport leaves behind after a response */
	ck_assert_int_eq(nk_arena_store(char, &res_arena, &res.ver, "1.2", 4), 0);

	size_t ptrlen;
	char *ptr = nk_arena_get(char, &res_arena, &res.ver, &ptrlen);
	memcpy(buf, ptr, ptrlen);
	ck_assert_str_eq(buf, "1.2");
}
END_TEST

Suite *seed_examples_suite(void)
{
	Suite *s = suite_create("seed_examples");
	TCase *tc = tcase_create("seed_examples");

	tcase_add_test(tc, creating_an_arena);
	tcase_add_test(tc, adding_data);
	tcase_add_test(tc, retrieving_data);
	suite_add_tcase(s, tc);
	return s;
}
