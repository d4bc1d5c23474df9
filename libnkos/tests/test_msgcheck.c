// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_msgcheck.c - the one structure check (uapi linux/nkipc_layout.h,
 * through nk/msgcheck.h) and the layout validator the kernel runs at
 * load, on hand-built layouts: nested chunks, union tags, strings,
 * bounds inside sequences, bounded work, hostile models.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nk/msgcheck.h>

#include "suites.h"

/*
 * struct Item { string<8> name; sequence<UInt32, 2> vals; }	(16 bytes)
 * union U { UInt32 n; string<8> s; }				(12 bytes)
 * request(sequence<Item, 3> items, U u): 24 + 8 + 12 -> 48 bytes
 */
static const struct nkipc_ltype types[] = {
	{ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 },		/* 0 UInt32 */
	{ 8, 8, 0, 0, 0, NKIPC_LT_STRING, 4 },		/* 1 string<8> */
	{ 8, 2, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },	/* 2 sequence<UInt32, 2> */
	{ 16, 0, 0, 0, 2, NKIPC_LT_STRUCT, 4 },		/* 3 Item */
	{ 8, 3, 3, 0, 0, NKIPC_LT_SEQUENCE, 4 },	/* 4 sequence<Item, 3> */
	{ 12, 0, 0, 2, 2, NKIPC_LT_UNION, 4 },		/* 5 U */
};
static const struct nkipc_lfield fields[] = {
	{ 0, 1, 0 },			/* Item.name */
	{ 8, 2, 0 },			/* Item.vals */
	{ 4, NKIPC_LTYPE_NONE, 0 },	/* U.n */
	{ 4, 1, 0 },			/* U.s */
	{ 24, 4, 0 },			/* items */
	{ 32, 5, 0 },			/* u */
};
static const struct nk_check_msg req_check = { { 48, 0, 4, 2, 0 }, types, fields };

static _Alignas(8) unsigned char msg[48];
static _Alignas(8) char arena_buf[256];
static struct nk_arena arena;

static void put_ptr(void *at, uint32_t off, uint32_t size)
{
	nk_ptr_t p = { .offset = off, .size = size };

	memcpy(at, &p, sizeof(p));
}

static void put_u32(void *at, uint32_t v)
{
	memcpy(at, &v, sizeof(v));
}

/*
 * A well-formed request: two items at arena 0 and 16, their names at 32
 * ("ab") and 40 ("cdefgh"), their values at 48 (2) and 56 (1); u.s at 64.
 */
static void build(void)
{
	struct nk_message *m = (struct nk_message *)msg;

	memset(msg, 0, sizeof(msg));
	memset(arena_buf, 0x55, sizeof(arena_buf));
	m->size = sizeof(msg);
	put_ptr(msg + 24, 0, 32);
	put_ptr(arena_buf + 0, 32, 3);
	put_ptr(arena_buf + 8, 48, 8);
	put_ptr(arena_buf + 16, 40, 7);
	put_ptr(arena_buf + 24, 56, 4);
	memcpy(arena_buf + 32, "ab", 3);
	memcpy(arena_buf + 40, "cdefgh", 7);
	put_u32(msg + 32, 1);
	put_ptr(msg + 36, 64, 4);
	memcpy(arena_buf + 64, "xyz", 4);
	nk_arena_init(&arena, arena_buf, arena_buf + sizeof(arena_buf));
	arena.current = arena_buf + 68;
}

/* The check's verdict and reason, as the kernel would give it. */
static const char *why(void)
{
	struct nk_check_mem mem = { msg, sizeof(msg), (const nk_uint8_t *)arena_buf };
	struct nkipc_lcheck c = { types, fields, 0, 0, &mem, NK_NULL };

	if (!nkipc_layout_check(&c, &req_check.msg, ((struct nk_message *)msg)->size,
				(uint32_t)(arena.current - arena.start)))
		return NK_NULL;
	return c.why;
}

START_TEST(well_formed_passes)
{
	build();
	ck_assert_int_eq(0, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	ck_assert_ptr_null(why());
	put_u32(msg + 32, 0);	/* u.n: nothing to check in its body */
	ck_assert_int_eq(0, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
}
END_TEST

START_TEST(constant_part_size)
{
	build();
	((struct nk_message *)msg)->size = 40;
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
}
END_TEST

START_TEST(nested_chunk_outside_arena)
{
	build();
	put_ptr(arena_buf + 16, 60, 9);	/* items[1].name: 60 + 9 > 68 used */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	ck_assert_str_eq("malformed: arena chunk outside the arena", why());
}
END_TEST

START_TEST(bad_union_tag)
{
	build();
	put_u32(msg + 32, 2);
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	ck_assert_str_eq("malformed: union tag names no member", why());
}
END_TEST

START_TEST(nested_string_without_nul)
{
	build();
	arena_buf[46] = 'i';	/* items[1].name "cdefghi" without its NUL */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	ck_assert_str_eq("malformed: string not NUL-terminated", why());
	build();
	arena_buf[67] = '!';	/* u.s */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
}
END_TEST

START_TEST(sequence_over_bound_in_struct_in_sequence)
{
	build();
	put_ptr(arena_buf + 8, 44, 12);	/* items[0].vals: 3 > 2 elements */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	ck_assert_str_eq("malformed: sequence longer than its bound", why());
	build();
	put_ptr(arena_buf + 8, 50, 4);	/* misaligned */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	build();
	put_ptr(msg + 24, 0, 48);	/* 3 items: the third is the names' bytes */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
	build();
	put_ptr(msg + 24, 0, 64);	/* 4 items > 3 */
	ck_assert_int_eq(-1, nk_check_message(&req_check, (struct nk_message *)msg, &arena));
}
END_TEST

/*
 * Chunks that all overlap: 64 descriptors pointing at themselves, three
 * sequence levels deep, would be 64^3 values to visit; the check stops at
 * its budget (2 * the message's bytes + 64) at once.
 */
START_TEST(overlapping_chunks_bounded)
{
	static const struct nkipc_ltype t[] = {
		{ 8, 1024, 0, 0, 0, NKIPC_LT_STRING, 4 },	/* 0 */
		{ 8, 64, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },	/* 1 of 0 */
		{ 8, 64, 1, 0, 0, NKIPC_LT_SEQUENCE, 4 },	/* 2 of 1 */
		{ 8, 64, 2, 0, 0, NKIPC_LT_SEQUENCE, 4 },	/* 3 of 2 */
	};
	static const struct nkipc_lfield f[] = { { 24, 3, 0 } };
	static const struct nk_check_msg l = { { 32, 0, 0, 1, 0 }, t, f };
	static _Alignas(8) char big[64 * 8 + 8];
	static _Alignas(8) unsigned char m32[32];
	struct nk_check_mem mem = { m32, 32, (const nk_uint8_t *)big };
	struct nkipc_lcheck c = { t, f, 0, 0, &mem, NK_NULL };
	struct nk_arena a;
	clock_t start = clock();
	int i;

	for (i = 0; i < 64; i++)
		put_ptr(big + 8 * i, 0, 64 * 8);
	memset(m32, 0, sizeof(m32));
	((struct nk_message *)m32)->size = 32;
	put_ptr(m32 + 24, 0, 64 * 8);
	nk_arena_init(&a, big, big + sizeof(big));
	a.current = big + 64 * 8;
	ck_assert_int_eq(-1, nk_check_message(&l, (struct nk_message *)m32, &a));
	ck_assert_int_eq(-1, nkipc_layout_check(&c, &l.msg, 32, 64 * 8));
	ck_assert_str_eq("malformed: too many values to check", c.why);
	ck_assert((clock() - start) / (CLOCKS_PER_SEC / 10) == 0);	/* < 0.1 s */
	/* overlapping but one element each: 1 + 3 * 64 values, within budget */
	put_ptr(big, 0, 8);
	for (i = 1; i < 64; i++)
		put_ptr(big + 8 * i, 0, 8);
	ck_assert_int_eq(0, nkipc_layout_check(&c, &l.msg, 32, 64 * 8));
}
END_TEST

static const char *validate(const struct nkipc_lmsg *m, const struct nkipc_ltype *t,
			    uint32_t nt, const struct nkipc_lfield *f, uint32_t nf)
{
	uint8_t depth[NKIPC_LAYOUT_MAX_TYPES];
	const char *w = NK_NULL;

	return nkipc_layout_validate(m, t, nt, f, nf, depth, &w) ? w : NK_NULL;
}

/*
 * Well-formed but with more checked values than NKIPC_LAYOUT_MAX_VISITS
 * (the kernel's bound on work under rcu_read_lock()): a sequence of
 * strings that all name one shared NUL byte.  One value fewer passes.
 */
START_TEST(visits_capped_whatever_the_size)
{
	static const struct nkipc_ltype t[] = {
		{ 8, 16, 0, 0, 0, NKIPC_LT_STRING, 4 },			/* 0 */
		{ 8, 1U << 20, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },		/* 1 of 0 */
	};
	static const struct nkipc_lfield f[] = { { 24, 1, 0 } };
	static const struct nk_check_msg l = { { 32, 0, 0, 1, 0 }, t, f };
	const uint32_t n = NKIPC_LAYOUT_MAX_VISITS;	/* strings + the sequence */
	const uint32_t alen = n * 8 + 8;
	static _Alignas(8) unsigned char m32[32];
	char *big = aligned_alloc(8, alen);
	struct nk_check_mem mem = { m32, 32, (const nk_uint8_t *)big };
	struct nkipc_lcheck c = { t, f, 0, 0, &mem, NK_NULL };
	uint32_t i;

	ck_assert_ptr_nonnull(big);
	memset(big, 0, alen);
	for (i = 0; i < n; i++)
		put_ptr(big + 8 * i, n * 8, 1);	/* "" at the end */
	memset(m32, 0, sizeof(m32));
	((struct nk_message *)m32)->size = 32;
	put_ptr(m32 + 24, 0, n * 8);
	ck_assert_int_eq(-1, nkipc_layout_check(&c, &l.msg, 32, alen));
	ck_assert_str_eq("malformed: too many values to check", c.why);
	put_ptr(m32 + 24, 0, (n - 1) * 8);
	ck_assert_int_eq(0, nkipc_layout_check(&c, &l.msg, 32, alen));
	free(big);
}
END_TEST

/*
 * Two sequence<Handle> fields whose chunks overlap: the check allows it,
 * but a receiver taking the handles would write two into one field and
 * lose the first (an fd leaked per message a hostile peer sends).
 */
START_TEST(overlapping_handle_chunks_refused)
{
	static const struct nkipc_ltype t[] = {
		{ 8, 0, 0, 0, 0, NKIPC_LT_HANDLE, 4 },		/* 0 */
		{ 8, 4, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },	/* 1 of 0 */
	};
	static const struct nkipc_lfield f[] = { { 24, 1, 0 }, { 32, 1, 0 } };
	static const struct nk_check_msg l = { { 40, 0, 0, 2, 0 }, t, f };
	static _Alignas(8) unsigned char m40[40];
	static _Alignas(8) char ab[16];
	nk_handle_desc_t d = nk_handle_desc(3, 1);
	struct nk_handle_walk w = { .clear = 0 };
	struct nk_arena a;

	memset(m40, 0, sizeof(m40));
	((struct nk_message *)m40)->size = 40;
	memcpy(ab, &d, sizeof(d));
	memcpy(ab + 8, &d, sizeof(d));
	nk_arena_init(&a, ab, ab + sizeof(ab));
	a.current = ab + 16;
	/* apart: two handles */
	put_ptr(m40 + 24, 0, 8);
	put_ptr(m40 + 32, 8, 8);
	ck_assert_int_eq(0, nk_check_message(&l, (struct nk_message *)m40, &a));
	ck_assert_int_eq(2, nk_msg_walk_handles(&l, (struct nk_message *)m40, &a, &w));
	/* one chunk named twice */
	put_ptr(m40 + 32, 0, 8);
	ck_assert_int_eq(0, nk_check_message(&l, (struct nk_message *)m40, &a));
	ck_assert_int_eq(-1, nk_msg_walk_handles(&l, (struct nk_message *)m40, &a, &w));
}
END_TEST

START_TEST(validator_accepts_nkc_shapes)
{
	ck_assert_ptr_null(validate(&req_check.msg, types, 6, fields, 6));
}
END_TEST

START_TEST(validator_refuses_hostile_models)
{
	struct nkipc_ltype t[NKIPC_LAYOUT_MAX_DEPTH + 2];
	struct nkipc_lfield f[2] = { { 24, 1, 0 }, { 0, 0, 0 } };
	struct nkipc_lmsg m = { 32, 0, 0, 1, 0 };
	int i;

	memset(t, 0, sizeof(t));
	/* a cycle: a sequence of itself, or of a later type */
	t[0] = (struct nkipc_ltype){ 8, 4, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 };
	t[1] = (struct nkipc_ltype){ 8, 4, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 };
	ck_assert_str_eq("layout: element type not an earlier type", validate(&m, t, 2, f, 1));
	t[0] = (struct nkipc_ltype){ 8, 4, 1, 0, 0, NKIPC_LT_SEQUENCE, 4 };
	ck_assert_str_eq("layout: element type not an earlier type", validate(&m, t, 2, f, 1));
	/* a struct whose field is itself */
	t[0] = (struct nkipc_ltype){ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 };
	t[1] = (struct nkipc_ltype){ 8, 0, 0, 1, 1, NKIPC_LT_STRUCT, 4 };
	f[1] = (struct nkipc_lfield){ 0, 1, 0 };
	ck_assert_str_eq("layout: field type not an earlier type", validate(&m, t, 2, f, 2));
	/* an unchecked field in a struct (its visits would cost no budget) */
	f[1] = (struct nkipc_lfield){ 0, NKIPC_LTYPE_NONE, 0 };
	ck_assert_str_eq("layout: unchecked field in a struct", validate(&m, t, 2, f, 2));
	/* three structs sharing one field: more fields owned than there are */
	t[1] = (struct nkipc_ltype){ 8, 0, 0, 1, 1, NKIPC_LT_STRUCT, 4 };
	t[2] = t[1];
	t[3] = t[1];
	f[1] = (struct nkipc_lfield){ 0, 0, 0 };
	ck_assert_str_eq("layout: more struct and union fields than fields",
			 validate(&m, t, 4, f, 2));
	/* indices out of range: root field type, field list, element */
	f[0].type = 7;
	ck_assert_str_eq("layout: root field type out of range", validate(&m, t, 1, f, 1));
	f[0].type = 0;
	t[1] = (struct nkipc_ltype){ 8, 0, 0, 1, 5, NKIPC_LT_STRUCT, 4 };
	ck_assert_str_eq("layout: field list out of range", validate(&m, t, 2, f, 2));
	m.first = 1;
	m.n_fields = 2;
	ck_assert_str_eq("layout: root field list out of range", validate(&m, t, 1, f, 2));
	m.first = 0;
	m.n_fields = 1;
	/* huge bound; an array larger than its size; a root field outside */
	t[0] = (struct nkipc_ltype){ 8, 0xffffffffu, 0, 0, 0, NKIPC_LT_STRING, 4 };
	ck_assert_str_eq("layout: bound too large", validate(&m, t, 1, f, 1));
	t[0] = (struct nkipc_ltype){ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 };
	t[1] = (struct nkipc_ltype){ 8, 1000000, 0, 0, 0, NKIPC_LT_ARRAY, 4 };
	f[0].type = 1;
	ck_assert_str_eq("layout: array larger than its type", validate(&m, t, 2, f, 1));
	t[1] = (struct nkipc_ltype){ 8, 4, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 };
	f[0].offset = 28;
	ck_assert_str_eq("layout: root field outside the constant part",
			 validate(&m, t, 2, f, 1));
	f[0].offset = 24;
	ck_assert_ptr_null(validate(&m, t, 2, f, 1));
	/* alignment, sizes, descriptor size */
	t[0].align = 3;
	ck_assert_str_eq("layout: bad type kind, size or alignment", validate(&m, t, 2, f, 1));
	t[0].align = 4;
	t[1].size = 16;
	ck_assert_str_eq("layout: a handle or chunk descriptor is 8 bytes",
			 validate(&m, t, 2, f, 1));
	/* nesting: one array per level, NKIPC_LAYOUT_MAX_DEPTH + 1 levels */
	t[0] = (struct nkipc_ltype){ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 };
	for (i = 1; i <= NKIPC_LAYOUT_MAX_DEPTH; i++)
		t[i] = (struct nkipc_ltype){ 4, 1, (uint16_t)(i - 1), 0, 0, NKIPC_LT_ARRAY, 4 };
	f[0].type = NKIPC_LAYOUT_MAX_DEPTH - 1;
	ck_assert_ptr_null(validate(&m, t, NKIPC_LAYOUT_MAX_DEPTH, f, 1));
	f[0].type = NKIPC_LAYOUT_MAX_DEPTH;
	ck_assert_str_eq("layout: nested too deep",
			 validate(&m, t, NKIPC_LAYOUT_MAX_DEPTH + 1, f, 1));
	/*
	 * root fields that are a struct's fields too: a copy of the message's
	 * graph (nkpolicy's, edl.c) would need more entries than the layout
	 * has fields; a reserved root field
	 */
	{
		static const struct nkipc_ltype ot[] = {
			{ 8, 0, 0, 0, 0, NKIPC_LT_SCALAR, 8 },
			{ 8, 0, 0, 0, 2, NKIPC_LT_STRUCT, 8 },
		};
		struct nkipc_lfield of[] = { { 0, 0, 0 }, { 0, 0, 0 }, { 24, 1, 0 }, { 24, 1, 0 } };
		struct nkipc_lmsg om = { 32, 0, 0, 4, 0 };

		ck_assert_str_eq("layout: more struct, union and root fields than fields",
				 validate(&om, ot, 2, of, 4));
		om = (struct nkipc_lmsg){ 32, 0, 2, 1, 0 };
		ck_assert_ptr_null(validate(&om, ot, 2, of, 4));
		of[2].reserved = 1;
		ck_assert_str_eq("layout: reserved field not zero", validate(&om, ot, 2, of, 4));
	}
	/* counts */
	ck_assert_str_eq("layout: too many types or fields",
			 validate(&m, t, NKIPC_LAYOUT_MAX_TYPES + 1, f, 1));
}
END_TEST

Suite *msgcheck_suite(void)
{
	Suite *s = suite_create("msgcheck");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, well_formed_passes);
	tcase_add_test(tc, constant_part_size);
	tcase_add_test(tc, nested_chunk_outside_arena);
	tcase_add_test(tc, bad_union_tag);
	tcase_add_test(tc, nested_string_without_nul);
	tcase_add_test(tc, sequence_over_bound_in_struct_in_sequence);
	tcase_add_test(tc, overlapping_chunks_bounded);
	tcase_add_test(tc, visits_capped_whatever_the_size);
	tcase_add_test(tc, overlapping_handle_chunks_refused);
	tcase_add_test(tc, validator_accepts_nkc_shapes);
	tcase_add_test(tc, validator_refuses_hostile_models);
	suite_add_tcase(s, tc);
	return s;
}
