// SPDX-License-Identifier: GPL-2.0
/* The max_msg_size module parameter: 4, 8 or 16 MiB, nothing else. */
#include <errno.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "reload.h"

FIXTURE(reload) {
	int unused;
};

FIXTURE_SETUP(reload)
{
	ASSERT_TRUE(nkt_module_loaded());
	/* Nothing of ours is open: the module must unload. */
	ASSERT_EQ(0, nkt_module_unload());
}

FIXTURE_TEARDOWN(reload)
{
	EXPECT_TRUE(nkt_module_restore());
}

static int serve_one_child(void *arg)
{
	return -nkt_serve_one(*(int *)arg, 60 * NKT_SEC);
}

static void check_max(struct __test_metadata *_metadata, uint32_t max)
{
	const char *name = nkt_name("modparam");
	int dev, srv, cli;
	pid_t pid;

	ASSERT_EQ(max, nkt_max_msg_size());
	dev = nkt_open();
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	/* Exactly the maximum goes through intact, one byte more does not. */
	pid = nkt_fork(serve_one_child, &srv);
	EXPECT_EQ(0, nkt_echo_call(cli, 4096, max - 4096, 1, 0));
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(-EMSGSIZE, nkt_echo_call(cli, 4096, max - 4095, 1, 0));
	close(cli);
	close(srv);
	close(dev);
}

TEST_F_TIMEOUT(reload, max_8m, 120)
{
	ASSERT_EQ(0, nkt_module_load("max_msg_size=8388608"));
	check_max(_metadata, 8u << 20);
}

TEST_F_TIMEOUT(reload, max_16m, 120)
{
	ASSERT_EQ(0, nkt_module_load("max_msg_size=16777216"));
	check_max(_metadata, 16u << 20);
}

TEST_F(reload, default_is_4m)
{
	ASSERT_EQ(0, nkt_module_load(""));
	check_max(_metadata, 4u << 20);
}

TEST_F(reload, other_sizes_refused)
{
	const char *bad[] = { "max_msg_size=12345", "max_msg_size=0",
			      "max_msg_size=33554432", "max_msg_size=4194305",
			      "max_msg_size=-1", "max_msg_size=lots" };

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_NE(0, nkt_module_load(bad[i]));
		EXPECT_FALSE(nkt_module_loaded());
		if (nkt_module_loaded())
			nkt_module_unload();
	}
}

TEST_HARNESS_MAIN
