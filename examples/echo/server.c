// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * echo server: the KasperskyOS echo example's server, unchanged in its
 * flow (spec section 3): register the static channel, initialise the
 * transport, the component and the entity, then receive, dispatch and
 * reply in a loop.
 *
 * Usage: echo-server [THREADS]  (THREADS server threads run the same loop
 * on the same handle; default 1).
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <echo/Server.edl.h>

#include "ping_impl.h"

static NkKosTransport transport;
static echo_Server_entity entity;

static void *serve(void *arg)
{
	echo_Server_entity_req req;
	echo_Server_entity_res res;
	char req_buffer[echo_Server_entity_req_arena_size];
	char res_buffer[echo_Server_entity_res_arena_size];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_buffer,
			req_buffer + sizeof(req_buffer));
	struct nk_arena res_arena = NK_ARENA_INITIALIZER(res_buffer,
			res_buffer + sizeof(res_buffer));
	nk_err_t rc;

	(void)arg;
	do {
		nk_req_reset(&req);
		nk_arena_reset(&req_arena);
		nk_arena_reset(&res_arena);
		rc = nk_transport_recv(&transport.base, &req.base_, &req_arena);
		if (rc == NK_EINTR)
			continue;
		if (rc != NK_EOK) {
			fprintf(stderr, "server: receive failed (%d)\n", (int)rc);
			break;
		}
		echo_Server_entity_dispatch(&entity, &req.base_, &req_arena,
					    &res.base_, &res_arena);
		if (nk_transport_reply(&transport.base, &res.base_,
				       &res_arena) != NK_EOK)
			fprintf(stderr, "server: reply failed\n");
	} while (1);
	return NULL;
}

int main(int argc, char *argv[])
{
	int threads = argc > 1 ? atoi(argv[1]) : 1;
	echo_Ping_component component;
	pthread_t tid;
	ServiceId iid;
	Handle handle;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	handle = ServiceLocatorRegister("server_connection", NULL, 0, &iid);
	assert(handle != INVALID_HANDLE);
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	echo_Ping_component_init(&component, CreateIPingImpl());
	echo_Server_entity_init(&entity, &component);
	printf("server: registered server_connection, %d thread(s)\n",
	       threads < 1 ? 1 : threads);
	for (i = 1; i < threads; i++)
		pthread_create(&tid, NULL, serve, NULL);
	serve(NULL);
	return EXIT_SUCCESS;
}
