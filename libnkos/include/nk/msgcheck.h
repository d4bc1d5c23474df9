/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/msgcheck.h - structure check of received IPC messages (libnkos).
 *
 * nkc emits, for every IDL package, the message layouts of its methods as
 * static tables of the one layout model (uapi linux/nkipc_layout.h: a flat
 * type graph, types[] and fields[], and per message its constant part
 * size and root fields).  The generated dispatchers check a request, and
 * the generated proxies check a response, with nk_check_message() before
 * any field is used:
 *   - the constant part has exactly the size of the method's struct;
 *   - every chunk lies inside the used part of the arena handed over
 *     ([start, current)), sequences are aligned to and a
 *     multiple of their element size and hold at most their bound;
 *   - strings are 1..N+1 bytes and end with their NUL, bytes hold at most N;
 *   - union tags name a member; nested chunks are checked recursively.
 * The check itself is nkipc_layout_check() of linux/nkipc_layout.h, the
 * same code the kernel's policy engine runs on the same tables (loaded by
 * nkpolicy from `nkc --describe`); this header only gives it direct
 * memory to read.
 */
#ifndef NK_MSGCHECK_H
#define NK_MSGCHECK_H

#include <string.h>

#define NKIPC_LAYOUT_CHECK
#ifdef __GNUC__
#define NKIPC_LCHECK_INLINE	inline __attribute__((__always_inline__))
#define NKIPC_LCHECK_OUTLINE	__attribute__((__noinline__, __unused__))
#endif
#include <linux/nkipc_layout.h>

#include <nk/types.h>
#include <nk/arena.h>

/* The layout of one message: nkc's tables for its package. */
struct nk_check_msg {
	struct nkipc_lmsg msg;
	const struct nkipc_ltype *types;
	const struct nkipc_lfield *fields;
};

/* What nkipc_layout_read() reads from: the message and its arena. */
struct nk_check_mem {
	const nk_uint8_t *cpart;
	nk_uint32_t clen;
	const nk_uint8_t *arena;
};

static inline int nkipc_layout_read(const struct nkipc_lcheck *c, __u32 part,
				    __u32 off, void *buf, __u32 len)
{
	const struct nk_check_mem *mem = (const struct nk_check_mem *)c->priv;
	const nk_uint8_t *base = part == NKIPC_LPART_CONST ? mem->cpart : mem->arena;
	nk_uint32_t lim = part == NKIPC_LPART_CONST ? mem->clen : c->arena_len;

	if (off > lim || len > lim - off)
		return -1;
	memcpy(buf, base + off, len);
	return 0;
}

#ifdef __cplusplus
extern "C" {
#endif

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
static NKIPC_LCHECK_INLINE int nk_check_message(const struct nk_check_msg *l,
					       const struct nk_message *m,
					       const struct nk_arena *a)
{
	struct nk_check_mem mem;
	struct nkipc_lcheck c;
	nk_size_t used = 0;

	mem.cpart = (const nk_uint8_t *)m;
	mem.clen = m->size;
	mem.arena = NK_NULL;
	if (a && a->start) {
		if (a->current < a->start || a->current > a->end)
			return -1;
		mem.arena = (const nk_uint8_t *)a->start;
		used = (nk_size_t)(a->current - a->start);
		if (used > 0xffffffffu)
			used = 0xffffffffu;	/* chunk descriptors are 32-bit */
	}
	c.types = l->types;
	c.fields = l->fields;
	c.priv = &mem;
	c.why = NK_NULL;
	return nkipc_layout_check(&c, &l->msg, m->size, (nk_uint32_t)used) ? -1 : 0;
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
	int bad;		/* out: more than NK_MSG_MAX_HANDLES, a chunk outside the arena, or one field reached twice */
};

static inline void nk_walk_value(const struct nk_check_msg *l, nk_uint32_t ti, nk_uint8_t *p,
				 nk_uint8_t *arena, nk_uint32_t arena_len,
				 struct nk_handle_walk *w, int depth)
{
	const struct nkipc_ltype *t, *e;
	const struct nkipc_lfield *f;
	nk_handle_desc_t *d;
	nk_uint32_t i, tag, count;
	nk_ptr_t c;

	if (ti == NKIPC_LTYPE_NONE || w->bad)
		return;
	t = &l->types[ti];
	if (depth >= NKIPC_LAYOUT_MAX_DEPTH) {	/* nkc refuses deeper types */
		w->bad = 1;
		return;
	}
	switch (t->kind) {
	case NKIPC_LT_HANDLE:
		d = (nk_handle_desc_t *)(void *)p;
		if (nk_handle_desc_is_set(d)) {
			if (w->n == NK_MSG_MAX_HANDLES) {
				w->bad = 1;
				return;
			}
			/* overlapping chunks: one field would take two handles */
			for (i = 0; i < w->n; i++) {
				if (w->desc[i] == d) {
					w->bad = 1;
					return;
				}
			}
			w->desc[w->n++] = d;
		} else if (w->clear) {
			d->handle = NK_INVALID_HANDLE;
			d->rights = 0;
		}
		return;
	case NKIPC_LT_STRUCT:
		for (i = 0; i < t->n_fields; i++) {
			f = &l->fields[t->first + i];
			nk_walk_value(l, f->type, p + f->offset, arena, arena_len, w, depth + 1);
		}
		return;
	case NKIPC_LT_UNION:
		memcpy(&tag, p, sizeof(tag));
		if (tag >= t->n_fields) {
			w->bad = 1;
			return;
		}
		f = &l->fields[t->first + tag];
		nk_walk_value(l, f->type, p + f->offset, arena, arena_len, w, depth + 1);
		return;
	case NKIPC_LT_ARRAY:
		e = &l->types[t->elem];
		if (e->kind == NKIPC_LT_SCALAR)
			return;
		for (i = 0; i < t->bound; i++)
			nk_walk_value(l, t->elem, p + (nk_size_t)i * e->size, arena, arena_len, w,
				      depth + 1);
		return;
	case NKIPC_LT_SEQUENCE:
		e = &l->types[t->elem];
		if (e->kind == NKIPC_LT_SCALAR)
			return;
		memcpy(&c, p, sizeof(c));
		if (c.offset > arena_len || c.size > arena_len - c.offset ||
		    c.offset % e->align || c.size % e->size) {
			w->bad = 1;
			return;
		}
		count = c.size / e->size;
		for (i = 0; i < count; i++)
			nk_walk_value(l, t->elem, arena + c.offset + (nk_size_t)i * e->size, arena,
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
 * NK_MSG_MAX_HANDLES, a sequence outside the arena, or one field reached
 * twice (overlapping chunks, which the check allows).
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
	for (i = 0; i < l->msg.n_fields; i++) {
		const struct nkipc_lfield *f = &l->fields[l->msg.first + i];

		nk_walk_value(l, f->type, (nk_uint8_t *)m + f->offset, base, (nk_uint32_t)used, w, 0);
	}
	return w->bad ? -1 : (int)w->n;
}

#ifdef __cplusplus
}
#endif

#endif /* NK_MSGCHECK_H */
