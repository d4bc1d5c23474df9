// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz_arena.c - libFuzzer target: arbitrary chunk descriptors against
 * arenas of arbitrary size and start alignment.  Whatever validate/get/
 * shrink accept must lie inside the arena (ASan catches any access
 * outside the exactly-sized heap buffer), and what they refuse must be
 * refused consistently.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nk/arena.h>

struct input {
	uint16_t cap;
	uint8_t skew;
	uint8_t elsize;
	uint8_t align;
	uint8_t prealloc;
	nk_ptr_t ptr;
};

static void touch(const char *p, size_t n)
{
	volatile char sink = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sink ^= p[i];
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;
	char *mem;
	struct nk_arena a;
	nk_size_t n, cap, els;
	nk_uint32_t n32;
	nk_ptr_t p, q;
	char *c;

	if (size < sizeof(in))
		return 0;
	memcpy(&in, data, sizeof(in));
	cap = in.cap % 4096;
	mem = malloc(cap + (in.skew & 7) + 1);
	if (!mem)
		return 0;
	a = nk_arena_create(mem + (in.skew & 7), cap);
	els = in.elsize % 17;

	if (__nk_arena_validate(&a, &in.ptr) == 0) {
		c = __nk_arena_get(&a, &in.ptr, &n);
		if (!c || n != in.ptr.size || c < a.start || n > (size_t)(a.end - c))
			abort();
		touch(c, n);
	} else if (__nk_arena_get(&a, &in.ptr, &n)) {
		abort();
	}
	c = __nk_arena_get_n(&a, &in.ptr, els, &n32, sizeof(n32));
	if (c) {
		if (nk_arena_validate(char, &a, &in.ptr) != 0 ||
		    __nk_arena_validate_n(&a, &in.ptr, els) != 0)
			abort();
		touch(c, (size_t)n32 * els);
	}

	/* reserve something, then shrink the fuzzed descriptor */
	if (__nk_arena_alloc(&a, &p, in.prealloc % (cap + 1), 1 << (in.align % 4)) == NK_EOK) {
		q = in.ptr;
		c = _nk_arena_shrink(&a, &q, in.ptr.size / 2, 1 << (in.skew >> 5 & 3));
		if (c) {
			if (q.offset > nk_arena_allocated_size(&a) + in.ptr.size)
				abort();
			touch(c, q.size);
		}
		c = __nk_arena_alloc_n(&a, &q, in.ptr.size, els, 1 << (in.align % 4));
		if (c)
			memset(c, 0x5a, (size_t)q.size);
	}
	free(mem);
	return 0;
}
