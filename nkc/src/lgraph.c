// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgraph.c - the message layouts of a package as one flat type graph, in
 * the model of uapi linux/nkipc_layout.h: types[] referring to earlier
 * types by index, fields[] (checked struct fields, union members, the
 * messages' root fields), and per message its sizes and root fields.
 * The generated tables (emit_idl.c), `nkc --describe` (describe.c) and,
 * through nkpolicy, the kernel all use these arrays; both sides run
 * nkipc_layout_check() of that header on them.
 *
 * A type that needs no run-time check (no chunk, union or handle in it)
 * is one SCALAR of its size and alignment; struct fields that need none
 * are left out, union members that need none are NKIPC_LTYPE_NONE (the
 * tag still selects them).  Equal types are shared.  The graph is checked
 * with nkipc_layout_validate(), the kernel's own check at load: a package
 * nested deeper than NKIPC_LAYOUT_MAX_DEPTH is an error here.
 */
#include <stdlib.h>
#include <string.h>

#include "nkc.h"

#define LG_LIMIT	NKIPC_LAYOUT_MAX_SIZE

/* @p (of @n elements of @size) grown to @cap elements (arena-allocated). */
static void *lg_grow(void *p, size_t n, size_t cap, size_t size)
{
	void *q = xalloc(cap * size);

	if (n)
		memcpy(q, p, n * size);
	return q;
}

static uint32_t lg_u32(uint64_t v)
{
	/* a bound the kernel's largest message cannot reach anyway */
	return v > LG_LIMIT ? LG_LIMIT : (uint32_t)v;
}

/* Appends @t: a new index even if an equal type exists. */
static uint16_t lg_push_type(struct lgraph *g, const struct nkipc_ltype *t)
{
	if (g->ntypes == g->cap_types) {
		g->cap_types = g->cap_types ? 2 * g->cap_types : 16;
		g->types = lg_grow(g->types, (size_t)g->ntypes, (size_t)g->cap_types,
				   sizeof(*g->types));
	}
	g->types[g->ntypes] = *t;
	return (uint16_t)g->ntypes++;
}

/* @t's index, shared with an equal type added before. */
static uint16_t lg_add_type(struct lgraph *g, const struct nkipc_ltype *t)
{
	for (int i = 0; i < g->ntypes; i++)
		if (!memcmp(&g->types[i], t, sizeof(*t)))
			return (uint16_t)i;
	return lg_push_type(g, t);
}

static int lg_add_fields(struct lgraph *g, const struct nkipc_lfield *f, int n)
{
	int first = g->nfields;

	if (g->nfields + n > g->cap_fields) {
		g->cap_fields = 2 * (g->nfields + n) + 16;
		g->fields = lg_grow(g->fields, (size_t)g->nfields, (size_t)g->cap_fields,
				    sizeof(*g->fields));
	}
	if (n)
		memcpy(&g->fields[g->nfields], f, sizeof(*f) * (size_t)n);
	g->nfields += n;
	return first;
}

static uint16_t lg_type(struct lgraph *g, const struct type *t);

/* A struct or union that needs checking. */
static uint16_t lg_decl(struct lgraph *g, const struct decl *d)
{
	struct nkipc_lfield *fs = xalloc(sizeof(*fs) * (size_t)(d->nfields + 1));
	struct nkipc_ltype x;
	bool is_union = d->kind == DK_UNION;
	int n = 0;

	for (int i = 0; i < g->decls.n; i++)
		if (g->decls.v[i] == d)
			return (uint16_t)(intptr_t)g->decl_idx.v[i];
	for (int i = 0; i < d->nfields; i++) {
		const struct field *f = d->fields[i];

		if (!f->type->check && !is_union)
			continue;
		memset(&fs[n], 0, sizeof(fs[n]));
		fs[n].offset = (uint32_t)f->offset;
		fs[n].type = f->type->check ? lg_type(g, f->type) : NKIPC_LTYPE_NONE;
		n++;
	}
	memset(&x, 0, sizeof(x));
	x.kind = is_union ? NKIPC_LT_UNION : NKIPC_LT_STRUCT;
	x.size = (uint32_t)d->size;
	x.align = (uint8_t)d->align;
	x.n_fields = (uint16_t)n;
	x.first = (uint16_t)lg_add_fields(g, fs, n);
	/* not shared: two declarations keep their own entries */
	vec_push(&g->decls, (void *)d);
	vec_push(&g->decl_idx, (void *)(intptr_t)g->ntypes);
	return lg_push_type(g, &x);
}

static uint16_t lg_type(struct lgraph *g, const struct type *t)
{
	const struct type *r = type_resolve(t);
	struct nkipc_ltype x;

	memset(&x, 0, sizeof(x));
	x.size = (uint32_t)r->size;
	x.align = (uint8_t)r->align;
	x.kind = NKIPC_LT_SCALAR;
	if (!r->check)
		return lg_add_type(g, &x);
	switch (r->kind) {
	case TY_PRIM:		/* Handle */
		x.kind = NKIPC_LT_HANDLE;
		break;
	case TY_STRING:
		x.kind = NKIPC_LT_STRING;
		x.bound = lg_u32(r->bound);
		break;
	case TY_BYTES:
		x.kind = NKIPC_LT_BYTES;
		x.bound = lg_u32(r->bound);
		break;
	case TY_SEQUENCE:
	case TY_ARRAY:
		x.kind = r->kind == TY_SEQUENCE ? NKIPC_LT_SEQUENCE : NKIPC_LT_ARRAY;
		x.elem = lg_type(g, r->elem);
		x.bound = r->kind == TY_SEQUENCE ? lg_u32(r->bound) : (uint32_t)r->bound;
		break;
	case TY_NAMED:
		return lg_decl(g, r->decl);
	}
	return lg_add_type(g, &x);
}

static void lg_msg(struct lgraph *g, struct msg *m, uint64_t alt_size)
{
	struct nkipc_lfield *fs = xalloc(sizeof(*fs) * (size_t)(m->nparams + 1));
	int n = 0;

	for (int i = 0; i < m->nparams; i++) {
		const struct param *p = m->params[i];

		if (!p->type->check)
			continue;
		memset(&fs[n], 0, sizeof(fs[n]));
		fs[n].offset = (uint32_t)p->offset;
		fs[n].type = lg_type(g, p->type);
		n++;
	}
	m->lfirst = lg_add_fields(g, fs, n);
	m->lnfields = n;
	m->alt_size = (uint32_t)alt_size;
}

/* The layout of @m in @g, as the kernel receives it. */
static void lg_lmsg(const struct msg *m, uint64_t size, struct nkipc_lmsg *out)
{
	memset(out, 0, sizeof(*out));
	out->const_size = (uint32_t)size;
	out->alt_size = m->alt_size;
	out->first = (uint16_t)m->lfirst;
	out->n_fields = (uint16_t)m->lnfields;
}

/*
 * The most values nkipc_layout_check() may visit in a value of each type
 * (saturating at NKIPC_LAYOUT_MAX_VISITS + 1), into @v: types refer only
 * to earlier ones, so one pass in index order.  A message that needs more
 * than NKIPC_LAYOUT_MAX_VISITS is refused by the kernel and the
 * dispatcher alike.
 */
static void lg_visits(const struct lgraph *g, uint64_t *v)
{
	const uint64_t cap = (uint64_t)NKIPC_LAYOUT_MAX_VISITS + 1;

	for (int i = 0; i < g->ntypes; i++) {
		const struct nkipc_ltype *t = &g->types[i];
		uint64_t n = 1, e;

		switch (t->kind) {
		case NKIPC_LT_SEQUENCE:
		case NKIPC_LT_ARRAY:
			if (g->types[t->elem].kind == NKIPC_LT_SCALAR ||
			    g->types[t->elem].kind == NKIPC_LT_HANDLE)
				break;
			e = v[t->elem];
			n = t->bound && e > cap / t->bound ? cap : 1 + t->bound * e;
			break;
		case NKIPC_LT_STRUCT:
		case NKIPC_LT_UNION:
			for (int j = 0; j < t->n_fields; j++) {
				const struct nkipc_lfield *f = &g->fields[t->first + j];

				e = f->type == NKIPC_LTYPE_NONE ? 0 : v[f->type];
				if (t->kind == NKIPC_LT_UNION)
					n = e + 1 > n ? e + 1 : n;
				else
					n += e;
			}
			break;
		default:
			break;
		}
		v[i] = n > cap ? cap : n;
	}
}

static uint64_t lg_msg_visits(const struct lgraph *g, const uint64_t *v,
			      const struct nkipc_lmsg *lm)
{
	uint64_t n = 0;

	for (int i = 0; i < lm->n_fields; i++) {
		const struct nkipc_lfield *f = &g->fields[lm->first + i];

		if (f->type != NKIPC_LTYPE_NONE)
			n += v[f->type];
	}
	return n;
}

int lgraph_build(struct unit *u)
{
	struct iface *ifc = u->iface;
	struct lgraph *g = &ifc->lg;
	uint64_t *visits;
	uint8_t *depth;
	int r = 0;

	for (int i = 0; i < ifc->nmethods; i++) {
		struct method *m = ifc->methods[i];

		lg_msg(g, &m->req, 0);
		lg_msg(g, &m->res, 0);
		/* an error response may have the size of the whole response */
		lg_msg(g, &m->err, m->res_union_size != m->err.size ? m->res_union_size : 0);
	}
	if (g->ntypes > NKIPC_LAYOUT_MAX_TYPES || g->nfields > NKIPC_LAYOUT_MAX_FIELDS) {
		diag_error(ifc->loc, "the message layouts of this interface need %d types and "
			   "%d fields (at most %d and %d)", g->ntypes, g->nfields,
			   NKIPC_LAYOUT_MAX_TYPES, NKIPC_LAYOUT_MAX_FIELDS);
		return -1;
	}
	depth = xalloc((size_t)g->ntypes + 1);
	visits = xalloc(sizeof(*visits) * ((size_t)g->ntypes + 1));
	for (int i = 0; i < ifc->nmethods && !r; i++) {
		const struct method *m = ifc->methods[i];
		const struct msg *ms[3] = { &m->req, &m->res, &m->err };
		const uint64_t sz[3] = { m->req.size, m->res_union_size, m->err.size };

		for (int k = 0; k < 3; k++) {
			struct nkipc_lmsg lm;
			const char *why;

			lg_lmsg(ms[k], sz[k], &lm);
			if (nkipc_layout_validate(&lm, g->types, (uint32_t)g->ntypes, g->fields,
						  (uint32_t)g->nfields, depth, &why)) {
				diag_error(m->loc, "method '%s': %s (the kernel would refuse it)",
					   m->name, why);
				r = -1;
				break;
			}
			if (i == 0 && k == 0)	/* the types validated: indices in range */
				lg_visits(g, visits);
			if (lg_msg_visits(g, visits, &lm) > NKIPC_LAYOUT_MAX_VISITS)
				diag_warning(m->loc, "method '%s': its %s may need more than %u "
					     "values checked; such a message is refused (EBADMSG)",
					     m->name, k == 0 ? "request" : "response",
					     NKIPC_LAYOUT_MAX_VISITS);
		}
	}
	return r;
}

void lgraph_lmsg(const struct method *m, int which, struct nkipc_lmsg *out)
{
	if (which == 0)
		lg_lmsg(&m->req, m->req.size, out);
	else if (which == 1)
		lg_lmsg(&m->res, m->res_union_size, out);
	else
		lg_lmsg(&m->err, m->err.size, out);
}
