// SPDX-License-Identifier: GPL-2.0
/* Named services: REGISTER, CONNECT (waiting, timeouts), GET_RIID. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

TEST(register_then_connect)
{
	const char *name = nkt_name("reg");
	int dev = nkt_open(), srv, cli;

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	EXPECT_NE(srv, cli);
	close(cli);
	close(srv);
	close(dev);
}

TEST(name_taken_is_eexist)
{
	char name[NKIPC_NAME_MAX];
	int dev = nkt_open(), dev2 = nkt_open(), srv, srv2;

	ASSERT_LE(0, dev);
	ASSERT_LE(0, dev2);
	strcpy(name, nkt_name("taken"));
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	EXPECT_EQ(-EEXIST, nkt_register_std(dev, name));
	EXPECT_EQ(-EEXIST, nkt_register_std(dev2, name));
	/* Once the server handle is closed the name is free again. */
	close(srv);
	srv2 = nkt_register_std(dev2, name);
	EXPECT_LE(0, srv2);
	close(srv2);
	close(dev);
	close(dev2);
}

TEST(connect_unknown_name)
{
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	EXPECT_EQ(-ENOENT, nkt_connect(dev, nkt_name("nobody"), 0));
	EXPECT_EQ(-ETIMEDOUT, nkt_connect(dev, nkt_name("nobody"),
					  50 * NKT_MS));
	close(dev);
}

/* A server closed after the client connected: CONNECT by name fails. */
TEST(connect_after_server_closed)
{
	const char *name = nkt_name("gone");
	int dev = nkt_open(), srv;

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	close(srv);
	EXPECT_EQ(-ENOENT, nkt_connect(dev, name, 0));
	close(dev);
}

struct late {
	char name[NKIPC_NAME_MAX];
	int pipefd[2];
};

static int register_late(void *arg)
{
	struct late *l = arg;
	int dev = nkt_open(), srv;
	char c;

	if (dev < 0)
		return 1;
	usleep(200 * 1000);	/* let the parent start waiting */
	srv = nkt_register_std(dev, l->name);
	if (srv < 0)
		return 2;
	/* Keep the service up until the parent has connected. */
	if (read(l->pipefd[0], &c, 1) != 1)
		return 3;
	return 0;
}

TEST(connect_waits_for_late_server)
{
	struct late l;
	int dev = nkt_open(), cli;
	pid_t pid;

	ASSERT_LE(0, dev);
	strcpy(l.name, nkt_name("late"));
	ASSERT_EQ(0, pipe(l.pipefd));
	pid = nkt_fork(register_late, &l);
	cli = nkt_connect(dev, l.name, 20 * NKT_SEC);
	EXPECT_LE(0, cli);
	ASSERT_EQ(1, write(l.pipefd[1], "x", 1));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(dev);
}

TEST(connect_infinite_timeout_waits)
{
	struct late l;
	int dev = nkt_open(), cli;
	pid_t pid;

	ASSERT_LE(0, dev);
	strcpy(l.name, nkt_name("late"));
	ASSERT_EQ(0, pipe(l.pipefd));
	pid = nkt_fork(register_late, &l);
	cli = nkt_connect(dev, l.name, NKIPC_TIMEOUT_INFINITE);
	EXPECT_LE(0, cli);
	ASSERT_EQ(1, write(l.pipefd[1], "x", 1));
	EXPECT_EQ(0, nkt_wait_child(pid));
	close(cli);
	close(dev);
}

TEST(get_riid_resolves_names_and_aliases)
{
	const char *name = nkt_name("riid");
	struct nkipc_get_riid g = { .size = sizeof(g) };
	int dev = nkt_open(), srv, cli;

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);

	for (unsigned int i = 0; i < nkt_n_endpoints; i++) {
		g.name = (uintptr_t)nkt_endpoints[i].name;
		g.riid = ~0u;
		ASSERT_EQ(0, nkt_ioctl(cli, NKIPC_IOC_GET_RIID, &g));
		EXPECT_EQ(nkt_endpoints[i].riid, g.riid);
		EXPECT_EQ(nkt_endpoints[i].n_methods, g.n_methods);
	}
	g.name = (uintptr_t)"test.missing";
	EXPECT_EQ(-ENOENT, nkt_ioctl(cli, NKIPC_IOC_GET_RIID, &g));
	g.name = (uintptr_t)"";
	EXPECT_EQ(-EINVAL, nkt_ioctl(cli, NKIPC_IOC_GET_RIID, &g));
	close(cli);
	close(srv);
	close(dev);
}

static int bad_table(int dev, struct nkipc_endpoint *eps, unsigned int n)
{
	int fd = nkt_register(dev, nkt_name("bad"), eps, n);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

TEST(register_rejects_bad_endpoint_tables)
{
	struct nkipc_endpoint eps[2];
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	memcpy(eps, nkt_endpoints, sizeof(eps));
	ASSERT_EQ(0, bad_table(dev, eps, 2));

	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 0));
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, NKIPC_MAX_ENDPOINTS + 1));
	eps[1].riid = NKIPC_MAX_ENDPOINTS;
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	memcpy(eps, nkt_endpoints, sizeof(eps));
	/* Aliases (same riid) must agree on the interface. */
	eps[1].n_methods++;
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	memcpy(eps, nkt_endpoints, sizeof(eps));
	strcpy(eps[1].iface, "test.Different");
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	memcpy(eps, nkt_endpoints, sizeof(eps));
	eps[0].flags = 1;
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	memcpy(eps, nkt_endpoints, sizeof(eps));
	eps[0].reserved = 1;
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	memcpy(eps, nkt_endpoints, sizeof(eps));
	memset(eps[0].name, 'a', sizeof(eps[0].name));	/* no NUL */
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	memcpy(eps, nkt_endpoints, sizeof(eps));
	eps[0].name[0] = '\0';
	EXPECT_EQ(-EINVAL, bad_table(dev, eps, 2));
	close(dev);
}

TEST(register_rejects_bad_names)
{
	char longname[NKIPC_NAME_MAX + 1];
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	EXPECT_EQ(-EINVAL, nkt_register_std(dev, ""));
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	EXPECT_EQ(-EINVAL, nkt_register_std(dev, longname));
	EXPECT_EQ(-EINVAL, nkt_connect(dev, "", 0));
	EXPECT_EQ(-EINVAL, nkt_connect(dev, longname, 0));
	close(dev);
}

/* Handles are O_CLOEXEC unless NKIPC_F_INHERIT asks otherwise. */
TEST(handles_cloexec_unless_inherit)
{
	const char *name = nkt_name("cloexec");
	struct nkipc_register r = {
		.size = sizeof(r),
		.flags = NKIPC_F_INHERIT,
		.endpoints = (uintptr_t)nkt_endpoints,
		.n_endpoints = nkt_n_endpoints,
	};
	struct nkipc_connect c = { .size = sizeof(c) };
	int dev = nkt_open(), srv, srv2, cli, cli2;
	char name2[NKIPC_NAME_MAX];

	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	EXPECT_TRUE(fcntl(srv, F_GETFD) & FD_CLOEXEC);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	EXPECT_TRUE(fcntl(cli, F_GETFD) & FD_CLOEXEC);

	strcpy(name2, nkt_name("inherit"));
	r.name = (uintptr_t)name2;
	srv2 = nkt_ioctl(dev, NKIPC_IOC_REGISTER, &r);
	ASSERT_LE(0, srv2);
	EXPECT_FALSE(fcntl(srv2, F_GETFD) & FD_CLOEXEC);
	c.flags = NKIPC_F_INHERIT;
	c.name = (uintptr_t)name2;
	cli2 = nkt_ioctl(dev, NKIPC_IOC_CONNECT, &c);
	ASSERT_LE(0, cli2);
	EXPECT_FALSE(fcntl(cli2, F_GETFD) & FD_CLOEXEC);
	close(cli2);
	close(srv2);
	close(cli);
	close(srv);
	close(dev);
}

/* Names use the whole buffer but the NUL: 127 characters work. */
TEST(longest_names_work)
{
	struct nkipc_endpoint ep = { .riid = 0, .n_methods = 1 };
	struct nkipc_get_riid g = { .size = sizeof(g) };
	char name[NKIPC_NAME_MAX];
	int dev = nkt_open(), srv, cli;

	ASSERT_LE(0, dev);
	snprintf(name, sizeof(name), "%s", nkt_name("long"));
	memset(name + strlen(name), 'x', sizeof(name) - 1 - strlen(name));
	name[sizeof(name) - 1] = '\0';
	memset(ep.name, 'e', sizeof(ep.name) - 1);
	memset(ep.iface, 'i', sizeof(ep.iface) - 1);
	srv = nkt_register(dev, name, &ep, 1);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	g.name = (uintptr_t)ep.name;
	EXPECT_EQ(0, nkt_ioctl(cli, NKIPC_IOC_GET_RIID, &g));
	EXPECT_EQ(1, g.n_methods);
	close(cli);
	close(srv);
	close(dev);
}

TEST_HARNESS_MAIN
