// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_cpp.c - the C++ transport of the KOS documentation ("Generating transport code
 * for development in C++", nkppmeta): *.idl.cpp.h, *.cdl.cpp.h, *.edl.cpp.h.
 *
 * The C++ code marshals into the message structs and arenas of the C header
 * of the same description (which it includes): every offset, size and
 * alignment comes from those structs, laid out once by layout.c, and the
 * C proxies, dispatchers and nk_check_message() do the calls and the
 * structure checks.  This file only maps IDL types to C++ types
 * (SInt8..UInt64 -> <cstdint>, Handle, string -> std::string, union ->
 * std::variant, struct, array -> std::array, sequence -> std::vector,
 * bytes -> std::vector<std::byte>) and copies values between the two.
 *
 * Names: package a.b.C's types, constants and interface class C live in
 * namespace kosipc::stdcpp::a::b; component / entity a.b.E is the struct
 * kosipc::components::a::b::E, and an entity also defines
 * kosipc::components::Root (the program's component tree).
 */
#include <string.h>

#include "nkc.h"

static const char *cpp_prim(enum prim p)
{
	static const char *const names[] = {
		"std::int8_t", "std::int16_t", "std::int32_t", "std::int64_t", "std::uint8_t",
		"std::uint16_t", "std::uint32_t", "std::uint64_t", "char", "nk_handle_desc_t",
	};
	return names[p];
}

/* "a.b.C" -> "a::b" (the namespace below kosipc::stdcpp), "" for "C" */
static const char *pkg_ns(const struct unit *u)
{
	size_t n = strlen(u->pkg) - strlen(u->shortname);
	char *s = xstrndup(u->pkg, n ? n - 1 : 0);
	struct buf b = { 0 };

	for (char *p = s; *p; p++) {
		if (*p == '.')
			buf_puts(&b, "::");
		else
			buf_printf(&b, "%c", *p);
	}
	s = xstrdup(b.s ? b.s : "");
	buf_free(&b);
	return s;
}

static const char *qual(const char *root, const struct unit *u, const char *name)
{
	const char *ns = pkg_ns(u);

	return xprintf("::kosipc::%s%s%s::%s", root, *ns ? "::" : "", ns, name);
}

static void ns_open(struct emitter *e, const char *root, const struct unit *u)
{
	const char *ns = pkg_ns(u);

	buf_printf(&e->out, "namespace kosipc { namespace %s {", root);
	if (*ns) {
		char *s = xstrdup(ns);

		for (char *tok = strtok(s, ":"); tok; tok = strtok(NULL, ":"))
			buf_printf(&e->out, " namespace %s {", tok);
	}
	buf_puts(&e->out, "\n");
}

static void ns_close(struct emitter *e, const struct unit *u)
{
	const char *ns = pkg_ns(u);
	int n = 2;	/* kosipc and stdcpp / components */

	if (*ns) {
		n++;
		for (const char *p = ns; *p; p++)
			n += p[0] == ':' && p[1] == ':';
	}
	for (int i = 0; i < n; i++)
		buf_puts(&e->out, "}");
	buf_puts(&e->out, "\n");
}

/*
 * The interface class of package a.b.C: C, or CInterface if a method or a
 * declaration of the package is also named C (a C++ class cannot have a
 * member named as itself; echo.Ping has a method Ping).
 */
static const char *iface_class(const struct unit *u)
{
	for (int i = 0; u->iface && i < u->iface->nmethods; i++) {
		if (!strcmp(u->iface->methods[i]->name, u->shortname))
			return xprintf("%sInterface", u->shortname);
	}
	for (int i = 0; i < u->ndecls; i++) {
		if (!strcmp(u->decls[i]->name, u->shortname))
			return xprintf("%sInterface", u->shortname);
	}
	return u->shortname;
}

/* The C++ type of an IDL type. */
static const char *cpp_type(const struct type *t)
{
	switch (t->kind) {
	case TY_PRIM:
		return cpp_prim(t->prim);
	case TY_STRING:
		return "std::string";
	case TY_BYTES:
		return "std::vector<std::byte>";
	case TY_SEQUENCE:
		return xprintf("std::vector<%s>", cpp_type(t->elem));
	case TY_ARRAY:
		return xprintf("std::array<%s, %llu>", cpp_type(t->elem),
			       (unsigned long long)t->bound);
	case TY_NAMED:
		return qual("stdcpp", t->decl->unit, t->decl->name);
	}
	return "void";
}

static void ind(struct buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_puts(b, "\t");
}

/*
 * Statements copying C++ value @v (an lvalue) into wire value @w, chunks
 * into arena `a`.  @d numbers the loop variables of nested sequences.
 */
static void emit_put(struct buf *b, const struct type *t, const char *v, const char *w, int d)
{
	const struct type *r = type_resolve(t);

	switch (r->kind) {
	case TY_PRIM:
		ind(b, d);
		buf_printf(b, "%s = %s;\n", w, v);
		break;
	case TY_STRING:
	case TY_BYTES:
		/* through a copy: wire fields may be packed (no references) */
		ind(b, d);
		buf_printf(b, "{ nk_ptr_t nk_t{}; ::kosipc::detail::Put%s(%s, nk_t, nk_a, %s); %s = nk_t; }\n",
			   r->kind == TY_STRING ? "String" : "Bytes", v, c_num(r->bound), w);
		break;
	case TY_SEQUENCE: {
		const char *wt = xprintf("nk_W%d", d), *p = xprintf("nk_p%d", d), *i = xprintf("nk_i%d", d);

		ind(b, d);
		buf_printf(b, "{\n");
		ind(b, d + 1);
		buf_printf(b, "typedef %s;\n", c_decl(r->elem, wt));
		ind(b, d + 1);
		buf_printf(b, "nk_ptr_t nk_t%d{};\n", d);
		ind(b, d + 1);
		buf_printf(b, "%s *%s = ::kosipc::detail::PutSeq<%s>(%s.size(), nk_t%d, nk_a, %s);\n", wt, p,
			   wt, v, d, c_num(r->bound));
		ind(b, d + 1);
		buf_printf(b, "%s = nk_t%d;\n", w, d);
		ind(b, d + 1);
		buf_printf(b, "for (std::size_t %s = 0; %s < %s.size(); %s++) {\n", i, i, v, i);
		emit_put(b, r->elem, xprintf("%s[%s]", v, i), xprintf("%s[%s]", p, i), d + 2);
		ind(b, d + 1);
		buf_puts(b, "}\n");
		ind(b, d);
		buf_puts(b, "}\n");
		break;
	}
	case TY_ARRAY: {
		const char *i = xprintf("nk_i%d", d);

		ind(b, d);
		buf_printf(b, "for (std::size_t %s = 0; %s < %s; %s++) {\n", i, i, c_num(r->bound), i);
		emit_put(b, r->elem, xprintf("%s[%s]", v, i), xprintf("%s[%s]", w, i), d + 1);
		ind(b, d);
		buf_puts(b, "}\n");
		break;
	}
	case TY_NAMED:
		ind(b, d);
		buf_printf(b, "{ ::%s nk_t{}; %s(%s, nk_t, nk_a); %s = nk_t; }\n", decl_cname(r->decl),
			   qual("stdcpp", r->decl->unit, "NkPut"), v, w);
		break;
	}
}

/* Statements copying wire value @w (arena `a`, already checked) into @v. */
static void emit_get(struct buf *b, const struct type *t, const char *v, const char *w, int d)
{
	const struct type *r = type_resolve(t);

	switch (r->kind) {
	case TY_PRIM:
		ind(b, d);
		buf_printf(b, "%s = %s;\n", v, w);
		break;
	case TY_STRING:
	case TY_BYTES:
		ind(b, d);
		buf_printf(b, "{ const nk_ptr_t nk_t = %s; ::kosipc::detail::Get%s(%s, nk_t, nk_a); }\n", w,
			   r->kind == TY_STRING ? "String" : "Bytes", v);
		break;
	case TY_SEQUENCE: {
		const char *wt = xprintf("nk_W%d", d), *p = xprintf("nk_p%d", d), *i = xprintf("nk_i%d", d),
			   *n = xprintf("nk_n%d", d);

		ind(b, d);
		buf_printf(b, "{\n");
		ind(b, d + 1);
		buf_printf(b, "typedef %s;\n", c_decl(r->elem, wt));
		ind(b, d + 1);
		buf_printf(b, "std::size_t %s = 0;\n", n);
		ind(b, d + 1);
		buf_printf(b, "const nk_ptr_t nk_t%d = %s;\n", d, w);
		ind(b, d + 1);
		buf_printf(b, "const %s *%s = ::kosipc::detail::GetSeq<%s>(nk_t%d, nk_a, &%s);\n", wt, p, wt,
			   d, n);
		ind(b, d + 1);
		buf_printf(b, "%s.resize(%s);\n", v, n);
		ind(b, d + 1);
		buf_printf(b, "for (std::size_t %s = 0; %s < %s; %s++) {\n", i, i, n, i);
		emit_get(b, r->elem, xprintf("%s[%s]", v, i), xprintf("%s[%s]", p, i), d + 2);
		ind(b, d + 1);
		buf_puts(b, "}\n");
		ind(b, d);
		buf_puts(b, "}\n");
		break;
	}
	case TY_ARRAY: {
		const char *i = xprintf("nk_i%d", d);

		ind(b, d);
		buf_printf(b, "for (std::size_t %s = 0; %s < %s; %s++) {\n", i, i, c_num(r->bound), i);
		emit_get(b, r->elem, xprintf("%s[%s]", v, i), xprintf("%s[%s]", w, i), d + 1);
		ind(b, d);
		buf_puts(b, "}\n");
		break;
	}
	case TY_NAMED:
		ind(b, d);
		buf_printf(b, "{ const ::%s nk_t = %s; %s(%s, nk_t, nk_a); }\n", decl_cname(r->decl), w,
			   qual("stdcpp", r->decl->unit, "NkGet"), v);
		break;
	}
}

/* ---- .idl.cpp.h -------------------------------------------------------- */
static void emit_cpp_const(struct emitter *e, const struct decl *d)
{
	const struct type *t = type_resolve(d->type);

	if (d->cval.is_string)
		buf_printf(&e->out, "constexpr const char %s[] = %s;\n", d->name, decl_cname(d));
	else
		buf_printf(&e->out, "constexpr %s %s = %s;\n", cpp_prim(t->prim), d->name,
			   decl_cname(d));
}

static void emit_cpp_decl(struct emitter *e, const struct decl *d)
{
	struct buf *b = &e->out;
	const char *cn = decl_cname(d);

	switch (d->kind) {
	case DK_CONST:
		emit_cpp_const(e, d);
		return;
	case DK_TYPEDEF:
		buf_printf(b, "using %s = %s;\n", d->name, cpp_type(d->type));
		return;
	case DK_STRUCT:
		buf_printf(b, "struct %s {\n", d->name);
		for (int i = 0; i < d->nfields; i++)
			buf_printf(b, "\t%s %s{};\n", cpp_type(d->fields[i]->type), d->fields[i]->name);
		buf_printf(b, "\tbool operator==(const %s &o) const\n\t{\n\t\treturn true", d->name);
		for (int i = 0; i < d->nfields; i++)
			buf_printf(b, " &&\n\t\t       %s == o.%s", d->fields[i]->name,
				   d->fields[i]->name);
		buf_printf(b, ";\n\t}\n\tbool operator!=(const %s &o) const { return !(*this == o); }\n};\n",
			   d->name);
		buf_printf(b, "inline void NkPut(const %s &v, ::%s &w, struct nk_arena *nk_a)\n{\n"
			   "\t(void)nk_a;\n", d->name, cn);
		for (int i = 0; i < d->nfields; i++)
			emit_put(b, d->fields[i]->type, xprintf("v.%s", d->fields[i]->name),
				 xprintf("w.%s", d->fields[i]->name), 1);
		buf_puts(b, "}\n");
		buf_printf(b, "inline void NkGet(%s &v, const ::%s &w, const struct nk_arena *nk_a)\n{\n"
			   "\t(void)nk_a;\n", d->name, cn);
		for (int i = 0; i < d->nfields; i++)
			emit_get(b, d->fields[i]->type, xprintf("v.%s", d->fields[i]->name),
				 xprintf("w.%s", d->fields[i]->name), 1);
		buf_puts(b, "}\n");
		return;
	case DK_UNION:
		/* std::variant: alternative i is member i, the wire tag */
		buf_printf(b, "using %s = std::variant<", d->name);
		for (int i = 0; i < d->nfields; i++)
			buf_printf(b, "%s%s", i ? ", " : "", cpp_type(d->fields[i]->type));
		buf_puts(b, ">;\n");
		buf_printf(b, "inline void NkPut(const %s &v, ::%s &w, struct nk_arena *nk_a)\n{\n"
			   "\t(void)nk_a;\n\tswitch (v.index()) {\n", d->name, cn);
		for (int i = 0; i < d->nfields; i++) {
			buf_printf(b, "\tcase %d:\n\t\tw.nk_tag = %d;\n", i, i);
			emit_put(b, d->fields[i]->type, xprintf("std::get<%d>(v)", i),
				 xprintf("w.%s", d->fields[i]->name), 2);
			buf_puts(b, "\t\tbreak;\n");
		}
		buf_puts(b, "\tdefault:\n\t\t::kosipc::detail::ThrowBadValue(\"valueless union\");\n"
			 "\t}\n}\n");
		buf_printf(b, "inline void NkGet(%s &v, const ::%s &w, const struct nk_arena *nk_a)\n{\n"
			   "\t(void)nk_a;\n\tswitch (w.nk_tag) {\n", d->name, cn);
		for (int i = 0; i < d->nfields; i++) {
			buf_printf(b, "\tcase %d:\n\t\tv.emplace<%d>();\n", i, i);
			emit_get(b, d->fields[i]->type, xprintf("std::get<%d>(v)", i),
				 xprintf("w.%s", d->fields[i]->name), 2);
			buf_puts(b, "\t\tbreak;\n");
		}
		buf_puts(b, "\tdefault:\n\t\t::kosipc::detail::ThrowBadMessage();\n\t}\n}\n");
		return;
	}
}

static const char *param_decl(const struct param *p)
{
	const struct type *r = type_resolve(p->type);

	if (p->dir != PD_IN)
		return xprintf("%s &%s", cpp_type(p->type), p->name);
	if (r->kind == TY_PRIM)
		return xprintf("%s %s", cpp_type(p->type), p->name);
	return xprintf("const %s &%s", cpp_type(p->type), p->name);
}

static bool has_dir(const struct method *m, enum param_dir dir)
{
	for (int i = 0; i < m->nparams; i++) {
		if (m->params[i]->dir == dir)
			return true;
	}
	return false;
}

static void emit_signature(struct buf *b, const struct method *m)
{
	bool first = true;

	buf_printf(b, "void %s(", m->name);
	for (int i = 0; i < m->nparams; i++) {
		if (m->params[i]->dir == PD_ERR)
			continue;
		buf_printf(b, "%s%s", first ? "" : ", ", param_decl(m->params[i]));
		first = false;
	}
	buf_puts(b, ")");
}

static void emit_cpp_iface(struct emitter *e, const struct unit *u)
{
	const struct iface *ifc = u->iface;
	struct buf *b = &e->out;
	const char *I = iface_class(u), *P = u->cprefix;

	buf_printf(b, "\n/* Interface %s: derive from it to implement the endpoint. */\n"
		   "class %s {\npublic:\n"
		   "\tstatic constexpr const char *NkName = \"%s\";\n"
		   "\tusing NkC = ::%s;\n"
		   "\tclass Proxy;\n\tstruct NkStub;\n", u->pkg, I, u->pkg, P);
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];

		if (!has_dir(m, PD_ERR))
			continue;
		buf_printf(b, "\t/* The error response of %s (its error parameters). */\n"
			   "\tstruct %sError : ::kosipc::Exception {\n", m->name, m->name);
		for (int j = 0; j < m->nparams; j++) {
			if (m->params[j]->dir == PD_ERR)
				buf_printf(b, "\t\t%s %s{};\n", cpp_type(m->params[j]->type),
					   m->params[j]->name);
		}
		buf_printf(b, "\t\t%sError() : ::kosipc::Exception(rcFail, \"%s.%s: error response\") {}\n"
			   "\t};\n", m->name, u->pkg, m->name);
	}
	buf_printf(b, "\tvirtual ~%s() = default;\n", I);
	for (int i = 0; i < ifc->nmethods; i++) {
		buf_puts(b, "\tvirtual ");
		emit_signature(b, ifc->methods[i]);
		buf_puts(b, " = 0;\n");
	}
	buf_puts(b, "};\n");

	/* proxy: fills the C request, calls the C proxy, reads the C response */
	buf_printf(b, "\n/* Client side: app.MakeProxy<%s>(connection). */\n"
		   "class %s::Proxy final : public %s {\npublic:\n"
		   "\texplicit Proxy(const ::kosipc::ClientConnection &c) : conn_(c)\n"
		   "\t{\n\t\t::%s_proxy_init(&proxy_, conn_.Transport(), conn_.Riid());\n\t}\n",
		   I, I, I, P);
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];

		buf_puts(b, "\t");
		emit_signature(b, m);
		buf_printf(b, " override\n\t{\n"
			   "\t\t::%s_%s_req nk_req{};\n\t\t::%s_%s_res nk_res{};\n"
			   "\t\t::kosipc::detail::ArenaBuf nk_qa(%s_%s_req_arena_size);\n"
			   "\t\t::kosipc::detail::ArenaBuf nk_sa(%s_%s_res_arena_size);\n"
			   "\t\t{\n\t\t\tstruct nk_arena *nk_a = nk_qa.Arena();\n\t\t\t(void)nk_a;\n",
			   P, m->name, P, m->name, P, m->name, P, m->name);
		for (int j = 0; j < m->nparams; j++) {
			const struct param *p = m->params[j];

			if (p->dir == PD_IN)
				emit_put(b, p->type, p->name, xprintf("nk_req.%s", p->name), 3);
		}
		buf_printf(b, "\t\t}\n"
			   "\t\t::kosipc::detail::CheckCall(::%s_%s_proxy(&proxy_, &nk_req, nk_qa.Arena(), &nk_res, nk_sa.Arena()));\n"
			   "\t\tconst struct nk_arena *nk_a = nk_sa.Arena();\n\t\t(void)nk_a;\n"
			   "\t\tif (nk_msg_check_err(&nk_res)) {\n", P, m->name);
		if (has_dir(m, PD_ERR)) {
			buf_printf(b, "\t\t\t%sError nk_err;\n\n", m->name);
			for (int j = 0; j < m->nparams; j++) {
				const struct param *p = m->params[j];

				if (p->dir == PD_ERR)
					emit_get(b, p->type, xprintf("nk_err.%s", p->name),
						 xprintf("nk_res.err_.%s", p->name), 3);
			}
			buf_puts(b, "\t\t\tthrow nk_err;\n");
		} else {
			buf_puts(b, "\t\t\t::kosipc::detail::ThrowBadMessage();\n");
		}
		buf_puts(b, "\t\t}\n");
		for (int j = 0; j < m->nparams; j++) {
			const struct param *p = m->params[j];

			if (p->dir == PD_OUT)
				emit_get(b, p->type, p->name, xprintf("nk_res.res_.%s", p->name), 2);
		}
		buf_puts(b, "\t}\n");
	}
	buf_printf(b, "private:\n\t::kosipc::ClientConnection conn_;\n\t::%s_proxy proxy_{};\n};\n", P);

	/* stub: a C interface object whose ops call the C++ implementation */
	buf_printf(b, "\n/* Server side: the C dispatcher checks the request, then calls these. */\n"
		   "struct %s::NkStub {\n\t::%s base;\n\t%s *nk_impl;\n", I, P, I);
	for (int i = 0; i < ifc->nmethods; i++) {
		const struct method *m = ifc->methods[i];
		bool first = true;

		buf_printf(b, "\tstatic nk_err_t %s(::%s *nk_self, const ::%s_%s_req *nk_req,\n"
			   "\t\tconst struct nk_arena *nk_req_arena, ::%s_%s_res *nk_res, struct nk_arena *nk_res_arena)\n"
			   "\t{\n\t\t%s *nk_impl = reinterpret_cast<NkStub *>(nk_self)->nk_impl;\n\n"
			   "\t\t(void)nk_req;\n\t\t(void)nk_res;\n\t\ttry {\n", m->name, P, P, m->name, P, m->name, I);
		for (int j = 0; j < m->nparams; j++) {
			const struct param *p = m->params[j];

			if (p->dir != PD_ERR)
				buf_printf(b, "\t\t\t%s %s{};\n", cpp_type(p->type), p->name);
		}
		buf_puts(b, "\t\t\t{\n\t\t\t\tconst struct nk_arena *nk_a = nk_req_arena;\n\t\t\t\t(void)nk_a;\n");
		for (int j = 0; j < m->nparams; j++) {
			const struct param *p = m->params[j];

			if (p->dir == PD_IN)
				emit_get(b, p->type, p->name, xprintf("nk_req->%s", p->name), 4);
		}
		buf_printf(b, "\t\t\t}\n\t\t\tnk_impl->%s(", m->name);
		for (int j = 0; j < m->nparams; j++) {
			if (m->params[j]->dir == PD_ERR)
				continue;
			buf_printf(b, "%s%s", first ? "" : ", ", m->params[j]->name);
			first = false;
		}
		/* no stale server memory in the padding of the response */
		buf_puts(b, ");\n\t\t\tstd::memset(reinterpret_cast<char *>(nk_res) + sizeof(struct nk_message), 0,\n"
			 "\t\t\t\tsizeof(*nk_res) - sizeof(struct nk_message));\n"
			 "\t\t\tstruct nk_arena *nk_a = nk_res_arena;\n\t\t\t(void)nk_a;\n");
		for (int j = 0; j < m->nparams; j++) {
			const struct param *p = m->params[j];

			if (p->dir == PD_OUT)
				emit_put(b, p->type, p->name, xprintf("nk_res->res_.%s", p->name), 3);
		}
		buf_puts(b, "\t\t\treturn NK_EOK;\n\t\t}");
		if (has_dir(m, PD_ERR)) {
			buf_printf(b, " catch (const %sError &nk_err) {\n"
				   "\t\t\tstruct nk_arena *nk_a = nk_res_arena;\n\n"
				   "\t\t\ttry {\n"
				   "\t\t\t\tnk_arena_reset(nk_a);\n"
				   "\t\t\t\tstd::memset(static_cast<void *>(nk_res), 0, sizeof(*nk_res));\n"
				   "\t\t\t\tnk_err_reset(&nk_res->err_);\n"
				   "\t\t\t\tnk_msg_set_method_id(&nk_res->base_, nk_req->base_.iid, %s_%s_mid);\n",
				   m->name, P, m->name);
			for (int j = 0; j < m->nparams; j++) {
				const struct param *p = m->params[j];

				if (p->dir == PD_ERR)
					emit_put(b, p->type, xprintf("nk_err.%s", p->name),
						 xprintf("nk_res->err_.%s", p->name), 4);
			}
			buf_puts(b, "\t\t\t\treturn NK_EOK;\n\t\t\t} catch (...) {\n"
				 "\t\t\t\treturn ::kosipc::detail::CurrentExceptionStatus();\n\t\t\t}\n\t\t}");
		}
		buf_puts(b, " catch (...) {\n\t\t\treturn ::kosipc::detail::CurrentExceptionStatus();\n"
			 "\t\t}\n\t}\n");
	}
	buf_printf(b, "\tstatic const ::%s_ops ops;\n"
		   "\tstatic nk_err_t Dispatch(void *nk_impl, nk_iid_t riid, const struct nk_message *nk_req,\n"
		   "\t\tconst struct nk_arena *nk_req_arena, struct nk_message *nk_res, struct nk_arena *nk_res_arena)\n"
		   "\t{\n\t\tNkStub nk_stub{ { &ops }, static_cast<%s *>(nk_impl) };\n\n"
		   "\t\treturn ::%s_interface_dispatch(&nk_stub.base, riid, nk_req, nk_req_arena, nk_res, nk_res_arena);\n"
		   "\t}\n};\ninline const ::%s_ops %s::NkStub::ops = {\n", P, I, P, P, I);
	for (int i = 0; i < ifc->nmethods; i++)
		buf_printf(b, "\t&%s::NkStub::%s,\n", I, ifc->methods[i]->name);
	buf_puts(b, "};\n");
}

static void emit_cpp_idl(struct emitter *e, const struct unit *u)
{
	ns_open(e, "stdcpp", u);
	for (int i = 0; i < u->ndecls; i++)
		emit_cpp_decl(e, u->decls[i]);
	if (u->iface)
		emit_cpp_iface(e, u);
	ns_close(e, u);
}

/* ---- .cdl.cpp.h, .edl.cpp.h -------------------------------------------- */
static void emit_cpp_component(struct emitter *e, const struct unit *u)
{
	struct buf *b = &e->out;
	const char *S = u->shortname;

	ns_open(e, "components", u);
	buf_printf(b, "/* %s %s: its endpoints and component instances. */\nstruct %s : ::kosipc::RootComponent {\n",
		   u->kind == UK_EDL ? "entity" : "component", u->pkg, S);
	for (int i = 0; i < u->neps; i++)
		buf_printf(b, "\t%s *%s = nullptr;\n",
			   qual("stdcpp", u->eps[i]->iface, iface_class(u->eps[i]->iface)),
			   u->eps[i]->name);
	for (int i = 0; i < u->ninsts; i++)
		buf_printf(b, "\t%s %s;\n", qual("components", u->insts[i]->comp,
						   u->insts[i]->comp->shortname),
			   u->insts[i]->name);
	if (u->kind == UK_EDL) {
		struct vec flat = { 0 };

		riid_flatten(u, &flat);
		buf_printf(b, "\n\tstatic constexpr const char *NkName = \"%s\";\n"
			   "\tstatic constexpr nk_size_t NkReqSize = sizeof(::%s_entity_req);\n"
			   "\tstatic constexpr nk_size_t NkReqArenaSize = %s_entity_req_arena_size;\n"
			   "\tstatic constexpr nk_size_t NkResSize = sizeof(::%s_entity_res);\n"
			   "\tstatic constexpr nk_size_t NkResArenaSize = %s_entity_res_arena_size;\n"
			   "\tstatic const struct nk_entity_meta *NkMeta() { return &%s_nk_meta; }\n",
			   u->pkg, u->cprefix, u->cprefix, u->cprefix, u->cprefix, u->cprefix);
		/* riid -> endpoint, as the C entity dispatcher routes it */
		buf_puts(b, "\t/* Routes a request by its riid to the endpoint bound now (NK_ENOENT: none). */\n"
			 "\tstatic nk_err_t NkDispatch(void *self, const struct nk_message *req,\n"
			 "\t\tconst struct nk_arena *req_arena, struct nk_message *res, struct nk_arena *res_arena)\n"
			 "\t{\n");
		buf_printf(b, "\t\t%s *root = static_cast<%s *>(self);\n\n\t\t(void)root;\n"
			   "\t\t(void)req_arena;\n\t\t(void)res;\n\t\t(void)res_arena;\n"
			   "\t\tswitch (req->iid) {\n", S, S);
		for (int i = 0; i < flat.n; i++) {
			const struct flat_ep *f = flat.v[i];
			const char *cls = qual("stdcpp", f->ep->iface, iface_class(f->ep->iface));

			buf_printf(b, "\t\tcase %d:\n\t\t\treturn root->%s ? %s::NkStub::Dispatch(root->%s, %d,\n"
				   "\t\t\t\treq, req_arena, res, res_arena) : NK_ENOENT;\n",
				   f->riid, f->dpath, cls, f->dpath, f->riid);
		}
		buf_puts(b, "\t\tdefault:\n\t\t\treturn NK_ENOENT;\n\t\t}\n\t}\n");
		buf_puts(b, "\t/* Every endpoint with its qualified name, riid and current binding. */\n"
			 "\tvoid NkEndpoints(std::vector<::kosipc::detail::Endpoint> &out) const\n\t{\n"
			 "\t\t(void)out;\n");
		for (int i = 0; i < flat.n; i++) {
			const struct flat_ep *f = flat.v[i];

			buf_printf(b, "\t\tout.push_back({ \"%s\", \"%s\", %d, static_cast<const void *>(%s) });\n",
				   f->dpath, f->ep->iface->pkg, f->riid, f->dpath);
		}
		buf_puts(b, "\t}\n");
	}
	buf_puts(b, "};\n");
	ns_close(e, u);
	if (u->kind == UK_EDL && strcmp(u->pkg, "Root"))
		buf_printf(b, "namespace kosipc { namespace components {\n"
			   "/* The program's component tree (the KOS documentation: kosipc::components::Root). */\n"
			   "using Root = %s;\n}}\n", qual("components", u, S));
}

void emit_cpp(struct emitter *e, const struct unit *u)
{
	const char *ext = u->kind == UK_IDL ? "IDL_CPP" : u->kind == UK_CDL ? "CDL_CPP" : "EDL_CPP";
	const char *g = xprintf("NKC_%s_%s_H", u->cprefix, ext);

	buf_printf(&e->out, "\n#ifndef %s\n#define %s\n", g, g);
	if (u->kind == UK_IDL)
		emit_cpp_idl(e, u);
	else
		emit_cpp_component(e, u);
	buf_printf(&e->out, "#endif /* %s */\n", g);
}

const char *cpp_header_path(const struct unit *u)
{
	char *rel = xstrdup(u->pkg);

	for (char *p = rel; *p; p++) {
		if (*p == '.')
			*p = '/';
	}
	return xprintf("%s.%s.cpp.h", rel, unit_ext(u->kind));
}
