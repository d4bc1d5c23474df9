/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/arena.h - IPC message arenas (KasperskyOS SDK compatible).
 *
 * An arena is a byte buffer described by three pointers: start, current
 * (start of the unused part) and end.  Chunks are described by nk_ptr_t
 * { offset, size } relative to start.  Every function treats a chunk
 * descriptor as untrusted: offsets and sizes are checked with
 * overflow-safe arithmetic, so a hostile descriptor can never make a
 * function read or write outside [start, end).
 *
 * Chunk alignment: the typed macros align a chunk's address to the
 * alignment of its element type (for every primitive type: its size;
 * for a struct: its largest primitive), never more than
 * NK_ARENA_MAX_ALIGN (8).  So a chunk of type T wastes at most
 * NK_ARENA_ALIGNOF(T) - 1 bytes of padding; in an aligned arena, at most
 * its alignment minus the smallest chunk alignment in the arena, which is
 * what nkc adds per chunk to its *_arena_size constants (docs/nkc.md 3.5).
 */
#ifndef NK_ARENA_H
#define NK_ARENA_H

#include <nk/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nk_arena {
	nk_char_t *start;	/* first byte of the arena */
	nk_char_t *current;	/* first unused byte */
	nk_char_t *end;		/* one past the last byte */
} nk_arena;

#define NK_ARENA_MAX_ALIGN	8

/* Alignment of a chunk of @type elements (see above). */
#define NK_ARENA_ALIGNOF(type)						\
	(__alignof__(type) < NK_ARENA_MAX_ALIGN ?			\
	 (nk_size_t)__alignof__(type) : (nk_size_t)NK_ARENA_MAX_ALIGN)

/* ---- creating an arena ---- */

#define NK_ARENA_INITIALIZER(_start, _end)				\
	{ (nk_char_t *)(void *)(_start), (nk_char_t *)(void *)(_start),	\
	  (nk_char_t *)(void *)(_end) }

/* Non-const: the buffer is usually uninitialized stack memory to write into. */
void nk_arena_init(struct nk_arena *self, void *start, void *end);
struct nk_arena nk_arena_create(void *start, nk_size_t size);

/*
 * A stack buffer of @size bytes (a constant), aligned for any primitive
 * type; it lives until the end of the enclosing block.
 */
#define NK_ARENA_AUTO(size)						\
	nk_arena_create((union { nk_uint64_t a_; long double l_;	\
				 nk_char_t b_[(size)]; }){ 0 }.b_, (size))

/*
 * One chunk spanning the whole arena: *ptr = { 0, count * sizeof(*start) }
 * and the arena is start .. start + size, all of it allocated.  @start may
 * point to const data (the arena is only read from).  A size that does not
 * fit an nk_ptr_t gives an empty arena and *ptr = { 0, 0 }.
 */
struct nk_arena __nk_arena_final(nk_ptr_t *ptr, const void *start,
				 nk_size_t count, nk_size_t elsize);
#define NK_ARENA_FINAL(ptr, start, count)				\
	__nk_arena_final((ptr), (start), (count), sizeof(*(start)))
#define nk_arena_init_final(arena, ptr, start, count)			\
	((void)(*(arena) = NK_ARENA_FINAL(ptr, start, count)))

/* current = start: forget every reserved chunk. */
void nk_arena_reset(struct nk_arena *self);

/* ---- sizes ---- */

/* end - start; 0 for NK_NULL. */
nk_size_t nk_arena_capacity(const struct nk_arena *self);
/* current - start; 0 for NK_NULL. */
nk_size_t nk_arena_allocated_size(const struct nk_arena *self);

/* ---- reserving chunks ---- */

/*
 * Reserve @size bytes at the next address aligned to @align (1, 2, 4,
 * ... 2^N).  NK_EOK, NK_ENOMEM when the arena is full, NK_EINVAL for bad
 * arguments (NK_NULL, @align not a power of two).
 */
nk_err_t __nk_arena_alloc(struct nk_arena *self, nk_ptr_t *ptr,
			  nk_size_t size, nk_size_t align);
/* As __nk_arena_alloc and copy @size bytes from @src: 0 or -1. */
int __nk_arena_store(struct nk_arena *self, nk_ptr_t *ptr, const void *src,
		     nk_size_t size, nk_size_t align);

/* Helpers of the typed macros: element count and size, overflow-checked. */
void *__nk_arena_alloc_n(struct nk_arena *self, nk_ptr_t *ptr,
			 nk_size_t count, nk_size_t elsize, nk_size_t align);
int __nk_arena_store_n(struct nk_arena *self, nk_ptr_t *ptr, const void *src,
		       nk_size_t count, nk_size_t elsize, nk_size_t align);

/* type *: the reserved chunk for @count objects, or NK_NULL. */
#define nk_arena_alloc(type, arena, ptr, count)				\
	((type *)__nk_arena_alloc_n((arena), (ptr), (count), sizeof(type), \
				    NK_ARENA_ALIGNOF(type)))
/* 0 on success, -1 otherwise. */
#define nk_arena_store(type, arena, ptr, src, count)			\
	__nk_arena_store_n((arena), (ptr), (src), (count), sizeof(type),	\
			   NK_ARENA_ALIGNOF(type))

/* ---- checking and reading chunks ---- */

/*
 * 0 if *ptr lies inside the arena (offset <= capacity, size <= capacity -
 * offset; for a zero-size arena: offset == 0 and size == 0), else -1
 * (also for ptr == NK_NULL).
 */
int __nk_arena_validate(const struct nk_arena *self, const nk_ptr_t *ptr);
/* As above, and size must be a multiple of @elsize. */
int __nk_arena_validate_n(const struct nk_arena *self, const nk_ptr_t *ptr,
			  nk_size_t elsize);
#define nk_arena_validate(type, arena, ptr)				\
	__nk_arena_validate_n((arena), (ptr), sizeof(type))

/*
 * Pointer to the chunk and its size in bytes; NK_NULL if a parameter is
 * NK_NULL or the descriptor does not validate.
 */
void *__nk_arena_get(const struct nk_arena *self, const nk_ptr_t *ptr,
		     nk_size_t *size);
/*
 * Typed get: stores the element count into *count, an unsigned integer of
 * @count_width bytes (1, 2, 4 or 8).  NK_NULL if the chunk does not
 * validate, its size is not a multiple of @elsize, or the count does not
 * fit into *count.
 */
void *__nk_arena_get_n(const struct nk_arena *self, const nk_ptr_t *ptr,
		       nk_size_t elsize, void *count, nk_size_t count_width);

/* Rejects (at compile time) a count pointer to a signed type. */
#define __nk_arena_unsigned_check(count)				\
	(0 * sizeof(char[((__typeof__(*(count)))-1 > 0) ? 1 : -1]))

/* type *: the chunk, *count = number of objects; @count may point to any
 * unsigned integer type (nk_uint32_t, nk_size_t, ...). */
#define nk_arena_get(type, arena, ptr, count)				\
	((type *)__nk_arena_get_n((arena), (ptr), sizeof(type)		\
				  + __nk_arena_unsigned_check(count),	\
				  (count), sizeof(*(count))))

/* ---- shrinking chunks ---- */

/*
 * Reduce the chunk *ptr (which must lie inside the allocated part) to
 * @size bytes.  NK_NULL if @size exceeds its size or its address is not
 * aligned to @align.  Only when it is the last chunk does the freed tail
 * become available to later reservations.
 */
void *_nk_arena_shrink(struct nk_arena *self, nk_ptr_t *ptr, nk_size_t size,
		       nk_size_t align);
void *__nk_arena_shrink_n(struct nk_arena *self, nk_ptr_t *ptr,
			  nk_size_t count, nk_size_t elsize, nk_size_t align);
#define nk_arena_shrink(type, arena, ptr, count)			\
	((type *)__nk_arena_shrink_n((arena), (ptr), (count), sizeof(type), \
				     NK_ARENA_ALIGNOF(type)))

#ifdef __cplusplus
}
#endif

#endif /* NK_ARENA_H */
