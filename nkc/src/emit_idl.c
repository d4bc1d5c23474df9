// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_idl.c - the .idl.h of a package: constants, types, and for its
 * interface the mids, size constants, message structs, ops table,
 * wrappers, proxy and dispatcher (the KOS documentation).
 */
#include <string.h>

#include "nkc.h"

#define P (e->unit->cprefix)

static void emit_const(struct emitter *e, const struct decl *d)
{
	const struct type *t = type_resolve(d->type);
	const char *name = decl_cname(d);

	emit_src_comment(e, d->loc, xprintf("const %s", d->name), "");
	if (d->cval.is_string) {
		buf_printf(&e->out, "#define %s \"", name);
		for (size_t i = 0; i < d->cval.slen; i++) {
			unsigned char c = (unsigned char)d->cval.sval[i];

			if (c == '"' || c == '\\')
				buf_printf(&e->out, "\\%c", c);
			else if (c >= 32 && c < 127 && c != '?')
				buf_printf(&e->out, "%c", c);
			else
				buf_printf(&e->out, "\\%03o", c);
		}
		buf_puts(&e->out, "\"\n");
	} else {
		__int128 v = d->cval.ival;
		bool is_signed = t->prim <= PR_SINT64;
		bool wide = t->prim == PR_SINT64 || t->prim == PR_UINT64;

		if (!is_signed)
			buf_printf(&e->out, "#define %s %llu%s\n", name, (unsigned long long)v,
				   wide ? "ull" : "u");
		else if (v == INT64_MIN)
			buf_printf(&e->out, "#define %s (-9223372036854775807ll - 1)\n", name);
		else if (v < 0)
			buf_printf(&e->out, "#define %s (%lld%s)\n", name, (long long)v,
				   wide ? "ll" : "");
		else
			buf_printf(&e->out, "#define %s %lld%s\n", name, (long long)v,
				   wide ? "ll" : "");
	}
	emit_alias(e, name);
}

static void emit_assert_size(struct emitter *e, const char *ctype, uint64_t size)
{
	buf_printf(&e->out, "nk_static_assert(sizeof(%s) == %s, \"layout of %s\");\n", ctype,
		   c_num(size), ctype);
}

static void emit_assert_offset(struct emitter *e, const char *ctype, const char *member,
			       uint64_t off)
{
	buf_printf(&e->out, "nk_static_assert(offsetof(%s, %s) == %s, \"offset of %s.%s\");\n",
		   ctype, member, c_num(off), ctype, member);
}

static void emit_struct(struct emitter *e, const struct decl *d)
{
	const char *name = decl_cname(d);
	const char *ctype = xprintf("struct %s", name);
	bool is_union = d->kind == DK_UNION;

	emit_src_comment(e, d->loc, xprintf("%s %s", is_union ? "union" : "struct", d->name), "");
	if (!is_union) {
		buf_printf(&e->out, "typedef struct __nk_packed %s {\n", name);
		for (int i = 0; i < d->nfields; i++) {
			const struct field *f = d->fields[i];

			buf_printf(&e->out, "\t__nk_alignas(%llu) %s;\n",
				   (unsigned long long)f->type->align, c_decl(f->type, f->name));
		}
		buf_printf(&e->out, "} %s;\n", name);
	} else {
		/* A tagged union: nk_tag selects the member (NAME_member_tag). */
		buf_printf(&e->out, "typedef struct %s {\n\tnk_uint32_t nk_tag;\n\tunion {\n",
			   name);
		for (int i = 0; i < d->nfields; i++) {
			const struct field *f = d->fields[i];

			buf_printf(&e->out, "\t\t__nk_alignas(%llu) %s;\n",
				   (unsigned long long)f->type->align, c_decl(f->type, f->name));
		}
		buf_printf(&e->out, "\t};\n} %s;\n", name);
		buf_puts(&e->out, "enum {\n");
		for (int i = 0; i < d->nfields; i++) {
			const char *tag = xprintf("%s_%s_tag", name, d->fields[i]->name);

			buf_printf(&e->out, "\t%s = %d,\n", tag, i);
			emit_alias(e, tag);
		}
		buf_puts(&e->out, "};\n");
	}
	emit_assert_size(e, ctype, d->size);
	for (int i = 0; i < d->nfields; i++)
		emit_assert_offset(e, ctype, d->fields[i]->name, d->fields[i]->offset);
	emit_alias(e, name);
}

static void emit_typedef(struct emitter *e, const struct decl *d)
{
	const char *name = decl_cname(d);

	emit_src_comment(e, d->loc, xprintf("typedef %s", d->name), "");
	buf_printf(&e->out, "typedef %s;\n", c_decl(d->type, name));
	emit_alias(e, name);
}

/* ---- interface ----------------------------------------------------------- */
static const char *dir_word(enum param_dir dir)
{
	return dir == PD_IN ? "req" : dir == PD_OUT ? "res" : "err";
}

static void emit_define(struct emitter *e, const char *name, uint64_t v)
{
	buf_printf(&e->out, "#define %s %s\n", name, c_num(v));
	emit_alias(e, name);
}

/*
 * P_M_req_X_size for every parameter X with a bound, counted as nk-gen-c
 * counts it (chunk_count), and below it the fields of struct elements:
 * X_elem_F_size inside a sequence or array element, X_F_size inside a
 * struct.
 */
static void emit_counts(struct emitter *e, const char *prefix, const struct type *t, int depth)
{
	const struct type *r = type_resolve(t);
	uint64_t n = chunk_count(r);

	if (depth > 8)
		return;
	if (n)
		emit_define(e, xprintf("%s_size", prefix), n);
	if (r->kind == TY_SEQUENCE || r->kind == TY_ARRAY) {
		emit_counts(e, xprintf("%s_elem", prefix), r->elem, depth + 1);
		return;
	}
	if (r->kind == TY_NAMED && r->decl->kind == DK_STRUCT && depth > 0) {
		for (int i = 0; i < r->decl->nfields; i++)
			emit_counts(e, xprintf("%s_%s", prefix, r->decl->fields[i]->name),
				    r->decl->fields[i]->type, depth + 1);
	}
}

static void emit_constants(struct emitter *e, const struct iface *ifc)
{
	buf_puts(&e->out, "\n/* Method ids. */\nenum {\n");
	for (int i = 0; i < ifc->nmethods; i++) {
		const char *n = xprintf("%s_%s_mid", P, ifc->methods[i]->name);

		buf_printf(&e->out, "\t%s,\n", n);
		emit_alias(e, n);
	}
	buf_printf(&e->out, "\t%s_mid_max\n};\n", P);
	emit_alias(e, xprintf("%s_mid_max", P));

	buf_puts(&e->out, "\n/* Element counts of bounded parameters, arena sizes (worst case, "
		 "chunk\n * alignment included), handle counts. */\n");
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];
		const char *mp = xprintf("%s_%s", P, m->name);
		uint64_t ra = m->res.arena > m->err.arena ? m->res.arena : m->err.arena;

		for (int k = 0; k < m->nparams; k++) {
			const struct param *p = m->params[k];

			emit_counts(e, xprintf("%s_%s_%s", mp, dir_word(p->dir), p->name), p->type,
				    1);
		}
		emit_define(e, xprintf("%s_req_arena_size", mp), m->req.arena);
		emit_define(e, xprintf("%s_res_arena_size", mp), ra);
		emit_define(e, xprintf("%s_req_handles", mp), m->req.handles);
		emit_define(e, xprintf("%s_res_handles", mp), m->res.handles);
		emit_define(e, xprintf("%s_err_handles", mp), m->err.handles);
	}
	emit_define(e, xprintf("%s_req_arena_size", P), ifc->req_arena);
	emit_define(e, xprintf("%s_res_arena_size", P), ifc->res_arena);
	emit_define(e, xprintf("%s_arena_size", P),
		    ifc->req_arena > ifc->res_arena ? ifc->req_arena : ifc->res_arena);
	emit_define(e, xprintf("%s_req_handles", P), ifc->req_handles);
	emit_define(e, xprintf("%s_res_handles", P), ifc->res_handles);
	emit_define(e, xprintf("%s_err_handles", P), ifc->err_handles);
}

static void emit_msg_fields(struct emitter *e, const struct msg *msg, const char *indent)
{
	buf_printf(&e->out, "%s__nk_alignas(8) struct nk_message base_;\n", indent);
	for (int i = 0; i < msg->nparams; i++) {
		const struct param *p = msg->params[i];

		buf_printf(&e->out, "%s__nk_alignas(%llu) %s;\n", indent,
			   (unsigned long long)p->type->align, c_decl(p->type, p->name));
	}
}

static const char *const lt_kind_names[] = {
	[NKIPC_LT_SCALAR] = "NKIPC_LT_SCALAR", [NKIPC_LT_HANDLE] = "NKIPC_LT_HANDLE",
	[NKIPC_LT_STRING] = "NKIPC_LT_STRING", [NKIPC_LT_BYTES] = "NKIPC_LT_BYTES",
	[NKIPC_LT_SEQUENCE] = "NKIPC_LT_SEQUENCE", [NKIPC_LT_ARRAY] = "NKIPC_LT_ARRAY",
	[NKIPC_LT_STRUCT] = "NKIPC_LT_STRUCT", [NKIPC_LT_UNION] = "NKIPC_LT_UNION",
};

static const char *lt_type_ref(uint16_t t)
{
	return t == NKIPC_LTYPE_NONE ? "NKIPC_LTYPE_NONE" : xprintf("%u", t);
}

/*
 * The package's message layouts (lgraph.c) as the tables nk_check_message()
 * reads: one type graph, each message's nk_check_msg pointing into it.
 */
static void emit_layout_tables(struct emitter *e, const struct iface *ifc)
{
	const struct lgraph *g = &ifc->lg;

	if (!g->ntypes)
		return;
	buf_printf(&e->out, "\n/* message layouts (linux/nkipc_layout.h, nk/msgcheck.h) */\n"
		   "static const struct nkipc_ltype %s_nk_types[] = {\n"
		   "\t/* size, bound, elem, first, n_fields, kind, align */\n", P);
	for (int i = 0; i < g->ntypes; i++) {
		const struct nkipc_ltype *t = &g->types[i];

		buf_printf(&e->out, "\t{ %s, %s, %u, %u, %u, %s, %u },\t/* %d */\n",
			   c_num(t->size), c_num(t->bound), t->elem, t->first, t->n_fields,
			   lt_kind_names[t->kind], t->align, i);
	}
	buf_puts(&e->out, "};\n");
	if (!g->nfields)
		return;
	buf_printf(&e->out, "static const struct nkipc_lfield %s_nk_fields[] = {\n"
		   "\t/* offset, type */\n", P);
	for (int i = 0; i < g->nfields; i++)
		buf_printf(&e->out, "\t{ %s, %s, 0 },\t/* %d */\n", c_num(g->fields[i].offset),
			   lt_type_ref(g->fields[i].type), i);
	buf_puts(&e->out, "};\n");
}

static void emit_msg_check(struct emitter *e, const char *name, const struct method *m,
			   int which)
{
	const struct lgraph *g = &e->unit->iface->lg;
	struct nkipc_lmsg l;

	lgraph_lmsg(m, which, &l);
	buf_printf(&e->out, "static const struct nk_check_msg %s_nk_check = {\n"
		   "\t{ %s, %s, %u, %u, 0 }, %s, %s\n};\n", name, c_num(l.const_size),
		   c_num(l.alt_size), l.first, l.n_fields,
		   g->ntypes ? xprintf("%s_nk_types", P) : "NK_NULL",
		   g->nfields ? xprintf("%s_nk_fields", P) : "NK_NULL");
}

static void emit_messages(struct emitter *e, const struct method *m)
{
	const char *mp = xprintf("%s_%s", P, m->name);

	/* error */
	emit_src_comment(e, m->loc, xprintf("%s: error parameters", m->name), "");
	buf_printf(&e->out, "typedef struct __nk_packed %s_err {\n", mp);
	emit_msg_fields(e, &m->err, "\t");
	buf_printf(&e->out, "} %s_err;\n", mp);
	emit_assert_size(e, xprintf("struct %s_err", mp), m->err.size);
	for (int i = 0; i < m->err.nparams; i++)
		emit_assert_offset(e, xprintf("struct %s_err", mp), m->err.params[i]->name,
				   m->err.params[i]->offset);
	emit_msg_check(e, xprintf("%s_err", mp), m, 2);
	emit_alias(e, xprintf("%s_err", mp));

	/* request */
	emit_src_comment(e, m->loc, xprintf("%s: request (in parameters)", m->name), "");
	buf_printf(&e->out, "typedef struct __nk_packed %s_req {\n", mp);
	emit_msg_fields(e, &m->req, "\t");
	buf_printf(&e->out, "} %s_req;\n", mp);
	emit_assert_size(e, xprintf("struct %s_req", mp), m->req.size);
	for (int i = 0; i < m->req.nparams; i++)
		emit_assert_offset(e, xprintf("struct %s_req", mp), m->req.params[i]->name,
				   m->req.params[i]->offset);
	emit_msg_check(e, xprintf("%s_req", mp), m, 0);
	emit_alias(e, xprintf("%s_req", mp));

	/* response: res.x and res.res_.x are the same field */
	emit_src_comment(e, m->loc, xprintf("%s: response (out parameters) or error", m->name),
			 "");
	buf_printf(&e->out, "typedef struct %s_res {\n\tunion {\n\t\tstruct {\n", mp);
	emit_msg_fields(e, &m->res, "\t\t\t");
	buf_puts(&e->out, "\t\t};\n\t\tstruct {\n");
	emit_msg_fields(e, &m->res, "\t\t\t");
	buf_printf(&e->out, "\t\t} res_;\n\t\tstruct %s_err err_;\n\t};\n} %s_res;\n", mp, mp);
	emit_assert_size(e, xprintf("struct %s_res", mp), m->res_union_size);
	for (int i = 0; i < m->res.nparams; i++)
		emit_assert_offset(e, xprintf("struct %s_res", mp),
				   xprintf("res_.%s", m->res.params[i]->name),
				   m->res.params[i]->offset);
	emit_msg_check(e, xprintf("%s_res", mp), m, 1);
	emit_alias(e, xprintf("%s_res", mp));
}

static const char *fn_params(const char *mp)
{
	return xprintf("const struct %s_req *req, const struct nk_arena *req_arena, "
		       "struct %s_res *res, struct nk_arena *res_arena", mp, mp);
}

static void emit_interface_object(struct emitter *e, const struct iface *ifc)
{
	buf_puts(&e->out, "\n");
	emit_src_comment(e, ifc->loc, "interface: an object with an ops table", "");
	buf_printf(&e->out, "struct %s_ops;\n"
		   "typedef struct %s {\n\tconst struct %s_ops *ops;\n} %s;\n", P, P, P, P);
	emit_alias(e, xprintf("%s", P));
	for (int i = 0; i < ifc->nmethods; i++) {
		const char *mp = xprintf("%s_%s", P, ifc->methods[i]->name);

		buf_printf(&e->out, "typedef nk_err_t %s_fn(struct %s *, const struct %s_req *, "
			   "const struct nk_arena *,\n\tstruct %s_res *, struct nk_arena *);\n",
			   mp, P, mp, mp);
		emit_alias(e, xprintf("%s_fn", mp));
	}
	buf_printf(&e->out, "typedef struct %s_ops {\n", P);
	for (int i = 0; i < ifc->nmethods; i++)
		buf_printf(&e->out, "\t%s_%s_fn *%s;\n", P, ifc->methods[i]->name,
			   ifc->methods[i]->name);
	if (!ifc->nmethods)
		buf_puts(&e->out, "\tnk_uint8_t nk_no_methods;\n");
	buf_printf(&e->out, "} %s_ops;\n", P);
	emit_alias(e, xprintf("%s_ops", P));

	buf_puts(&e->out, "\n/*\n * Calls a method through the object's ops table (a proxy or an "
		 "implementation),\n * the request header reset first (its size: the constant part's).\n"
		 " */\n");
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];
		const char *mp = xprintf("%s_%s", P, m->name);

		buf_printf(&e->out,
			   "static inline nk_err_t %s(struct %s *self, struct %s_req *req,\n"
			   "\tconst struct nk_arena *req_arena, struct %s_res *res, "
			   "struct nk_arena *res_arena)\n{\n"
			   "\tnk_req_reset(req);\n"
			   "\treturn self->ops->%s(self, req, req_arena, res, res_arena);\n}\n",
			   mp, P, mp, mp, m->name);
		emit_alias(e, mp);
	}
}

static bool iface_has_handles(const struct iface *ifc)
{
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];

		if (m->req.handles || m->res.handles || m->err.handles)
			return true;
	}
	return false;
}

static void emit_proxy(struct emitter *e, const struct iface *ifc)
{
	buf_printf(&e->out, "\n/* Client side: a proxy sends each call over a transport. */\n"
		   "typedef struct %s_proxy {\n\tstruct %s base;\n"
		   "\tstruct nk_transport *transport;\n\tnk_iid_t iid;\n} %s_proxy;\n", P, P, P);
	emit_alias(e, xprintf("%s_proxy", P));
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];
		const char *mp = xprintf("%s_%s", P, m->name);

		buf_printf(&e->out,
			   "/* Client call of %s: the response is checked against the method's layout. */\n"
			   "static inline nk_err_t %s_proxy(struct %s_proxy *self, struct %s_req *req,\n"
			   "\tconst struct nk_arena *req_arena, struct %s_res *res, "
			   "struct nk_arena *res_arena)\n{\n"
			   "%s"
			   "\tnk_err_t rc;\n\n"
			   "\tnk_req_reset(req);\n"
			   "\tnk_msg_set_method_id(&req->base_, self->iid, %s_mid);\n",
			   m->name, mp, P, mp, mp,
			   m->req.handles || m->res.handles || m->err.handles ?
			   "\tstruct nk_handle_walk nk_h;\n" : "", mp);
		if (m->req.handles) {
			buf_printf(&e->out,
				   "\tnk_h.clear = 0;\t/* the handle table: fields carrying one */\n"
				   "\tif (nk_msg_walk_handles(&%s_req_nk_check, &req->base_, req_arena, "
				   "&nk_h) < 0)\n\t\treturn NK_EINVAL;\n"
				   "\trc = nk_msg_handles_attach(&req->base_, nk_h.desc, nk_h.n);\n"
				   "\tif (rc != NK_EOK)\n\t\treturn rc;\n", mp);
		} else {
			buf_printf(&e->out, "\tnk_msg_set_ncaps(&req->base_, %s_req_handles);\n", mp);
		}
		buf_printf(&e->out,
			   "\tnk_req_reset(res);\n"
			   "\trc = nk_transport_call(self->transport, &req->base_, req_arena,\n"
			   "\t\t\t       &res->base_, res_arena);\n"
			   "\tif (rc != NK_EOK)\n\t\treturn rc;\n"
			   "\tif (nk_check_message((res->base_.flags & NK_MSG_F_ERROR) ?\n"
			   "\t\t\t     &%s_err_nk_check : &%s_res_nk_check,\n"
			   "\t\t\t     &res->base_, res_arena)) {\n"
			   "\t\tnk_msg_handles_drop();\n"
			   "\t\treturn NK_EBADMSG;\n\t}\n", mp, mp);
		if (m->res.handles || m->err.handles) {
			buf_printf(&e->out,
				   "\tnk_h.clear = 1;\t/* the received handles into their fields */\n"
				   "\tif (nk_msg_walk_handles((res->base_.flags & NK_MSG_F_ERROR) ?\n"
				   "\t\t\t\t&%s_err_nk_check : &%s_res_nk_check,\n"
				   "\t\t\t\t&res->base_, res_arena, &nk_h) < 0) {\n"
				   "\t\tnk_msg_handles_drop();\n\t\treturn NK_EBADMSG;\n\t}\n"
				   "\treturn nk_msg_handles_take(&res->base_, nk_h.desc, nk_h.n);\n}\n",
				   mp, mp);
		} else {
			buf_puts(&e->out,
				 "\tif (res->base_.ncaps) {\t/* handles the method has no field for */\n"
				 "\t\tnk_msg_handles_drop();\n\t\treturn NK_EBADMSG;\n\t}\n"
				 "\treturn NK_EOK;\n}\n");
		}
		buf_printf(&e->out,
			   "static inline nk_err_t %s_proxy_call(struct %s *self, %s)\n{\n"
			   "\t/* the caller of %s() owns a writable request */\n"
			   "\treturn %s_proxy((struct %s_proxy *)self, (struct %s_req *)req, req_arena,\n"
			   "\t\t\tres, res_arena);\n}\n",
			   mp, P, fn_params(mp), mp, mp, P, mp);
		emit_alias(e, xprintf("%s_proxy", mp));
	}
	buf_printf(&e->out, "static const struct %s_ops %s_proxy_ops = {\n", P, P);
	for (int i = 0; i < ifc->nmethods; i++)
		buf_printf(&e->out, "\t%s_%s_proxy_call,\n", P, ifc->methods[i]->name);
	if (!ifc->nmethods)
		buf_puts(&e->out, "\t0,\n");
	buf_puts(&e->out, "};\n");
	buf_printf(&e->out,
		   "static inline void %s_proxy_init(struct %s_proxy *self, "
		   "struct nk_transport *transport,\n\tnk_iid_t iid)\n{\n"
		   "\tself->base.ops = &%s_proxy_ops;\n\tself->transport = transport;\n"
		   "\tself->iid = iid;\n}\n", P, P, P);
	emit_alias(e, xprintf("%s_proxy_init", P));
}

/*
 * P_M_test_req/res/err(msg, arena, rand, &failure), nk-gen-c's message
 * generators for tests: integers and characters get rand() values, a
 * string the empty string (stored in @arena), bytes and sequences no
 * element, anything else is zeroed; *failure tells whether the message may
 * not pass the structure check (a zeroed struct, array or union that holds
 * chunks).  NK_ENOMEM if @arena is too small.
 */
static void emit_test_msg(struct emitter *e, const char *mp, const char *which,
			  const struct msg *msg)
{
	bool may_fail = false;

	buf_printf(&e->out,
		   "static inline nk_err_t %s_test_%s(struct %s_%s *msg, struct nk_arena *arena,\n"
		   "\tint (*rand)(void), nk_bool_t *failure)\n{\n"
		   "\t(void)msg;\n\t(void)arena;\n\t(void)rand;\n",
		   mp, which, mp, which);
	for (int i = 0; i < msg->nparams; i++) {
		const struct param *p = msg->params[i];
		const struct type *t = type_resolve(p->type);

		if (t->kind == TY_PRIM && t->prim != PR_HANDLE) {
			char *ct = xstrdup(c_decl(t, ""));

			ct[strlen(ct) - 1] = 0;	/* "nk_uint32_t " */
			buf_printf(&e->out, "\tmsg->%s = (%s)rand();\n", p->name, ct);
		} else if (t->kind == TY_STRING) {
			buf_printf(&e->out, "\tif (nk_arena_store(char, arena, &msg->%s, \"\", 1))\n"
				   "\t\treturn NK_ENOMEM;\n", p->name);
		} else if (t->kind == TY_BYTES || t->kind == TY_SEQUENCE) {
			buf_printf(&e->out, "\tmsg->%s.offset = 0;\n\tmsg->%s.size = 0;\n",
				   p->name, p->name);
		} else {
			buf_printf(&e->out, "\tmemset(&msg->%s, 0, sizeof(msg->%s));\n", p->name,
				   p->name);
			may_fail |= t->check;
		}
	}
	buf_printf(&e->out, "\t*failure = %s;\n\treturn NK_EOK;\n}\n", may_fail ? "1" : "0");
	emit_alias(e, xprintf("%s_test_%s", mp, which));
}

static void emit_tests(struct emitter *e, const struct iface *ifc)
{
	buf_puts(&e->out, "\n/* Test message generators (nk-gen-c's P_M_test_req/res/err). */\n");
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];
		const char *mp = xprintf("%s_%s", P, m->name);

		emit_test_msg(e, mp, "req", &m->req);
		emit_test_msg(e, mp, "res", &m->res);
		emit_test_msg(e, mp, "err", &m->err);
	}
}

/*
 * KOS's simplified error handling: a method whose only error parameter is
 * a UInt16; its implementation may return NK_ELOGIC_MAKE(code) and the
 * dispatcher makes the error response carrying code, as nk-gen-c's does.
 */
static bool simple_error(const struct method *m)
{
	const struct type *t;

	if (m->err.nparams != 1)
		return false;
	t = type_resolve(m->err.params[0]->type);
	return t->kind == TY_PRIM && t->prim == PR_UINT16;
}

static void emit_dispatch(struct emitter *e, const struct iface *ifc)
{
	buf_printf(&e->out, "\n/* Server side: any request / response of the interface. */\n"
		   "typedef union %s_req {\n\tstruct nk_message base_;\n", P);
	for (int i = 0; i < ifc->nmethods; i++)
		buf_printf(&e->out, "\tstruct %s_%s_req %s;\n", P, ifc->methods[i]->name,
			   ifc->methods[i]->name);
	buf_printf(&e->out, "} %s_req;\ntypedef union %s_res {\n\tstruct nk_message base_;\n",
		   P, P);
	for (int i = 0; i < ifc->nmethods; i++)
		buf_printf(&e->out, "\tstruct %s_%s_res %s;\n", P, ifc->methods[i]->name,
			   ifc->methods[i]->name);
	buf_printf(&e->out, "} %s_res;\n", P);
	emit_alias(e, xprintf("%s_req", P));
	emit_alias(e, xprintf("%s_res", P));

	buf_printf(&e->out,
		   "\n/*\n * Checks the request against the method's layout (NK_EBADMSG), then "
		   "calls the\n * implementation.  NK_ENOENT for a foreign iid, an unknown mid "
		   "or a method\n * the ops table leaves NULL.\n */\n"
		   "static inline nk_err_t %s_interface_dispatch(struct %s *impl, nk_iid_t iid,\n"
		   "\tconst struct nk_message *req, const struct nk_arena *req_arena,\n"
		   "\tstruct nk_message *res, struct nk_arena *res_arena)\n{\n"
		   "\tnk_err_t rc;\n%s\n"
		   "\t(void)impl;\n\t(void)req_arena;\n\t(void)res;\n\t(void)res_arena;\n"
		   "\t(void)rc;\n%s"
		   "\tif (req->iid != iid)\n\t\treturn NK_ENOENT;\n"
		   "\tswitch (req->mid) {\n", P, P,
		   iface_has_handles(ifc) ? "\tstruct nk_handle_walk nk_h;\n" : "",
		   iface_has_handles(ifc) ? "\t(void)nk_h;\n" : "");
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];
		const char *mp = xprintf("%s_%s", P, m->name);

		buf_printf(&e->out,
			   "\tcase %s_mid: {\n"
			   "\t\tstruct %s_res *r = (struct %s_res *)res;\n\n"
			   "\t\tif (!impl->ops->%s)\n\t\t\treturn NK_ENOENT;\n"
			   "\t\tif (nk_check_message(&%s_req_nk_check, req, req_arena))\n"
			   "\t\t\treturn NK_EBADMSG;\n"
			   "%s"
			   "\t\tnk_req_reset(r);\n"
			   "\t\tnk_msg_set_method_id(&r->base_, iid, %s_mid);\n"
			   "\t\trc = impl->ops->%s(impl, (const struct %s_req *)req, req_arena,\n"
			   "\t\t\t\t\tr, res_arena);\n",
			   mp, mp, mp, m->name, mp,
			   m->req.handles ?
			   xprintf("\t\tnk_h.clear = 1;\t/* the received handles into their fields */\n"
				   "\t\tif (nk_msg_walk_handles(&%s_req_nk_check, (struct nk_message *)req,\n"
				   "\t\t\t\t\treq_arena, &nk_h) < 0 ||\n"
				   "\t\t    nk_msg_handles_take(req, nk_h.desc, nk_h.n) != NK_EOK) {\n"
				   "\t\t\tnk_msg_handles_drop();\n\t\t\treturn NK_EBADMSG;\n\t\t}\n", mp) :
			   "\t\tif (req->ncaps) {\t/* handles the method has no field for */\n"
			   "\t\t\tnk_msg_handles_drop();\n\t\t\treturn NK_EBADMSG;\n\t\t}\n",
			   mp, m->name, mp);
		if (simple_error(m)) {
			buf_printf(&e->out,
				   "\t\tif (NK_ELOGIC_CHECK(rc)) {\t/* the error response */\n"
				   "\t\t\tnk_err_reset(&r->err_);\n"
				   "\t\t\tr->err_.%s = (nk_uint16_t)NK_ELOGIC_GET(rc);\n"
				   "\t\t\trc = NK_EOK;\n\t\t}\n", m->err.params[0]->name);
		}
		if (m->res.handles || m->err.handles) {
			buf_printf(&e->out,
				   "\t\tif (rc != NK_EOK)\n\t\t\treturn rc;\n"
				   "\t\tnk_h.clear = 0;\t/* the response's handle table */\n"
				   "\t\tif (nk_msg_walk_handles((r->base_.flags & NK_MSG_F_ERROR) ?\n"
				   "\t\t\t\t\t&%s_err_nk_check : &%s_res_nk_check,\n"
				   "\t\t\t\t\t&r->base_, res_arena, &nk_h) < 0)\n"
				   "\t\t\treturn NK_EBADMSG;\n"
				   "\t\trc = nk_msg_handles_attach(&r->base_, nk_h.desc, nk_h.n);\n",
				   mp, mp);
		}
		buf_puts(&e->out, "\t\treturn rc;\n\t}\n");
	}
	buf_puts(&e->out, "\tdefault:\n\t\treturn NK_ENOENT;\n\t}\n}\n");
	emit_alias(e, xprintf("%s_interface_dispatch", P));
}

void emit_idl(struct emitter *e, const struct unit *u)
{
	e->unit = u;
	emit_header_open(e, "IDL");
	buf_puts(&e->out, "\n");
	for (int i = 0; i < u->ndecls; i++) {
		const struct decl *d = u->decls[i];

		switch (d->kind) {
		case DK_CONST:
			emit_const(e, d);
			break;
		case DK_TYPEDEF:
			emit_typedef(e, d);
			break;
		case DK_STRUCT:
		case DK_UNION:
			emit_struct(e, d);
			break;
		}
	}
	if (u->iface) {
		emit_constants(e, u->iface);
		emit_layout_tables(e, u->iface);
		for (int i = 0; i < u->iface->nmethods; i++) {
			buf_puts(&e->out, "\n");
			emit_messages(e, u->iface->methods[i]);
		}
		emit_interface_object(e, u->iface);
		emit_proxy(e, u->iface);
		emit_dispatch(e, u->iface);
		emit_tests(e, u->iface);
	}
	emit_header_close(e, "IDL");
}
