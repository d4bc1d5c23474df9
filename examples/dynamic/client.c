// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dynamic client: the echo client over a dynamic channel, written as KOS
 * dynamic-channel clients are: it looks the echo.Ping service up with the
 * name server (polling with KnSleep up to 10 s by KnGetMSecSinceStart
 * for it to be published; name buffers of kl_core_Types_UCoreStringSize
 * bytes), asks the connection manager for a channel (a 32-bit rsid) and
 * calls through the proxy with the riid it got.
 *
 * Usage: dynamic-client [COUNT [VALUE]]
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/ns/ns_api.h>
#include <coresrv/nk/transport-kos.h>
#include <coresrv/thread/thread_api.h>
#include <kl/core/Types.idl.h>
#include <rtl/minmax.h>
#include <echo/Ping.idl.h>

#define FIND_TIMEOUT_MS	10000U
#define POLL_MS		50U

static Retcode find_service(NsHandle ns, char *server, char *service)
{
	rtl_size_t start = KnGetMSecSinceStart(), waited;
	Retcode rc;

	for (;;) {
		rc = NsEnumServices(ns, "echo.Ping", 0, server,
				    kl_core_Types_UCoreStringSize, service,
				    kl_core_Types_UCoreStringSize);
		if (rc != rcResourceNotFound)
			return rc;
		waited = KnGetMSecSinceStart() - start;
		if (waited >= FIND_TIMEOUT_MS)
			return rcTimeout;
		KnSleep((rtl_uint32_t)rtl_min(POLL_MS,
					      FIND_TIMEOUT_MS - waited));
	}
}

int main(int argc, char *argv[])
{
	int count = argc > 1 ? atoi(argv[1]) : 3;
	nk_uint32_t value = argc > 2 ? (nk_uint32_t)strtoul(argv[2], NULL, 0) : 3;
	char server[kl_core_Types_UCoreStringSize];
	char service[kl_core_Types_UCoreStringSize];
	NkKosTransport transport;
	struct echo_Ping_proxy proxy;
	echo_Ping_Ping_req req;
	echo_Ping_Ping_res res;
	Handle handle;
	rtl_uint32_t rsid = INVALID_HANDLE;
	NsHandle ns = NS_INVALID_HANDLE;
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
	assert(NK_IID_MAX >= rsid);
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	echo_Ping_proxy_init(&proxy, &transport.base, (nk_iid_t)rsid);

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
