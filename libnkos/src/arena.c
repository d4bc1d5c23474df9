// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * arena.c - the arena API of nk/arena.h.
 *
 * All position arithmetic is done on byte offsets from start, checked
 * against the capacity before any pointer is formed, so neither a
 * hostile chunk descriptor nor a huge count can reach outside the arena
 * (and no pointer arithmetic on NK_NULL is ever done for empty arenas).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <nk/arena.h>

static int is_pow2(nk_size_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* A descriptor whose pointers are ordered start <= current <= end. */
static int arena_sane(const struct nk_arena *a)
{
	uintptr_t s, c, e;

	if (!a)
		return 0;
	s = (uintptr_t)a->start;
	c = (uintptr_t)a->current;
	e = (uintptr_t)a->end;
	return s <= c && c <= e;
}

static nk_size_t cap_of(const struct nk_arena *a)
{
	return (nk_size_t)((uintptr_t)a->end - (uintptr_t)a->start);
}

static nk_size_t used_of(const struct nk_arena *a)
{
	return (nk_size_t)((uintptr_t)a->current - (uintptr_t)a->start);
}

/* start + off, for an offset already checked to be <= capacity. */
static nk_char_t *at(const struct nk_arena *a, nk_size_t off)
{
	return off ? a->start + off : a->start;
}

void nk_arena_init(struct nk_arena *self, void *start, void *end)
{
	if (!self)
		return;
	self->start = start;
	self->current = self->start;
	self->end = end;
}

struct nk_arena nk_arena_create(void *start, nk_size_t size)
{
	struct nk_arena a;

	a.start = start;
	a.current = a.start;
	a.end = size ? a.start + size : a.start;
	return a;
}

struct nk_arena __nk_arena_final(nk_ptr_t *ptr, const void *start,
				 nk_size_t count, nk_size_t elsize)
{
	/* read-only data: the arena is only ever read from */
	struct nk_arena a = nk_arena_create((void *)(uintptr_t)start, 0);
	nk_size_t size;

	if (__builtin_mul_overflow(count, elsize, &size) || size > UINT32_MAX ||
	    (size && !start))
		size = 0;
	if (ptr) {
		ptr->offset = 0;
		ptr->size = (nk_uint32_t)size;
	}
	if (size)
		a.current = a.end = a.start + size;
	return a;
}

void nk_arena_reset(struct nk_arena *self)
{
	if (self)
		self->current = self->start;
}

nk_size_t nk_arena_capacity(const struct nk_arena *self)
{
	return arena_sane(self) ? cap_of(self) : 0;
}

nk_size_t nk_arena_allocated_size(const struct nk_arena *self)
{
	return arena_sane(self) ? used_of(self) : 0;
}

/*
 * Find room for @size bytes aligned to @align, its offset into *@offp:
 * 0, EINVAL (a bad arena or alignment) or ENOMEM (no room).
 */
static int arena_reserve(struct nk_arena *self, nk_size_t size,
			 nk_size_t align, nk_size_t *offp)
{
	nk_size_t cap, used, pad, off;

	if (!arena_sane(self) || !is_pow2(align))
		return EINVAL;
	cap = cap_of(self);
	used = used_of(self);
	pad = (nk_size_t)(-((uintptr_t)self->start + used)) & (align - 1);
	if (pad > cap - used)
		return ENOMEM;
	off = used + pad;
	if (size > cap - off || off > UINT32_MAX || size > UINT32_MAX)
		return ENOMEM;
	/*
	 * The alignment gap is sent with the arena: zero it, so that a
	 * reused arena never carries bytes of an earlier message (another
	 * client's data, in a server).
	 */
	memset(at(self, used), 0, pad);
	self->current = at(self, off + size);
	*offp = off;
	return 0;
}

nk_err_t __nk_arena_alloc(struct nk_arena *self, nk_ptr_t *ptr,
			  nk_size_t size, nk_size_t align)
{
	nk_size_t off;

	if (!self || !ptr || !is_pow2(align) || !arena_sane(self))
		return NK_EINVAL;
	if (arena_reserve(self, size, align, &off))
		return NK_ENOMEM;
	/* zeroed for the same reason: bytes the caller leaves unset */
	memset(at(self, off), 0, size);
	ptr->offset = (nk_uint32_t)off;
	ptr->size = (nk_uint32_t)size;
	return NK_EOK;
}

int __nk_arena_store(struct nk_arena *self, nk_ptr_t *ptr, const void *src,
		     nk_size_t size, nk_size_t align)
{
	if (size && !src)
		return -1;
	if (__nk_arena_alloc(self, ptr, size, align) != NK_EOK)
		return -1;
	if (size)
		memcpy(at(self, ptr->offset), src, size);
	return 0;
}

void *__nk_arena_alloc_n(struct nk_arena *self, nk_ptr_t *ptr,
			 nk_size_t count, nk_size_t elsize, nk_size_t align)
{
	nk_size_t size;

	if (__builtin_mul_overflow(count, elsize, &size))
		return NK_NULL;
	if (__nk_arena_alloc(self, ptr, size, align) != NK_EOK)
		return NK_NULL;
	return at(self, ptr->offset);
}

int __nk_arena_store_n(struct nk_arena *self, nk_ptr_t *ptr, const void *src,
		       nk_size_t count, nk_size_t elsize, nk_size_t align)
{
	nk_size_t size;

	if (__builtin_mul_overflow(count, elsize, &size))
		return -1;
	return __nk_arena_store(self, ptr, src, size, align);
}

int __nk_arena_validate(const struct nk_arena *self, const nk_ptr_t *ptr)
{
	nk_size_t cap;

	if (!ptr)
		return -1;
	cap = nk_arena_capacity(self);
	if (cap == 0)
		return ptr->offset == 0 && ptr->size == 0 ? 0 : -1;
	if (ptr->offset > cap || ptr->size > cap - ptr->offset)
		return -1;
	return 0;
}

int __nk_arena_validate_n(const struct nk_arena *self, const nk_ptr_t *ptr,
			  nk_size_t elsize)
{
	if (__nk_arena_validate(self, ptr) != 0)
		return -1;
	return elsize && ptr->size % elsize == 0 ? 0 : -1;
}

void *__nk_arena_get(const struct nk_arena *self, const nk_ptr_t *ptr,
		     nk_size_t *size)
{
	if (!self || !ptr || !size)
		return NK_NULL;
	if (!arena_sane(self) || __nk_arena_validate(self, ptr) != 0) {
		*size = 0;
		return NK_NULL;
	}
	*size = ptr->size;
	return at(self, ptr->offset);
}

/* Store @n into an unsigned integer of @width bytes; -1 if it does not fit. */
static int store_count(void *dst, nk_size_t width, nk_size_t n)
{
	nk_uint8_t v8;
	nk_uint16_t v16;
	nk_uint32_t v32;
	nk_uint64_t v64;

	switch (width) {
	case 1:
		if (n > UINT8_MAX)
			return -1;
		v8 = (nk_uint8_t)n;
		memcpy(dst, &v8, 1);
		return 0;
	case 2:
		if (n > UINT16_MAX)
			return -1;
		v16 = (nk_uint16_t)n;
		memcpy(dst, &v16, 2);
		return 0;
	case 4:
		if (n > UINT32_MAX)
			return -1;
		v32 = (nk_uint32_t)n;
		memcpy(dst, &v32, 4);
		return 0;
	case 8:
		v64 = n;
		memcpy(dst, &v64, 8);
		return 0;
	}
	return -1;
}

void *__nk_arena_get_n(const struct nk_arena *self, const nk_ptr_t *ptr,
		       nk_size_t elsize, void *count, nk_size_t count_width)
{
	nk_size_t size;
	void *p;

	if (!count || !elsize)
		return NK_NULL;
	p = __nk_arena_get(self, ptr, &size);
	if (!p || size % elsize != 0)
		return NK_NULL;
	if (store_count(count, count_width, size / elsize) != 0)
		return NK_NULL;
	return p;
}

void *_nk_arena_shrink(struct nk_arena *self, nk_ptr_t *ptr, nk_size_t size,
		       nk_size_t align)
{
	nk_size_t used, off;

	if (!self || !ptr || !is_pow2(align) || !arena_sane(self))
		return NK_NULL;
	used = used_of(self);
	off = ptr->offset;
	/* only a chunk inside the reserved part can be shrunk */
	if (off > used || ptr->size > used - off)
		return NK_NULL;
	if (size > ptr->size)
		return NK_NULL;
	if (((uintptr_t)self->start + off) & (align - 1))
		return NK_NULL;
	if (off + ptr->size == used)
		self->current = at(self, off + size);
	ptr->size = (nk_uint32_t)size;
	return at(self, off);
}

void *__nk_arena_shrink_n(struct nk_arena *self, nk_ptr_t *ptr,
			  nk_size_t count, nk_size_t elsize, nk_size_t align)
{
	nk_size_t size;

	if (__builtin_mul_overflow(count, elsize, &size))
		return NK_NULL;
	return _nk_arena_shrink(self, ptr, size, align);
}
