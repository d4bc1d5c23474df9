// SPDX-License-Identifier: GPL-2.0
/* NKIPC_IOC_VERSION: what the module reports about itself. */
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
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

/*
 * VERSION is _IOWR: the caller's size is read.  It follows the size rule of
 * every struct (below), except that a larger struct's tail is output.
 */
TEST(version_struct_sizes)
{
	struct nkipc_version v;
	struct {
		struct nkipc_version v;
		unsigned char tail[64];
	} big;
	int dev = nkt_open();

	ASSERT_LE(0, dev);
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(NKIPC_IOC_VERSION));
	EXPECT_EQ(48, NKIPC_VERSION_SIZE_VER0);
	memset(&v, 0xff, sizeof(v));
	v.size = NKIPC_VERSION_SIZE_VER0;
	ASSERT_EQ(0, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));
	EXPECT_EQ(NKIPC_ABI_VERSION, v.abi_version);
	EXPECT_EQ(NKIPC_VERSION_SIZE_VER0, v.size);

	v.size = NKIPC_VERSION_SIZE_VER0 - 1;
	EXPECT_EQ(-EINVAL, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));
	v.size = 0;
	EXPECT_EQ(-EINVAL, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));
	/* Struct sizes are capped at a page, as for every other command. */
	v.size = 4097;
	EXPECT_EQ(-E2BIG, nkt_ioctl(dev, NKIPC_IOC_VERSION, &v));

	/* A newer caller's larger struct gets a zeroed tail. */
	memset(&big, 0xff, sizeof(big));
	big.v.size = sizeof(big);
	ASSERT_EQ(0, nkt_ioctl(dev, NKIPC_IOC_VERSION, &big));
	EXPECT_EQ(NKIPC_ABI_VERSION, big.v.abi_version);
	for (size_t i = 0; i < sizeof(big.tail); i++)
		ASSERT_EQ(0, big.tail[i]);
	/* The old _IOR number is gone. */
	v.size = sizeof(v);
	EXPECT_EQ(-ENOTTY, nkt_ioctl(dev, _IOR(NKIPC_IOC_MAGIC, 0x00,
					      struct nkipc_version), &v));
	close(dev);
}

/*
 * The size rule of every struct (docs/uapi.md): exactly *_SIZE_VER0 is
 * accepted, one byte less is EINVAL, a longer struct with a zero tail is
 * accepted, a non-zero byte in the tail beyond the kernel's struct is
 * E2BIG, above a page is E2BIG.
 * Each command is given arguments whose accepted outcome is known.
 */
#define TAIL	16
union arg {
	struct nkipc_register reg;
	struct nkipc_connect con;
	struct nkipc_get_riid riid;
	struct nkipc_call call;
	struct nkipc_recv recv;
	struct nkipc_reply reply;
	struct nkipc_reply_recv rr;
	struct nkipc_ns_entry ns;
	struct nkipc_ns_enum nsenum;
	struct nkipc_cm_connect cmc;
	struct nkipc_cm_listen cml;
	struct nkipc_cm_accept cma;
	struct nkipc_cm_drop cmd;
	unsigned char bytes[8192];
};

struct cmd_case {
	const char *name;
	unsigned long cmd;
	unsigned int ver0, ksize;
	int fd;
	int ok;		/* result when accepted; 1: a new fd */
};

static int run_size(const struct cmd_case *cc, const union arg *tmpl,
		    unsigned int size, int tail_byte)
{
	static union arg a;
	int ret;

	memcpy(&a, tmpl, sizeof(a));
	*(uint32_t *)a.bytes = size;
	if (tail_byte >= 0)
		a.bytes[tail_byte] = 1;
	ret = nkt_ioctl(cc->fd, cc->cmd, &a);
	if (ret > 0 && cc->ok == 1) {
		close(ret);
		ret = 1;
	}
	return ret;
}

TEST(struct_size_rule_every_command)
{
	static union arg tmpl[13];
	const char *name = nkt_name("ver0");
	char reg_name[NKIPC_NAME_MAX];
	struct nkt_msg m;
	int dev, srv, cli, n = 0;
	struct cmd_case cases[13];

	dev = nkt_open();
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	cli = nkt_connect(dev, name, 0);
	ASSERT_LE(0, cli);
	nkt_msg_alloc(&m, 4096, 4096);
	nkt_msg_fill(&m, NKT_RIID_ECHO, 0, 32, 0, 1);

#define CASE(nm, c, V, type, f, okv) do {				\
		cases[n] = (struct cmd_case){ nm, c, V, sizeof(struct type), \
					      f, okv };			\
		n++;							\
	} while (0)
	/* REGISTER: a fresh name each time (the fd is closed again). */
	snprintf(reg_name, sizeof(reg_name), "%s.reg", name);
	tmpl[n].reg = (struct nkipc_register){
		.name = (uintptr_t)reg_name,
		.endpoints = (uintptr_t)nkt_endpoints,
		.n_endpoints = nkt_n_endpoints };
	CASE("REGISTER", NKIPC_IOC_REGISTER, NKIPC_REGISTER_SIZE_VER0,
	     nkipc_register, dev, 1);
	tmpl[n].con = (struct nkipc_connect){ .name = (uintptr_t)name };
	CASE("CONNECT", NKIPC_IOC_CONNECT, NKIPC_CONNECT_SIZE_VER0,
	     nkipc_connect, dev, 1);
	tmpl[n].riid = (struct nkipc_get_riid){
		.name = (uintptr_t)"test.other" };
	CASE("GET_RIID", NKIPC_IOC_GET_RIID, NKIPC_GET_RIID_SIZE_VER0,
	     nkipc_get_riid, cli, 0);
	tmpl[n].call = nkt_call_arg(&m, &m, 1);
	CASE("CALL", NKIPC_IOC_CALL, NKIPC_CALL_SIZE_VER0, nkipc_call, cli,
	     -ETIMEDOUT);
	tmpl[n].recv = nkt_recv_arg(&m, 0);
	CASE("RECV", NKIPC_IOC_RECV, NKIPC_RECV_SIZE_VER0, nkipc_recv, srv,
	     -EAGAIN);
	tmpl[n].reply = (struct nkipc_reply){
		.txid = 12345, .res = (uintptr_t)m.cpart, .res_len = 32 };
	CASE("REPLY", NKIPC_IOC_REPLY, NKIPC_REPLY_SIZE_VER0, nkipc_reply,
	     srv, -ENOENT);
	tmpl[n].rr = (struct nkipc_reply_recv){
		.req = (uintptr_t)m.cpart, .req_cap = m.cap, .timeout_ns = 0 };
	CASE("REPLY_RECV", NKIPC_IOC_REPLY_RECV, NKIPC_REPLY_RECV_SIZE_VER0,
	     nkipc_reply_recv, srv, -EAGAIN);
	tmpl[n].ns = (struct nkipc_ns_entry){
		.server = "Ver0Srv", .service = "ver0.svc", .type = "ver0.T" };
	CASE("NS_UNPUBLISH", NKIPC_IOC_NS_UNPUBLISH, NKIPC_NS_ENTRY_SIZE_VER0,
	     nkipc_ns_entry, dev, -ENOENT);
	tmpl[n].nsenum = (struct nkipc_ns_enum){ .type = "ver0.None" };
	CASE("NS_ENUM", NKIPC_IOC_NS_ENUM, NKIPC_NS_ENUM_SIZE_VER0,
	     nkipc_ns_enum, dev, -ENOENT);
	tmpl[n].cmc = (struct nkipc_cm_connect){
		.server = "Ver0Nobody", .service = "ver0.svc" };
	CASE("CM_CONNECT", NKIPC_IOC_CM_CONNECT, NKIPC_CM_CONNECT_SIZE_VER0,
	     nkipc_cm_connect, dev, -ENOENT);
	tmpl[n].cml = (struct nkipc_cm_listen){ .timeout_ns = 0 };
	CASE("CM_LISTEN", NKIPC_IOC_CM_LISTEN, NKIPC_CM_LISTEN_SIZE_VER0,
	     nkipc_cm_listen, dev, -EAGAIN);
	tmpl[n].cma = (struct nkipc_cm_accept){
		.client = "nobody", .service = "ver0.svc", .listener = -1,
		.endpoints = (uintptr_t)nkt_endpoints,
		.n_endpoints = nkt_n_endpoints };
	CASE("CM_ACCEPT", NKIPC_IOC_CM_ACCEPT, NKIPC_CM_ACCEPT_SIZE_VER0,
	     nkipc_cm_accept, dev, -ENOENT);
	tmpl[n].cmd = (struct nkipc_cm_drop){
		.client = "nobody", .service = "ver0.svc" };
	CASE("CM_DROP", NKIPC_IOC_CM_DROP, NKIPC_CM_DROP_SIZE_VER0,
	     nkipc_cm_drop, dev, -ENOENT);
#undef CASE

	for (int i = 0; i < n; i++) {
		const struct cmd_case *cc = &cases[i];
		unsigned int v0 = cc->ver0, k = cc->ksize;

		/*
		 * This kernel's structs are the first versions, but for the
		 * four that grew handle tables (issue 13): VER1.
		 */
		unsigned int want = v0;

		if (cc->cmd == NKIPC_IOC_CALL)
			want = NKIPC_CALL_SIZE_VER1;
		else if (cc->cmd == NKIPC_IOC_RECV)
			want = NKIPC_RECV_SIZE_VER1;
		else if (cc->cmd == NKIPC_IOC_REPLY)
			want = NKIPC_REPLY_SIZE_VER1;
		else if (cc->cmd == NKIPC_IOC_REPLY_RECV)
			want = NKIPC_REPLY_RECV_SIZE_VER1;
		EXPECT_EQ(want, k) TH_LOG("%s", cc->name);
		EXPECT_EQ(cc->ok, run_size(cc, &tmpl[i], v0, -1))
			TH_LOG("%s: size VER0", cc->name);
		EXPECT_EQ(-EINVAL, run_size(cc, &tmpl[i], v0 - 1, -1))
			TH_LOG("%s: size VER0 - 1", cc->name);
		EXPECT_EQ(-EINVAL, run_size(cc, &tmpl[i], 8, -1))
			TH_LOG("%s: size 8", cc->name);
		EXPECT_EQ(cc->ok, run_size(cc, &tmpl[i], k, -1))
			TH_LOG("%s: size of this kernel's struct", cc->name);
		EXPECT_EQ(cc->ok, run_size(cc, &tmpl[i], k + TAIL, -1))
			TH_LOG("%s: zero tail", cc->name);
		EXPECT_EQ(-E2BIG, run_size(cc, &tmpl[i], k + TAIL,
					   k + TAIL - 1))
			TH_LOG("%s: non-zero tail", cc->name);
		EXPECT_EQ(-E2BIG, run_size(cc, &tmpl[i], k + 1, k))
			TH_LOG("%s: non-zero first tail byte", cc->name);
		EXPECT_EQ(cc->ok, run_size(cc, &tmpl[i], 4096, -1))
			TH_LOG("%s: a page, zero tail", cc->name);
		EXPECT_EQ(-E2BIG, run_size(cc, &tmpl[i], 4097, -1))
			TH_LOG("%s: above a page", cc->name);
	}
	/* Nothing was left queued or half-done by all that. */
	EXPECT_EQ(-EAGAIN, run_size(&cases[4], &tmpl[4], NKIPC_RECV_SIZE_VER0,
				    -1));
	nkt_msg_free(&m);
	close(cli);
	close(srv);
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
	U64_AT(nkipc_call, req_handles);
	U64_AT(nkipc_call, res_handles);
	U64_AT(nkipc_recv, handles);
	U64_AT(nkipc_reply, handles);
	U64_AT(nkipc_reply_recv, res_handles);
	U64_AT(nkipc_reply_recv, req_handles);
	EXPECT_EQ(16, sizeof(struct nkipc_handle_desc));
	SIZE8(nkipc_reply_recv);
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
