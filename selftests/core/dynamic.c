// SPDX-License-Identifier: GPL-2.0
/* Dynamic channels: name server (NS_*) and connection manager (CM_*). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

static int publish(int dev, unsigned long cmd, const char *server,
		   const char *service, const char *type)
{
	struct nkipc_ns_entry e = { .size = sizeof(e) };

	strcpy(e.server, server);
	strcpy(e.service, service);
	strcpy(e.type, type);
	return nkt_ioctl(dev, cmd, &e);
}

/* Index of (server, service) among the entries of @type, or -1. */
static int find_entry(int dev, const char *type, const char *server,
		      const char *service)
{
	struct nkipc_ns_enum q = { .size = sizeof(q) };

	strcpy(q.type, type);
	for (q.index = 0; !nkt_ioctl(dev, NKIPC_IOC_NS_ENUM, &q); q.index++)
		if (!strcmp(q.server, server) && !strcmp(q.service, service))
			return q.index;
	return -1;
}

TEST(publish_enum_unpublish)
{
	char server[NKIPC_NAME_MAX], type[NKIPC_NAME_MAX];
	int dev = nkt_open(), dev2 = nkt_open();

	ASSERT_LE(0, dev);
	ASSERT_LE(0, dev2);
	strcpy(server, nkt_name("ns.server"));
	strcpy(type, nkt_name("ns.Type"));
	ASSERT_EQ(0, publish(dev, NKIPC_IOC_NS_PUBLISH, server, "a.svc", type));
	ASSERT_EQ(0, publish(dev, NKIPC_IOC_NS_PUBLISH, server, "b.svc", type));
	EXPECT_EQ(0, find_entry(dev, type, server, "a.svc"));
	EXPECT_EQ(1, find_entry(dev2, type, server, "b.svc"));
	EXPECT_LE(0, find_entry(dev, "", server, "b.svc"));
	/* The same triple twice, or the server name from another context. */
	EXPECT_EQ(-EEXIST, publish(dev, NKIPC_IOC_NS_PUBLISH, server, "a.svc",
				   type));
	EXPECT_EQ(-EEXIST, publish(dev2, NKIPC_IOC_NS_PUBLISH, server,
				   "c.svc", type));
	/* Only the owner unpublishes. */
	EXPECT_EQ(-ENOENT, publish(dev2, NKIPC_IOC_NS_UNPUBLISH, server,
				   "a.svc", type));
	EXPECT_EQ(0, publish(dev, NKIPC_IOC_NS_UNPUBLISH, server, "a.svc",
			     type));
	EXPECT_EQ(-1, find_entry(dev, type, server, "a.svc"));
	EXPECT_EQ(0, find_entry(dev, type, server, "b.svc"));
	/* Closing the owner's context removes its entries. */
	close(dev);
	EXPECT_EQ(-1, find_entry(dev2, type, server, "b.svc"));
	close(dev2);
}

/* One context publishes at most NKIPC_NS_MAX_PUBLISHED entries. */
TEST(publish_is_bounded_per_context)
{
	char server[NKIPC_NAME_MAX], svc[NKIPC_NAME_MAX];
	int dev = nkt_open(), dev2 = nkt_open(), i;

	ASSERT_LE(0, dev);
	ASSERT_LE(0, dev2);
	strcpy(server, nkt_name("ns.many"));
	for (i = 0; i < NKIPC_NS_MAX_PUBLISHED; i++) {
		snprintf(svc, sizeof(svc), "s%d.svc", i);
		ASSERT_EQ(0, publish(dev, NKIPC_IOC_NS_PUBLISH, server, svc,
				     "ns.T"));
	}
	EXPECT_EQ(-ENOSPC, publish(dev, NKIPC_IOC_NS_PUBLISH, server,
				   "one.more", "ns.T"));
	/* Another context is not affected; unpublishing makes room. */
	EXPECT_EQ(0, publish(dev2, NKIPC_IOC_NS_PUBLISH, nkt_name("ns.other"),
			     "x.svc", "ns.T"));
	EXPECT_EQ(0, publish(dev, NKIPC_IOC_NS_UNPUBLISH, server, "s0.svc",
			     "ns.T"));
	EXPECT_EQ(0, publish(dev, NKIPC_IOC_NS_PUBLISH, server, "one.more",
			     "ns.T"));
	close(dev);
	close(dev2);
}

struct cm_client {
	char server[NKIPC_NAME_MAX];
	int inherited_dev;	/* +1; the server's context fd to close */
	uint64_t timeout_ns;
	int ret;		/* CM_CONNECT result */
	uint32_t rsid;
};

static int cm_connect(int dev, struct cm_client *c)
{
	struct nkipc_cm_connect cc = { .size = sizeof(cc),
				       .timeout_ns = c->timeout_ns };
	int ret;

	strcpy(cc.server, c->server);
	strcpy(cc.service, "test.echo");
	ret = nkt_ioctl(dev, NKIPC_IOC_CM_CONNECT, &cc);
	if (ret >= 0)
		c->rsid = cc.rsid;
	return ret;
}

/* Child: connects, and on success makes one echo call on the channel. */
static int cm_client_child(void *arg)
{
	struct cm_client *c = arg;
	int dev, cli;

	if (c->inherited_dev)
		close(c->inherited_dev - 1);
	dev = nkt_open();
	if (dev < 0)
		return 100;
	cli = cm_connect(dev, c);
	if (cli < 0)
		return -cli;
	if (c->rsid != NKT_RIID_ECHO)
		return 101;
	return -nkt_echo_call(cli, 64, 64, 9, 0);
}

FIXTURE(cm) {
	int dev;
	char server[NKIPC_NAME_MAX];
};

FIXTURE_SETUP(cm)
{
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	strcpy(self->server, nkt_name("cm.server"));
	ASSERT_EQ(0, publish(self->dev, NKIPC_IOC_NS_PUBLISH, self->server,
			     "test.echo", "test.Echo"));
}

FIXTURE_TEARDOWN(cm)
{
	close(self->dev);
}

TEST_F(cm, connect_listen_accept_call)
{
	struct cm_client c = { .timeout_ns = 10 * NKT_SEC };
	struct nkipc_cm_listen l;
	pid_t pid;
	int srv;

	strcpy(c.server, self->server);
	pid = nkt_fork(cm_client_child, &c);
	ASSERT_EQ(0, nkt_cm_listen(self->dev, 10 * NKT_SEC, &l));
	EXPECT_STREQ("test.echo", l.service);
	EXPECT_EQ(pid, l.client_pid);
	EXPECT_NE(0, l.client[0]);
	srv = nkt_cm_accept(self->dev, &l, -1);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, nkt_serve_one(srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(srv);
}

/* A second client attached to the first one's channel (listener fd). */
TEST_F(cm, accept_onto_existing_channel)
{
	struct cm_client c = { .timeout_ns = 10 * NKT_SEC };
	struct nkipc_cm_listen l;
	int srv, srv2;
	pid_t pid;

	strcpy(c.server, self->server);
	pid = nkt_fork(cm_client_child, &c);
	ASSERT_EQ(0, nkt_cm_listen(self->dev, 10 * NKT_SEC, &l));
	srv = nkt_cm_accept(self->dev, &l, -1);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, nkt_serve_one(srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));

	pid = nkt_fork(cm_client_child, &c);
	ASSERT_EQ(0, nkt_cm_listen(self->dev, 10 * NKT_SEC, &l));
	srv2 = nkt_cm_accept(self->dev, &l, srv);
	ASSERT_LE(0, srv2);
	EXPECT_EQ(0, nkt_serve_one(srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(srv2);
	close(srv);
}

TEST_F(cm, drop_is_econnrefused)
{
	struct cm_client c = { .timeout_ns = 10 * NKT_SEC };
	struct nkipc_cm_drop d = { .size = sizeof(d) };
	struct nkipc_cm_listen l;
	pid_t pid;

	strcpy(c.server, self->server);
	pid = nkt_fork(cm_client_child, &c);
	ASSERT_EQ(0, nkt_cm_listen(self->dev, 10 * NKT_SEC, &l));
	strcpy(d.client, l.client);
	strcpy(d.service, l.service);
	EXPECT_EQ(0, nkt_ioctl(self->dev, NKIPC_IOC_CM_DROP, &d));
	EXPECT_EQ(ECONNREFUSED, nkt_wait_child(pid));
	EXPECT_EQ(-ENOENT, nkt_ioctl(self->dev, NKIPC_IOC_CM_DROP, &d));
}

TEST_F(cm, connect_errors)
{
	struct cm_client c = { .timeout_ns = 50 * NKT_MS };
	struct nkipc_cm_listen l;
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	strcpy(c.server, nkt_name("cm.nobody"));
	EXPECT_EQ(-ENOENT, cm_connect(dev, &c));
	/* Nobody listens: the request times out and is withdrawn. */
	strcpy(c.server, self->server);
	EXPECT_EQ(-ETIMEDOUT, cm_connect(dev, &c));
	close(dev);
	EXPECT_EQ(-EAGAIN, nkt_cm_listen(self->dev, 0, &l));
	EXPECT_EQ(-ETIMEDOUT, nkt_cm_listen(self->dev, 20 * NKT_MS, &l));
}

/* The server context goes away with a client waiting: EPIPE. */
TEST_F(cm, server_context_closed_fails_waiting_client)
{
	struct cm_client c = { .timeout_ns = 0,
			       .inherited_dev = self->dev + 1 };
	struct nkipc_cm_listen l;
	pid_t pid;

	strcpy(c.server, self->server);
	pid = nkt_fork(cm_client_child, &c);
	ASSERT_EQ(0, nkt_cm_listen(self->dev, 10 * NKT_SEC, &l));
	close(self->dev);
	self->dev = -1;
	EXPECT_EQ(EPIPE, nkt_wait_child(pid));
}

/* CM_LISTEN into a struct it cannot write back: EFAULT, and the request
 * must still be there for the next CM_LISTEN (bad pointers lose nothing). */
TEST_F(cm, listen_efault_loses_nothing)
{
	struct cm_client c = { .timeout_ns = 10 * NKT_SEC };
	struct nkipc_cm_listen *ro, l;
	pid_t pid;
	int srv;

	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro->size = sizeof(*ro);
	ro->timeout_ns = 10 * NKT_SEC;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	strcpy(c.server, self->server);
	pid = nkt_fork(cm_client_child, &c);
	EXPECT_EQ(-EFAULT, nkt_ioctl(self->dev, NKIPC_IOC_CM_LISTEN, ro));
	EXPECT_EQ(0, nkt_cm_listen(self->dev, 0, &l));
	srv = nkt_cm_accept(self->dev, &l, -1);
	if (srv >= 0) {
		EXPECT_EQ(0, nkt_serve_one(srv, 10 * NKT_SEC));
		close(srv);
	} else {
		kill(pid, SIGKILL);
	}
	nkt_wait_child(pid);
	munmap(ro, 4096);
}

TEST_HARNESS_MAIN
