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
	/* Struct sizes are capped at a page, as for every other command. */
	v.size = 4097;
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

/*
 * Same layout for 32- and 64-bit callers: every __u64 at an 8-byte
 * offset and every struct a multiple of 8 bytes, so i386 (4-byte __u64
 * alignment) and x86_64 agree without compat code.
 */
#define U64_AT(type, field) \
	EXPECT_EQ(0, offsetof(struct type, field) % 8) \
		TH_LOG(#type "." #field " at %zu", offsetof(struct type, field))
#define SIZE8(type) \
	EXPECT_EQ(0, sizeof(struct type) % 8) TH_LOG(#type)

TEST(abi_layout_same_on_32_and_64_bit)
{
	EXPECT_EQ(NKIPC_MSG_HDR_SIZE, sizeof(struct nkipc_msg_hdr));
	U64_AT(nkipc_version, features);
	U64_AT(nkipc_version, reserved);
	U64_AT(nkipc_register, name);
	U64_AT(nkipc_register, endpoints);
	U64_AT(nkipc_connect, name);
	U64_AT(nkipc_connect, timeout_ns);
	U64_AT(nkipc_connect, reserved);
	U64_AT(nkipc_get_riid, name);
	U64_AT(nkipc_call, req);
	U64_AT(nkipc_call, req_arena);
	U64_AT(nkipc_call, res);
	U64_AT(nkipc_call, res_arena);
	U64_AT(nkipc_call, timeout_ns);
	U64_AT(nkipc_call, reserved);
	U64_AT(nkipc_recv, req);
	U64_AT(nkipc_recv, req_arena);
	U64_AT(nkipc_recv, timeout_ns);
	U64_AT(nkipc_recv, txid);
	U64_AT(nkipc_recv, reserved);
	U64_AT(nkipc_reply, txid);
	U64_AT(nkipc_reply, res);
	U64_AT(nkipc_reply, res_arena);
	U64_AT(nkipc_reply, reserved);
	SIZE8(nkipc_version);
	SIZE8(nkipc_endpoint);
	SIZE8(nkipc_register);
	SIZE8(nkipc_connect);
	SIZE8(nkipc_get_riid);
	SIZE8(nkipc_call);
	SIZE8(nkipc_recv);
	SIZE8(nkipc_reply);
	/* The size field comes first, flags second, everywhere. */
	EXPECT_EQ(0, offsetof(struct nkipc_call, size));
	EXPECT_EQ(4, offsetof(struct nkipc_call, flags));
	EXPECT_EQ(4, offsetof(struct nkipc_recv, flags));
	EXPECT_EQ(4, offsetof(struct nkipc_reply, flags));
	EXPECT_EQ(4, offsetof(struct nkipc_register, flags));
	EXPECT_EQ(4, offsetof(struct nkipc_connect, flags));
	EXPECT_EQ(4, offsetof(struct nkipc_get_riid, flags));
}

TEST_HARNESS_MAIN
