// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handles.c - handles in messages through libnkos and the module: a request
 * and a response carrying fds (a receive always has room for them: before,
 * Recv had no handle table and got rcBufferTooSmall for such a request on
 * every try), NK_HANDLE_MOVE closing the sender's fd only once the kernel
 * accepted the message, handles a receiver did not ask for closed, a server
 * and a client dying with handles in flight.  Every test ends with the
 * process's fd count back where it was and, in test builds, the module's
 * count of handles in flight (debugfs nkipc/handles) at 0.
 *
 * Included by main.c (harness.h: one kselftest-harness unit).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coresrv/syscalls.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/handle/handle_api.h>
#include <services/ocap.h>

#include "harness.h"

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n - 1;
}

/* The module's handles in flight (test builds), -1 without debugfs. */
static int in_flight(void)
{
	FILE *f = fopen("/sys/kernel/debug/nkipc/handles", "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static int same_file(int a, int b)
{
	struct stat sa, sb;

	return a != b && !fstat(a, &sa) && !fstat(b, &sb) && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

static void say_req(Ping_Say_req *req, struct nk_arena *qa)
{
	nk_req_reset(req);
	nk_msg_set_method_id(req, Echo_ping_iid, Ping_Say_mid);
	req->n = 1;
	NkKosCopyStringToArena(qa, &req->text, "h");
}

/* Call with @n descriptors attached; the response's handles into @back. */
static Retcode call_with(Handle c, nk_handle_desc_t *d, nk_uint32_t n, nk_handle_desc_t *back,
			 nk_uint32_t *nback)
{
	Ping_Say_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size], sb[Ping_Say_res_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	struct nk_arena sa = NK_ARENA_INITIALIZER(sb, sb + sizeof(sb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, &sa };
	nk_handle_desc_t *p[NK_MSG_MAX_HANDLES];
	nk_uint32_t i;
	Retcode rc;

	say_req(&req, &qa);
	for (i = 0; i < n; i++)
		p[i] = &d[i];
	if (nk_msg_handles_attach(&req.base_, p, n) != NK_EOK)
		return rcFail;
	nk_req_reset(&res);
	rc = Call(c, &in, &out);
	if (rc != rcOk || !nback)
		return rc;
	*nback = res.base_.ncaps;
	for (i = 0; i < *nback; i++)
		p[i] = &back[i];
	return nk_msg_handles_take(&res.base_, p, *nback) == NK_EOK ? rcOk : rcFail;
}

struct h_server {
	Handle h;
	int take;		/* handles to take (-1: as many as came) */
	int reply_fd;		/* sent back with NK_HANDLE_MOVE, -1: none */
	Retcode recv_rc, reply_rc;
	nk_err_t take_rc;
	nk_uint32_t ncaps;
	nk_handle_desc_t got;
};

static void *h_serve_one(void *arg)
{
	struct h_server *s = arg;
	Echo_entity_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, NK_NULL };
	nk_handle_desc_t back, *p = &s->got, *q = &back;

	nk_req_reset(&req);
	s->recv_rc = Recv(s->h, &in);
	if (s->recv_rc != rcOk)
		return NULL;
	s->ncaps = req.base_.ncaps;
	s->take_rc = nk_msg_handles_take(&req.base_, &p,
					 s->take < 0 ? req.base_.ncaps : (nk_uint32_t)s->take);
	nk_req_reset(&res);
	nk_msg_set_method_id(&res, req.base_.iid, req.base_.mid);
	res.n = req.Say.n + 1;
	if (s->reply_fd >= 0) {
		back = nk_handle_desc(s->reply_fd, OCAP_FILE_READ | NK_HANDLE_MOVE);
		nk_msg_handles_attach(&res.base_, &q, 1);
	}
	s->reply_rc = Reply(s->h, &out);
	return NULL;
}

/* A request and a response with an fd each: copied unless moved. */
TEST_F_TIMEOUT(libnkos, h_request_and_response, 60)
{
	const char *chan = uniq("h.basic");
	struct h_server s = { .take = -1 };
	nk_handle_desc_t d, back;
	nk_uint32_t nback = 0;
	int p[2], fds, flight = in_flight();
	pthread_t tid;
	ServiceId id;
	Handle c;

	ASSERT_TRUE(!pipe(p));
	s.h = ServiceLocatorRegister(chan, NULL, 0, &id);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(s.h != INVALID_HANDLE && c != INVALID_HANDLE);
	fds = open_fds();
	s.reply_fd = dup(p[0]);
	pthread_create(&tid, NULL, h_serve_one, &s);
	d = nk_handle_desc(p[1], OCAP_FILE_WRITE);
	ASSERT_EQ(call_with(c, &d, 1, &back, &nback), rcOk);
	pthread_join(tid, NULL);
	/* the server received the request and its fd (no rcBufferTooSmall) */
	ASSERT_EQ(s.recv_rc, rcOk);
	ASSERT_EQ(s.ncaps, 1);
	ASSERT_EQ(s.take_rc, NK_EOK);
	ASSERT_TRUE(same_file((int)s.got.handle, p[1]));
	ASSERT_EQ(s.got.rights, OCAP_FILE_WRITE | OCAP_HANDLE_TRANSFER);
	ASSERT_EQ(write((int)s.got.handle, "x", 1), 1);
	/* the response's fd was moved: gone from the server, new at the client */
	ASSERT_EQ(s.reply_rc, rcOk);
	/* (the client's new fd, installed after the reply, may reuse its number) */
	ASSERT_TRUE(!is_open(s.reply_fd) || (int)back.handle == s.reply_fd);
	ASSERT_EQ(nback, 1);
	ASSERT_TRUE(same_file((int)back.handle, p[0]));
	ASSERT_EQ(back.rights, OCAP_FILE_READ | OCAP_HANDLE_TRANSFER);
	/* sent without NK_HANDLE_MOVE: the client keeps its own (KOS: a descendant) */
	ASSERT_TRUE(is_open(p[1]));
	ASSERT_EQ(KnHandleClose(s.got.handle), rcOk);
	ASSERT_EQ(KnHandleClose(back.handle), rcOk);
	ASSERT_EQ(open_fds(), fds);
	ASSERT_TRUE(flight < 0 || in_flight() == 0);
}

/* NK_HANDLE_MOVE: the sender keeps its fd when the message fails. */
TEST_F_TIMEOUT(libnkos, h_move_kept_on_failure, 60)
{
	const char *chan = uniq("h.keep");
	nk_handle_desc_t d;
	int p[2], fds;
	ServiceId id;
	Handle s, c;

	ASSERT_TRUE(!pipe(p));
	s = ServiceLocatorRegister(chan, NULL, 0, &id);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(s != INVALID_HANDLE && c != INVALID_HANDLE);
	fds = open_fds();
	/* what cannot be sent: nothing changes */
	d = nk_handle_desc(p[0], OCAP_IPC_CALL | NK_HANDLE_MOVE);	/* a channel right on a pipe */
	ASSERT_EQ(call_with(c, &d, 1, NK_NULL, NK_NULL), rcInvalidArgument);
	d = nk_handle_desc(s, OCAP_IPC_CALL | NK_HANDLE_MOVE);		/* a server handle */
	ASSERT_EQ(call_with(c, &d, 1, NK_NULL, NK_NULL), rcInvalidArgument);
	d = nk_handle_desc(p[0], OCAP_FILE_WRITE | NK_HANDLE_MOVE);	/* more than its mode */
	ASSERT_EQ(call_with(c, &d, 1, NK_NULL, NK_NULL), rcSecurityDisallow);
	ASSERT_TRUE(is_open(p[0]) && is_open(s));
	/* the server is gone */
	ASSERT_EQ(KnHandleClose(s), rcOk);
	d = nk_handle_desc(p[0], OCAP_FILE_READ | NK_HANDLE_MOVE);
	ASSERT_EQ(call_with(c, &d, 1, NK_NULL, NK_NULL), rcNotConnected);
	ASSERT_TRUE(is_open(p[0]));
	ASSERT_EQ(open_fds(), fds - 1);	/* the server handle closed */
}

/* A receiver closes handles it has no field for; nothing leaks. */
TEST_F_TIMEOUT(libnkos, h_unexpected_closed, 60)
{
	const char *chan = uniq("h.extra");
	struct h_server s = { .take = 0, .reply_fd = -1 };
	nk_handle_desc_t d[3];
	int p[2], fds, flight = in_flight();
	pthread_t tid;
	ServiceId id;
	Handle c;

	ASSERT_TRUE(!pipe(p));
	s.h = ServiceLocatorRegister(chan, NULL, 0, &id);
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(s.h != INVALID_HANDLE && c != INVALID_HANDLE);
	fds = open_fds();
	pthread_create(&tid, NULL, h_serve_one, &s);
	d[0] = nk_handle_desc(p[0], OCAP_FILE_READ);
	d[1] = nk_handle_desc(p[1]);		/* every right it has */
	d[2] = nk_handle_desc(p[0], OCAP_FILE_READ);	/* twice: two new fds */
	ASSERT_EQ(call_with(c, d, 3, NK_NULL, NK_NULL), rcOk);
	pthread_join(tid, NULL);
	ASSERT_EQ(s.recv_rc, rcOk);
	ASSERT_EQ(s.ncaps, 3);
	ASSERT_EQ(s.take_rc, NK_EBADMSG);	/* it asked for none */
	ASSERT_EQ(open_fds(), fds);		/* the three received were closed */
	ASSERT_TRUE(flight < 0 || in_flight() == 0);
}

/* The server dies holding a request with a handle: the client keeps its fd. */
TEST_F_TIMEOUT(libnkos, h_server_dies, 60)
{
	const char *chan = uniq("h.srvdie");
	struct sync_pipe got;
	nk_handle_desc_t d;
	int p[2], fds, flight = in_flight();
	pid_t srv;
	Handle c;

	ASSERT_TRUE(!pipe(p));
	sync_init(&got);
	srv = fork();
	if (srv == 0) {
		ServiceId id;
		Handle s = ServiceLocatorRegister(chan, NULL, 0, &id);
		Echo_entity_req req;
		char qb[Ping_Say_req_arena_size];
		struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
		IpcBuffer in = { &req.base_, &qa };

		nk_req_reset(&req);
		if (Recv(s, &in) == rcOk && req.base_.ncaps == 1)
			sync_post(&got);
		pause();	/* dies holding it, unanswered */
		_exit(0);
	}
	c = ServiceLocatorConnect(chan);
	ASSERT_TRUE(c != INVALID_HANDLE);
	fds = open_fds();
	if (fork() == 0) {	/* kills the server once it has the request */
		_exit(sync_wait(&got) == 0 ? (stop_child(srv), 0) : 1);
	}
	d = nk_handle_desc(p[0], OCAP_FILE_READ | NK_HANDLE_MOVE);
	ASSERT_EQ(call_with(c, &d, 1, NK_NULL, NK_NULL), rcNotConnected);
	ASSERT_TRUE(is_open(p[0]));
	ASSERT_EQ(open_fds(), fds);
	while (wait(NULL) > 0)
		;
	ASSERT_TRUE(flight < 0 || in_flight() == 0);
}

/* The client dies: its handle stays the server's, the moved reply is kept. */
TEST_F_TIMEOUT(libnkos, h_client_dies, 60)
{
	const char *chan = uniq("h.clidie");
	Echo_entity_req req;
	Ping_Say_res res;
	char qb[Ping_Say_req_arena_size];
	struct nk_arena qa = NK_ARENA_INITIALIZER(qb, qb + sizeof(qb));
	IpcBuffer in = { &req.base_, &qa }, out = { &res.base_, NK_NULL };
	nk_handle_desc_t got, back, *p = &got, *q = &back;
	int pp[2], fds, flight = in_flight(), extra;
	ServiceId id;
	Handle s = ServiceLocatorRegister(chan, NULL, 0, &id);
	pid_t cli;

	ASSERT_TRUE(s != INVALID_HANDLE);
	ASSERT_TRUE(!pipe(pp));
	cli = fork();
	if (cli == 0) {
		Handle c = ServiceLocatorConnect(chan);
		nk_handle_desc_t d = nk_handle_desc(pp[1], OCAP_FILE_WRITE);

		_exit(call_with(c, &d, 1, NK_NULL, NK_NULL) == rcOk);
	}
	close(pp[1]);
	fds = open_fds();
	nk_req_reset(&req);
	ASSERT_EQ(Recv(s, &in), rcOk);
	ASSERT_EQ(nk_msg_handles_take(&req.base_, &p, 1), NK_EOK);
	stop_child(cli);
	/* the fd the dead client sent is this process's now */
	ASSERT_EQ(write((int)got.handle, "y", 1), 1);
	extra = dup(pp[0]);
	nk_req_reset(&res);
	nk_msg_set_method_id(&res, req.base_.iid, req.base_.mid);
	back = nk_handle_desc(extra, OCAP_FILE_READ | NK_HANDLE_MOVE);
	ASSERT_EQ(nk_msg_handles_attach(&res.base_, &q, 1), NK_EOK);
	ASSERT_EQ(Reply(s, &out), rcNotConnected);
	ASSERT_TRUE(is_open(extra));	/* not delivered: still the sender's */
	ASSERT_EQ(KnHandleClose(extra), rcOk);
	ASSERT_EQ(KnHandleClose(got.handle), rcOk);
	ASSERT_EQ(open_fds(), fds);
	/* a client killed before its request is received: withdrawn, nothing arrives */
	cli = fork();
	if (cli == 0) {
		Handle c = ServiceLocatorConnect(chan);
		nk_handle_desc_t d = nk_handle_desc(pp[0], OCAP_FILE_READ);

		_exit(call_with(c, &d, 1, NK_NULL, NK_NULL) == rcOk);
	}
	usleep(200 * 1000);
	stop_child(cli);
	nk_req_reset(&req);
	ASSERT_EQ(RecvEx(s, &in, 0), rcTimeout);
	ASSERT_EQ(open_fds(), fds);
	ASSERT_TRUE(flight < 0 || in_flight() == 0);
}
