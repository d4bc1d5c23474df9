// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * layout.c - wire layout: every type has an inline ("wire") form of fixed
 * size and alignment (variable-size data becomes an nk_ptr_t chunk
 * descriptor) and a worst-case arena footprint.  Fields are aligned to
 * their size (the largest primitive they contain, at most 8), structs are
 * padded to their alignment, which is exactly what the generated C
 * structs do (the generated headers static-assert every size and offset).
 *
 * Arena footprint (struct arena_sum): the bytes of every chunk a value
 * may need and how many chunks of each alignment.  An arena starts aligned
 * (the KOS documentation), every chunk starts at a multiple of its alignment and its
 * size is a multiple of it, so every position is a multiple of g, the
 * smallest chunk alignment in the arena, and a chunk of alignment a waits
 * behind at most a - g bytes of padding: *_arena_size = bytes + that
 * padding, enough whatever the order of the chunks.  With one alignment
 * class (the usual case: strings only, one sequence) that is exactly the
 * bytes, which is also what nk-gen-c generates.
 */
#include <string.h>

#include "nkc.h"

uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

uint64_t sat_mul(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

uint64_t align_up(uint64_t v, uint64_t a)
{
	if (v > UINT64_MAX - (a - 1))
		return UINT64_MAX;
	return (v + a - 1) / a * a;
}

uint64_t prim_size(enum prim p)
{
	switch (p) {
	case PR_SINT8: case PR_UINT8: case PR_CHAR: return 1;
	case PR_SINT16: case PR_UINT16: return 2;
	case PR_SINT32: case PR_UINT32: case PR_HANDLE: return 4;
	case PR_SINT64: case PR_UINT64: return 8;
	}
	return 1;
}

const char *prim_name(enum prim p)
{
	static const char *const names[] = {
		"SInt8", "SInt16", "SInt32", "SInt64", "UInt8", "UInt16", "UInt32", "UInt64",
		"Char", "Handle",
	};
	return names[p];
}

const struct type *type_resolve(const struct type *t)
{
	while (t->kind == TY_NAMED && t->decl->kind == DK_TYPEDEF)
		t = t->decl->type;
	return t;
}

static void layout_decl(struct decl *d);

static int align_class(uint64_t a)
{
	return a >= 8 ? 3 : a >= 4 ? 2 : a >= 2 ? 1 : 0;
}

static void as_add(struct arena_sum *d, const struct arena_sum *s)
{
	d->bytes = sat_add(d->bytes, s->bytes);
	for (int i = 0; i < 4; i++)
		d->chunks[i] = sat_add(d->chunks[i], s->chunks[i]);
}

static void as_max(struct arena_sum *d, const struct arena_sum *s)
{
	if (s->bytes > d->bytes)
		d->bytes = s->bytes;
	for (int i = 0; i < 4; i++) {
		if (s->chunks[i] > d->chunks[i])
			d->chunks[i] = s->chunks[i];
	}
}

static void as_mul(struct arena_sum *d, const struct arena_sum *s, uint64_t n)
{
	d->bytes = sat_mul(s->bytes, n);
	for (int i = 0; i < 4; i++)
		d->chunks[i] = sat_mul(s->chunks[i], n);
}

uint64_t arena_size(const struct arena_sum *as)
{
	uint64_t r = as->bytes;
	int g = 0;

	while (g < 4 && !as->chunks[g])
		g++;
	for (int i = g + 1; i < 4; i++)
		r = sat_add(r, sat_mul(as->chunks[i], (1u << i) - (1u << g)));
	return r;
}

static void layout_type(struct type *t)
{
	if (t->laid_out)
		return;
	t->laid_out = true;
	switch (t->kind) {
	case TY_PRIM:
		t->size = t->align = prim_size(t->prim);
		t->handles = t->prim == PR_HANDLE;
		if (t->prim == PR_HANDLE) {
			/* nk_handle_desc_t: the handle and its rights */
			t->size = 8;
			t->align = 4;
			t->check = true;	/* in the tables: nk_msg_walk_handles */
		}
		break;
	case TY_STRING:
	case TY_BYTES:
		t->size = 8;
		t->align = 4;
		t->as.bytes = t->kind == TY_STRING ? t->bound + 1 : t->bound;
		t->as.chunks[0] = 1;
		t->check = true;
		break;
	case TY_SEQUENCE:
		layout_type(t->elem);
		t->size = 8;
		t->align = 4;
		as_mul(&t->as, &t->elem->as, t->bound);
		t->as.bytes = sat_add(t->as.bytes, sat_mul(t->bound, t->elem->size));
		t->as.chunks[align_class(t->elem->align)] =
			sat_add(t->as.chunks[align_class(t->elem->align)], 1);
		t->handles = sat_mul(t->bound, t->elem->handles);
		t->check = true;
		break;
	case TY_ARRAY:
		layout_type(t->elem);
		t->size = sat_mul(t->bound, t->elem->size);
		t->align = t->elem->align;
		as_mul(&t->as, &t->elem->as, t->bound);
		t->handles = sat_mul(t->bound, t->elem->handles);
		t->check = t->elem->check;
		break;
	case TY_NAMED:
		if (t->decl->kind == DK_TYPEDEF) {
			layout_type(t->decl->type);
			t->size = t->decl->type->size;
			t->align = t->decl->type->align;
			t->as = t->decl->type->as;
			t->handles = t->decl->type->handles;
			t->check = t->decl->type->check;
		} else {
			layout_decl(t->decl);
			t->size = t->decl->size;
			t->align = t->decl->align;
			t->as = t->decl->as;
			t->handles = t->decl->handles;
			t->check = t->decl->check;
		}
		break;
	}
}

static void layout_decl(struct decl *d)
{
	uint64_t off = 0, align = 1, maxsize = 0;

	if (d->laid_out || (d->kind != DK_STRUCT && d->kind != DK_UNION))
		return;
	d->laid_out = true;
	for (int i = 0; i < d->nfields; i++) {
		struct type *t = d->fields[i]->type;

		layout_type(t);
		if (t->align > align)
			align = t->align;
		if (d->kind == DK_STRUCT) {
			off = align_up(off, t->align);
			d->fields[i]->offset = off;
			off = sat_add(off, t->size);
			as_add(&d->as, &t->as);
			d->handles = sat_add(d->handles, t->handles);
			d->check |= t->check;
		} else {
			if (t->size > maxsize)
				maxsize = t->size;
			as_max(&d->as, &t->as);
			if (t->handles > d->handles)
				d->handles = t->handles;
		}
	}
	if (d->kind == DK_STRUCT) {
		d->size = align_up(off, align);
		d->align = align;
	} else {
		/* nk_uint32_t nk_tag, then the members at their alignment */
		if (align < 4)
			align = 4;
		d->body_offset = align_up(4, align);
		for (int i = 0; i < d->nfields; i++)
			d->fields[i]->offset = d->body_offset;
		d->size = align_up(sat_add(d->body_offset, maxsize), align);
		d->align = align;
		d->check = true;	/* the tag must be in range */
	}
}

uint64_t chunk_count(const struct type *t)
{
	t = type_resolve(t);
	switch (t->kind) {
	case TY_STRING:
		return t->bound + 1;
	case TY_BYTES:
	case TY_SEQUENCE:
	case TY_ARRAY:
		return t->bound;
	default:
		return 0;
	}
}

uint64_t chunk_max_size(const struct type *t)
{
	t = type_resolve(t);
	switch (t->kind) {
	case TY_STRING:
		return t->bound + 1;
	case TY_BYTES:
		return t->bound;
	case TY_SEQUENCE:
		return sat_mul(t->bound, t->elem->size);
	default:
		return 0;
	}
}

#define LIMIT UINT32_MAX

static int layout_msg(struct method *m, struct msg *msg, enum param_dir dir)
{
	struct vec v = { 0 };
	uint64_t off = 24;	/* struct nk_message base_ */

	for (int i = 0; i < m->nparams; i++) {
		struct param *p = m->params[i];

		if (p->dir != dir)
			continue;
		layout_type(p->type);
		off = align_up(off, p->type->align);
		p->offset = off;
		off = sat_add(off, p->type->size);
		as_add(&msg->as, &p->type->as);
		msg->handles = sat_add(msg->handles, p->type->handles);
		msg->check |= p->type->check;
		vec_push(&v, p);
	}
	msg->params = (struct param **)v.v;
	msg->nparams = v.n;
	msg->size = align_up(off, 8);
	msg->arena = arena_size(&msg->as);
	if (msg->size > LIMIT || msg->arena > LIMIT) {
		diag_error(m->loc, "%s message of method '%s' is too large (%s%s)",
			   dir == PD_IN ? "request" : dir == PD_OUT ? "response" : "error",
			   m->name, msg->size > LIMIT ? "constant part" : "arena",
			   " exceeds 4 GiB");
		return -1;
	}
	return 0;
}

int layout_unit(struct unit *u)
{
	int r = 0;

	for (int i = 0; i < u->ndecls; i++) {
		struct decl *d = u->decls[i];

		if (d->kind == DK_TYPEDEF || d->kind == DK_CONST)
			layout_type(d->type);
		else
			layout_decl(d);
		if (d->kind != DK_CONST && ((d->kind == DK_TYPEDEF ? d->type->size : d->size) >
					    LIMIT)) {
			diag_error(d->loc, "type '%s' is too large (more than 4 GiB)", d->name);
			r = -1;
		}
	}
	if (u->iface) {
		for (int i = 0; i < u->iface->nmethods; i++) {
			struct method *m = u->iface->methods[i];

			r |= layout_msg(m, &m->req, PD_IN);
			r |= layout_msg(m, &m->res, PD_OUT);
			r |= layout_msg(m, &m->err, PD_ERR);
			m->res_union_size = m->res.size > m->err.size ? m->res.size : m->err.size;
			uint64_t ra = m->res.arena > m->err.arena ? m->res.arena : m->err.arena;
			struct iface *f = u->iface;

			if (m->req.arena > f->req_arena)
				f->req_arena = m->req.arena;
			if (ra > f->res_arena)
				f->res_arena = ra;
			if (m->req.handles > f->req_handles)
				f->req_handles = m->req.handles;
			if (m->res.handles > f->res_handles)
				f->res_handles = m->res.handles;
			if (m->err.handles > f->err_handles)
				f->err_handles = m->err.handles;
		}
		if (!r)
			r = lgraph_build(u);
	}
	for (int i = 0; i < u->neps; i++) {
		struct iface *ifc = u->eps[i]->iface->iface;

		if (ifc->req_arena > u->req_arena)
			u->req_arena = ifc->req_arena;
		if (ifc->res_arena > u->res_arena)
			u->res_arena = ifc->res_arena;
		if (ifc->req_handles > u->req_handles)
			u->req_handles = ifc->req_handles;
		if (ifc->res_handles > u->res_handles)
			u->res_handles = ifc->res_handles;
		if (ifc->err_handles > u->err_handles)
			u->err_handles = ifc->err_handles;
	}
	for (int i = 0; i < u->ninsts; i++) {
		struct unit *c = u->insts[i]->comp;

		if (c->req_arena > u->req_arena)
			u->req_arena = c->req_arena;
		if (c->res_arena > u->res_arena)
			u->res_arena = c->res_arena;
		if (c->req_handles > u->req_handles)
			u->req_handles = c->req_handles;
		if (c->res_handles > u->res_handles)
			u->res_handles = c->res_handles;
		if (c->err_handles > u->err_handles)
			u->err_handles = c->err_handles;
	}
	return r;
}
