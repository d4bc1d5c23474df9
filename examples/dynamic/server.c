// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dynamic server: the echo server over a dynamic channel.  It publishes
 * its endpoint with the name server under its own name (as KOS servers
 * do: the entity's class, echo.Server), then takes connection requests:
 * the first accepted one creates the channel, later ones join it, and
 * NkKosDoDispatch(channel, &info) serves the channel in a thread made by
 * KosThreadCreate.
 * KnCmListen reports each client by its entity class.
 *
 * Usage: dynamic-server [SERVER_NAME]   (default echo.Server)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/cm/cm_api.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/ns/ns_api.h>
#include <coresrv/nk/transport-kos.h>
#include <coresrv/nk/transport-kos-dispatch.h>
#include <kl/core/Types.idl.h>
#include <kos/thread.h>
#include <echo/Server.edl.h>

#include "ping_impl.h"

static const char endpoint[] = "ping_comp.ping_impl";

static echo_Ping_component component;
static echo_Server_entity entity;

static int serve(void *context)
{
	Handle channel = *(Handle *)context;
	NkKosDispatchInfo info =
		NK_ENTITY_DISPATCH_INFO_INITIALIZER(echo_Server, entity);
	nk_err_t rc;

	/* the KOS form: the server handle, not a transport */
	rc = NkKosDoDispatch(channel, &info);
	fprintf(stderr, "server: dispatch loop ended (%d)\n", (int)rc);
	return (int)rc;
}

int main(int argc, char *argv[])
{
	const char *name = argc > 1 ? argv[1] : "echo.Server";
	char client[kl_core_Types_UCoreStringSize];
	char service[kl_core_Types_UCoreStringSize];
	Handle channel = INVALID_HANDLE, handle;
	NsHandle ns = NS_INVALID_HANDLE;
	Tid tid;
	Retcode rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	echo_Ping_component_init(&component, CreateIPingImpl());
	echo_Server_entity_init(&entity, &component);

	rc = NsCreate(RTL_NULL, INFINITE_TIMEOUT, &ns);
	if (rc == rcOk)
		rc = NsPublishService(ns, "echo.Ping", name, endpoint);
	if (rc != rcOk) {
		printf("server: cannot publish %s: %s\n", endpoint,
		       RetcodeName(rc));
		return EXIT_FAILURE;
	}
	printf("server: published %s as %s\n", endpoint, name);

	for (;;) {
		rc = KnCmListen(name, INFINITE_TIMEOUT, client, service);
		if (rc != rcOk) {
			printf("server: listen failed: %s\n", RetcodeName(rc));
			return EXIT_FAILURE;
		}
		if (strcmp(service, endpoint)) {
			printf("server: dropped %s asking for %s\n", client,
			       service);
			KnCmDrop(client, service);
			continue;
		}
		rc = KnCmAccept(client, service,
				echo_Server_ping_comp_ping_impl_iid, channel,
				&handle);
		if (rc != rcOk) {
			printf("server: accept failed: %s\n", RetcodeName(rc));
			continue;
		}
		printf("server: accepted %s for %s\n", client, service);
		if (channel == INVALID_HANDLE) {
			channel = handle;
			rc = KosThreadCreate(&tid, ThreadPriorityNormal, 0,
					     serve, &channel, 0);
			if (rc != rcOk) {
				printf("server: KosThreadCreate: %s\n",
				       RetcodeName(rc));
				return EXIT_FAILURE;
			}
		} else {
			/* the client joined the channel; its handle is shared */
			KnHandleClose(handle);
		}
	}
}
