// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_component.c - the .cdl.h of a component and the .edl.h of an entity
 * (an entity is laid out like a component, seed 004: E_entity is
 * E_component).  RIIDs are numbered depth-first: own endpoints in
 * declaration order, then each component instance (its endpoints, then its
 * nested instances).  The .edl.h also carries the endpoint table
 * (nk/meta.h) that ServiceLocatorRegister() publishes.
 */
#include <string.h>

#include "nkc.h"

static void include_once(struct emitter *e, struct vec *seen, const char *path)
{
	for (int i = 0; i < seen->n; i++) {
		if (!strcmp(seen->v[i], path))
			return;
	}
	vec_push(seen, (void *)path);
	buf_printf(&e->out, "#include <%s>\n", path);
}

static void emit_dispatch(struct emitter *e, const struct unit *u, const char *T,
			  const char *fname, bool entity)
{
	const char *P = u->cprefix;

	buf_printf(&e->out,
		   "\n/*\n * Routes a request by its riid to the endpoint's interface dispatcher%s.\n"
		   " * NK_ENOENT for a riid outside the %s or an endpoint left NULL.\n */\n"
		   "static inline nk_err_t %s(struct %s *self,%s\n"
		   "\tconst struct nk_message *req, const struct nk_arena *req_arena,\n"
		   "\tstruct nk_message *res, struct nk_arena *res_arena)\n{\n",
		   entity ? "" : " (riids from iidOffset on)", entity ? "entity" : "component",
		   fname, T, entity ? "" : " nk_iid_t iidOffset,");
	buf_puts(&e->out, "\tnk_uint32_t rel;\n\n\t(void)self;\n\t(void)req_arena;\n"
		 "\t(void)res;\n\t(void)res_arena;\n");
	if (entity) {
		buf_puts(&e->out, "\trel = req->iid;\n");
	} else {
		buf_puts(&e->out, "\tif (req->iid < iidOffset)\n\t\treturn NK_ENOENT;\n"
			 "\trel = (nk_uint32_t)(req->iid - iidOffset);\n");
	}
	if (!u->neps && !u->ninsts)	/* nothing to route to */
		buf_puts(&e->out, "\t(void)rel;\n");
	for (int i = 0; i < u->neps; i++) {
		const struct endpoint *ep = u->eps[i];

		buf_printf(&e->out, "\tif (rel == %d)\t/* %s */\n"
			   "\t\treturn self->%s ? %s_interface_dispatch(self->%s, req->iid, req,\n"
			   "\t\t\t\treq_arena, res, res_arena) : NK_ENOENT;\n",
			   i, ep->name, ep->name, ep->iface->cprefix, ep->name);
	}
	int base = u->neps;

	for (int i = 0; i < u->ninsts; i++) {
		const struct instance *in = u->insts[i];
		int n = in->comp->total_eps;

		if (n) {
			buf_printf(&e->out, "\tif (%srel < %d)\t/* %s: riids %d..%d */\n"
				   "\t\treturn self->%s ? %s_component_dispatch(self->%s,\n"
				   "\t\t\t\t%s, req, req_arena, res, res_arena) : NK_ENOENT;\n",
				   base ? xprintf("rel >= %d && ", base) : "", base + n, in->name,
				   base, base + n - 1, in->name, in->comp->cprefix, in->name,
				   entity ? xprintf("%d", base) :
				   xprintf("(nk_iid_t)(iidOffset + %d)", base));
		}
		base += n;
	}
	buf_puts(&e->out, "\treturn NK_ENOENT;\n}\n");
	(void)P;
}

static void emit_meta(struct emitter *e, const struct unit *u, struct vec *flat)
{
	const char *P = u->cprefix;
	struct vec rows = { 0 };

	riid_table(flat, &rows);
	buf_printf(&e->out, "\n/*\n * Endpoint table for ServiceLocatorRegister(): every name a "
		   "client may pass\n * to ServiceLocatorGetRiid() (\"inst.ep\", \"ep\", "
		   "\"pkg.Component.ep\").\n */\n");
	if (rows.n) {
		buf_printf(&e->out, "static const struct nk_endpoint_meta %s_nk_meta_endpoints[] = {\n",
			   P);
		for (int i = 0; i < rows.n; i++) {
			const struct ep_row *r = rows.v[i];
			const struct flat_ep *f = r->flat;

			buf_printf(&e->out, "\t{ \"%s\", \"%s\", %d, %d },\n", r->name,
				   f->ep->iface->pkg, f->riid, f->ep->iface->iface->nmethods);
		}
		buf_puts(&e->out, "};\n");
	}
	buf_printf(&e->out,
		   "static const struct nk_entity_meta %s_nk_meta = {\n"
		   "\t\"%s\", %d, %s\n};\n"
		   "static void __attribute__((constructor)) %s_nk_meta_register(void)\n{\n"
		   "\tnk_meta_register(&%s_nk_meta);\n}\n",
		   P, u->pkg, rows.n, rows.n ? xprintf("%s_nk_meta_endpoints", P) : "NK_NULL",
		   P, P);
}

void emit_component(struct emitter *e, const struct unit *u)
{
	const char *P = u->cprefix;
	bool entity = u->kind == UK_EDL;
	const char *ext = entity ? "EDL" : "CDL";
	const char *role = entity ? "entity" : "component";
	const char *T = xprintf("%s_component", P);
	/* how the object's type is spelled in signatures (seed: struct E_entity) */
	const char *ST = entity ? xprintf("%s_entity", P) : T;
	struct vec flat = { 0 }, seen = { 0 };
	e->unit = u;
	riid_flatten(u, &flat);
	emit_header_open(e, ext);
	for (int i = 0; i < u->neps; i++)
		include_once(e, &seen, header_path(u->eps[i]->iface));
	for (int i = 0; i < u->ninsts; i++)
		include_once(e, &seen, header_path(u->insts[i]->comp));

	/* riids */
	buf_printf(&e->out, "\n/* Endpoint riids, depth-first. */\nenum {\n");
	for (int i = 0; i < flat.n; i++) {
		const struct flat_ep *f = flat.v[i];
		const char *n = xprintf("%s_%s_iid", P, f->cpath);

		buf_printf(&e->out, "\t%s = %d,\t/* %s: %s */\n", n, f->riid, f->dpath,
			   f->ep->iface->pkg);
		emit_alias(e, n);
	}
	buf_printf(&e->out, "\t%s_iidMax = %d\n};\n", P, flat.n);
	emit_alias(e, xprintf("%s_iidMax", P));

	/* the object */
	buf_puts(&e->out, "\n");
	emit_src_comment(e, u->loc, xprintf("%s %s", role, u->pkg), "");
	if (entity) {
		buf_printf(&e->out, "#define %s_entity %s\n", P, T);
		emit_alias(e, xprintf("%s_entity", P));
	}
	buf_printf(&e->out, "typedef struct %s {\n", T);
	for (int i = 0; i < u->neps; i++) {
		emit_src_comment(e, u->eps[i]->loc, xprintf("endpoint %s", u->eps[i]->name), "\t");
		buf_printf(&e->out, "\tstruct %s *%s;\n", u->eps[i]->iface->cprefix,
			   u->eps[i]->name);
	}
	for (int i = 0; i < u->ninsts; i++) {
		emit_src_comment(e, u->insts[i]->loc,
				 xprintf("component instance %s", u->insts[i]->name), "\t");
		buf_printf(&e->out, "\tstruct %s_component *%s;\n", u->insts[i]->comp->cprefix,
			   u->insts[i]->name);
	}
	if (!u->neps && !u->ninsts)
		buf_puts(&e->out, "\tnk_uint8_t nk_empty;\n");
	buf_printf(&e->out, "} %s;\n", T);
	emit_alias(e, T);

	/* init: endpoints first, then nested components, in declaration order */
	const char *init = xprintf("%s_%s_init", P, role);

	buf_printf(&e->out, "static inline void %s(struct %s *self", init, ST);
	for (int i = 0; i < u->neps; i++)
		buf_printf(&e->out, ",\n\tstruct %s *%s", u->eps[i]->iface->cprefix,
			   u->eps[i]->name);
	for (int i = 0; i < u->ninsts; i++)
		buf_printf(&e->out, ",\n\tstruct %s_component *%s", u->insts[i]->comp->cprefix,
			   u->insts[i]->name);
	buf_puts(&e->out, ")\n{\n");
	for (int i = 0; i < u->neps; i++)
		buf_printf(&e->out, "\tself->%s = %s;\n", u->eps[i]->name, u->eps[i]->name);
	for (int i = 0; i < u->ninsts; i++)
		buf_printf(&e->out, "\tself->%s = %s;\n", u->insts[i]->name, u->insts[i]->name);
	if (!u->neps && !u->ninsts)
		buf_puts(&e->out, "\tself->nk_empty = 0;\n");
	buf_puts(&e->out, "}\n");
	emit_alias(e, init);

	/* req / res unions: a member per endpoint, nested ones as inst_ep */
	for (int k = 0; k < 2; k++) {
		const char *rr = k ? "res" : "req";

		if (entity) {
			buf_printf(&e->out, "#define %s_entity_%s %s_%s\n", P, rr, T, rr);
			emit_alias(e, xprintf("%s_entity_%s", P, rr));
		}
		buf_printf(&e->out, "typedef union %s_%s {\n\tstruct nk_message base_;\n", T, rr);
		for (int i = 0; i < flat.n; i++) {
			const struct flat_ep *f = flat.v[i];

			buf_printf(&e->out, "\t%s_%s %s;\n", f->ep->iface->cprefix, rr, f->cpath);
		}
		buf_printf(&e->out, "} %s_%s;\n", T, rr);
		emit_alias(e, xprintf("%s_%s", T, rr));
	}

	buf_printf(&e->out, "\n/* Arena sizes for any method of any endpoint. */\n");
	buf_printf(&e->out, "#define %s_%s_req_arena_size %s\n", P, role, c_num(u->req_arena));
	buf_printf(&e->out, "#define %s_%s_res_arena_size %s\n", P, role, c_num(u->res_arena));
	buf_printf(&e->out, "#define %s_%s_arena_size %s\n", P, role,
		   c_num(u->req_arena > u->res_arena ? u->req_arena : u->res_arena));
	emit_alias(e, xprintf("%s_%s_req_arena_size", P, role));
	emit_alias(e, xprintf("%s_%s_res_arena_size", P, role));
	emit_alias(e, xprintf("%s_%s_arena_size", P, role));

	const char *disp = xprintf("%s_%s_dispatch", P, role);

	emit_dispatch(e, u, ST, disp, entity);
	emit_alias(e, disp);
	if (entity)
		emit_meta(e, u, &flat);
	emit_header_close(e, ext);
}
