// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_component.c - the .cdl.h of a component and the .edl.h of an entity
 * (an entity is laid out like a component, the KOS documentation: E_entity is
 * E_component).  RIIDs are numbered depth-first: own endpoints in
 * declaration order, then each component instance (its endpoints, then its
 * nested instances).  The .edl.h also carries the endpoint table
 * (nk/meta.h) that ServiceLocatorRegister() publishes.
 */
#include <string.h>

#include "nkc.h"

static void emit_dispatch(struct emitter *e, const struct unit *u, const char *T,
			  const char *fname)
{
	buf_printf(&e->out,
		   "\n/*\n * Routes a request by its riid (iidOffset + the riids above) to the\n"
		   " * endpoint's interface dispatcher.  NK_ENOENT for a riid outside the\n"
		   " * component or an endpoint / instance left NULL.\n */\n"
		   "static inline nk_err_t %s(struct %s *self, nk_iid_t iidOffset,\n"
		   "\tconst struct nk_message *req, const struct nk_arena *req_arena,\n"
		   "\tstruct nk_message *res, struct nk_arena *res_arena)\n{\n",
		   fname, T);
	buf_puts(&e->out, "\tnk_uint32_t rel;\n\n\t(void)self;\n\t(void)req_arena;\n"
		 "\t(void)res;\n\t(void)res_arena;\n");
	buf_puts(&e->out, "\tif (req->iid < iidOffset)\n\t\treturn NK_ENOENT;\n"
		 "\trel = (nk_uint32_t)(req->iid - iidOffset);\n");
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
				   "\t\t\t\t(nk_iid_t)(iidOffset + %d), req, req_arena, res, "
				   "res_arena) : NK_ENOENT;\n",
				   base ? xprintf("rel >= %d && ", base) : "", base + n, in->name,
				   base, base + n - 1, in->name, in->comp->cprefix, in->name, base);
		}
		base += n;
	}
	buf_puts(&e->out, "\treturn NK_ENOENT;\n}\n");
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

static void emit_size(struct emitter *e, const char *name, uint64_t v)
{
	buf_printf(&e->out, "#define %s %s\n", name, c_num(v));
	emit_alias(e, name);
}

void emit_component(struct emitter *e, const struct unit *u)
{
	const char *P = u->cprefix;
	bool entity = u->kind == UK_EDL;
	const char *ext = entity ? "EDL" : "CDL";
	const char *T = xprintf("%s_component", P);
	struct vec flat = { 0 };
	int base;

	e->unit = u;
	riid_flatten(u, &flat);
	emit_header_open(e, ext);

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
	/* where each instance's riids start; no security interfaces (nk-gen-c's names) */
	buf_printf(&e->out, "enum {\n\t%s_iidOffset = 0,\n", P);
	emit_alias(e, xprintf("%s_iidOffset", P));
	base = u->neps;
	for (int i = 0; i < u->ninsts; i++) {
		const char *n = xprintf("%s_%s_iidOffset", P, u->insts[i]->name);

		buf_printf(&e->out, "\t%s = %d,\n", n, base);
		emit_alias(e, n);
		base += u->insts[i]->comp->total_eps;
	}
	buf_printf(&e->out, "};\nenum {\n\t%s_securityIidMax = 0\n};\n", P);
	emit_alias(e, xprintf("%s_securityIidMax", P));

	/* the object */
	buf_puts(&e->out, "\n");
	emit_src_comment(e, u->loc, xprintf("%s %s", entity ? "entity" : "component", u->pkg), "");
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
	const char *init = xprintf("%s_component_init", P);
	struct buf params = { 0 }, args = { 0 };

	for (int i = 0; i < u->neps; i++) {
		buf_printf(&params, ",\n\tstruct %s *%s", u->eps[i]->iface->cprefix,
			   u->eps[i]->name);
		buf_printf(&args, ", %s", u->eps[i]->name);
	}
	for (int i = 0; i < u->ninsts; i++) {
		buf_printf(&params, ",\n\tstruct %s_component *%s", u->insts[i]->comp->cprefix,
			   u->insts[i]->name);
		buf_printf(&args, ", %s", u->insts[i]->name);
	}
	buf_printf(&e->out, "static inline void %s(struct %s *self%s)\n{\n", init, T,
		   params.s ? params.s : "");
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

		buf_printf(&e->out, "typedef union %s_%s {\n\tstruct nk_message base_;\n", T, rr);
		for (int i = 0; i < flat.n; i++) {
			const struct flat_ep *f = flat.v[i];

			buf_printf(&e->out, "\t%s_%s %s;\n", f->ep->iface->cprefix, rr, f->cpath);
		}
		buf_printf(&e->out, "} %s_%s;\n", T, rr);
		emit_alias(e, xprintf("%s_%s", T, rr));
	}

	buf_printf(&e->out, "\n/* Arena sizes and handle counts for any method of any endpoint. */\n");
	emit_size(e, xprintf("%s_req_arena_size", T), u->req_arena);
	emit_size(e, xprintf("%s_res_arena_size", T), u->res_arena);
	emit_size(e, xprintf("%s_arena_size", T),
		  u->req_arena > u->res_arena ? u->req_arena : u->res_arena);
	emit_size(e, xprintf("%s_req_handles", T), u->req_handles);
	emit_size(e, xprintf("%s_res_handles", T), u->res_handles);
	emit_size(e, xprintf("%s_err_handles", T), u->err_handles);

	const char *disp = xprintf("%s_component_dispatch", P);

	emit_dispatch(e, u, T, disp);
	emit_alias(e, disp);

	if (entity) {
		static const char *const names[] = {
			"req_arena_size", "res_arena_size", "arena_size", "req_handles",
			"res_handles", "err_handles", "req", "res",
		};

		/* the KOS documentation / nk-gen-c: the entity is its component */
		buf_printf(&e->out, "\n/* The entity: the names of the KOS documentation, aliases of the "
			   "component's. */\n#define %s_entity %s\n", P, T);
		emit_alias(e, xprintf("%s_entity", P));
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			buf_printf(&e->out, "#define %s_entity_%s %s_%s\n", P, names[i], T,
				   names[i]);
			emit_alias(e, xprintf("%s_entity_%s", P, names[i]));
		}
		buf_printf(&e->out, "static inline void %s_entity_init(struct %s_entity *self%s)\n"
			   "{\n\t%s(self%s);\n}\n", P, P, params.s ? params.s : "", init,
			   args.s ? args.s : "");
		emit_alias(e, xprintf("%s_entity_init", P));
		buf_printf(&e->out,
			   "static inline nk_err_t %s_entity_dispatch(struct %s_entity *self,\n"
			   "\tconst struct nk_message *req, const struct nk_arena *req_arena,\n"
			   "\tstruct nk_message *res, struct nk_arena *res_arena)\n{\n"
			   "\treturn %s(self, 0, req, req_arena, res, res_arena);\n}\n",
			   P, P, disp);
		emit_alias(e, xprintf("%s_entity_dispatch", P));
		emit_meta(e, u, &flat);
	}
	buf_free(&params);
	buf_free(&args);
	emit_header_close(e, ext);
}
