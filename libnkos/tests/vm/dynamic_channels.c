// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dynamic_channels.c - NameServer + connection manager through the
 * module: publish/enumerate, connect/listen/accept, a dropped request, a
 * server that is gone.
 *
 * Included by main.c (harness.h: one kselftest-harness unit).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <coresrv/ns/ns_api.h>
#include <coresrv/cm/cm_api.h>
#include <coresrv/handle/handle_api.h>

#include "harness.h"

enum server_mode { SERVE, DROP, VANISH };

/* Publish @server's "ping", then answer @requests connection requests. */
static pid_t spawn_dyn_server(const char *server, enum server_mode mode,
			      int requests, struct sync_pipe *ready)
{
	char client[CM_NAME_MAX], service[CM_NAME_MAX];
	Handle listener = INVALID_HANDLE, h;
	NsHandle ns;
	pid_t pid = fork();
	int i;

	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (NsCreate(NK_NULL, INFINITE_TIMEOUT, &ns) != rcOk ||
	    NsPublishService(ns, "test.Ping", server, "ping") != rcOk)
		_exit(2);
	sync_post(ready);
	for (i = 0; i < requests; i++) {
		if (KnCmListen(NK_NULL, INFINITE_TIMEOUT, client, service) != rcOk)
			_exit(3);
		if (mode == VANISH)
			_exit(0);
		if (mode == DROP) {
			if (KnCmDrop(client, service) != rcOk)
				_exit(4);
			continue;
		}
		if (strcmp(service, "ping") ||
		    KnCmAccept(client, service, Echo_ping_iid, listener,
			       &h) != rcOk)
			_exit(5);
		if (listener == INVALID_HANDLE)
			listener = h;
	}
	if (mode == SERVE)
		serve_echo(listener, 2, 0);
	pause();
	_exit(0);
}

static int find_server(NsHandle ns, const char *want, char *service)
{
	char server[NS_NAME_MAX];
	unsigned int i;
	Retcode rc;

	for (i = 0;; i++) {
		rc = NsEnumServices(ns, "test.Ping", i, server, sizeof(server),
				    service, NS_NAME_MAX);
		if (rc != rcOk)
			return -1;
		if (!strcmp(server, want))
			return 0;
	}
}

TEST_F_TIMEOUT(libnkos, dyn_flow, 60)
{
	const char *server = uniq("dyn.srv");
	char service[NS_NAME_MAX], out[64];
	struct sync_pipe ready;
	NsHandle ns;
	Handle h1, h2;
	/* 32-bit ids as KOS declares them: every bit is written */
	rtl_uint32_t rsid1 = 0xffffffffu, rsid2 = 0xffffffffu;
	NkKosTransport t1, t2;
	nk_uint32_t n;
	pid_t srv;

	sync_init(&ready);
	srv = spawn_dyn_server(server, SERVE, 2, &ready);
	ASSERT_EQ(sync_wait(&ready), 0);
	ASSERT_EQ(NsCreate(NK_NULL, INFINITE_TIMEOUT, &ns), rcOk);
	ASSERT_EQ(find_server(ns, server, service), 0);
	ASSERT_TRUE(!strcmp(service, "ping"));
	ASSERT_EQ(KnCmConnect(server, service, INFINITE_TIMEOUT, &h1, &rsid1),
		 rcOk);
	ASSERT_EQ(rsid1, Echo_ping_iid);
	/* the second client joins the same channel (listener handle) */
	ASSERT_EQ(KnCmConnect(server, service, 5000, &h2, &rsid2), rcOk);
	ASSERT_EQ(rsid2, Echo_ping_iid);
	NkKosTransport_Init(&t1, h1, NK_NULL, 0);
	NkKosTransport_Init(&t2, h2, NK_NULL, 0);
	ASSERT_EQ(echo_say(&t1.base, rsid1, "dyn1", 1, out, sizeof(out), &n),
		 NK_EOK);
	ASSERT_TRUE(!strcmp(out, "dyn1") && n == 2);
	ASSERT_EQ(echo_say(&t2.base, rsid2, "dyn2", 5, out, sizeof(out), &n),
		 NK_EOK);
	ASSERT_TRUE(!strcmp(out, "dyn2") && n == 6);
	ASSERT_EQ(KnHandleClose(h1), rcOk);
	ASSERT_EQ(KnHandleClose(h2), rcOk);
	/* the server is gone: its channel and its name with it */
	stop_child(srv);
	ASSERT_TRUE(find_server(ns, server, service) != 0);
	ASSERT_EQ(NsClose(ns), rcOk);
}

TEST_F_TIMEOUT(libnkos, dyn_enum, 60)
{
	const char *server = uniq("dyn.enum");
	char s[NS_NAME_MAX], svc[NS_NAME_MAX], tiny[2];
	NsHandle ns;

	ASSERT_EQ(NsCreate(NK_NULL, 0, &ns), rcOk);
	ASSERT_EQ(NsPublishService(ns, "test.A", server, "a1"), rcOk);
	ASSERT_EQ(NsPublishService(ns, "test.A", server, "a2"), rcOk);
	ASSERT_EQ(NsPublishService(ns, "test.B", server, "b1"), rcOk);
	ASSERT_EQ(NsPublishService(ns, "test.A", server, "a1"), rcAlreadyExists);
	ASSERT_EQ(NsEnumServices(ns, "test.A", 0, s, sizeof(s), svc,
				sizeof(svc)), rcOk);
	ASSERT_TRUE(!strcmp(s, server) && !strcmp(svc, "a1"));
	ASSERT_EQ(NsEnumServices(ns, "test.A", 1, s, sizeof(s), svc,
				sizeof(svc)), rcOk);
	ASSERT_TRUE(!strcmp(svc, "a2"));
	ASSERT_EQ(NsEnumServices(ns, "test.A", 2, s, sizeof(s), svc,
				sizeof(svc)), rcResourceNotFound);
	ASSERT_EQ(NsEnumServices(ns, "test.B", 0, s, sizeof(s), svc,
				sizeof(svc)), rcOk);
	ASSERT_TRUE(!strcmp(svc, "b1"));
	ASSERT_EQ(NsEnumServices(ns, "test.B", 0, s, sizeof(s), tiny,
				sizeof(tiny)), rcBufferTooSmall);
	ASSERT_EQ(NsUnPublishService(ns, "test.A", server, "a1"), rcOk);
	ASSERT_EQ(NsUnPublishService(ns, "test.A", server, "a1"),
		 rcResourceNotFound);
	ASSERT_EQ(NsEnumServices(ns, "test.A", 0, s, sizeof(s), svc,
				sizeof(svc)), rcOk);
	ASSERT_TRUE(!strcmp(svc, "a2"));
	ASSERT_EQ(NsEnumServices(ns, "test.A", 1, s, sizeof(s), svc,
				sizeof(svc)), rcResourceNotFound);
	ASSERT_EQ(NsEnumServices(ns, "nosuch.Type", 0, s, sizeof(s), svc,
				sizeof(svc)), rcResourceNotFound);
	ASSERT_EQ(NsClose(ns), rcOk);
}

TEST_F_TIMEOUT(libnkos, dyn_drop, 60)
{
	const char *server = uniq("dyn.drop");
	struct sync_pipe ready;
	Handle h = INVALID_HANDLE;
	rtl_uint32_t rsid;
	pid_t srv;

	sync_init(&ready);
	srv = spawn_dyn_server(server, DROP, 1, &ready);
	ASSERT_EQ(sync_wait(&ready), 0);
	ASSERT_EQ(KnCmConnect(server, "ping", INFINITE_TIMEOUT, &h, &rsid),
		 rcConnectionRefused);
	ASSERT_TRUE(h == INVALID_HANDLE);
	stop_child(srv);
}

TEST_F_TIMEOUT(libnkos, dyn_server_gone, 60)
{
	const char *server = uniq("dyn.gone");
	struct sync_pipe ready;
	Handle h;
	rtl_uint32_t rsid;
	pid_t srv;

	ASSERT_EQ(KnCmConnect(uniq("dyn.nobody"), "ping", 100, &h, &rsid),
		 rcResourceNotFound);
	/* the server exits while the request is pending */
	sync_init(&ready);
	srv = spawn_dyn_server(server, VANISH, 1, &ready);
	ASSERT_EQ(sync_wait(&ready), 0);
	ASSERT_EQ(KnCmConnect(server, "ping", INFINITE_TIMEOUT, &h, &rsid),
		 rcNotConnected);
	ASSERT_EQ(wait_child(srv), 0);
}

TEST_F_TIMEOUT(libnkos, dyn_listen_timeout, 60)
{
	char client[CM_NAME_MAX], service[CM_NAME_MAX];

	ASSERT_EQ(KnCmListen(NK_NULL, 0, client, service), rcTimeout);
	ASSERT_EQ(KnCmListen(NK_NULL, 50, client, service), rcTimeout);
	ASSERT_EQ(KnCmDrop("nobody", "ping"), rcResourceNotFound);
	ASSERT_EQ(KnCmListen(NK_NULL, 0, NK_NULL, service), rcInvalidArgument);
}
