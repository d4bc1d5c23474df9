// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fs client: the client flow of spec section 3, word for word, over the
 * seed's example descriptions: connect, transport, GetRiid("OpsComp.FS"),
 * proxy, fill the request (string through the arena), call, read res.
 *
 * Usage: fs-client NAME
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <Filesystem.idl.h>

int main(int argc, char *argv[])
{
	const char *name = argc > 1 ? argv[1] : "example";
	NkKosTransport t;
	struct Filesystem_proxy proxy;
	Filesystem_Open_req req;
	Filesystem_Open_res res;
	char req_buffer[Filesystem_Open_req_arena_size];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_buffer,
			req_buffer + sizeof(req_buffer));
	Handle h;
	nk_iid_t riid;
	nk_err_t rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	h = ServiceLocatorConnect("server_connection");
	if (h == INVALID_HANDLE) {
		printf("client: cannot connect to server_connection\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&t, h, NK_NULL, 0);
	riid = ServiceLocatorGetRiid(h, "OpsComp.FS");
	if (riid == INVALID_RIID) {
		printf("client: no endpoint OpsComp.FS\n");
		return EXIT_FAILURE;
	}
	Filesystem_proxy_init(&proxy, &t.base, riid);
	if (NkKosCopyStringToArena(&req_arena, &req.name, name) != rcOk) {
		printf("client: name too long\n");
		return EXIT_FAILURE;
	}
	rc = Filesystem_Open(&proxy.base, &req, &req_arena, &res, NULL);
	if (rc != NK_EOK) {
		printf("client: Open(\"%s\") failed: %d\n", name, (int)rc);
		return EXIT_FAILURE;
	}
	printf("client: Open(\"%s\") -> h = %u\n", name, (unsigned int)res.h);
	return EXIT_SUCCESS;
}
