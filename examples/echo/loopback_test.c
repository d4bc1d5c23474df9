// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * loopback_test: unit-testing the echo entity without the kernel module.
 * The nkc-generated proxy talks to the nkc-generated entity dispatcher
 * through the loopback transport (nk/transport-loopback.h); this is how a
 * user tests an implementation.  Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include <nk/transport-loopback.h>
#include <echo/Server.edl.h>

#include "ping_impl.h"

static int n_test;
static int failed;

static void tap(int ok, const char *what)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++n_test, what);
	failed |= !ok;
}

int main(void)
{
	struct nk_loopback_transport lt;
	struct echo_Ping_proxy proxy;
	echo_Ping_component component;
	echo_Server_entity entity;
	echo_Ping_Ping_req req;
	echo_Ping_Ping_res res;
	echo_Ping_Echo_req ereq;
	echo_Ping_Echo_res eres;
	char qb[echo_Ping_Echo_req_arena_size], sb[echo_Ping_Echo_res_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	struct nk_arena sa = NK_ARENA_INITIALIZER(sb, sb + sizeof(sb));
	const char *reply;
	nk_uint32_t len;

	setvbuf(stdout, NULL, _IOLBF, 0);
	echo_Ping_component_init(&component, CreateIPingImpl());
	echo_Server_entity_init(&entity, &component);
	tap(nk_loopback_transport_init(&lt,
			&NK_KOS_DISPATCH_INFO(echo_Server, &entity)) == NK_EOK,
	    "loopback transport initialised with the entity dispatcher");
	echo_Ping_proxy_init(&proxy, &lt.base,
			     echo_Server_ping_comp_ping_impl_iid);

	req.value = 41;
	tap(echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL) == NK_EOK &&
	    res.result == 42, "Ping(41) -> 42 through the generated proxy");

	tap(NkKosCopyStringToArena(&qa, &ereq.text, "loop") == rcOk &&
	    echo_Ping_Echo(&proxy.base, &ereq, &qa, &eres, &sa) == NK_EOK,
	    "Echo(\"loop\") succeeds with request and response arenas");
	reply = nk_arena_get(char, &sa, &eres.reply, &len);
	tap(reply && len == 5 && !strcmp(reply, "loop"),
	    "the response arena holds the echoed string");

	/* a proxy bound to a riid the entity does not have */
	echo_Ping_proxy_init(&proxy, &lt.base, echo_Server_iidMax);
	tap(echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL) == NK_ENOENT,
	    "an unknown riid gives NK_ENOENT");
	printf("1..%d\n", n_test);
	return failed;
}
