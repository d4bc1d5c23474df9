// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * echo client: the KasperskyOS echo example's client, unchanged in its
 * flow (spec section 3): connect to the static channel, initialise the
 * transport, resolve the endpoint, initialise the proxy and call.
 *
 * Usage: echo-client [COUNT [VALUE]]  (COUNT Ping calls chaining VALUE,
 * default 3 calls from 3, then one Echo).  Exit status 0 if every call
 * succeeded.
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <echo/Ping.idl.h>

int main(int argc, char *argv[])
{
	int count = argc > 1 ? atoi(argv[1]) : 3;
	nk_uint32_t value = argc > 2 ? (nk_uint32_t)strtoul(argv[2], NULL, 0) : 3;
	NkKosTransport transport;
	struct echo_Ping_proxy proxy;
	echo_Ping_Ping_req req;
	echo_Ping_Ping_res res;
	echo_Ping_Echo_req ereq;
	echo_Ping_Echo_res eres;
	char req_buffer[echo_Ping_Echo_req_arena_size];
	char res_buffer[echo_Ping_Echo_res_arena_size];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_buffer,
			req_buffer + sizeof(req_buffer));
	struct nk_arena res_arena = NK_ARENA_INITIALIZER(res_buffer,
			res_buffer + sizeof(res_buffer));
	const char *reply;
	nk_uint32_t len;
	Handle handle;
	nk_iid_t riid;
	nk_err_t rc;
	int i, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	handle = ServiceLocatorConnect("server_connection");
	if (handle == INVALID_HANDLE) {
		printf("client: cannot connect to server_connection\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	riid = ServiceLocatorGetRiid(handle, "ping_comp.ping_impl");
	if (riid == INVALID_RIID) {
		printf("client: no endpoint ping_comp.ping_impl\n");
		return EXIT_FAILURE;
	}
	echo_Ping_proxy_init(&proxy, &transport.base, riid);

	req.value = value;
	for (i = 0; i < count; i++) {
		rc = echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL);
		if (rc == NK_EOK) {
			printf("client: Ping(%u) -> %u\n",
			       (unsigned int)req.value,
			       (unsigned int)res.result);
			req.value = res.result;
		} else {
			printf("client: Ping(%u) failed: %s (%d)\n",
			       (unsigned int)req.value,
			       rc == NK_EPERM ? "NK_EPERM, denied" : "error",
			       (int)rc);
			failed = 1;
		}
	}

	if (NkKosCopyStringToArena(&req_arena, &ereq.text, "hello") != rcOk)
		return EXIT_FAILURE;
	rc = echo_Ping_Echo(&proxy.base, &ereq, &req_arena, &eres, &res_arena);
	reply = rc == NK_EOK ?
		nk_arena_get(char, &res_arena, &eres.reply, &len) : NULL;
	if (reply) {
		printf("client: Echo(\"hello\") -> \"%s\"\n", reply);
	} else {
		printf("client: Echo(\"hello\") failed: %s (%d)\n",
		       rc == NK_EPERM ? "NK_EPERM, denied" : "error", (int)rc);
		failed = 1;
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
