// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * describe.c - `nkc --describe`: the packages, message layouts and endpoint
 * tables as JSON, for nkpolicy and the kernel's structure check.  The
 * numbers come from layout.c, the same ones the generated headers
 * static-assert; the schema is documented in docs/nkc.md.
 */
#include <string.h>

#include "nkc.h"

static void jstr(struct buf *b, const char *s, size_t len)
{
	buf_puts(b, "\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 32 || c >= 127)
			buf_printf(b, "\\u%04x", c);
		else
			buf_printf(b, "%c", c);
	}
	buf_puts(b, "\"");
}

static void js(struct buf *b, const char *s)
{
	jstr(b, s, strlen(s));
}

static const char *u64(uint64_t v)
{
	return xprintf("%llu", (unsigned long long)v);
}

static void type_json(struct buf *b, const struct type *t)
{
	const struct type *r = type_resolve(t);

	buf_printf(b, "{\"size\": %s, \"align\": %s, ", u64(r->size), u64(r->align));
	if (t->kind == TY_NAMED && t->decl->kind == DK_TYPEDEF) {
		buf_puts(b, "\"typedef\": ");
		js(b, xprintf("%s.%s", t->decl->unit->pkg, t->decl->name));
		buf_puts(b, ", ");
	}
	switch (r->kind) {
	case TY_PRIM:
		buf_printf(b, "\"kind\": \"%s\", \"name\": \"%s\"",
			   r->prim == PR_HANDLE ? "handle" : r->prim == PR_CHAR ? "char" : "int",
			   prim_name(r->prim));
		if (r->prim <= PR_UINT64)
			buf_printf(b, ", \"signed\": %s", r->prim <= PR_SINT64 ? "true" : "false");
		break;
	case TY_STRING:
	case TY_BYTES:
		buf_printf(b, "\"kind\": \"%s\", \"bound\": %s, \"chunk\": {\"elem_size\": 1, "
			   "\"elem_align\": 1, \"max_bytes\": %s, \"nul_terminated\": %s}",
			   r->kind == TY_STRING ? "string" : "bytes", u64(r->bound),
			   u64(chunk_max_size(r)), r->kind == TY_STRING ? "true" : "false");
		break;
	case TY_SEQUENCE: {
		const struct type *el = type_resolve(r->elem);

		buf_printf(b, "\"kind\": \"sequence\", \"bound\": %s, \"chunk\": {\"elem_size\": %s, "
			   "\"elem_align\": %s, \"max_bytes\": %s}, \"elem\": ", u64(r->bound),
			   u64(el->size), u64(el->align), u64(chunk_max_size(r)));
		type_json(b, r->elem);
		break;
	}
	case TY_ARRAY:
		buf_printf(b, "\"kind\": \"array\", \"count\": %s, \"elem\": ", u64(r->bound));
		type_json(b, r->elem);
		break;
	case TY_NAMED:
		buf_printf(b, "\"kind\": \"%s\", \"name\": ",
			   r->decl->kind == DK_STRUCT ? "struct" : "union");
		js(b, xprintf("%s.%s", r->decl->unit->pkg, r->decl->name));
		break;
	}
	buf_puts(b, "}");
}

static void decl_json(struct buf *b, const struct decl *d)
{
	buf_puts(b, "{\"name\": ");
	js(b, d->name);
	buf_printf(b, ", \"line\": %d, ", d->loc.line);
	switch (d->kind) {
	case DK_CONST:
		buf_puts(b, "\"kind\": \"const\", \"type\": ");
		type_json(b, d->type);
		buf_puts(b, ", \"value\": ");
		if (d->cval.is_string) {
			jstr(b, d->cval.sval, d->cval.slen);
		} else if (d->cval.ival < 0) {
			buf_printf(b, "%lld", (long long)d->cval.ival);
		} else {
			buf_printf(b, "%llu", (unsigned long long)d->cval.ival);
		}
		break;
	case DK_TYPEDEF:
		buf_puts(b, "\"kind\": \"typedef\", \"type\": ");
		type_json(b, d->type);
		break;
	case DK_STRUCT:
	case DK_UNION:
		buf_printf(b, "\"kind\": \"%s\", \"size\": %s, \"align\": %s, ",
			   d->kind == DK_STRUCT ? "struct" : "union", u64(d->size), u64(d->align));
		if (d->kind == DK_UNION)
			buf_printf(b, "\"tag_offset\": 0, \"tag_size\": 4, \"body_offset\": %s, ",
				   u64(d->body_offset));
		buf_puts(b, "\"fields\": [");
		for (int i = 0; i < d->nfields; i++) {
			buf_puts(b, i ? ",\n\t\t\t{\"name\": " : "\n\t\t\t{\"name\": ");
			js(b, d->fields[i]->name);
			if (d->kind == DK_UNION)
				buf_printf(b, ", \"tag\": %d", i);
			buf_printf(b, ", \"offset\": %s, \"type\": ", u64(d->fields[i]->offset));
			type_json(b, d->fields[i]->type);
			buf_puts(b, "}");
		}
		buf_puts(b, "]");
		break;
	}
	buf_puts(b, "}");
}

static void msg_json(struct buf *b, const char *key, const struct method *me, int which)
{
	const struct msg *m = which == 0 ? &me->req : which == 1 ? &me->res : &me->err;
	struct nkipc_lmsg l;

	lgraph_lmsg(me, which, &l);
	buf_printf(b, "\"%s\": {\"size\": %s, \"arena_size\": %s, \"handles\": %s, "
		   "\"layout\": {\"const_size\": %u, \"alt_size\": %u, \"first\": %u, "
		   "\"n_fields\": %u}, \"fields\": [", key, u64(l.const_size), u64(m->arena),
		   u64(m->handles), l.const_size, l.alt_size, l.first, l.n_fields);
	for (int i = 0; i < m->nparams; i++) {
		const struct param *p = m->params[i];

		buf_puts(b, i ? ",\n\t\t\t\t{\"name\": " : "\n\t\t\t\t{\"name\": ");
		js(b, p->name);
		buf_printf(b, ", \"offset\": %s, \"type\": ", u64(p->offset));
		type_json(b, p->type);
		buf_puts(b, "}");
	}
	buf_puts(b, "]}");
}

static void iface_json(struct buf *b, const struct iface *ifc)
{
	buf_printf(b, ",\n\t \"interface\": {\"req_arena_size\": %s, \"res_arena_size\": %s, "
		   "\"methods\": [", u64(ifc->req_arena), u64(ifc->res_arena));
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];

		buf_puts(b, i ? ",\n\t\t{\"name\": " : "\n\t\t{\"name\": ");
		js(b, m->name);
		buf_printf(b, ", \"mid\": %d, \"line\": %d,\n\t\t ", m->mid, m->loc.line);
		msg_json(b, "req", m, 0);
		buf_puts(b, ",\n\t\t ");
		msg_json(b, "res", m, 1);
		buf_puts(b, ",\n\t\t ");
		msg_json(b, "err", m, 2);
		buf_puts(b, "}");
	}
	buf_puts(b, "],\n\t \"layout\": {\"types\": [");
	for (int i = 0; i < ifc->lg.ntypes; i++) {
		const struct nkipc_ltype *t = &ifc->lg.types[i];

		buf_printf(b, "%s{\"kind\": %u, \"size\": %u, \"align\": %u, \"bound\": %u, "
			   "\"elem\": %u, \"first\": %u, \"n_fields\": %u}", i ? ",\n\t\t" : "\n\t\t",
			   t->kind, t->size, t->align, t->bound, t->elem, t->first, t->n_fields);
	}
	buf_puts(b, "],\n\t  \"fields\": [");
	for (int i = 0; i < ifc->lg.nfields; i++)
		buf_printf(b, "%s{\"offset\": %u, \"type\": %u}", i ? ",\n\t\t" : "\n\t\t",
			   ifc->lg.fields[i].offset, ifc->lg.fields[i].type);
	buf_puts(b, "]}}");
}

static void component_json(struct buf *b, const struct unit *u)
{
	struct vec flat = { 0 }, rows = { 0 };

	buf_printf(b, ",\n\t \"endpoint_count\": %d, \"req_arena_size\": %s, "
		   "\"res_arena_size\": %s,\n\t \"endpoints\": [", u->total_eps, u64(u->req_arena),
		   u64(u->res_arena));
	for (int i = 0; i < u->neps; i++) {
		buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
		js(b, u->eps[i]->name);
		buf_puts(b, ", \"interface\": ");
		js(b, u->eps[i]->iface->pkg);
		buf_printf(b, ", \"iid\": %d}", i);
	}
	buf_puts(b, "],\n\t \"components\": [");
	int base = u->neps;

	for (int i = 0; i < u->ninsts; i++) {
		buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
		js(b, u->insts[i]->name);
		buf_puts(b, ", \"component\": ");
		js(b, u->insts[i]->comp->pkg);
		buf_printf(b, ", \"first_iid\": %d, \"endpoint_count\": %d}", base,
			   u->insts[i]->comp->total_eps);
		base += u->insts[i]->comp->total_eps;
	}
	buf_puts(b, "],\n\t \"endpoint_table\": [");
	riid_flatten(u, &flat);
	riid_table(&flat, &rows);
	for (int i = 0; i < rows.n; i++) {
		const struct ep_row *r = rows.v[i];

		buf_puts(b, i ? ",\n\t\t{\"name\": " : "\n\t\t{\"name\": ");
		js(b, r->name);
		buf_puts(b, ", \"interface\": ");
		js(b, r->flat->ep->iface->pkg);
		buf_printf(b, ", \"riid\": %d, \"methods\": %d}", r->flat->riid,
			   r->flat->ep->iface->iface->nmethods);
	}
	buf_puts(b, "]");
}

void describe_units(struct buf *b, struct unit **units, int n)
{
	bool first = true;

	buf_printf(b, "{\"nkc\": \"%s\", \"schema\": 1, \"packages\": [", NKC_VERSION);
	for (int i = 0; i < n; i++) {
		const struct unit *u = units[i];

		if (u->state != 2)
			continue;
		buf_puts(b, first ? "\n\t{\"kind\": " : ",\n\t{\"kind\": ");
		first = false;
		buf_printf(b, "\"%s\", \"name\": ", u->kind == UK_IDL ? "idl" :
			   u->kind == UK_CDL ? "component" : "entity");
		js(b, u->pkg);
		buf_puts(b, ", \"c_prefix\": ");
		js(b, u->cprefix);
		buf_puts(b, ", \"file\": ");
		js(b, u->file->path);
		if (u->kind == UK_IDL) {
			buf_puts(b, ",\n\t \"imports\": [");
			for (int k = 0; k < u->nimports; k++) {
				if (k)
					buf_puts(b, ", ");
				js(b, u->imports[k]->pkg);
			}
			buf_puts(b, "],\n\t \"declarations\": [");
			for (int k = 0; k < u->ndecls; k++) {
				buf_puts(b, k ? ",\n\t\t" : "\n\t\t");
				decl_json(b, u->decls[k]);
			}
			buf_puts(b, "]");
			if (u->iface)
				iface_json(b, u->iface);
		} else {
			component_json(b, u);
		}
		buf_puts(b, "}");
	}
	buf_puts(b, "\n]}\n");
}
