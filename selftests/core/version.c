// SPDX-License-Identifier: GPL-2.0
/* NKIPC_IOC_VERSION: what the module reports about itself. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

TEST(version_reports_abi_and_limits)
{
	struct nkipc_version v = { .size = sizeof(v) };
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));
	EXPECT_EQ(NKIPC_ABI_VERSION, v.abi_version);
	EXPECT_TRUE(v.max_msg_size == 4u << 20 || v.max_msg_size == 8u << 20 ||
		    v.max_msg_size == 16u << 20);
	EXPECT_TRUE(v.features & NKIPC_FEAT_PINNED_COPY);
	EXPECT_TRUE(v.features & NKIPC_FEAT_SECURITY);
	EXPECT_EQ(0, v.flags);
	close(dev);
}

/* An older caller's struct (up to features) is filled; shorter is EINVAL. */
TEST(version_struct_sizes)
{
	struct nkipc_version v;
	struct {
		struct nkipc_version v;
		unsigned char tail[64];
	} big;
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	memset(&v, 0xff, sizeof(v));
	v.size = offsetof(struct nkipc_version, features) + 8;
	ASSERT_EQ(0, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));
	EXPECT_EQ(NKIPC_ABI_VERSION, v.abi_version);
	/* Nothing beyond the caller's size is written. */
	EXPECT_EQ(0xffffffffu, v.inline_threshold);

	v.size = offsetof(struct nkipc_version, features);
	EXPECT_EQ(-EINVAL, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));
	v.size = 0;
	EXPECT_EQ(-EINVAL, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));

	/* A newer caller's larger struct gets a zeroed tail. */
	memset(&big, 0xff, sizeof(big));
	big.v.size = sizeof(big);
	ASSERT_EQ(0, nkt_ioctl(dev, NKIPC_IOC_VERSION, &big));
	EXPECT_EQ(NKIPC_ABI_VERSION, big.v.abi_version);
	for (size_t i = 0; i < sizeof(big.tail); i++)
		ASSERT_EQ(0, big.tail[i]);
	close(dev);
}

TEST_HARNESS_MAIN
