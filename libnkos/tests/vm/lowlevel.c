// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lowlevel.c - Call / Recv / Reply (coresrv/syscalls.h) and handle
 * lifetime through the module: timeouts, a response that does not fit,
 * a server or a client that goes away (never a hang), KnHandleClose.
 *
 * Included by main.c (harness.h: one kselftest-harness unit).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <linux/nkipc.h>
#include <coresrv/syscalls.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/handle/handle_api.h>

#include "harness.h"

struct ll_server {
	Handle h;
	Retcode recv_rc, reply_rc;
	nk_uint32_t reply_arena;	/* bytes of response arena to send */
};

/* Receive one request with Recv, answer n + 1 (and an arena) with Reply. */
static void *ll_serve_one(void *p)
{
	struct ll_server *s = p;
	Echo_entity_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size], sb[256];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	struct nk_arena sa = NK_ARENA_INITIALIZER(sb, sb + sizeof(sb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, &sa };

	nk_req_reset(&req);
	s->recv_rc = Recv(s->h, &in);
	if (s->recv_rc != rcOk)
		return NULL;
	nk_req_reset(&res);
	nk_msg_set_method_id(&res, req.base_.iid, req.base_.mid);
	res.n = req.Say.n + 1;
	memset(sb, 'r', sizeof(sb));
	if (s->reply_arena)
		__nk_arena_alloc(&sa, &res.text, s->reply_arena, 1);
	s->reply_rc = Reply(s->h, &out);
	return NULL;
}

static Retcode ll_call(Handle h, nk_uint32_t n, nk_uint32_t *n_out,
		       nk_size_t res_arena_cap, nk_uint32_t msecs)
{
	Ping_Say_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size], sb[256];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	struct nk_arena sa = NK_ARENA_INITIALIZER(sb, sb + res_arena_cap);
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, &sa };
	Retcode rc;

	nk_req_reset(&req);
	nk_req_reset(&res);
	nk_msg_set_method_id(&req, Echo_ping_iid, Ping_Say_mid);
	req.n = n;
	NkKosCopyStringToArena(&qa, &req.text, "low");
	rc = CallEx(h, &in, &out, msecs);
	if (rc == rcOk && n_out)
		*n_out = res.n;
	return rc;
}

TEST_F_TIMEOUT(libnkos, ll_call_recv_reply, 60)
{
	const char *chan = uniq("ll.basic");
	ServiceId id;
	struct ll_server s = { 0 };
	pthread_t tid;
	Handle c;
	nk_uint32_t n = 0;
	Retcode rc;

	s.h = ServiceLocatorRegister(chan, NULL, 0, &id);
	ASSERT_TRUE(s.h != INVALID_HANDLE);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(c != INVALID_HANDLE);
	s.reply_arena = 16;
	pthread_create(&tid, NULL, ll_serve_one, &s);
	rc = ll_call(c, 7, &n, 256, INFINITE_TIMEOUT);
	pthread_join(tid, NULL);
	ASSERT_EQ(s.recv_rc, rcOk);
	ASSERT_EQ(s.reply_rc, rcOk);
	ASSERT_EQ(rc, rcOk);
	ASSERT_EQ(n, 8);
}

TEST_F_TIMEOUT(libnkos, ll_timeouts, 60)
{
	const char *chan = uniq("ll.tmo");
	ServiceId id;
	Handle s, c;
	Echo_entity_req req;
	IpcBuffer in = { &req.base_, NK_NULL };

	s = ServiceLocatorRegister(chan, NULL, 0, &id);
	ASSERT_TRUE(s != INVALID_HANDLE);
	nk_req_reset(&req);
	ASSERT_EQ(RecvEx(s, &in, 0), rcTimeout);	/* nothing queued */
	ASSERT_EQ(RecvEx(s, &in, 50), rcTimeout);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(c != INVALID_HANDLE);
	/* nobody receives: the call is withdrawn after its timeout */
	ASSERT_EQ(ll_call(c, 1, NK_NULL, 256, 100), rcTimeout);
	/* and the server never sees it */
	nk_req_reset(&req);
	ASSERT_EQ(RecvEx(s, &in, 0), rcTimeout);
	ASSERT_EQ(Recv(INVALID_HANDLE, &in), rcInvalidArgument);
}

TEST_F_TIMEOUT(libnkos, ll_response_too_big, 60)
{
	const char *chan = uniq("ll.big");
	ServiceId id;
	struct ll_server s = { 0 };
	pthread_t tid;
	Handle c;
	Retcode rc;

	s.h = ServiceLocatorRegister(chan, NULL, 0, &id);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(s.h != INVALID_HANDLE && c != INVALID_HANDLE);
	s.reply_arena = 200;	/* the client has room for 16 */
	pthread_create(&tid, NULL, ll_serve_one, &s);
	rc = ll_call(c, 1, NK_NULL, 16, INFINITE_TIMEOUT);
	pthread_join(tid, NULL);
	ASSERT_EQ(rc, rcBufferTooSmall);
	ASSERT_EQ(s.reply_rc, rcBufferTooSmall);	/* both sides fail */
}

/* The server receives and exits without replying: the call ends with
 * rcNotConnected, as does every later call. */
TEST_F_TIMEOUT(libnkos, ll_server_gone, 60)
{
	const char *chan = uniq("ll.srvgone");
	struct sync_pipe ready;
	pid_t srv;
	Handle c;

	sync_init(&ready);
	srv = fork();
	if (srv == 0) {
		struct ll_server s = { 0 };
		ServiceId id;
		Echo_entity_req req;
		char qb[Ping_Say_req_arena_size];
		struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
		IpcBuffer in = { &req.base_, &qa };

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		s.h = ServiceLocatorRegister(chan, NULL, 0, &id);
		sync_post(&ready);
		nk_req_reset(&req);
		_exit(Recv(s.h, &in) == rcOk ? 0 : 1);	/* no Reply */
	}
	ASSERT_EQ(sync_wait(&ready), 0);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(c != INVALID_HANDLE);
	ASSERT_EQ(ll_call(c, 1, NK_NULL, 256, INFINITE_TIMEOUT), rcNotConnected);
	ASSERT_EQ(wait_child(srv), 0);
	ASSERT_EQ(ll_call(c, 2, NK_NULL, 256, INFINITE_TIMEOUT), rcNotConnected);
}

/* The client dies while its call is being served: Reply fails with
 * rcNotConnected and the server goes on. */
TEST_F_TIMEOUT(libnkos, ll_client_gone, 60)
{
	const char *chan = uniq("ll.cligone");
	ServiceId id;
	Echo_entity_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, NK_NULL };
	Handle s = ServiceLocatorRegister(chan, NULL, 0, &id);
	pid_t cli;

	ASSERT_TRUE(s != INVALID_HANDLE);
	cli = fork();
	if (cli == 0) {
		Handle c = ServiceLocatorConnect(chan);

		_exit(ll_call(c, 1, NK_NULL, 256, INFINITE_TIMEOUT) == rcOk);
	}
	nk_req_reset(&req);
	ASSERT_EQ(Recv(s, &in), rcOk);
	stop_child(cli);
	nk_req_reset(&res);
	nk_msg_set_method_id(&res, req.base_.iid, req.base_.mid);
	ASSERT_EQ(Reply(s, &out), rcNotConnected);
	/* the thread has nothing left to answer */
	ASSERT_EQ(Reply(s, &out), rcResourceNotFound);
}

TEST_F_TIMEOUT(libnkos, handle_close, 60)
{
	const char *chan = uniq("ll.close");
	ServiceId id;
	Handle s = ServiceLocatorRegister(chan, NULL, 0, &id);
	Handle c = ServiceLocatorConnect(chan);

	ASSERT_TRUE(s != INVALID_HANDLE && c != INVALID_HANDLE);
	ASSERT_EQ(KnHandleClose(INVALID_HANDLE), rcInvalidArgument);
	ASSERT_EQ(KnHandleClose(s), rcOk);
	ASSERT_EQ(KnHandleClose(s), rcInvalidArgument);
	/* the channel is gone for the client */
	ASSERT_EQ(ll_call(c, 1, NK_NULL, 256, INFINITE_TIMEOUT), rcNotConnected);
	ASSERT_EQ(KnHandleClose(c), rcOk);
}

struct pending_call {
	Handle h;
	nk_uint32_t n, n_out;
	Retcode rc;
};

static void *pending_call_thread(void *p)
{
	struct pending_call *c = p;

	c->rc = ll_call(c->h, c->n, &c->n_out, 256, INFINITE_TIMEOUT);
	return NULL;
}

/*
 * One thread receives on 12 handles before it answers any, then answers
 * them in reverse order: each reply reaches its own caller (libnkos once
 * kept 8 pending transactions per thread and lost the oldest).
 */
#define LL_MANY	12

TEST_F_TIMEOUT(libnkos, ll_one_thread_many_handles, 60)
{
	struct pending_call calls[LL_MANY];
	Handle srv[LL_MANY];
	pthread_t tids[LL_MANY];
	Echo_entity_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, NK_NULL };
	ServiceId id;
	int i;

	for (i = 0; i < LL_MANY; i++) {
		const char *chan = uniq("ll.many");

		srv[i] = ServiceLocatorRegister(chan, NULL, 0, &id);
		ASSERT_TRUE(srv[i] != INVALID_HANDLE);
		calls[i] = (struct pending_call){ ServiceLocatorConnect(chan),
						  10 * i, 0, rcFail };
		ASSERT_TRUE(calls[i].h != INVALID_HANDLE);
		pthread_create(&tids[i], NULL, pending_call_thread, &calls[i]);
	}
	for (i = 0; i < LL_MANY; i++) {
		nk_req_reset(&req);
		ASSERT_EQ(Recv(srv[i], &in), rcOk);
		ASSERT_EQ(req.Say.n, 10 * i);
	}
	for (i = LL_MANY - 1; i >= 0; i--) {
		nk_req_reset(&res);
		nk_msg_set_method_id(&res, Echo_ping_iid, Ping_Say_mid);
		res.n = 10 * i + 1;
		ASSERT_EQ(Reply(srv[i], &out), rcOk);
	}
	for (i = 0; i < LL_MANY; i++) {
		pthread_join(tids[i], NULL);
		ASSERT_EQ(calls[i].rc, rcOk);
		ASSERT_EQ(calls[i].n_out, 10 * i + 1);
		KnHandleClose(calls[i].h);
		KnHandleClose(srv[i]);
	}
}

/*
 * Reply on a handle this thread received nothing on is rcResourceNotFound,
 * even when the thread has a free slot left by an answered request of
 * another handle: libnkos once took that slot and its stale txid, and
 * so answered a request another receiver of the second handle (here a
 * raw RECV) held, with the same txid (txids count per service).
 */
TEST_F_TIMEOUT(libnkos, ll_reply_nothing_received, 60)
{
	const char *ca = uniq("ll.stale.a"), *cb = uniq("ll.stale.b");
	struct pending_call a, b;
	pthread_t ta, tb;
	Echo_entity_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, NK_NULL };
	unsigned char raw[256], raw_arena[Ping_Say_req_arena_size];
	struct nkipc_recv rv;
	struct nkipc_reply rp;
	ServiceId id;
	Handle sa = ServiceLocatorRegister(ca, NULL, 0, &id);
	Handle sb = ServiceLocatorRegister(cb, NULL, 0, &id);

	ASSERT_TRUE(sa != INVALID_HANDLE && sb != INVALID_HANDLE);
	a = (struct pending_call){ ServiceLocatorConnect(ca), 10, 0, rcFail };
	b = (struct pending_call){ ServiceLocatorConnect(cb), 20, 0, rcFail };
	ASSERT_TRUE(a.h != INVALID_HANDLE && b.h != INVALID_HANDLE);
	pthread_create(&ta, NULL, pending_call_thread, &a);
	pthread_create(&tb, NULL, pending_call_thread, &b);

	/* a's request received and answered: the thread's slot is free */
	nk_req_reset(&req);
	ASSERT_EQ(Recv(sa, &in), rcOk);
	nk_req_reset(&res);
	nk_msg_set_method_id(&res, Echo_ping_iid, Ping_Say_mid);
	res.n = 11;
	ASSERT_EQ(Reply(sa, &out), rcOk);
	pthread_join(ta, NULL);
	ASSERT_EQ(a.rc, rcOk);
	ASSERT_EQ(a.n_out, 11);

	/* b's request received outside libnkos, with a's txid */
	memset(&rv, 0, sizeof(rv));
	rv.size = sizeof(rv);
	rv.req = (uintptr_t)raw;
	rv.req_cap = sizeof(raw);
	rv.req_arena = (uintptr_t)raw_arena;
	rv.req_arena_cap = sizeof(raw_arena);
	rv.timeout_ns = NKIPC_TIMEOUT_INFINITE;
	ASSERT_EQ(ioctl((int)sb, NKIPC_IOC_RECV, &rv), 0);

	/* this thread received nothing on sb: nothing to answer */
	res.n = 666;
	ASSERT_EQ(Reply(sb, &out), rcResourceNotFound);

	/* the raw receiver answers b itself */
	res.n = 21;
	memset(&rp, 0, sizeof(rp));
	rp.size = sizeof(rp);
	rp.txid = rv.txid;
	rp.res = (uintptr_t)&res;
	rp.res_len = sizeof(res);
	ASSERT_EQ(ioctl((int)sb, NKIPC_IOC_REPLY, &rp), 0);
	pthread_join(tb, NULL);
	ASSERT_EQ(b.rc, rcOk);
	ASSERT_EQ(b.n_out, 21);
	KnHandleClose(a.h);
	KnHandleClose(b.h);
	KnHandleClose(sa);
	KnHandleClose(sb);
}

static void on_usr1(int sig)
{
	(void)sig;
}

struct blocked {
	Handle h;
	Retcode rc;
	int recv;	/* 1: block in Recv, 0: in Call */
	atomic_int done;
};

static void *blocked_thread(void *p)
{
	struct blocked *b = p;
	Echo_entity_req req;
	IpcBuffer in = { &req.base_, NK_NULL };

	if (b->recv) {
		nk_req_reset(&req);
		b->rc = Recv(b->h, &in);
	} else {
		b->rc = ll_call(b->h, 1, NK_NULL, 256, INFINITE_TIMEOUT);
	}
	atomic_store(&b->done, 1);
	return NULL;
}

/* Signal @t until it is done: a signal that arrives before the thread
 * blocks is simply followed by another one. */
static void interrupt_until_done(pthread_t t, struct blocked *b)
{
	while (!atomic_load(&b->done)) {
		pthread_kill(t, SIGUSR1);
		usleep(20 * 1000);
	}
	pthread_join(t, NULL);
}

/* A signal ends a blocked Call or Recv with rcIpcInterrupt; the withdrawn
 * call never reaches the server. */
TEST_F_TIMEOUT(libnkos, ll_signal_interrupts, 60)
{
	const char *chan = uniq("ll.sig");
	struct sigaction sa;
	ServiceId id;
	Handle s = ServiceLocatorRegister(chan, NULL, 0, &id);
	struct blocked call = { ServiceLocatorConnect(chan), rcFail, 0, 0 };
	struct blocked recv = { s, rcFail, 1, 0 };
	Echo_entity_req req;
	IpcBuffer in = { &req.base_, NK_NULL };
	pthread_t t;

	ASSERT_TRUE(s != INVALID_HANDLE && call.h != INVALID_HANDLE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;	/* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);

	pthread_create(&t, NULL, blocked_thread, &call);
	interrupt_until_done(t, &call);
	ASSERT_EQ(call.rc, rcIpcInterrupt);
	nk_req_reset(&req);
	ASSERT_EQ(RecvEx(s, &in, 0), rcTimeout);

	pthread_create(&t, NULL, blocked_thread, &recv);
	interrupt_until_done(t, &recv);
	ASSERT_EQ(recv.rc, rcIpcInterrupt);
}
