// SPDX-License-Identifier: GPL-2.0
/* Close semantics: what each close() ends, and what it leaves running. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

/* Handles outlive the /dev/nkipc fd they were made through. */
TEST(handles_outlive_their_context_fd)
{
	const char *name = nkt_name("ctxclose");
	struct nkt_server s;
	int dev = nkt_open(), srv, cli;

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	close(dev);
	nkt_server_start(&s, srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(cli, 100, 100, 1, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
	close(cli);
	close(srv);
}

/* One client closing does not disturb the others or the service. */
TEST(client_close_leaves_others)
{
	const char *name = nkt_name("cliclose");
	struct nkt_server s;
	int dev = nkt_open(), srv, a, b;

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	a = nkt_connect(dev, name, 0);
	b = nkt_connect(dev, name, 0);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	nkt_server_start(&s, srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(a, 50, 0, 2, 0));
	close(a);
	EXPECT_EQ(0, nkt_echo_call(b, 50, 0, 3, 0));
	EXPECT_FALSE(nkt_poll_for(b, POLLHUP, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
	close(b);
	close(srv);
	close(dev);
}

struct inherit {
	int srv;
	int ready[2];
};

static int serve_after_parent_closed(void *arg)
{
	struct inherit *in = arg;
	char x;

	if (read(in->ready[0], &x, 1) != 1)
		return 100;
	return -nkt_serve_one(in->srv, 10 * NKT_SEC);
}

/* A server handle inherited over fork() keeps the service alive after
 * the parent closes its copy; the last close kills it. */
TEST(forked_server_handle_keeps_service)
{
	const char *name = nkt_name("forksrv");
	struct inherit in;
	int dev = nkt_open(), cli;
	pid_t pid;

	ASSERT_LE(0, dev);
	in.srv = nkt_register_std(dev, name);
	ASSERT_LE(0, in.srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	ASSERT_EQ(0, pipe(in.ready));
	pid = nkt_fork(serve_after_parent_closed, &in);
	close(in.srv);
	ASSERT_EQ(1, write(in.ready[1], "x", 1));
	EXPECT_EQ(0, nkt_echo_call(cli, 64, 64, 4, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
	/* The child exited: that was the last server fd. */
	EXPECT_TRUE(nkt_poll_for(cli, POLLHUP, 10000));
	EXPECT_EQ(-EPIPE, nkt_echo_call(cli, 64, 64, 5, 0));
	close(cli);
	close(dev);
}

/* Closing a server with nothing pending frees its name at once, and a
 * new server under that name is a new service: old clients stay dead. */
TEST(old_clients_do_not_reach_a_new_server)
{
	char name[NKIPC_NAME_MAX];
	struct nkt_server s;
	int dev = nkt_open(), srv, old, cli;

	ASSERT_LE(0, dev);
	strcpy(name, nkt_name("rebirth"));
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	old = nkt_connect(dev, name, 0);
	ASSERT_LE(0, old);
	close(srv);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	nkt_server_start(&s, srv, 1, 4096, 4096);
	EXPECT_EQ(-EPIPE, nkt_echo_call(old, 64, 0, 6, 0));
	EXPECT_EQ(0, nkt_echo_call(cli, 64, 0, 7, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
	close(old);
	close(cli);
	close(srv);
	close(dev);
}

TEST_HARNESS_MAIN
