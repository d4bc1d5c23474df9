/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/msgcheck.h - structure check of received IPC messages.
 *
 * nkc emits, for every message of every method, a static table describing
 * its constant part (size, and where arena chunk descriptors sit) and the
 * element types of its chunks.  The generated dispatchers check a request,
 * and the generated proxies check a response, with nk_check_message()
 * before any field is used:
 *   - the constant part has exactly the size of the method's struct;
 *   - every chunk lies inside the used part of the arena handed over
 *     ([start, current)), sequences are aligned to and a
 *     multiple of their element size and hold at most their bound;
 *   - strings are 1..N+1 bytes and end with their NUL, bytes hold at most N;
 *   - union tags name a member; nested chunks are checked recursively.
 * This is the only copy of the check: libnkos and nkc's tests use it too,
 * and `nkc --describe` publishes the same tables as JSON.
 */
#ifndef NK_MSGCHECK_H
#define NK_MSGCHECK_H

#include <string.h>

#include <nk/types.h>
#include <nk/arena.h>

#ifdef __cplusplus
extern "C" {
#endif

enum nk_check_kind {
	NK_CHECK_SCALAR,	/* nothing to check: size and alignment only */
	NK_CHECK_STRING,	/* nk_ptr_t to 1..bound+1 chars ending in NUL */
	NK_CHECK_BYTES,		/* nk_ptr_t to 0..bound bytes */
	NK_CHECK_SEQUENCE,	/* nk_ptr_t to 0..bound elements of *elem */
	NK_CHECK_ARRAY,		/* bound inline elements of *elem */
	NK_CHECK_STRUCT,	/* bound fields that need checking */
	NK_CHECK_UNION,		/* nk_uint32_t tag at 0, bound members */
	NK_CHECK_HANDLE,	/* nk_handle_desc_t (IDL Handle): see nk_msg_walk_handles */
};

struct nk_check_field;

struct nk_check_type {
	nk_uint32_t kind;	/* enum nk_check_kind */
	nk_uint32_t size;	/* inline size in bytes */
	nk_uint32_t align;	/* inline alignment */
	nk_uint32_t bound;	/* see enum nk_check_kind */
	const struct nk_check_type *elem;
	const struct nk_check_field *fields;
};

struct nk_check_field {
	nk_uint32_t offset;
	const struct nk_check_type *type;	/* NK_NULL: nothing to check */
};

struct nk_check_msg {
	nk_uint32_t size;	/* expected constant part size */
	nk_uint32_t alt_size;	/* also accepted (error response in a res) */
	nk_uint32_t nfields;
	const struct nk_check_field *fields;
};

static inline int nk_check_value(const struct nk_check_type *t, const nk_uint8_t *p,
				 const nk_uint8_t *arena, nk_uint32_t arena_len)
{
	nk_uint32_t i, tag, count;
	nk_ptr_t c;

	switch (t->kind) {
	case NK_CHECK_SCALAR:
	case NK_CHECK_HANDLE:
		return 0;
	case NK_CHECK_STRUCT:
		for (i = 0; i < t->bound; i++) {
			if (nk_check_value(t->fields[i].type, p + t->fields[i].offset, arena,
					   arena_len))
				return -1;
		}
		return 0;
	case NK_CHECK_UNION:
		memcpy(&tag, p, sizeof(tag));
		if (tag >= t->bound)
			return -1;
		if (!t->fields[tag].type)
			return 0;
		return nk_check_value(t->fields[tag].type, p + t->fields[tag].offset, arena,
				      arena_len);
	case NK_CHECK_ARRAY:
		for (i = 0; i < t->bound; i++) {
			if (nk_check_value(t->elem, p + (nk_size_t)i * t->elem->size, arena,
					   arena_len))
				return -1;
		}
		return 0;
	default:
		break;
	}
	/* a chunk: its descriptor must point inside the arena */
	memcpy(&c, p, sizeof(c));
	if (c.offset > arena_len || c.size > arena_len - c.offset)
		return -1;
	switch (t->kind) {
	case NK_CHECK_STRING:
		if (c.size == 0 || c.size - 1 > t->bound ||
		    arena[c.offset + c.size - 1] != 0)
			return -1;
		return 0;
	case NK_CHECK_BYTES:
		return c.size > t->bound ? -1 : 0;
	case NK_CHECK_SEQUENCE:
		if (c.offset % t->elem->align || c.size % t->elem->size)
			return -1;
		count = c.size / t->elem->size;
		if (count > t->bound)
			return -1;
		if (t->elem->kind == NK_CHECK_SCALAR || t->elem->kind == NK_CHECK_HANDLE)
			return 0;
		for (i = 0; i < count; i++) {
			if (nk_check_value(t->elem, arena + c.offset + (nk_size_t)i * t->elem->size,
					   arena, arena_len))
				return -1;
		}
		return 0;
	default:
		return -1;
	}
}

/*
 * Checks message @m (constant part, m->size bytes) with the arena @a handed
 * over with it (@a may be NK_NULL when the message carries no arena).
 * Chunks must lie in the arena's used part [a->start, a->current): what a
 * transport received (libnkos's transports set current to start + the
 * bytes received), or what the sender allocated when a transport hands the
 * sender's arena straight to the receiver (a test double calling a
 * dispatcher).  The header's arena_size is not used: only libnkos's
 * transports fill it in.  Returns 0 if the message fits layout @l, -1
 * otherwise (also for an arena whose current lies outside [start, end]).
 */
static inline int nk_check_message(const struct nk_check_msg *l, const struct nk_message *m,
				   const struct nk_arena *a)
{
	const nk_uint8_t *base = NK_NULL;
	nk_size_t used = 0;
	nk_uint32_t i;

	if (m->size != l->size && m->size != l->alt_size)
		return -1;
	if (a && a->start) {
		if (a->current < a->start || a->current > a->end)
			return -1;
		base = (const nk_uint8_t *)a->start;
		used = (nk_size_t)(a->current - a->start);
		if (used > 0xffffffffu)
			used = 0xffffffffu;	/* chunk descriptors are 32-bit */
	}
	for (i = 0; i < l->nfields; i++) {
		if (nk_check_value(l->fields[i].type, (const nk_uint8_t *)m + l->fields[i].offset,
				   base, (nk_uint32_t)used))
			return -1;
	}
	return 0;
}

/*
 * The handle fields of a message (IDL Handle, in structs, unions, arrays and
 * sequences alike), found through the same tables, in one order both sides
 * agree on: the constant part's fields in declaration order, each value
 * depth first, sequence elements in order, a union's selected member only.
 * Entry i of a message's handle table (uapi: DOC: handles in messages) is
 * the i-th such field that carries a handle (nk_handle_desc_is_set()).
 */
#ifndef NK_MSG_MAX_HANDLES
#define NK_MSG_MAX_HANDLES	16	/* the kernel's NKIPC_MSG_MAX_HANDLES */
#endif

struct nk_handle_walk {
	nk_handle_desc_t *desc[NK_MSG_MAX_HANDLES];	/* the fields carrying one */
	nk_uint32_t n;
	int clear;		/* in: reset the fields carrying none to nk_handle_desc() */
	int bad;		/* out: more than NK_MSG_MAX_HANDLES, or a chunk outside the arena */
};

static inline void nk_walk_value(const struct nk_check_type *t, nk_uint8_t *p, nk_uint8_t *arena,
				 nk_uint32_t arena_len, struct nk_handle_walk *w, int depth)
{
	nk_handle_desc_t *d;
	nk_uint32_t i, tag, count;
	nk_ptr_t c;

	if (!t || w->bad)
		return;
	if (depth > 32) {	/* nkc rejects recursive types; a bound all the same */
		w->bad = 1;
		return;
	}
	switch (t->kind) {
	case NK_CHECK_HANDLE:
		d = (nk_handle_desc_t *)(void *)p;
		if (nk_handle_desc_is_set(d)) {
			if (w->n == NK_MSG_MAX_HANDLES) {
				w->bad = 1;
				return;
			}
			w->desc[w->n++] = d;
		} else if (w->clear) {
			d->handle = NK_INVALID_HANDLE;
			d->rights = 0;
		}
		return;
	case NK_CHECK_STRUCT:
		for (i = 0; i < t->bound; i++)
			nk_walk_value(t->fields[i].type, p + t->fields[i].offset, arena, arena_len, w,
				      depth + 1);
		return;
	case NK_CHECK_UNION:
		memcpy(&tag, p, sizeof(tag));
		if (tag >= t->bound) {
			w->bad = 1;
			return;
		}
		nk_walk_value(t->fields[tag].type, p + t->fields[tag].offset, arena, arena_len, w,
			      depth + 1);
		return;
	case NK_CHECK_ARRAY:
		for (i = 0; i < t->bound; i++)
			nk_walk_value(t->elem, p + (nk_size_t)i * t->elem->size, arena, arena_len, w,
				      depth + 1);
		return;
	case NK_CHECK_SEQUENCE:
		if (t->elem->kind == NK_CHECK_SCALAR)
			return;
		memcpy(&c, p, sizeof(c));
		if (c.offset > arena_len || c.size > arena_len - c.offset ||
		    c.offset % t->elem->align || c.size % t->elem->size) {
			w->bad = 1;
			return;
		}
		count = c.size / t->elem->size;
		for (i = 0; i < count; i++)
			nk_walk_value(t->elem, arena + c.offset + (nk_size_t)i * t->elem->size, arena,
				      arena_len, w, depth + 1);
		return;
	default:		/* scalars, strings, bytes: no handles */
		return;
	}
}

/*
 * Fills @w with the handle fields of message @m (layout @l, arena @a:
 * its used part, as nk_check_message) and, with w->clear set, resets the
 * others.  Returns the count, or -1 (w->bad) for more than
 * NK_MSG_MAX_HANDLES or a sequence outside the arena.
 */
static inline int nk_msg_walk_handles(const struct nk_check_msg *l, struct nk_message *m,
				      const struct nk_arena *a, struct nk_handle_walk *w)
{
	nk_uint8_t *base = NK_NULL;
	nk_size_t used = 0;
	nk_uint32_t i;

	w->n = 0;
	w->bad = 0;
	if (a && a->start && a->current >= a->start && a->current <= a->end) {
		base = (nk_uint8_t *)a->start;
		used = (nk_size_t)(a->current - a->start);
		if (used > 0xffffffffu)
			used = 0xffffffffu;
	}
	for (i = 0; i < l->nfields; i++)
		nk_walk_value(l->fields[i].type, (nk_uint8_t *)m + l->fields[i].offset, base,
			      (nk_uint32_t)used, w, 0);
	return w->bad ? -1 : (int)w->n;
}

#ifdef __cplusplus
}
#endif

#endif /* NK_MSGCHECK_H */
