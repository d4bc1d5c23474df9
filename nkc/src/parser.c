// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parser.c - recursive-descent parser for IDL, CDL and EDL.  Builds the AST
 * with names still unresolved (sema.c binds them).  The first syntax error
 * is diagnosed and parsing of the file stops (longjmp back to parse_unit).
 *
 *   idl   := 'package' qname [';'] { 'import' qname [';'] | decl }
 *   decl  := 'typedef' type IDENT ';'
 *          | 'const' type IDENT '=' expr ';'
 *          | ('struct' | 'union') IDENT '{' { type IDENT ';' } '}' [';']
 *          | 'interface' '{' { IDENT '(' [param {',' param}] ')' ';' } '}' [';']
 *   param := ('in' | 'out' | 'error') type IDENT
 *   type  := SInt8..UInt64 | Char | Handle | qname
 *          | ('string' | 'bytes') '<' expr '>'
 *          | ('sequence' | 'array') '<' type ',' expr '>'
 *   cdl   := 'component' qname { block }
 *   edl   := ('entity' | 'task' 'class') qname { block }
 *   block := ('endpoints' | 'components') '{' { IDENT ':' qname [';'] } '}'
 */
#include <setjmp.h>
#include <string.h>

#include "nkc.h"

struct parser {
	struct token *t;
	jmp_buf fail;
	struct unit *u;
	int depth;		/* nesting of expressions and types */
};

/* Deep enough for any real description, shallow enough for the stack. */
#define MAX_NESTING 64

static void enter(struct parser *ps);

static const struct {
	const char *name;
	enum prim prim;
} prims[] = {
	{ "SInt8", PR_SINT8 }, { "SInt16", PR_SINT16 }, { "SInt32", PR_SINT32 },
	{ "SInt64", PR_SINT64 }, { "UInt8", PR_UINT8 }, { "UInt16", PR_UINT16 },
	{ "UInt32", PR_UINT32 }, { "UInt64", PR_UINT64 }, { "Char", PR_CHAR },
	{ "Handle", PR_HANDLE },
};

static void __attribute__((noreturn)) fail_at(struct parser *ps, const struct token *t,
					      const char *what)
{
	diag_error(t->loc, "expected %s, found %s", what, tok_describe(t));
	longjmp(ps->fail, 1);
}

static void enter(struct parser *ps)
{
	if (++ps->depth > MAX_NESTING) {
		diag_error(ps->t->loc, "nesting deeper than %d levels", MAX_NESTING);
		longjmp(ps->fail, 1);
	}
}

static bool is_punct(const struct token *t, int c)
{
	return t->kind == TK_PUNCT && t->punct == c;
}

static bool is_word(const struct token *t, const char *w)
{
	return t->kind == TK_IDENT && !strcmp(t->text, w);
}

static bool accept(struct parser *ps, int c)
{
	if (!is_punct(ps->t, c))
		return false;
	ps->t++;
	return true;
}

static void expect(struct parser *ps, int c)
{
	if (!accept(ps, c))
		fail_at(ps, ps->t, xprintf("'%c'", c));
}

/* '>' closing a type argument list; splits a ">>" token. */
static void expect_close_angle(struct parser *ps)
{
	if (ps->t->kind == TK_PUNCT && ps->t->punct == TP_SHR) {
		ps->t->punct = '>';
		ps->t->loc.col++;
		return;
	}
	expect(ps, '>');
}

static const char *expect_ident(struct parser *ps, const char *what, struct loc *loc)
{
	if (ps->t->kind != TK_IDENT)
		fail_at(ps, ps->t, what);
	if (loc)
		*loc = ps->t->loc;
	return (ps->t++)->text;
}

static const char *parse_qname(struct parser *ps, const char *what, struct loc *loc)
{
	const char *name = expect_ident(ps, what, loc);

	while (is_punct(ps->t, '.') && ps->t[1].kind == TK_IDENT) {
		name = xprintf("%s.%s", name, ps->t[1].text);
		ps->t += 2;
	}
	return name;
}

/* ---- expressions ------------------------------------------------------- */
static struct expr *parse_expr(struct parser *ps);

static struct expr *new_expr(enum expr_kind kind, struct loc loc)
{
	struct expr *e = xalloc(sizeof(*e));

	e->kind = kind;
	e->loc = loc;
	return e;
}

static struct expr *parse_primary(struct parser *ps)
{
	struct token *t = ps->t;
	struct expr *e;

	enter(ps);
	switch (t->kind) {
	case TK_INT:
	case TK_CHAR:
		e = new_expr(EX_INT, t->loc);
		e->ival = (__int128)t->value;
		ps->t++;
		ps->depth--;
		return e;
	case TK_STRING:
		e = new_expr(EX_STRING, t->loc);
		e->sval = t->text;
		e->slen = t->text_len;
		ps->t++;
		ps->depth--;
		return e;
	case TK_IDENT:
		e = new_expr(EX_NAME, t->loc);
		e->name = parse_qname(ps, "a name", NULL);
		ps->depth--;
		return e;
	default:
		if (accept(ps, '(')) {
			e = parse_expr(ps);
			expect(ps, ')');
			ps->depth--;
			return e;
		}
		fail_at(ps, t, "an expression");
	}
}

static struct expr *parse_unary(struct parser *ps)
{
	if (is_punct(ps->t, '-') || is_punct(ps->t, '~') || is_punct(ps->t, '+')) {
		struct expr *e = new_expr(EX_UNARY, ps->t->loc);

		enter(ps);
		e->op = ps->t->punct;
		ps->t++;
		e->a = parse_unary(ps);
		ps->depth--;
		return e;
	}
	return parse_primary(ps);
}

/* Binary operators by precedence level, lowest first. */
static const int levels[][4] = {
	{ '|' }, { '^' }, { '&' }, { TP_SHL, TP_SHR }, { '+', '-' }, { '*', '/', '%' },
};

static struct expr *parse_binary(struct parser *ps, unsigned level)
{
	if (level == sizeof(levels) / sizeof(levels[0]))
		return parse_unary(ps);
	struct expr *lhs = parse_binary(ps, level + 1);

	/* A left-associative chain grows the tree to the left; cap it so that
	 * evaluation recursion stays bounded. */
	for (int chain = 0;; chain++) {
		int op = 0;

		if (chain > 256) {
			diag_error(ps->t->loc, "expression too long");
			longjmp(ps->fail, 1);
		}
		for (int i = 0; i < 4 && levels[level][i]; i++) {
			if (is_punct(ps->t, levels[level][i]))
				op = levels[level][i];
		}
		if (!op)
			return lhs;
		struct expr *e = new_expr(EX_BINARY, ps->t->loc);

		ps->t++;
		e->op = op;
		e->a = lhs;
		e->b = parse_binary(ps, level + 1);
		lhs = e;
	}
}

static struct expr *parse_expr(struct parser *ps)
{
	return parse_binary(ps, 0);
}

/* Bound inside <...>: no '>' operator exists, so a plain expression. */
static struct expr *parse_bound(struct parser *ps)
{
	return parse_expr(ps);
}

/* ---- types ------------------------------------------------------------- */
static struct type *parse_type_inner(struct parser *ps);

static struct type *parse_type(struct parser *ps)
{
	enter(ps);
	struct type *ty = parse_type_inner(ps);

	ps->depth--;
	return ty;
}

static struct type *parse_type_inner(struct parser *ps)
{
	struct token *t = ps->t;
	struct type *ty = xalloc(sizeof(*ty));

	ty->loc = t->loc;
	if (t->kind != TK_IDENT)
		fail_at(ps, t, "a type");
	for (size_t i = 0; i < sizeof(prims) / sizeof(prims[0]); i++) {
		if (!strcmp(t->text, prims[i].name)) {
			ps->t++;
			ty->kind = TY_PRIM;
			ty->prim = prims[i].prim;
			return ty;
		}
	}
	if (is_word(t, "string") || is_word(t, "bytes")) {
		ty->kind = is_word(t, "string") ? TY_STRING : TY_BYTES;
		ps->t++;
		expect(ps, '<');
		ty->bound_expr = parse_bound(ps);
		expect_close_angle(ps);
		return ty;
	}
	if (is_word(t, "sequence") || is_word(t, "array")) {
		ty->kind = is_word(t, "sequence") ? TY_SEQUENCE : TY_ARRAY;
		ps->t++;
		expect(ps, '<');
		ty->elem = parse_type(ps);
		expect(ps, ',');
		ty->bound_expr = parse_bound(ps);
		expect_close_angle(ps);
		return ty;
	}
	ty->kind = TY_NAMED;
	ty->name = parse_qname(ps, "a type", NULL);
	return ty;
}

/* ---- IDL declarations ---------------------------------------------------- */
static void add_decl(struct parser *ps, struct decl *d)
{
	struct unit *u = ps->u;
	struct decl **v = xalloc(sizeof(*v) * (size_t)(u->ndecls + 1));

	if (u->ndecls)
		memcpy(v, u->decls, sizeof(*v) * (size_t)u->ndecls);
	v[u->ndecls++] = d;
	u->decls = v;
	d->unit = u;
}

static void parse_fields(struct parser *ps, struct decl *d)
{
	struct vec fields = { 0 };

	expect(ps, '{');
	while (!accept(ps, '}')) {
		struct field *f = xalloc(sizeof(*f));

		f->type = parse_type(ps);
		f->name = expect_ident(ps, "a field name", &f->loc);
		expect(ps, ';');
		vec_push(&fields, f);
	}
	accept(ps, ';');
	d->fields = (struct field **)fields.v;
	d->nfields = fields.n;
}

static void parse_interface(struct parser *ps, struct loc loc)
{
	struct iface *ifc = xalloc(sizeof(*ifc));
	struct vec methods = { 0 };

	if (ps->u->iface) {
		diag_error(loc, "package '%s' already has an interface", ps->u->pkg);
		longjmp(ps->fail, 1);
	}
	ifc->loc = loc;
	expect(ps, '{');
	while (!accept(ps, '}')) {
		struct method *m = xalloc(sizeof(*m));
		struct vec params = { 0 };

		m->name = expect_ident(ps, "a method name", &m->loc);
		m->mid = methods.n;
		expect(ps, '(');
		if (!accept(ps, ')')) {
			do {
				struct param *p = xalloc(sizeof(*p));

				if (is_word(ps->t, "in"))
					p->dir = PD_IN;
				else if (is_word(ps->t, "out"))
					p->dir = PD_OUT;
				else if (is_word(ps->t, "error"))
					p->dir = PD_ERR;
				else
					fail_at(ps, ps->t, "'in', 'out' or 'error'");
				ps->t++;
				p->type = parse_type(ps);
				p->name = expect_ident(ps, "a parameter name", &p->loc);
				vec_push(&params, p);
			} while (accept(ps, ','));
			expect(ps, ')');
		}
		expect(ps, ';');
		m->params = (struct param **)params.v;
		m->nparams = params.n;
		vec_push(&methods, m);
	}
	accept(ps, ';');
	ifc->methods = (struct method **)methods.v;
	ifc->nmethods = methods.n;
	ps->u->iface = ifc;
}

static void parse_idl_body(struct parser *ps)
{
	struct vec imports = { 0 };
	struct loc *locs = NULL;

	while (ps->t->kind != TK_EOF) {
		struct token *t = ps->t;

		if (is_word(t, "import")) {
			struct loc loc;

			ps->t++;
			vec_push(&imports, (void *)parse_qname(ps, "a package name", &loc));
			struct loc *nl = xalloc(sizeof(*nl) * (size_t)imports.n);

			if (imports.n > 1)
				memcpy(nl, locs, sizeof(*nl) * (size_t)(imports.n - 1));
			nl[imports.n - 1] = loc;
			locs = nl;
			accept(ps, ';');
			continue;
		}
		struct decl *d = xalloc(sizeof(*d));

		if (is_word(t, "typedef")) {
			ps->t++;
			d->kind = DK_TYPEDEF;
			d->type = parse_type(ps);
			d->name = expect_ident(ps, "a type name", &d->loc);
			expect(ps, ';');
		} else if (is_word(t, "const")) {
			ps->t++;
			d->kind = DK_CONST;
			d->type = parse_type(ps);
			d->name = expect_ident(ps, "a constant name", &d->loc);
			expect(ps, '=');
			d->value = parse_expr(ps);
			expect(ps, ';');
		} else if (is_word(t, "struct") || is_word(t, "union")) {
			ps->t++;
			d->kind = is_word(t, "struct") ? DK_STRUCT : DK_UNION;
			d->name = expect_ident(ps, "a type name", &d->loc);
			parse_fields(ps, d);
		} else if (is_word(t, "interface")) {
			ps->t++;
			parse_interface(ps, t->loc);
			continue;
		} else {
			fail_at(ps, t, "'import', 'typedef', 'const', 'struct', 'union' or 'interface'");
		}
		add_decl(ps, d);
	}
	ps->u->import_names = (const char **)imports.v;
	ps->u->import_locs = locs;
	ps->u->nimports = imports.n;
}

/* ---- CDL / EDL ----------------------------------------------------------- */
static void parse_block(struct parser *ps, bool endpoints)
{
	struct unit *u = ps->u;
	struct vec v = { 0 };

	for (int i = 0; endpoints && i < u->neps; i++)
		vec_push(&v, u->eps[i]);
	for (int i = 0; !endpoints && i < u->ninsts; i++)
		vec_push(&v, u->insts[i]);
	expect(ps, '{');
	while (!accept(ps, '}')) {
		struct loc loc;
		const char *name = expect_ident(ps, endpoints ? "an endpoint name" :
						"a component instance name", &loc);
		expect(ps, ':');
		if (endpoints) {
			struct endpoint *ep = xalloc(sizeof(*ep));

			ep->name = name;
			ep->loc = loc;
			ep->iface_name = parse_qname(ps, "an interface name", NULL);
			vec_push(&v, ep);
		} else {
			struct instance *in = xalloc(sizeof(*in));

			in->name = name;
			in->loc = loc;
			in->comp_name = parse_qname(ps, "a component name", NULL);
			vec_push(&v, in);
		}
		accept(ps, ';');
	}
	accept(ps, ';');
	if (endpoints) {
		u->eps = (struct endpoint **)v.v;
		u->neps = v.n;
	} else {
		u->insts = (struct instance **)v.v;
		u->ninsts = v.n;
	}
}

static void parse_component_body(struct parser *ps)
{
	while (ps->t->kind != TK_EOF) {
		if (is_word(ps->t, "endpoints")) {
			ps->t++;
			parse_block(ps, true);
		} else if (is_word(ps->t, "components")) {
			ps->t++;
			parse_block(ps, false);
		} else {
			fail_at(ps, ps->t, "'endpoints' or 'components'");
		}
	}
}

static void set_package(struct unit *u, const char *pkg)
{
	const char *dot = strrchr(pkg, '.');
	char *c = xstrdup(pkg);

	for (char *p = c; *p; p++) {
		if (*p == '.')
			*p = '_';
	}
	u->pkg = pkg;
	u->cprefix = c;
	u->shortname = dot ? dot + 1 : pkg;
}

struct unit *parse_unit(const struct srcfile *file, enum unit_kind kind)
{
	struct token *toks = lex(file);

	if (!toks)
		return NULL;

	struct parser ps = { .t = toks };
	struct unit *u = xalloc(sizeof(*u));

	u->kind = kind;
	u->file = file;
	ps.u = u;
	if (setjmp(ps.fail))
		return NULL;

	if (kind == UK_IDL) {
		if (!is_word(ps.t, "package"))
			fail_at(&ps, ps.t, "'package'");
		ps.t++;
		set_package(u, parse_qname(&ps, "a package name", &u->loc));
		accept(&ps, ';');
		parse_idl_body(&ps);
	} else {
		if (kind == UK_CDL && !is_word(ps.t, "component"))
			fail_at(&ps, ps.t, "'component'");
		if (kind == UK_EDL) {
			if (is_word(ps.t, "task") && is_word(&ps.t[1], "class"))
				ps.t++;
			else if (!is_word(ps.t, "entity"))
				fail_at(&ps, ps.t, "'entity' or 'task class'");
		}
		ps.t++;
		set_package(u, parse_qname(&ps, kind == UK_CDL ? "a component name" :
					   "an entity name", &u->loc));
		accept(&ps, ';');
		parse_component_body(&ps);
	}
	return u;
}
