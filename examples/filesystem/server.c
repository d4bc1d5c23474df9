// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fs server: the server flow of spec section 3, word for word, over the
 * seed's example descriptions (Server.edl, Operations.cdl,
 * Filesystem.idl).  Open(name) answers h = strlen(name).  The response
 * has no variable-size part, so its arena is NULL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <Server.edl.h>

static nk_err_t Open_impl(struct Filesystem *self,
			  const struct Filesystem_Open_req *req,
			  const struct nk_arena *req_arena,
			  struct Filesystem_Open_res *res,
			  struct nk_arena *res_arena)
{
	nk_uint32_t len;
	const char *name = nk_arena_get(char, req_arena, &req->name, &len);

	(void)self;
	(void)res_arena;
	if (!name)
		return NK_EBADMSG;
	res->h = (nk_uint32_t)strlen(name);
	printf("server: Open(\"%s\") -> %u\n", name, (unsigned int)res->h);
	return NK_EOK;
}

int main(void)
{
	static const struct Filesystem_ops ops = { .Open = Open_impl };
	struct Filesystem impl = { .ops = &ops };
	struct Operations_component component;
	struct Server_entity entity;
	NkKosTransport transport;
	ServiceId id;
	Handle handle;
	Server_entity_req req;
	Server_entity_res res;
	char req_buffer[Server_entity_req_arena_size];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_buffer,
			req_buffer + sizeof(req_buffer));

	setvbuf(stdout, NULL, _IOLBF, 0);
	handle = ServiceLocatorRegister("server_connection", NULL, 0, &id);
	if (handle == INVALID_HANDLE) {
		perror("server: ServiceLocatorRegister");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	Operations_component_init(&component, &impl);
	Server_entity_init(&entity, &component);
	printf("server: registered server_connection\n");
	for (;;) {
		nk_req_reset(&req);
		nk_arena_reset(&req_arena);
		if (nk_transport_recv(&transport.base, &req.base_,
				      &req_arena) == NK_EOK)
			Server_entity_dispatch(&entity, &req.base_, &req_arena,
					       &res.base_, NULL);
		nk_transport_reply(&transport.base, &res.base_, NULL);
	}
}
