// SPDX-License-Identifier: GPL-2.0
/*
 * Message layouts in the kernel: the model is validated at load (hostile
 * layouts over raw netlink are refused with EINVAL), and messages are
 * checked with the same code as the generated dispatchers, nested chunks
 * and union tags included (the checker before issue 15 followed only the
 * chunk descriptors of the constant part and let these through).
 *
 * layout.Server.json is `nkc --describe test/Server.edl` of
 *   package test.Echo;
 *   struct Item { string<8> name; sequence<UInt32, 2> vals; }
 *   union U { UInt32 n; string<8> s; }
 *   interface {
 *       Ping(in UInt32 value, out UInt32 result);
 *       Put(in sequence<Item, 3> items, in U u);
 *   }
 * with `task class test.Server` and `endpoints { echo : test.Echo }`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/nkipc_genl.h>
#include <linux/nkipc_layout.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "pt.h"

FIXTURE(lay) {
	struct pt_chan ch;
	char name[NKIPC_NAME_MAX];
	char arena[256];
};

FIXTURE_SETUP(lay)
{
	char *text;

	snprintf(self->name, sizeof(self->name), "%s", nkt_name("pt.layout"));
	text = pt_fixture("layout.policy", "@FIXTURES@", pt_fixtures());
	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, pt_load_text(text));
	free(text);
	ASSERT_EQ(0, pt_mode("enforcing"));
	ASSERT_EQ(0, pt_chan_open(&self->ch, self->name));
}

FIXTURE_TEARDOWN(lay)
{
	pt_chan_close(&self->ch);
	pt_unload();
}

static void put_ptr(void *at, uint32_t off, uint32_t size)
{
	uint32_t d[2] = { off, size };

	memcpy(at, d, sizeof(d));
}

/*
 * A well-formed Put: two items at arena 0 and 16, their names at 32
 * ("ab") and 40 ("cdefgh"), their values at 48 (2) and 56 (1); u.s at 64.
 */
static void build_put(FIXTURE_DATA(lay) *self)
{
	uint32_t tag = 1;

	memset(self->arena, 0x55, sizeof(self->arena));
	put_ptr(self->arena + 0, 32, 3);
	put_ptr(self->arena + 8, 48, 8);
	put_ptr(self->arena + 16, 40, 7);
	put_ptr(self->arena + 24, 56, 4);
	memcpy(self->arena + 32, "ab", 3);
	memcpy(self->arena + 40, "cdefgh", 7);
	memcpy(self->arena + 64, "xyz", 4);
	memset(self->ch.req.cpart, 0, 64);
	put_ptr(self->ch.req.cpart + 24, 0, 32);
	memcpy(self->ch.req.cpart + 32, &tag, 4);
	put_ptr(self->ch.req.cpart + 36, 64, 4);
}

static int call_put(FIXTURE_DATA(lay) *self)
{
	struct nkipc_msg_hdr *h = (struct nkipc_msg_hdr *)self->ch.req.cpart;

	h->riid = PT_RIID_ECHO;
	h->mid = PT_MID_PUT;
	h->size = 48;
	h->arena_size = 68;
	memcpy(self->ch.req.arena, self->arena, 68);
	self->ch.req.len = 48;
	self->ch.req.arena_len = 68;
	return nkt_call(self->ch.cli, &self->ch.req, &self->ch.res, 5 * NKT_SEC);
}

TEST_F(lay, well_formed_nested_message_passes)
{
	uint32_t tag = 0;

	build_put(self);
	EXPECT_EQ(0, call_put(self));
	/* u.n: the member with nothing to check */
	build_put(self);
	memcpy(self->ch.req.cpart + 32, &tag, 4);
	EXPECT_EQ(0, call_put(self));
	EXPECT_EQ(2, atomic_load(&self->ch.srv.received));
}

/* `nkpolicy show -j` gives the loaded layout back in nkc's terms */
TEST_F(lay, show_gives_the_model_back)
{
	const char *argv[] = { "show", "-j", NULL };
	static char out[1 << 16];

	ASSERT_EQ(0, pt_nkpolicy_run(out, sizeof(out), argv));
	/* Put's request: the sequence of Item (struct), the union U */
	EXPECT_NE(NULL, strstr(out, "\"mid\": 1, \"dir\": \"request\", \"layout\": "
			       "{\"const_size\": 48, \"alt_size\": 0"));
	EXPECT_NE(NULL, strstr(out, "{\"kind\": 6, \"size\": 16, \"align\": 4"));
	EXPECT_NE(NULL, strstr(out, "{\"kind\": 7, \"size\": 12, \"align\": 4"));
	EXPECT_NE(NULL, strstr(out, "{\"offset\": 4, \"type\": 65535}"));
}

TEST_F(lay, nested_chunk_outside_arena_denied)
{
	build_put(self);
	put_ptr(self->arena + 16, 60, 9);	/* items[1].name ends past 68 */
	EXPECT_EQ(-EBADMSG, call_put(self));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

TEST_F(lay, bad_union_tag_denied)
{
	uint32_t tag = 2;

	build_put(self);
	memcpy(self->ch.req.cpart + 32, &tag, 4);
	EXPECT_EQ(-EBADMSG, call_put(self));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

TEST_F(lay, nested_string_without_nul_denied)
{
	build_put(self);
	self->arena[46] = 'i';	/* items[1].name "cdefghi" without its NUL */
	EXPECT_EQ(-EBADMSG, call_put(self));
	build_put(self);
	self->arena[67] = '!';	/* u.s, in the union's member */
	EXPECT_EQ(-EBADMSG, call_put(self));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

TEST_F(lay, sequence_over_bound_in_struct_in_sequence_denied)
{
	build_put(self);
	put_ptr(self->arena + 8, 44, 12);	/* items[0].vals: 3 > 2 */
	EXPECT_EQ(-EBADMSG, call_put(self));
	build_put(self);
	put_ptr(self->arena + 8, 50, 4);	/* misaligned UInt32s */
	EXPECT_EQ(-EBADMSG, call_put(self));
	EXPECT_EQ(0, atomic_load(&self->ch.srv.received));
}

/* ---- hostile models over raw netlink -------------------------------- */

FIXTURE(model) {
	struct nl_sock *sk;
	int family;
	uint64_t gen;
};

FIXTURE_SETUP(model)
{
	self->sk = pt_nl_open(&self->family);
	ASSERT_NE(NULL, self->sk);
	self->gen = pt_nl_begin(self->sk, self->family);
	ASSERT_NE(0, self->gen);
}

FIXTURE_TEARDOWN(model)
{
	nl_socket_free(self->sk);
	pt_unload();
}

/* LOAD_ADD of one layout for test.Echo Put; 0 or -errno. */
static int add_layout(FIXTURE_DATA(model) *self, const struct nkipc_lmsg *msg,
		      const void *types, size_t types_len, const void *fields,
		      size_t fields_len)
{
	struct nl_msg *m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_ADD);
	struct nlattr *ls, *l;

	nla_put_u64(m, NKIPC_A_GENERATION, self->gen);
	ls = nla_nest_start(m, NKIPC_A_LAYOUTS);
	l = nla_nest_start(m, 1);
	nla_put_string(m, NKIPC_LAYOUT_A_IFACE, "test.Echo");
	nla_put_u32(m, NKIPC_LAYOUT_A_MID, PT_MID_PUT);
	nla_put_u8(m, NKIPC_LAYOUT_A_DIR, NKIPC_LAYOUT_REQUEST);
	nla_put(m, NKIPC_LAYOUT_A_MSG, sizeof(*msg), msg);
	if (types_len)
		nla_put(m, NKIPC_LAYOUT_A_TYPES, (int)types_len, types);
	if (fields_len)
		nla_put(m, NKIPC_LAYOUT_A_FIELDS, (int)fields_len, fields);
	nla_nest_end(m, l);
	nla_nest_end(m, ls);
	return pt_nl_send(self->sk, m);
}

static const struct nkipc_lmsg msg48 = { 48, 0, 0, 1, 0 };

TEST_F(model, valid_model_accepted)
{
	struct nkipc_ltype t[2] = {
		{ 8, 8, 0, 0, 0, NKIPC_LT_STRING, 4 },
		{ 8, 3, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },
	};
	struct nkipc_lfield f[1] = { { 24, 1, 0 } };
	struct nl_msg *m;

	EXPECT_EQ(0, add_layout(self, &msg48, t, sizeof(t), f, sizeof(f)));
	m = pt_nl_msg(self->family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, self->gen);
	EXPECT_EQ(0, pt_nl_send(self->sk, m));
}

TEST_F(model, cycle_refused)
{
	/* a sequence of itself; then a struct holding itself */
	struct nkipc_ltype t[2] = {
		{ 8, 3, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },
	};
	struct nkipc_lfield f[2] = { { 24, 0, 0 } };

	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t[0]), f, sizeof(f[0])));
	self->gen = pt_nl_begin(self->sk, self->family);
	t[0] = (struct nkipc_ltype){ 8, 0, 0, 1, 1, NKIPC_LT_STRUCT, 4 };
	f[1] = (struct nkipc_lfield){ 0, 0, 0 };
	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t[0]), f, sizeof(f)));
}

TEST_F(model, out_of_range_index_refused)
{
	struct nkipc_ltype t[1] = { { 8, 8, 0, 0, 0, NKIPC_LT_STRING, 4 } };
	struct nkipc_lfield f[1] = { { 24, 5, 0 } };
	struct nkipc_lmsg far = { 48, 0, 3, 1, 0 };

	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t), f, sizeof(f)));
	self->gen = pt_nl_begin(self->sk, self->family);
	f[0].type = 0;
	EXPECT_EQ(-EINVAL, add_layout(self, &far, t, sizeof(t), f, sizeof(f)));
	/* a field outside the constant part */
	self->gen = pt_nl_begin(self->sk, self->family);
	f[0].offset = 44;
	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t), f, sizeof(f)));
}

TEST_F(model, huge_bound_and_bad_arrays_refused)
{
	struct nkipc_ltype t[2] = {
		{ 8, 0xffffffffu, 0, 0, 0, NKIPC_LT_STRING, 4 },
		{ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 },
	};
	struct nkipc_lfield f[1] = { { 24, 0, 0 } };

	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t), f, sizeof(f)));
	/* an array of 2^30 elements in 8 bytes */
	self->gen = pt_nl_begin(self->sk, self->family);
	t[0] = (struct nkipc_ltype){ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 };
	t[1] = (struct nkipc_ltype){ 8, 1u << 30, 0, 0, 0, NKIPC_LT_ARRAY, 4 };
	f[0].type = 1;
	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t), f, sizeof(f)));
	/* arrays that are not whole elements; more types than allowed */
	self->gen = pt_nl_begin(self->sk, self->family);
	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t) - 3, f, sizeof(f)));
	self->gen = pt_nl_begin(self->sk, self->family);
	{
		size_t n = NKIPC_LAYOUT_MAX_TYPES + 1;
		struct nkipc_ltype *many = calloc(n, sizeof(*many));

		ASSERT_NE(NULL, many);
		/* the nla_policy's length limit */
		EXPECT_EQ(-ERANGE, add_layout(self, &msg48, many, n * sizeof(*many), f,
					      sizeof(f)));
		free(many);
	}
}

TEST_F(model, deep_nesting_refused)
{
	struct nkipc_ltype t[NKIPC_LAYOUT_MAX_DEPTH + 1];
	struct nkipc_lfield f[1] = { { 24, NKIPC_LAYOUT_MAX_DEPTH, 0 } };
	int i;

	t[0] = (struct nkipc_ltype){ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 };
	for (i = 1; i <= NKIPC_LAYOUT_MAX_DEPTH; i++)
		t[i] = (struct nkipc_ltype){ 4, 1, (uint16_t)(i - 1), 0, 0, NKIPC_LT_ARRAY, 4 };
	EXPECT_EQ(-EINVAL, add_layout(self, &msg48, t, sizeof(t), f, sizeof(f)));
	/* one level less is fine */
	self->gen = pt_nl_begin(self->sk, self->family);
	f[0].type = NKIPC_LAYOUT_MAX_DEPTH - 1;
	EXPECT_EQ(0, add_layout(self, &msg48, t, sizeof(t) - sizeof(t[0]), f, sizeof(f)));
}

TEST_HARNESS_MAIN
