// SPDX-License-Identifier: LGPL-2.1-or-later
/* test_arena.c - the arena API of nk/arena.h, corner by corner. */
#include <stdint.h>
#include <string.h>

#include <nk/arena.h>

#include "suites.h"

static _Alignas(8) char buf[64];

START_TEST(initializer_and_init)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	struct nk_arena b;
	nk_arena c;

	ck_assert_ptr_eq(a.start, buf);
	ck_assert_ptr_eq(a.current, buf);
	ck_assert_ptr_eq(a.end, buf + sizeof(buf));
	ck_assert_uint_eq(nk_arena_capacity(&a), 64);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 0);

	nk_arena_init(&b, buf, buf + 10);
	ck_assert_ptr_eq(b.start, buf);
	ck_assert_ptr_eq(b.current, buf);
	ck_assert_uint_eq(nk_arena_capacity(&b), 10);
	nk_arena_init(NK_NULL, buf, buf);	/* no crash */

	c = nk_arena_create(buf, 24);
	ck_assert_ptr_eq(c.start, buf);
	ck_assert_ptr_eq(c.current, buf);
	ck_assert_ptr_eq(c.end, buf + 24);
}
END_TEST

START_TEST(null_arena_sizes)
{
	ck_assert_uint_eq(nk_arena_capacity(NK_NULL), 0);
	ck_assert_uint_eq(nk_arena_allocated_size(NK_NULL), 0);
	nk_arena_reset(NK_NULL);
}
END_TEST

START_TEST(auto_arena)
{
	struct nk_arena a = NK_ARENA_AUTO(40);
	struct nk_arena b = NK_ARENA_AUTO(8);
	nk_ptr_t p;
	nk_uint64_t *v;

	ck_assert_uint_eq(nk_arena_capacity(&a), 40);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 0);
	ck_assert_uint_eq((uintptr_t)a.start % 8, 0);
	ck_assert_ptr_ne(a.start, b.start);
	v = nk_arena_alloc(nk_uint64_t, &a, &p, 5);
	ck_assert_ptr_nonnull(v);
	v[4] = 7;	/* the whole buffer is usable */
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 40);
}
END_TEST

START_TEST(final_const_source)
{
	const char *cstr = "example";
	nk_ptr_t ptr;
	nk_arena arena = NK_ARENA_FINAL(&ptr, cstr, strlen(cstr));
	nk_size_t n;
	const char *s;

	ck_assert_uint_eq(ptr.offset, 0);
	ck_assert_uint_eq(ptr.size, 7);
	ck_assert_uint_eq(nk_arena_capacity(&arena), 7);
	ck_assert_uint_eq(nk_arena_allocated_size(&arena), 7);
	s = nk_arena_get(char, &arena, &ptr, &n);
	ck_assert_ptr_eq(s, cstr);
	ck_assert_uint_eq(n, 7);
	/* one segment spanning the whole arena: nothing more fits */
	ck_assert_ptr_null(nk_arena_alloc(char, &arena, &ptr, 1));
}
END_TEST

START_TEST(final_typed_and_init_final)
{
	static const nk_uint32_t words[3] = { 1, 2, 3 };
	struct nk_arena a;
	nk_ptr_t p;
	nk_uint32_t n;
	const nk_uint32_t *w;

	nk_arena_init_final(&a, &p, words, 3);
	ck_assert_uint_eq(p.offset, 0);
	ck_assert_uint_eq(p.size, 12);
	ck_assert_uint_eq(nk_arena_capacity(&a), 12);
	w = nk_arena_get(nk_uint32_t, &a, &p, &n);
	ck_assert_ptr_eq(w, words);
	ck_assert_uint_eq(n, 3);
}
END_TEST

START_TEST(final_overflow_is_empty)
{
	nk_ptr_t p = { 5, 5 };
	struct nk_arena a = NK_ARENA_FINAL(&p, (const nk_uint64_t *)buf,
					   (nk_size_t)1 << 61);

	ck_assert_uint_eq(p.offset, 0);
	ck_assert_uint_eq(p.size, 0);
	ck_assert_uint_eq(nk_arena_capacity(&a), 0);
}
END_TEST

START_TEST(reset_forgets_chunks)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	nk_ptr_t p;

	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 10, 1), NK_EOK);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 10);
	nk_arena_reset(&a);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 0);
	ck_assert_uint_eq(nk_arena_capacity(&a), 64);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 3, 1), NK_EOK);
	ck_assert_uint_eq(p.offset, 0);
}
END_TEST

START_TEST(alloc_alignment_gaps)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	nk_ptr_t p;

	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 1, 1), NK_EOK);
	ck_assert_uint_eq(p.offset, 0);
	ck_assert_uint_eq(p.size, 1);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 4, 4), NK_EOK);
	ck_assert_uint_eq(p.offset, 4);	/* gap of 3 */
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 2, 2), NK_EOK);
	ck_assert_uint_eq(p.offset, 8);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 8, 8), NK_EOK);
	ck_assert_uint_eq(p.offset, 16);	/* gap of 6 */
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 24);
	/* the used part includes the gaps */
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 1, 1), NK_EOK);
	ck_assert_uint_eq(p.offset, 24);
}
END_TEST

/*
 * A reused arena sends nothing of an earlier message: gaps and allocated
 * chunks come zeroed; a store fills its chunk and zeroes its gap.
 */
START_TEST(reused_arena_is_zeroed)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	static const char one = 'x', four[4] = "\xaa\xaa\xaa\xaa";
	nk_ptr_t p;
	unsigned int i;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(__nk_arena_store(&a, &p, &one, 1, 1), 0);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 8, 8), NK_EOK);
	ck_assert_int_eq(__nk_arena_store(&a, &p, &one, 1, 1), 0);
	ck_assert_int_eq(__nk_arena_store(&a, &p, four, 4, 4), 0);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 24);
	ck_assert_int_eq(buf[0], 'x');
	ck_assert_int_eq(buf[16], 'x');
	for (i = 1; i < 20; i++)
		if (i != 16)
			ck_assert_int_eq(buf[i], 0);
	for (i = 20; i < 24; i++)
		ck_assert_int_eq((unsigned char)buf[i], 0xaa);	/* stored */
}
END_TEST

START_TEST(typed_alloc_aligns_to_type)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	nk_ptr_t p;
	char *c;
	nk_uint16_t *h;
	nk_uint32_t *w;
	nk_uint64_t *d;
	nk_ptr_t *pp;

	c = nk_arena_alloc(char, &a, &p, 3);
	ck_assert_ptr_eq(c, buf);
	h = nk_arena_alloc(nk_uint16_t, &a, &p, 1);
	ck_assert_ptr_eq(h, buf + 4);
	ck_assert_uint_eq(p.offset, 4);
	ck_assert_uint_eq(p.size, 2);
	w = nk_arena_alloc(nk_uint32_t, &a, &p, 2);
	ck_assert_ptr_eq(w, buf + 8);
	ck_assert_uint_eq(p.size, 8);
	c = nk_arena_alloc(char, &a, &p, 1);
	ck_assert_uint_eq(p.offset, 16);
	d = nk_arena_alloc(nk_uint64_t, &a, &p, 1);
	ck_assert_uint_eq(p.offset, 24);
	ck_assert_ptr_eq(d, buf + 24);
	c = nk_arena_alloc(char, &a, &p, 1);
	pp = nk_arena_alloc(nk_ptr_t, &a, &p, 2);
	ck_assert_uint_eq(p.offset, 36);	/* nk_ptr_t: 4-aligned */
	ck_assert_ptr_eq(pp, (void *)(buf + 36));
	(void)c;
}
END_TEST

START_TEST(unaligned_start_aligns_addresses)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf + 1, buf + sizeof(buf));
	nk_ptr_t p;
	nk_uint32_t *w = nk_arena_alloc(nk_uint32_t, &a, &p, 1);

	ck_assert_ptr_eq(w, buf + 4);
	ck_assert_uint_eq(p.offset, 3);
}
END_TEST

START_TEST(alloc_bad_arguments)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	struct nk_arena bad = { buf + 8, buf + 40, buf + 16 };
	nk_ptr_t p;

	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 1, 0), NK_EINVAL);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 1, 3), NK_EINVAL);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 1, 12), NK_EINVAL);
	ck_assert_int_eq(__nk_arena_alloc(NK_NULL, &p, 1, 1), NK_EINVAL);
	ck_assert_int_eq(__nk_arena_alloc(&a, NK_NULL, 1, 1), NK_EINVAL);
	ck_assert_int_eq(__nk_arena_alloc(&bad, &p, 1, 1), NK_EINVAL);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 0);
	ck_assert_uint_eq(nk_arena_capacity(&bad), 0);
	ck_assert_ptr_null(nk_arena_alloc(char, NK_NULL, &p, 1));
}
END_TEST

START_TEST(full_arena)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 16);
	nk_ptr_t p, q = { 77, 77 };

	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 13, 1), NK_EOK);
	/* 3 bytes left, but a 4-aligned chunk would start at 16 */
	ck_assert_int_eq(__nk_arena_alloc(&a, &q, 1, 4), NK_ENOMEM);
	ck_assert_uint_eq(q.offset, 77);	/* untouched on failure */
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 13);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 4, 1), NK_ENOMEM);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 3, 1), NK_EOK);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 16);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 1, 1), NK_ENOMEM);
	/* a zero-size chunk still fits at the very end */
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, 0, 1), NK_EOK);
	ck_assert_uint_eq(p.offset, 16);
	ck_assert_uint_eq(p.size, 0);
	ck_assert_ptr_null(nk_arena_alloc(nk_uint32_t, &a, &p, 1));
	ck_assert_int_eq(nk_arena_store(char, &a, &p, "x", 1), -1);
}
END_TEST

START_TEST(alloc_count_overflow)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	nk_ptr_t p;

	ck_assert_ptr_null(nk_arena_alloc(nk_uint64_t, &a, &p,
					  SIZE_MAX / 4));
	ck_assert_int_eq(nk_arena_store(nk_uint32_t, &a, &p, buf,
					SIZE_MAX / 2), -1);
	ck_assert_int_eq(__nk_arena_alloc(&a, &p, SIZE_MAX, 1), NK_ENOMEM);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 0);
}
END_TEST

START_TEST(store_copies)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	static const nk_uint32_t words[2] = { 0xdeadbeef, 42 };
	nk_ptr_t p1, p2, p3;

	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(nk_arena_store(char, &a, &p1, "abc", 3), 0);
	ck_assert_int_eq(nk_arena_store(nk_uint32_t, &a, &p2, words, 2), 0);
	ck_assert_uint_eq(p1.offset, 0);
	ck_assert_uint_eq(p1.size, 3);
	ck_assert_uint_eq(p2.offset, 4);
	ck_assert_uint_eq(p2.size, 8);
	ck_assert_mem_eq(buf, "abc", 3);
	ck_assert_mem_eq(buf + 4, words, 8);
	ck_assert_int_eq(__nk_arena_store(&a, &p3, "zz", 2, 8), 0);
	ck_assert_uint_eq(p3.offset, 16);
	ck_assert_mem_eq(buf + 16, "zz", 2);
	/* no source for a non-empty chunk */
	ck_assert_int_eq(__nk_arena_store(&a, &p3, NK_NULL, 2, 1), -1);
	ck_assert_int_eq(__nk_arena_store(&a, &p3, NK_NULL, 0, 1), 0);
	ck_assert_uint_eq(p3.size, 0);
	ck_assert_int_eq(__nk_arena_store(&a, &p3, "q", 1, 5), -1);
}
END_TEST

START_TEST(zero_size_arena)
{
	struct nk_arena z = NK_ARENA_INITIALIZER(NK_NULL, NK_NULL);
	struct nk_arena e = NK_ARENA_INITIALIZER(buf, buf);
	nk_ptr_t p = { 0, 0 }, bad1 = { 0, 1 }, bad2 = { 1, 0 };
	nk_size_t n;

	ck_assert_uint_eq(nk_arena_capacity(&z), 0);
	ck_assert_int_eq(__nk_arena_validate(&z, &p), 0);
	ck_assert_int_eq(__nk_arena_validate(&z, &bad1), -1);
	ck_assert_int_eq(__nk_arena_validate(&z, &bad2), -1);
	ck_assert_int_eq(nk_arena_validate(nk_uint32_t, &e, &p), 0);
	ck_assert_int_eq(nk_arena_validate(char, &e, &bad1), -1);
	ck_assert_int_eq(nk_arena_validate(char, &e, &bad2), -1);
	ck_assert_int_eq(__nk_arena_alloc(&e, &p, 0, 1), NK_EOK);
	ck_assert_int_eq(__nk_arena_alloc(&e, &p, 1, 1), NK_ENOMEM);
	ck_assert_ptr_eq(__nk_arena_get(&e, &p, &n), buf);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(__nk_arena_get(&e, &bad1, &n));
}
END_TEST

START_TEST(validate_conditions)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 16);
	const struct nk_arena *ca = &a;
	nk_ptr_t p;

	p = (nk_ptr_t){ 0, 16 };
	ck_assert_int_eq(__nk_arena_validate(ca, &p), 0);
	p = (nk_ptr_t){ 16, 0 };	/* offset == size is allowed */
	ck_assert_int_eq(__nk_arena_validate(ca, &p), 0);
	p = (nk_ptr_t){ 17, 0 };	/* condition 1 */
	ck_assert_int_eq(__nk_arena_validate(ca, &p), -1);
	p = (nk_ptr_t){ 8, 9 };		/* condition 2 */
	ck_assert_int_eq(__nk_arena_validate(ca, &p), -1);
	p = (nk_ptr_t){ 8, 8 };
	ck_assert_int_eq(__nk_arena_validate(ca, &p), 0);
	p = (nk_ptr_t){ 0xffffffff, 0xffffffff };
	ck_assert_int_eq(__nk_arena_validate(ca, &p), -1);
	p = (nk_ptr_t){ 1, 0xffffffff };	/* offset + size wraps in 32 bits */
	ck_assert_int_eq(__nk_arena_validate(ca, &p), -1);
	ck_assert_int_eq(__nk_arena_validate(ca, NK_NULL), -1);
	ck_assert_int_eq(nk_arena_validate(char, ca, NK_NULL), -1);
	/* condition 3 (typed only): size a multiple of the type's size */
	p = (nk_ptr_t){ 0, 6 };
	ck_assert_int_eq(__nk_arena_validate(ca, &p), 0);
	ck_assert_int_eq(nk_arena_validate(nk_uint16_t, ca, &p), 0);
	ck_assert_int_eq(nk_arena_validate(nk_uint32_t, ca, &p), -1);
	p = (nk_ptr_t){ 4, 12 };
	ck_assert_int_eq(nk_arena_validate(nk_uint32_t, ca, &p), 0);
	ck_assert_int_eq(nk_arena_validate(nk_uint64_t, ca, &p), -1);
	/* validation is against the capacity, not the allocated part */
	ck_assert_uint_eq(nk_arena_allocated_size(ca), 0);
}
END_TEST

START_TEST(get_untyped)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 32);
	const struct nk_arena *ca = &a;
	nk_ptr_t p, hostile = { 30, 8 };
	nk_size_t n = 99;

	ck_assert_int_eq(nk_arena_store(char, &a, &p, "hello", 6), 0);
	ck_assert_ptr_eq(__nk_arena_get(ca, &p, &n), buf);
	ck_assert_uint_eq(n, 6);
	ck_assert_ptr_null(__nk_arena_get(ca, &hostile, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(__nk_arena_get(NK_NULL, &p, &n));
	ck_assert_ptr_null(__nk_arena_get(ca, NK_NULL, &n));
	ck_assert_ptr_null(__nk_arena_get(ca, &p, NK_NULL));
}
END_TEST

START_TEST(get_typed_count_types)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + sizeof(buf));
	const struct nk_arena *ca = &a;
	static const nk_uint32_t words[3] = { 1, 2, 3 };
	nk_ptr_t p, odd;
	nk_uint32_t n32 = 0;
	nk_size_t nsz = 0;
	nk_uint16_t n16 = 0;
	unsigned long long nll = 0;
	nk_uint8_t n8 = 0;
	const nk_uint32_t *w;
	const char *c;

	ck_assert_int_eq(nk_arena_store(nk_uint32_t, &a, &p, words, 3), 0);
	w = nk_arena_get(nk_uint32_t, ca, &p, &n32);
	ck_assert_ptr_eq(w, buf);
	ck_assert_uint_eq(n32, 3);
	w = nk_arena_get(nk_uint32_t, &a, &p, &nsz);
	ck_assert_uint_eq(nsz, 3);
	ck_assert_ptr_nonnull(nk_arena_get(nk_uint16_t, ca, &p, &n16));
	ck_assert_uint_eq(n16, 6);
	ck_assert_ptr_nonnull(nk_arena_get(char, ca, &p, &nll));
	ck_assert_uint_eq(nll, 12);
	ck_assert_ptr_nonnull(nk_arena_get(char, ca, &p, &n8));
	ck_assert_uint_eq(n8, 12);
	/* not a multiple of the type's size */
	ck_assert_ptr_null(nk_arena_get(nk_uint64_t, ca, &p, &nsz));
	odd = (nk_ptr_t){ 0, 3 };
	ck_assert_ptr_null(nk_arena_get(nk_uint16_t, ca, &odd, &n32));
	/* a count that does not fit its type is an error, not truncated */
	odd = (nk_ptr_t){ 0, 60 };
	n8 = 0;
	ck_assert_ptr_nonnull(nk_arena_get(char, ca, &odd, &n8));
	ck_assert_uint_eq(n8, 60);
	c = nk_arena_get(char, ca, &odd, (nk_size_t *)NK_NULL);
	ck_assert_ptr_null(c);
}
END_TEST

START_TEST(get_count_too_big_for_type)
{
	static _Alignas(8) char big[300];
	struct nk_arena a = NK_ARENA_INITIALIZER(big, big + sizeof(big));
	nk_ptr_t p = { 0, 300 };
	nk_uint8_t n8 = 7;
	nk_uint16_t n16 = 0;

	ck_assert_ptr_null(nk_arena_get(char, &a, &p, &n8));
	ck_assert_ptr_eq(nk_arena_get(char, &a, &p, &n16), big);
	ck_assert_uint_eq(n16, 300);
}
END_TEST

START_TEST(get_hostile_descriptors)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 16);
	static const nk_ptr_t hostile[] = {
		{ 16, 1 }, { 17, 0 }, { 0, 17 }, { 8, 0xfffffff9 },
		{ 0xfffffff0, 0x20 }, { 0xffffffff, 1 }, { 0x80000000, 0x80000000 },
	};
	nk_size_t n;
	unsigned int i;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		ck_assert_ptr_null(__nk_arena_get(&a, &hostile[i], &n));
		ck_assert_ptr_null(nk_arena_get(char, &a, &hostile[i], &n));
		ck_assert_int_eq(nk_arena_validate(char, &a, &hostile[i]), -1);
	}
}
END_TEST

START_TEST(shrink_last_frees_space)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 32);
	nk_ptr_t p, q;
	char *c;

	c = nk_arena_alloc(char, &a, &p, 20);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(nk_arena_shrink(char, &a, &p, 5), c);
	ck_assert_uint_eq(p.size, 5);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 5);
	ck_assert_int_eq(__nk_arena_alloc(&a, &q, 1, 1), NK_EOK);
	ck_assert_uint_eq(q.offset, 5);
	/* shrinking to nothing */
	ck_assert_ptr_eq(_nk_arena_shrink(&a, &q, 0, 1), buf + 5);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 5);
}
END_TEST

START_TEST(shrink_not_last_keeps_space)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 32);
	nk_ptr_t p, q, r;

	ck_assert_ptr_nonnull(nk_arena_alloc(nk_uint32_t, &a, &p, 2));
	ck_assert_ptr_nonnull(nk_arena_alloc(nk_uint32_t, &a, &q, 2));
	ck_assert_ptr_eq(nk_arena_shrink(nk_uint32_t, &a, &p, 1), buf);
	ck_assert_uint_eq(p.size, 4);
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 16);
	ck_assert_int_eq(__nk_arena_alloc(&a, &r, 1, 1), NK_EOK);
	ck_assert_uint_eq(r.offset, 16);
}
END_TEST

START_TEST(shrink_refusals)
{
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, buf + 32);
	nk_ptr_t c1, w, outside = { 24, 4 }, wrap = { 4, 0xfffffffe };

	ck_assert_ptr_nonnull(nk_arena_alloc(char, &a, &c1, 5));
	ck_assert_ptr_nonnull(nk_arena_alloc(nk_uint32_t, &a, &w, 2));
	/* growing is not shrinking */
	ck_assert_ptr_null(nk_arena_shrink(nk_uint32_t, &a, &w, 3));
	ck_assert_uint_eq(w.size, 8);
	/* a chunk at offset 0 of a char array shrunk as nk_uint64_t: fine
	 * (0 is aligned); at offset 8 as nk_uint64_t: aligned too; the
	 * char chunk moved to offset 1 is not */
	c1.offset = 1;
	c1.size = 4;
	ck_assert_ptr_null(nk_arena_shrink(nk_uint32_t, &a, &c1, 1));
	ck_assert_ptr_null(_nk_arena_shrink(&a, &c1, 2, 2));
	ck_assert_ptr_eq(_nk_arena_shrink(&a, &c1, 2, 1), buf + 1);
	/* descriptors outside the reserved part */
	ck_assert_ptr_null(_nk_arena_shrink(&a, &outside, 0, 1));
	ck_assert_ptr_null(_nk_arena_shrink(&a, &wrap, 0, 1));
	ck_assert_ptr_null(_nk_arena_shrink(&a, &w, 4, 3));
	ck_assert_ptr_null(_nk_arena_shrink(NK_NULL, &w, 4, 4));
	ck_assert_ptr_null(_nk_arena_shrink(&a, NK_NULL, 4, 4));
	ck_assert_ptr_null(nk_arena_shrink(nk_uint64_t, &a, &w,
					   SIZE_MAX / 4));
	ck_assert_uint_eq(nk_arena_allocated_size(&a), 16);
}
END_TEST

START_TEST(received_arena_roundtrip)
{
	/* what a transport does: data lands at start, current marks it */
	_Alignas(8) char wire[32], rx[32];
	struct nk_arena tx = NK_ARENA_INITIALIZER(wire, wire + sizeof(wire));
	struct nk_arena r = NK_ARENA_INITIALIZER(rx, rx + sizeof(rx));
	nk_ptr_t s, v, *pp, inner;
	nk_uint32_t n;
	nk_size_t cnt;
	const char *str;

	pp = nk_arena_alloc(nk_ptr_t, &tx, &s, 1);
	ck_assert_ptr_nonnull(pp);
	ck_assert_int_eq(nk_arena_store(char, &tx, &inner, "str", 4), 0);
	*pp = inner;
	memcpy(rx, wire, nk_arena_allocated_size(&tx));
	r.current = r.start + nk_arena_allocated_size(&tx);
	pp = nk_arena_get(nk_ptr_t, &r, &s, &n);
	ck_assert_ptr_nonnull(pp);
	ck_assert_uint_eq(n, 1);
	v = pp[0];
	str = nk_arena_get(char, &r, &v, &cnt);
	ck_assert_str_eq(str, "str");
	ck_assert_uint_eq(cnt, 4);
}
END_TEST

Suite *arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");

	tcase_add_test(tc, initializer_and_init);
	tcase_add_test(tc, null_arena_sizes);
	tcase_add_test(tc, auto_arena);
	tcase_add_test(tc, final_const_source);
	tcase_add_test(tc, final_typed_and_init_final);
	tcase_add_test(tc, final_overflow_is_empty);
	tcase_add_test(tc, reset_forgets_chunks);
	tcase_add_test(tc, alloc_alignment_gaps);
	tcase_add_test(tc, reused_arena_is_zeroed);
	tcase_add_test(tc, typed_alloc_aligns_to_type);
	tcase_add_test(tc, unaligned_start_aligns_addresses);
	tcase_add_test(tc, alloc_bad_arguments);
	tcase_add_test(tc, full_arena);
	tcase_add_test(tc, alloc_count_overflow);
	tcase_add_test(tc, store_copies);
	tcase_add_test(tc, zero_size_arena);
	tcase_add_test(tc, validate_conditions);
	tcase_add_test(tc, get_untyped);
	tcase_add_test(tc, get_typed_count_types);
	tcase_add_test(tc, get_count_too_big_for_type);
	tcase_add_test(tc, get_hostile_descriptors);
	tcase_add_test(tc, shrink_last_frees_space);
	tcase_add_test(tc, shrink_not_last_keeps_space);
	tcase_add_test(tc, shrink_refusals);
	tcase_add_test(tc, received_arena_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}
