// SPDX-License-Identifier: GPL-2.0
/* rmmod while handles are open is refused; once idle, unload is clean. */
#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "reload.h"

/* Refused: EBUSY or, from delete_module(O_NONBLOCK), EWOULDBLOCK. */
static bool unload_refused(void)
{
	int ret = nkt_module_unload();

	if (!ret) {
		/* A bug; put the module back for the suites after us. */
		nkt_module_load(NULL);
		return false;
	}
	return (ret == -EBUSY || ret == -EWOULDBLOCK) && nkt_module_loaded();
}

/* The rmmod program, in a child, fails too. */
static bool rmmod_program_fails(void)
{
	int status = system("rmmod nkipc 2>/dev/null");

	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		nkt_module_load(NULL);
		return false;
	}
	return nkt_module_loaded();
}

FIXTURE(open) {
	int dev, srv, cli;
	char name[NKIPC_NAME_MAX];
};

FIXTURE_SETUP(open)
{
	ASSERT_TRUE(nkt_module_loaded());
	strcpy(self->name, nkt_name("rmmod"));
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	self->srv = nkt_register_std(self->dev, self->name);
	ASSERT_LE(0, self->srv);
	self->cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, self->cli);
}

FIXTURE_TEARDOWN(open)
{
	if (self->cli >= 0)
		close(self->cli);
	if (self->srv >= 0)
		close(self->srv);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(open, refused_with_device_open)
{
	close(self->cli);
	close(self->srv);
	self->cli = self->srv = -1;
	EXPECT_TRUE(unload_refused());
	EXPECT_TRUE(rmmod_program_fails());
}

TEST_F(open, refused_with_only_a_server_handle)
{
	struct nkt_server s;
	int cli;

	close(self->cli);
	close(self->dev);
	self->cli = self->dev = -1;
	EXPECT_TRUE(unload_refused());
	EXPECT_TRUE(rmmod_program_fails());
	/* The handle still works. */
	self->dev = nkt_open();
	ASSERT_LE(0, self->dev);
	cli = nkt_connect(self->dev, self->name, 0);
	ASSERT_LE(0, cli);
	nkt_server_start(&s, self->srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(cli, 100, 100, 1, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
	close(cli);
}

/* A client handle whose server is gone still pins the module. */
TEST_F(open, refused_with_only_a_dead_client_handle)
{
	close(self->srv);
	close(self->dev);
	self->srv = self->dev = -1;
	EXPECT_TRUE(unload_refused());
	EXPECT_TRUE(rmmod_program_fails());
	EXPECT_EQ(-EPIPE, nkt_echo_call(self->cli, 24, 0, 1, 0));
}

static void *call_thread(void *arg)
{
	return (void *)(long)nkt_echo_call(*(int *)arg, 100, 100, 2, 0);
}

TEST_F(open, refused_during_a_call)
{
	pthread_t th;
	void *ret;

	ASSERT_EQ(0, pthread_create(&th, NULL, call_thread, &self->cli));
	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	EXPECT_TRUE(unload_refused());
	EXPECT_EQ(0, nkt_serve_one(self->srv, 0));
	pthread_join(th, &ret);
	EXPECT_EQ(0, (long)ret);
}

/* With nothing open the module unloads, and loads again cleanly. */
TEST(unload_and_reload_when_idle)
{
	struct stat st;
	struct nkt_server s;
	const char *name;
	int dev, srv, cli;

	ASSERT_EQ(0, nkt_module_unload());
	EXPECT_FALSE(nkt_module_loaded());
	EXPECT_NE(0, stat(NKIPC_DEVICE, &st));
	ASSERT_TRUE(nkt_module_restore());

	dev = nkt_open();
	ASSERT_LE(0, dev);
	name = nkt_name("reloaded");
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	nkt_server_start(&s, srv, 1, 4096, 4096);
	EXPECT_EQ(0, nkt_echo_call(cli, 100, 100, 3, 0));
	EXPECT_EQ(0, nkt_server_stop(&s));
	close(cli);
	close(srv);
	close(dev);
}

TEST_HARNESS_MAIN
