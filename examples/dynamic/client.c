// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dynamic client: the echo client over a dynamic channel.  It looks the
 * echo.Ping service up with the name server (waiting up to 10 s for it
 * to be published), asks the connection manager for a channel and calls
 * through the proxy with the riid it got.
 *
 * Usage: dynamic-client [COUNT [VALUE]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/ns/ns_api.h>
#include <coresrv/nk/transport-kos.h>
#include <echo/Ping.idl.h>

static Retcode find_service(NsHandle ns, char *server, char *service)
{
	const struct timespec step = { 0, 50 * 1000 * 1000 };
	Retcode rc;
	int tries;

	for (tries = 0; tries < 200; tries++) {
		rc = NsEnumServices(ns, "echo.Ping", 0, server, NS_NAME_MAX,
				    service, NS_NAME_MAX);
		if (rc != rcResourceNotFound)
			return rc;
		nanosleep(&step, NULL);
	}
	return rcResourceNotFound;
}

int main(int argc, char *argv[])
{
	int count = argc > 1 ? atoi(argv[1]) : 3;
	nk_uint32_t value = argc > 2 ? (nk_uint32_t)strtoul(argv[2], NULL, 0) : 3;
	char server[NS_NAME_MAX], service[NS_NAME_MAX];
	NkKosTransport transport;
	struct echo_Ping_proxy proxy;
	echo_Ping_Ping_req req;
	echo_Ping_Ping_res res;
	Handle handle;
	nk_iid_t rsid;
	NsHandle ns;
	Retcode rc;
	int i, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = NsCreate(RTL_NULL, INFINITE_TIMEOUT, &ns);
	if (rc == rcOk)
		rc = find_service(ns, server, service);
	if (rc != rcOk) {
		printf("client: no echo.Ping service: %s\n", RetcodeName(rc));
		return EXIT_FAILURE;
	}
	rc = KnCmConnect(server, service, INFINITE_TIMEOUT, &handle, &rsid);
	if (rc != rcOk) {
		printf("client: connecting to %s/%s failed: %s\n", server,
		       service, RetcodeName(rc));
		return EXIT_FAILURE;
	}
	printf("client: connected to %s/%s, riid %u\n", server, service,
	       (unsigned int)rsid);
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	echo_Ping_proxy_init(&proxy, &transport.base, rsid);

	req.value = value;
	for (i = 0; i < count; i++) {
		nk_err_t err = echo_Ping_Ping(&proxy.base, &req, NULL, &res,
					      NULL);

		if (err != NK_EOK) {
			printf("client: Ping(%u) failed: %d\n",
			       (unsigned int)req.value, (int)err);
			failed = 1;
			continue;
		}
		printf("client: Ping(%u) -> %u\n", (unsigned int)req.value,
		       (unsigned int)res.result);
		req.value = res.result;
	}
	KnHandleClose(handle);
	NsClose(ns);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
