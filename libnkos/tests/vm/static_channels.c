// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * static_channels.c - Service Locator flows of spec section 3 through
 * the module: register/connect/GetRiid, several server threads on one
 * handle with several clients, waiting for a late server.
 *
 * Included by main.c (harness.h: one kselftest-harness unit).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/sl/sl_api.h>
#include <coresrv/handle/handle_api.h>

#include "harness.h"

TEST_F_TIMEOUT(libnkos, sl_spec_flow, 60)
{
	const char *chan = uniq("sl.flow");
	pid_t srv = spawn_sl_server(chan, 1, 0);
	NkKosTransport transport;
	Handle handle;
	nk_iid_t riid;
	char out[64];
	nk_uint32_t n = 0;
	int ret = 1;

	handle = ServiceLocatorConnect(chan);
	if (handle == INVALID_HANDLE)
		goto out;
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	riid = ServiceLocatorGetRiid(handle, "OpsComp.FS");
	if (riid != Echo_OpsComp_FS_iid)
		goto out;
	if (echo_say(&transport.base, riid, "hello", 41, out, sizeof(out),
		     &n) != NK_EOK)
		goto out;
	ret = strcmp(out, "hello") || n != 42;
out:
	if (ret)
		printf("# connect/riid/call failed (errno %d)\n", errno);
	stop_child(srv);
	ASSERT_EQ(0, ret);
}

TEST_F_TIMEOUT(libnkos, sl_getriid_forms, 60)
{
	static const struct {
		const char *name;
		nk_iid_t riid;
	} forms[] = {
		{ "ping", Echo_ping_iid },		/* entity's own */
		{ "test.Echo.ping", Echo_ping_iid },	/* class-qualified */
		{ "OpsComp.FS", Echo_OpsComp_FS_iid },	/* inst.ep */
		{ "test.Operations.FS", Echo_OpsComp_FS_iid },
		{ "a.b.ep", Echo_a_b_ep_iid },		/* nested */
		{ "test.Inner.ep", Echo_a_b_ep_iid },
	};
	const char *chan = uniq("sl.riid");
	pid_t srv = spawn_sl_server(chan, 1, 0);
	NkKosTransport t;
	Handle h = ServiceLocatorConnect(chan);
	char out[64];
	nk_uint32_t n;
	unsigned int i;

	ASSERT_TRUE(h != INVALID_HANDLE);
	NkKosTransport_Init(&t, h, NK_NULL, 0);
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		nk_iid_t riid = ServiceLocatorGetRiid(h, forms[i].name);

		ASSERT_EQ(riid, forms[i].riid);
		ASSERT_EQ(echo_say(&t.base, riid, forms[i].name, i, out,
				  sizeof(out), &n), NK_EOK);
		ASSERT_TRUE(!strcmp(out, forms[i].name) && n == i + 1);
	}
	ASSERT_EQ(ServiceLocatorGetRiid(h, "nosuch.ep"), INVALID_RIID);
	ASSERT_EQ(ServiceLocatorGetRiid(h, "FS"), INVALID_RIID);
	ASSERT_EQ(ServiceLocatorGetRiid(INVALID_HANDLE, "ping"), INVALID_RIID);
	stop_child(srv);
}

#define N_CLIENTS 4
#define N_CALLS 25

struct client_arg {
	const char *chan;
	int id;
	int failures;
};

static void *client_thread(void *p)
{
	struct client_arg *a = p;
	Handle h = ServiceLocatorConnect(a->chan);
	NkKosTransport t;
	char text[32], out[64];
	nk_uint32_t n;
	int i;

	if (h == INVALID_HANDLE) {
		a->failures = N_CALLS;
		return NULL;
	}
	NkKosTransport_Init(&t, h, NK_NULL, 0);
	for (i = 0; i < N_CALLS; i++) {
		snprintf(text, sizeof(text), "client%d-call%d", a->id, i);
		if (echo_say(&t.base, Echo_ping_iid, text, a->id * 1000 + i,
			     out, sizeof(out), &n) != NK_EOK ||
		    strcmp(out, text) || n != (nk_uint32_t)(a->id * 1000 + i + 1))
			a->failures++;
	}
	KnHandleClose(h);
	return NULL;
}

/* Several clients (each its own handle) against 4 server threads on one
 * handle: every answer must reach the client that asked. */
TEST_F_TIMEOUT(libnkos, sl_threads_and_clients, 60)
{
	const char *chan = uniq("sl.threads");
	pid_t srv = spawn_sl_server(chan, 4, 2000);
	struct client_arg args[N_CLIENTS];
	pthread_t tid[N_CLIENTS];
	int i, failures = 0;

	for (i = 0; i < N_CLIENTS; i++) {
		args[i] = (struct client_arg){ chan, i + 1, 0 };
		pthread_create(&tid[i], NULL, client_thread, &args[i]);
	}
	for (i = 0; i < N_CLIENTS; i++) {
		pthread_join(tid[i], NULL);
		failures += args[i].failures;
	}
	stop_child(srv);
	ASSERT_EQ(failures, 0);
}

TEST_F_TIMEOUT(libnkos, sl_connect_waits, 60)
{
	const char *chan = uniq("sl.late");
	pid_t srv;
	Handle h;
	NkKosTransport t;
	char out[64];
	nk_uint32_t n;

	/* nobody registers: bounded by NK_SL_CONNECT_TIMEOUT_MS */
	setenv("NK_SL_CONNECT_TIMEOUT_MS", "100", 1);
	errno = 0;
	ASSERT_TRUE(ServiceLocatorConnect(chan) == INVALID_HANDLE);
	ASSERT_EQ(errno, ETIMEDOUT);
	setenv("NK_SL_CONNECT_TIMEOUT_MS", "0", 1);
	ASSERT_TRUE(ServiceLocatorConnect(chan) == INVALID_HANDLE);
	ASSERT_EQ(errno, ENOENT);
	/* a server registering later is waited for (default 10 s) */
	unsetenv("NK_SL_CONNECT_TIMEOUT_MS");
	srv = fork();
	if (srv == 0) {
		ServiceId id;

		usleep(300 * 1000);
		h = ServiceLocatorRegister(chan, NULL, 0, &id);
		if (h == INVALID_HANDLE)
			_exit(2);
		serve_echo(h, 1, 0);
		_exit(0);
	}
	h = ServiceLocatorConnect(chan);
	ASSERT_TRUE(h != INVALID_HANDLE);
	NkKosTransport_Init(&t, h, NK_NULL, 0);
	ASSERT_EQ(echo_say(&t.base, ServiceLocatorGetRiid(h, "ping"), "late",
			  1, out, sizeof(out), &n), NK_EOK);
	stop_child(srv);
}

TEST_F_TIMEOUT(libnkos, sl_register_twice, 60)
{
	const char *chan = uniq("sl.twice");
	ServiceId id = 12345;
	Handle h = ServiceLocatorRegister(chan, NULL, 0, &id);

	ASSERT_TRUE(h != INVALID_HANDLE);
	ASSERT_TRUE(id != 12345);
	ASSERT_TRUE(ServiceLocatorRegister(chan, NULL, 0, &id) == INVALID_HANDLE);
	ASSERT_EQ(errno, EEXIST);
	ASSERT_TRUE(ServiceLocatorRegister(NULL, NULL, 0, &id) == INVALID_HANDLE);
	ASSERT_EQ(errno, EINVAL);
	/* closing the server handle frees the name */
	ASSERT_EQ(KnHandleClose(h), rcOk);
	h = ServiceLocatorRegister(chan, &echo_meta, 1, &id);
	ASSERT_TRUE(h != INVALID_HANDLE);
}

TEST_F_TIMEOUT(libnkos, sl_unknown_method, 60)
{
	const char *chan = uniq("sl.mid");
	pid_t srv = spawn_sl_server(chan, 1, 0);
	Handle h = ServiceLocatorConnect(chan);
	NkKosTransport t;
	Ping_Say_req req;
	Ping_Say_res res;
	char b[8];
	struct nk_arena qa = NK_ARENA_INITIALIZER(b, b + sizeof(b));

	ASSERT_TRUE(h != INVALID_HANDLE);
	NkKosTransport_Init(&t, h, NK_NULL, 0);
	nk_req_reset(&req);
	nk_req_reset(&res);
	ASSERT_EQ(NkKosCopyStringToArena(&qa, &req.text, "x"), rcOk);
	/* the mid is inside the kernel's table but the entity is strict */
	nk_msg_set_method_id(&req, Echo_ping_iid, Ping_Say_mid);
	req.base_.size = sizeof(struct nk_message) + 4;	/* short body */
	ASSERT_EQ(nk_transport_call(&t.base, &req.base_, &qa, &res.base_,
				   NK_NULL), NK_EBADMSG);
	/* outside the table: the kernel refuses it */
	nk_req_reset(&req);
	ASSERT_EQ(NkKosCopyStringToArena(&qa, &req.text, "x"), rcOk);
	nk_msg_set_method_id(&req, Echo_ping_iid, Ping_mid_max);
	ASSERT_EQ(nk_transport_call(&t.base, &req.base_, &qa, &res.base_,
				   NK_NULL), NK_EBADMSG);
	stop_child(srv);
}

/* A request larger than the entity's buffers: the dispatch loop takes it
 * (no spinning on ENOBUFS), the dispatcher refuses it, the server goes on. */
TEST_F_TIMEOUT(libnkos, sl_oversized_request, 60)
{
	const char *chan = uniq("sl.big");
	pid_t srv = spawn_sl_server(chan, 1, 0);
	Handle h = ServiceLocatorConnect(chan);
	NkKosTransport t;
	static _Alignas(8) char big[4096];
	struct nk_message *req = (void *)big;
	Ping_Say_res res;
	char out[64];
	nk_uint32_t n;

	ASSERT_TRUE(h != INVALID_HANDLE);
	NkKosTransport_Init(&t, h, NK_NULL, 0);
	__nk_msg_reset(req, sizeof(big));
	nk_msg_set_method_id(req, Echo_ping_iid, Ping_Say_mid);
	nk_req_reset(&res);
	ASSERT_EQ(nk_transport_call(&t.base, req, NK_NULL, &res.base_, NK_NULL),
		 NK_EBADMSG);
	ASSERT_EQ(echo_say(&t.base, Echo_ping_iid, "after", 1, out, sizeof(out),
			  &n), NK_EOK);
	stop_child(srv);
}
