// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * seed.c - the KOS documentation's Filesystem / Operations / Server example, written the
 * way the KOS documentation writes client and server code.
 */
#include <string.h>

#include <Server.edl.h>

#include "loop.h"
#include "rt.h"

static nk_err_t Open(struct Filesystem *self, const struct Filesystem_Open_req *req,
		     const struct nk_arena *req_arena, struct Filesystem_Open_res *res,
		     struct nk_arena *res_arena)
{
	nk_uint32_t len;
	const char *name = nk_arena_get(char, req_arena, &req->name, &len);

	(void)self; (void)res_arena;
	if (!name)
		return NK_EINVAL;
	res->h = (nk_uint32_t)strlen(name);
	return NK_EOK;
}

static nk_err_t server_dispatch(void *e, const struct nk_message *req,
				const struct nk_arena *ra, struct nk_message *res,
				struct nk_arena *sa)
{
	return Server_entity_dispatch(e, req, ra, res, sa);
}

void test_seed(void)
{
	/* server */
	static const struct Filesystem_ops ops = { .Open = Open };
	static struct Filesystem impl = { &ops };
	static struct Operations_component ops_comp;
	static struct Server_entity entity;
	struct loop transport;

	Operations_component_init(&ops_comp, &impl);
	Server_entity_init(&entity, &ops_comp);
	loop_init(&transport, server_dispatch, &entity);

	/* client */
	struct Filesystem_proxy proxy;
	Filesystem_Open_req req;
	struct Filesystem_Open_res res;
	char req_buffer[Filesystem_Open_req_arena_size];
	struct nk_arena req_arena = NK_ARENA_INITIALIZER(req_buffer,
							 req_buffer + sizeof(req_buffer));
	const char *path = "/etc/hosts";
	nk_iid_t riid = Server_OpsComp_FS_iid;

	Filesystem_proxy_init(&proxy, &transport.base, riid);
	ok(nk_arena_store(char, &req_arena, &req.name, path, strlen(path) + 1) == 0,
	   "seed: name stored in the request arena");
	ok(Filesystem_Open(&proxy.base, &req, &req_arena, &res, NK_NULL) == NK_EOK &&
	   res.h == 10, "seed: Filesystem_Open through Server_entity_dispatch");
	ok(Filesystem_Open_req_arena_size == 257 && Filesystem_Open_req_name_size == 257 &&
	   Server_entity_req_arena_size == 257 && sizeof(Filesystem_Open_req) == 32,
	   "seed: sizes (string<256> is 257 bytes)");
	ok(sizeof(Server_entity_req) == sizeof(Filesystem_req) &&
	   sizeof(Operations_component_res) == sizeof(Filesystem_res),
	   "seed: req/res unions hold every method");
}
