// SPDX-License-Identifier: GPL-2.0
/*
 * Bad ioctls: unknown commands (ENOTTY), unknown flags and non-zero
 * reserved fields (EINVAL), bad pointers (EFAULT), bad struct sizes
 * (EINVAL below the first version, E2BIG above a page or with a non-zero
 * tail).  Never an oops (vm-run checks the kernel log), and a request
 * is never lost to a bad RECV buffer.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

/* An inaccessible page (PROT_NONE, kept mapped so nothing else lands there). */
#define BAD_PTR ((uint64_t)(uintptr_t)bad_page)
static uint8_t *guard, *bad_page;

FIXTURE(svc) {
	int dev, srv, cli;
	char name[NKIPC_NAME_MAX];
	struct nkt_msg req, res;
};

FIXTURE_SETUP(svc)
{
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	strcpy(self->name, nkt_name("badioctl"));
	self->srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, self->cli);
	nkt_msg_alloc(&self->req, 4096, 4096);
	nkt_msg_alloc(&self->res, 4096, 4096);
	nkt_msg_fill(&self->req, 0, 0, 64, 64, 1);
	/* A writable page followed by an inaccessible one. */
	guard = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, guard);
	bad_page = guard + 4096;
	ASSERT_EQ(0, mprotect(bad_page, 4096, PROT_NONE));
}

FIXTURE_TEARDOWN(svc)
{
	nkt_msg_free(&self->req);
	nkt_msg_free(&self->res);
	munmap(guard, 8192);
	close(self->cli);
	close(self->srv);
	close(self->dev);
}

TEST_F(svc, unknown_commands_are_enotty)
{
	int fds[] = { self->dev, self->srv, self->cli };
	unsigned long cmds[] = {
		_IO(NKIPC_IOC_MAGIC, 0x7f),
		_IOWR(NKIPC_IOC_MAGIC, 0x3f, struct nkipc_call),
		_IOWR('X', 0x40, struct nkipc_call),	/* other magic */
		_IOR(NKIPC_IOC_MAGIC, 0xff, uint64_t),
		TCGETS,
	};
	char buf[4096] = { 0 };

	for (unsigned int i = 0; i < 3; i++)
		for (unsigned int j = 0; j < sizeof(cmds) / sizeof(cmds[0]); j++)
			EXPECT_EQ(-ENOTTY, nkt_ioctl(fds[i], cmds[j], buf));
}

/* Each handle kind only knows its own commands. */
TEST_F(svc, commands_on_the_wrong_handle_are_enotty)
{
	struct nkipc_call c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	struct nkipc_recv r = nkt_recv_arg(&self->res, 0);
	struct nkipc_connect cn = { .size = sizeof(cn),
				    .name = (uintptr_t)self->name };

	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->srv, NKIPC_IOC_CALL, &c));
	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->dev, NKIPC_IOC_CALL, &c));
	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->cli, NKIPC_IOC_RECV, &r));
	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->dev, NKIPC_IOC_RECV, &r));
	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->cli, NKIPC_IOC_CONNECT, &cn));
	EXPECT_EQ(-ENOTTY, nkt_ioctl(self->srv, NKIPC_IOC_CONNECT, &cn));
}

TEST_F(svc, unknown_flags_are_einval)
{
	struct nkipc_register rg = {
		.size = sizeof(rg), .flags = 0x2,
		.name = (uintptr_t)"flags.reg",
		.endpoints = (uintptr_t)nkt_endpoints,
		.n_endpoints = nkt_n_endpoints,
	};
	struct nkipc_connect cn = { .size = sizeof(cn), .flags = 1u << 31,
				    .name = (uintptr_t)self->name };
	struct nkipc_get_riid g = { .size = sizeof(g), .flags = 1,
				    .name = (uintptr_t)"test.echo" };
	struct nkipc_call c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	struct nkipc_recv r = nkt_recv_arg(&self->res, 0);
	struct nkipc_reply p = { .size = sizeof(p), .flags = 1, .txid = 1,
				 .res = (uintptr_t)self->req.cpart,
				 .res_len = 64 };

	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_REGISTER, &rg));
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->cli, NKIPC_IOC_GET_RIID, &g));
	c.flags = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	c.flags = 1u << 31;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	r.flags = 4;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_RECV, &r));
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY, &p));
	/* Nothing was sent by the rejected CALLs. */
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
}

TEST_F(svc, nonzero_reserved_fields_are_einval)
{
	struct nkipc_register rg = {
		.size = sizeof(rg), .reserved = 1,
		.name = (uintptr_t)"reserved.reg",
		.endpoints = (uintptr_t)nkt_endpoints,
		.n_endpoints = nkt_n_endpoints,
	};
	struct nkipc_connect cn = { .size = sizeof(cn), .reserved = 1,
				    .name = (uintptr_t)self->name };
	struct nkipc_call c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	struct nkipc_recv r = nkt_recv_arg(&self->res, 0);
	struct nkipc_reply p = { .size = sizeof(p), .txid = 1,
				 .res = (uintptr_t)self->req.cpart,
				 .res_len = 64 };

	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_REGISTER, &rg));
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	c.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	c.reserved[0] = 0;
	c.reserved[1] = 1ull << 63;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	r.reserved0 = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_RECV, &r));
	r.reserved0 = 0;
	r.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_RECV, &r));
	p.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->srv, NKIPC_IOC_REPLY, &p));
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
}

TEST_F(svc, bad_argument_pointers_are_efault)
{
	unsigned long cmds_dev[] = { NKIPC_IOC_VERSION, NKIPC_IOC_REGISTER,
				     NKIPC_IOC_CONNECT };

	for (unsigned int i = 0; i < 3; i++) {
		EXPECT_EQ(-EFAULT, nkt_ioctl(self->dev, cmds_dev[i], NULL));
		EXPECT_EQ(-EFAULT, nkt_ioctl(self->dev, cmds_dev[i], bad_page));
	}
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, NULL));
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_GET_RIID, bad_page));
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->srv, NKIPC_IOC_RECV, NULL));
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->srv, NKIPC_IOC_REPLY, bad_page));
}

TEST_F(svc, bad_name_and_table_pointers_are_efault)
{
	struct nkipc_register rg = {
		.size = sizeof(rg), .name = BAD_PTR,
		.endpoints = (uintptr_t)nkt_endpoints,
		.n_endpoints = nkt_n_endpoints,
	};
	struct nkipc_connect cn = { .size = sizeof(cn), .name = BAD_PTR };
	struct nkipc_get_riid g = { .size = sizeof(g), .name = BAD_PTR };

	EXPECT_EQ(-EFAULT, nkt_ioctl(self->dev, NKIPC_IOC_REGISTER, &rg));
	rg.name = (uintptr_t)"efault.table";
	rg.endpoints = BAD_PTR;
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->dev, NKIPC_IOC_REGISTER, &rg));
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_GET_RIID, &g));
}

struct bad_call {
	int cli;
	struct nkipc_call c;
};

static int bad_call_child(void *arg)
{
	struct bad_call *b = arg;

	return -nkt_ioctl(b->cli, NKIPC_IOC_CALL, &b->c);
}

/*
 * A call whose response buffers fault once the response is written: the
 * request is delivered, the server's REPLY gets @reply_ret, the caller
 * EFAULT.
 */
static void call_bad_response(struct __test_metadata *_metadata, int cli,
			      int srv, const struct nkipc_call *c,
			      int reply_ret)
{
	struct bad_call b = { .cli = cli, .c = *c };
	pid_t pid;

	b.c.timeout_ns = 10 * NKT_SEC;
	pid = nkt_fork(bad_call_child, &b);
	EXPECT_EQ(reply_ret, nkt_serve_one(srv, 10 * NKT_SEC));
	EXPECT_EQ(EFAULT, nkt_wait_child(pid));
}

TEST_F(svc, bad_call_buffers_are_efault)
{
	struct nkipc_call c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	c.req = BAD_PTR;
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	c.req_arena = BAD_PTR;
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	c.req_arena = (uintptr_t)(bad_page - 64);	/* runs into it */
	c.req_arena_len = 128;
	((struct nkipc_msg_hdr *)self->req.cpart)->arena_size = 128;
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	((struct nkipc_msg_hdr *)self->req.cpart)->arena_size = 64;
	/* Response buffers that are not user memory at all: nothing sent. */
	c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS);
	c.res = ~0ull - 4096;
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &c));
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));

	/*
	 * Response buffers are not touched before the response is written
	 * (the cost of a call does not depend on the capacity it offers):
	 * a small response (64 + 64 bytes, in the txn) fails the caller
	 * only; a large one (pinned at REPLY) fails REPLY as well.
	 */
	c = nkt_call_arg(&self->req, &self->res, 0);
	c.res = BAD_PTR;
	call_bad_response(_metadata, self->cli, self->srv, &c, 0);
	c = nkt_call_arg(&self->req, &self->res, 0);
	c.res_arena = (uintptr_t)ro;	/* response buffers must be writable */
	call_bad_response(_metadata, self->cli, self->srv, &c, 0);
	nkt_msg_fill(&self->req, 0, 0, 64, 2048, 1);
	c = nkt_call_arg(&self->req, &self->res, 0);
	c.res_arena = (uintptr_t)ro;
	call_bad_response(_metadata, self->cli, self->srv, &c, -EFAULT);
	c = nkt_call_arg(&self->req, &self->res, 0);
	c.res = BAD_PTR;
	call_bad_response(_metadata, self->cli, self->srv, &c, -EFAULT);
	EXPECT_FALSE(nkt_poll_for(self->srv, POLLIN, 0));
	munmap(ro, 4096);
}

/* Only what the response needs of the offered buffers is touched. */
TEST_F(svc, response_capacity_beyond_the_reply_is_not_touched)
{
	struct nkipc_call c;

	/* 64 bytes of constant part right before the inaccessible page */
	c = nkt_call_arg(&self->req, &self->res, 10 * NKT_SEC);
	c.res = (uintptr_t)(bad_page - 64);
	c.res_cap = 4096;
	{
		struct bad_call b = { .cli = self->cli, .c = c };
		pid_t pid = nkt_fork(bad_call_child, &b);

		EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
		EXPECT_EQ(0, nkt_wait_child(pid));
	}
	/* the same with a large response: 64 + 2048 bytes, pinned at REPLY */
	nkt_msg_fill(&self->req, 0, 0, 64, 2048, 1);
	c = nkt_call_arg(&self->req, &self->res, 10 * NKT_SEC);
	c.res = (uintptr_t)(bad_page - 64);
	c.res_cap = 4096;
	{
		struct bad_call b = { .cli = self->cli, .c = c };
		pid_t pid = nkt_fork(bad_call_child, &b);

		EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
		EXPECT_EQ(0, nkt_wait_child(pid));
	}
}

static int echo_call_child(void *arg)
{
	return -nkt_echo_call(*(int *)arg, 200, 300, 17, 0);
}

/* RECV into bad buffers: EFAULT, and the request is still there. */
TEST_F(svc, bad_recv_buffers_lose_nothing)
{
	struct nkipc_recv r;
	struct nkt_msg bad;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	bad = self->res;
	bad.cpart = bad_page;
	EXPECT_EQ(-EFAULT, nkt_recv(self->srv, &bad, 0, &r));
	bad = self->res;
	bad.arena = bad_page;
	EXPECT_EQ(-EFAULT, nkt_recv(self->srv, &bad, 0, &r));
	bad = self->res;
	bad.cpart = bad_page - 100;	/* the tail of the request faults */
	EXPECT_EQ(-EFAULT, nkt_recv(self->srv, &bad, 0, &r));
	EXPECT_TRUE(nkt_poll_for(self->srv, POLLIN, 0));
	EXPECT_EQ(0, nkt_serve_one(self->srv, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

/* REPLY from bad buffers: EFAULT, and the server may reply again. */
TEST_F(svc, bad_reply_buffers_are_retryable)
{
	struct nkipc_recv r;
	struct nkt_msg got, bad;
	pid_t pid;

	pid = nkt_fork(echo_call_child, &self->cli);
	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	nkt_msg_fill(&got, 0, 17 % NKT_ECHO_METHODS, 200, 300,
		     nkt_reply_seed(17));
	bad = got;
	bad.cpart = bad_page;
	EXPECT_EQ(-EFAULT, nkt_reply(self->srv, r.txid, &bad));
	bad = got;
	bad.arena = bad_page;
	EXPECT_EQ(-EFAULT, nkt_reply(self->srv, r.txid, &bad));
	EXPECT_EQ(0, nkt_reply(self->srv, r.txid, &got));
	EXPECT_EQ(0, nkt_wait_child(pid));
	nkt_msg_free(&got);
}

TEST_F(svc, bad_struct_sizes)
{
	struct {
		struct nkipc_call c;
		uint64_t tail[4];
	} big = { .c = nkt_call_arg(&self->req, &self->res, 100 * NKT_MS) };
	struct nkipc_connect cn = { .name = (uintptr_t)self->name };
	int fd;

	cn.size = 0;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	cn.size = sizeof(cn) - 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	cn.size = 8;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	/* Above a page: too big (openat2's rule). */
	cn.size = 1 << 20;
	EXPECT_EQ(-E2BIG, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));
	cn.size = ~0u;
	EXPECT_EQ(-E2BIG, nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn));

	/* A newer caller's bigger struct: fine if the tail is zero ... */
	cn.size = sizeof(cn);
	fd = nkt_ioctl(self->dev, NKIPC_IOC_CONNECT, &cn);
	EXPECT_LE(0, fd);
	close(fd);
	big.c.size = sizeof(big);
	big.c.req_arena_len = 0;
	((struct nkipc_msg_hdr *)self->req.cpart)->arena_size = 0;
	big.c.timeout_ns = 20 * NKT_MS;
	EXPECT_EQ(-ETIMEDOUT, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &big));
	/* ... E2BIG if it asks for something this kernel does not know. */
	big.tail[3] = 1;
	EXPECT_EQ(-E2BIG, nkt_ioctl(self->cli, NKIPC_IOC_CALL, &big));
}

/*
 * LAUNCH_CLASS takes its struct like every other command: a size above a
 * page or a non-zero tail is EINVAL (it was E2BIG, found by the fuzzer).
 * The tests run as root, so CAP_SYS_ADMIN is not what fails.
 */
/* LAUNCH_CLASS follows the size rule of every other command. */
TEST_F(svc, launch_class_sizes)
{
	struct {
		struct nkipc_launch_class lc;
		uint64_t tail[2];
	} big = { .lc = { .size = sizeof(big), .pid = getpid() } };

	strcpy(big.lc.class_name, "t.Launched");
	big.tail[1] = 1;
	EXPECT_EQ(-E2BIG, nkt_ioctl(self->dev, NKIPC_IOC_LAUNCH_CLASS, &big));
	big.tail[1] = 0;
	big.lc.size = 4097;
	EXPECT_EQ(-E2BIG, nkt_ioctl(self->dev, NKIPC_IOC_LAUNCH_CLASS, &big));
	big.lc.size = NKIPC_LAUNCH_CLASS_SIZE_VER0 - 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(self->dev, NKIPC_IOC_LAUNCH_CLASS, &big));
	/* A zero tail is fine: then it fails on the pid (not our child). */
	big.lc.size = sizeof(big);
	EXPECT_EQ(-EPERM, nkt_ioctl(self->dev, NKIPC_IOC_LAUNCH_CLASS, &big));
}

/* Random commands in our magic with random arguments: errors only. */
TEST_F(svc, random_ioctls_do_not_crash)
{
	int fds[] = { self->dev, self->srv, self->cli };
	uint8_t *buf = self->res.cpart;
	unsigned int seed = 1;
	struct nkt_server s;

	for (int i = 0; i < 3000; i++) {
		unsigned long nr = rand_r(&seed) & 0xff;
		unsigned long dir = rand_r(&seed) & 3;
		unsigned long size = rand_r(&seed) & 0x3fff;
		unsigned long cmd = _IOC(dir, NKIPC_IOC_MAGIC, nr, size);
		int fd = fds[rand_r(&seed) % 3];

		for (int j = 0; j < 512; j++)
			buf[j] = rand_r(&seed);
		/* Small plausible sizes so more reach the handlers. */
		((uint32_t *)buf)[0] = rand_r(&seed) % 512;
		((uint64_t *)buf)[1] = 0;	/* no random huge timeouts */
		nkt_ioctl(fd, cmd, buf);
	}
	/* Everything still works afterwards. */
	nkt_server_start(&s, self->srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(self->cli, 100, 100, 1, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
}

TEST_HARNESS_MAIN
