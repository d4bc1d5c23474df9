// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nested.c - demo.App: an entity endpoint, a component with two instances
 * of one nested component, and another instance.  Checks the depth-first
 * riid numbering, that each riid reaches the right implementation object,
 * and the endpoint table the .edl.h registers.
 */
#include <string.h>

#include <demo/App.edl.h>

#include "loop.h"
#include "rt.h"

/* An implementation object that knows which endpoint it is. */
struct store {
	struct demo_Store base;
	int id;
};

static int last_store;

static nk_err_t Put(struct demo_Store *self, const struct demo_Store_Put_req *req,
		    const struct nk_arena *ra, struct demo_Store_Put_res *res, struct nk_arena *sa)
{
	(void)req; (void)ra; (void)res; (void)sa;
	last_store = ((struct store *)self)->id;
	return NK_EOK;
}

static nk_err_t Get(struct demo_Store *self, const struct demo_Store_Get_req *req,
		    const struct nk_arena *ra, struct demo_Store_Get_res *res, struct nk_arena *sa)
{
	(void)req; (void)ra; (void)sa;
	last_store = ((struct store *)self)->id;
	nk_err_reset(res);
	res->err_.code = -((struct store *)self)->id;
	return NK_EOK;
}

static nk_err_t Ping(struct demo_Ping *self, const struct demo_Ping_Ping_req *req,
		     const struct nk_arena *ra, struct demo_Ping_Ping_res *res, struct nk_arena *sa)
{
	(void)ra; (void)sa;
	res->result = req->value + (self->ops == NK_NULL ? 0 : 1000);
	return NK_EOK;
}

static const struct demo_Store_ops store_ops = { Put, Get };
static const struct demo_Ping_ops ping_ops = { Ping };

static int registered;
static const struct nk_entity_meta *registered_meta;

/* Weak: a libnkos that provides nk_meta_register takes precedence. */
__attribute__((weak)) void nk_meta_register(const struct nk_entity_meta *meta)
{
	registered++;
	registered_meta = meta;
}

static nk_err_t app_dispatch(void *e, const struct nk_message *req, const struct nk_arena *ra,
			     struct nk_message *res, struct nk_arena *sa)
{
	return demo_App_entity_dispatch(e, req, ra, res, sa);
}

void test_nested(void)
{
	struct store s_first = { { &store_ops }, 1 }, s_second = { { &store_ops }, 2 },
		     s_extra = { { &store_ops }, 3 };
	struct demo_Ping own = { &ping_ops }, outer_ping = { &ping_ops };
	struct demo_Inner_component first, second, extra;
	struct demo_Outer_component outer;
	struct demo_App_entity app;
	struct loop lt;

	ok(demo_App_own_iid == 0 && demo_App_outer_ping_iid == 1 &&
	   demo_App_outer_first_store_iid == 2 && demo_App_outer_second_store_iid == 3 &&
	   demo_App_extra_store_iid == 4 && demo_App_iidMax == 5,
	   "riids are numbered depth-first");
	ok(demo_Outer_ping_iid == 0 && demo_Outer_first_store_iid == 1 &&
	   demo_Outer_second_store_iid == 2 && demo_Outer_iidMax == 3,
	   "component riids are relative to the component");

	/* initialise from the most deeply nested component outwards */
	demo_Inner_component_init(&first, &s_first.base);
	demo_Inner_component_init(&second, &s_second.base);
	demo_Inner_component_init(&extra, &s_extra.base);
	demo_Outer_component_init(&outer, &outer_ping, &first, &second);
	demo_App_entity_init(&app, &own, &outer, &extra);
	loop_init(&lt, app_dispatch, &app);

	static const int expect_store[] = { 0, 0, 1, 2, 3 };

	for (nk_iid_t riid = demo_App_outer_first_store_iid; riid < demo_App_iidMax; riid++) {
		struct demo_Store_proxy proxy;
		struct demo_Store_Put_req req;
		struct demo_Store_Put_res res;
		_Alignas(8) char buf[demo_Store_Put_req_arena_size];
		struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));

		nk_arena_store(char, &a, &req.key, "k", 2);
		nk_arena_store(nk_uint8_t, &a, &req.value, "v", 1);
		demo_Store_proxy_init(&proxy, &lt.base, riid);
		last_store = 0;
		ok(demo_Store_Put(&proxy.base, &req, &a, &res, NK_NULL) == NK_EOK &&
		   last_store == expect_store[riid], "riid %u reaches store %d", riid,
		   expect_store[riid]);
	}
	{
		struct demo_Store_proxy proxy;
		struct demo_Store_Get_req req;
		struct demo_Store_Get_res res;
		_Alignas(8) char buf[demo_App_entity_req_arena_size];
		_Alignas(8) char rbuf[demo_App_entity_res_arena_size];
		struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
		struct nk_arena ra = NK_ARENA_INITIALIZER(rbuf, rbuf + sizeof(rbuf));

		nk_arena_store(char, &a, &req.key, "k", 2);
		demo_Store_proxy_init(&proxy, &lt.base, demo_App_outer_second_store_iid);
		ok(demo_Store_Get(&proxy.base, &req, &a, &res, &ra) == NK_EOK &&
		   nk_msg_check_err(&res) && res.err_.code == -2,
		   "an error response from a nested component round-trips");
	}
	{
		struct demo_Ping_proxy proxy;
		struct demo_Ping_Ping_req req;
		struct demo_Ping_Ping_res res;

		req.value = 5;
		demo_Ping_proxy_init(&proxy, &lt.base, demo_App_own_iid);
		ok(demo_Ping_Ping(&proxy.base, &req, NK_NULL, &res, NK_NULL) == NK_EOK &&
		   res.result == 1005, "the entity's own endpoint answers");
		demo_Ping_proxy_init(&proxy, &lt.base, demo_App_outer_first_store_iid);
		ok(demo_Ping_Ping(&proxy.base, &req, NK_NULL, &res, NK_NULL) == NK_EBADMSG,
		   "a Ping sent to a Store endpoint does not fit (NK_EBADMSG)");
		app.extra = NK_NULL;
		demo_Ping_proxy_init(&proxy, &lt.base, demo_App_extra_store_iid);
		ok(demo_Ping_Ping(&proxy.base, &req, NK_NULL, &res, NK_NULL) == NK_ENOENT,
		   "a component left NULL gives NK_ENOENT");
	}

	/* the endpoint table of the .edl.h */
	static const struct { const char *name; int riid; } rows[] = {
		{ "own", 0 }, { "outer.ping", 1 }, { "outer.first.store", 2 },
		{ "outer.second.store", 3 }, { "extra.store", 4 }, { "demo.App.own", 0 },
		{ "demo.Outer.ping", 1 }, { "demo.Inner.store", 2 },
	};
	int good = demo_App_nk_meta.n_endpoints == 8 && !strcmp(demo_App_nk_meta.name, "demo.App");

	for (unsigned i = 0; good && i < 8; i++) {
		const struct nk_endpoint_meta *m = &demo_App_nk_meta.endpoints[i];

		good = !strcmp(m->name, rows[i].name) && m->riid == rows[i].riid &&
		       !strcmp(m->iface, i == 0 || i == 1 || i == 5 || i == 6 ? "demo.Ping" :
			       "demo.Store") &&
		       m->n_methods == (i == 0 || i == 1 || i == 5 || i == 6 ? 1u : 2u);
	}
	ok(good, "endpoint table: path names, then class-qualified names, first riid wins");
	ok(registered >= 1, "the .edl.h registers its endpoint table at start-up");
}
