// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sema.c - semantic checks of one loaded unit: binds type and constant
 * names (declare before use, so recursive types are impossible), evaluates
 * constant expressions and bounds, checks constants against their types,
 * and rejects duplicate or reserved names.  Reports every error it finds.
 */
#include <string.h>

#include "nkc.h"

#define INT_MIN_ALLOWED (-((__int128)1 << 64))
#define INT_MAX_ALLOWED (((__int128)1 << 64) - 1)

static const char *const reserved[] = {
	/* C */
	"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
	"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
	"register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
	"switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
	"_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic",
	"_Noreturn", "_Static_assert", "_Thread_local",
	/* C++ (the headers' types are also compiled as C++) */
	"alignas", "alignof", "and", "asm", "bool", "catch", "class", "constexpr",
	"decltype", "delete", "explicit", "export", "false", "friend", "mutable",
	"namespace", "new", "noexcept", "not", "nullptr", "operator", "or", "private",
	"protected", "public", "template", "this", "throw", "true", "try", "typeid",
	"typename", "using", "virtual", "wchar_t", "xor",
	/* members the generated code itself uses */
	"base_", "res_", "err_", "nk_tag", "ops",
};

bool is_reserved_word(const char *s)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (!strcmp(s, reserved[i]))
			return true;
	}
	return false;
}

static int check_ident(struct loc loc, const char *name, const char *what)
{
	if (is_reserved_word(name)) {
		diag_error(loc, "%s '%s' is a reserved word in the generated C code", what, name);
		return -1;
	}
	return 0;
}

/* ---- name lookup --------------------------------------------------------- */
static struct decl *find_in_unit(const struct unit *u, const char *name)
{
	for (int i = 0; i < u->ndecls; i++) {
		if (!strcmp(u->decls[i]->name, name))
			return u->decls[i];
	}
	return NULL;
}

static bool names_package(const struct unit *u, const char *prefix, size_t len)
{
	return (strlen(u->pkg) == len && !strncmp(u->pkg, prefix, len)) ||
	       (strlen(u->shortname) == len && !strncmp(u->shortname, prefix, len));
}

/* Finds a declaration by (possibly qualified) name; diagnoses failures. */
static struct decl *lookup(const struct unit *u, const char *name, struct loc loc)
{
	const char *dot = strrchr(name, '.');

	if (dot) {
		size_t plen = (size_t)(dot - name);
		const struct unit *target = NULL;

		if (names_package(u, name, plen))
			target = u;
		for (int i = 0; !target && i < u->nimports; i++) {
			if (names_package(u->imports[i], name, plen))
				target = u->imports[i];
		}
		if (!target) {
			diag_error(loc, "unknown package '%.*s' (not imported)", (int)plen, name);
			return NULL;
		}
		struct decl *d = find_in_unit(target, dot + 1);

		if (!d)
			diag_error(loc, "package '%s' has no declaration '%s'", target->pkg,
				   dot + 1);
		return d;
	}
	struct decl *d = find_in_unit(u, name);

	if (d)
		return d;
	for (int i = 0; i < u->nimports; i++) {
		struct decl *o = find_in_unit(u->imports[i], name);

		if (o && d && o != d) {
			diag_error(loc, "'%s' is ambiguous: declared in '%s' and '%s'", name,
				   d->unit->pkg, o->unit->pkg);
			return NULL;
		}
		if (o)
			d = o;
	}
	if (!d)
		diag_error(loc, "unknown name '%s'", name);
	return d;
}

/* A declaration of this unit may only be used after its own declaration. */
static int check_order(struct decl *d, struct loc loc)
{
	if (d->sema_state == 1) {
		diag_error(loc, "recursive use of '%s' inside its own declaration", d->name);
		return -1;
	}
	if (d->sema_state == 0) {
		diag_error(loc, "'%s' is used before its declaration", d->name);
		return -1;
	}
	return 0;
}

/* ---- constants ----------------------------------------------------------- */
static int eval(const struct unit *u, const struct expr *e, struct cval *out);

static int eval_int(const struct unit *u, const struct expr *e, __int128 *v)
{
	struct cval c;

	if (eval(u, e, &c))
		return -1;
	if (c.is_string) {
		diag_error(e->loc, "type mismatch: a string where an integer is required");
		return -1;
	}
	*v = c.ival;
	return 0;
}

static int in_range(const struct expr *e, __int128 v)
{
	if (v < INT_MIN_ALLOWED || v > INT_MAX_ALLOWED) {
		diag_error(e->loc, "integer overflow in constant expression");
		return -1;
	}
	return 0;
}

static int eval(const struct unit *u, const struct expr *e, struct cval *out)
{
	__int128 a, b, r = 0;

	memset(out, 0, sizeof(*out));
	switch (e->kind) {
	case EX_INT:
		out->ival = e->ival;
		return 0;
	case EX_STRING:
		out->is_string = true;
		out->sval = e->sval;
		out->slen = e->slen;
		return 0;
	case EX_NAME: {
		struct decl *d = lookup(u, e->name, e->loc);

		if (!d)
			return -1;
		if (d->kind != DK_CONST) {
			diag_error(e->loc, "'%s' is a type, not a constant", e->name);
			return -1;
		}
		if (d->unit == u && check_order(d, e->loc))
			return -1;
		if (d->sema_state != 2)	/* an earlier error in it */
			return -1;
		*out = d->cval;
		return 0;
	}
	case EX_UNARY:
		if (eval_int(u, e->a, &a))
			return -1;
		r = e->op == '-' ? -a : e->op == '~' ? ~a : a;
		break;
	case EX_BINARY:
		if (eval_int(u, e->a, &a) || eval_int(u, e->b, &b))
			return -1;
		switch (e->op) {
		case '+': r = a + b; break;
		case '-': r = a - b; break;
		case '*':
			if (__builtin_mul_overflow(a, b, &r)) {
				diag_error(e->loc, "integer overflow in constant expression");
				return -1;
			}
			break;
		case '/':
		case '%':
			if (b == 0) {
				diag_error(e->loc, "division by zero in constant expression");
				return -1;
			}
			r = e->op == '/' ? a / b : a % b;
			break;
		case TP_SHL:
		case TP_SHR:
			if (b < 0 || b > 63) {
				diag_error(e->loc, "shift count out of range (0..63)");
				return -1;
			}
			if (e->op == TP_SHL && a < 0) {
				diag_error(e->loc, "left shift of a negative value");
				return -1;
			}
			r = e->op == TP_SHL ? a << (int)b : a >> (int)b;
			break;
		case '&': r = a & b; break;
		case '|': r = a | b; break;
		case '^': r = a ^ b; break;
		}
		break;
	}
	if (in_range(e, r))
		return -1;
	out->ival = r;
	return 0;
}

static int prim_range(enum prim p, __int128 *lo, __int128 *hi)
{
	switch (p) {
	case PR_SINT8: *lo = INT8_MIN; *hi = INT8_MAX; return 0;
	case PR_SINT16: *lo = INT16_MIN; *hi = INT16_MAX; return 0;
	case PR_SINT32: *lo = INT32_MIN; *hi = INT32_MAX; return 0;
	case PR_SINT64: *lo = INT64_MIN; *hi = INT64_MAX; return 0;
	case PR_UINT8: case PR_CHAR: *lo = 0; *hi = UINT8_MAX; return 0;
	case PR_UINT16: *lo = 0; *hi = UINT16_MAX; return 0;
	case PR_UINT32: *lo = 0; *hi = UINT32_MAX; return 0;
	case PR_UINT64: *lo = 0; *hi = UINT64_MAX; return 0;
	case PR_HANDLE: return -1;
	}
	return -1;
}

/* ---- types --------------------------------------------------------------- */
static int sema_type(struct unit *u, struct type *t);

static int sema_bound(struct unit *u, struct type *t)
{
	__int128 v;

	if (eval_int(u, t->bound_expr, &v))
		return -1;
	if (v <= 0) {
		diag_error(t->bound_expr->loc, "bound must be positive, not %lld", (long long)v);
		return -1;
	}
	if (v > UINT32_MAX) {
		diag_error(t->bound_expr->loc, "bound too large (more than 4294967295)");
		return -1;
	}
	t->bound = (uint64_t)v;
	return 0;
}

static int sema_type(struct unit *u, struct type *t)
{
	switch (t->kind) {
	case TY_PRIM:
		return 0;
	case TY_STRING:
	case TY_BYTES:
		return sema_bound(u, t);
	case TY_SEQUENCE:
	case TY_ARRAY: {
		int r = sema_type(u, t->elem);

		return sema_bound(u, t) | r;
	}
	case TY_NAMED: {
		struct decl *d = lookup(u, t->name, t->loc);

		if (!d)
			return -1;
		if (d->kind == DK_CONST) {
			diag_error(t->loc, "'%s' is a constant, not a type", t->name);
			return -1;
		}
		if (d->unit == u && check_order(d, t->loc))
			return -1;
		if (d->sema_state != 2)
			return -1;
		t->decl = d;
		return 0;
	}
	}
	return -1;
}

static int sema_const(struct unit *u, struct decl *d)
{
	const struct type *t = d->type;

	if (sema_type(u, d->type))
		return -1;
	while (t->kind == TY_NAMED && t->decl->kind == DK_TYPEDEF)
		t = t->decl->type;
	if (eval(u, d->value, &d->cval))
		return -1;
	if (t->kind == TY_STRING) {
		if (!d->cval.is_string) {
			diag_error(d->value->loc, "type mismatch: constant '%s' is a string but "
				   "its value is an integer", d->name);
			return -1;
		}
		if (d->cval.slen > t->bound) {
			diag_error(d->value->loc, "string of %zu characters does not fit in "
				   "string<%llu>", d->cval.slen, (unsigned long long)t->bound);
			return -1;
		}
		return 0;
	}
	__int128 lo, hi;

	if (t->kind != TY_PRIM || prim_range(t->prim, &lo, &hi)) {
		diag_error(d->loc, "constant '%s' must have an integer or string type", d->name);
		return -1;
	}
	if (d->cval.is_string) {
		diag_error(d->value->loc, "type mismatch: constant '%s' is %s but its value "
			   "is a string", d->name, prim_name(t->prim));
		return -1;
	}
	if (d->cval.ival < lo || d->cval.ival > hi) {
		diag_error(d->value->loc, "value of '%s' is out of range for %s", d->name,
			   prim_name(t->prim));
		return -1;
	}
	return 0;
}

static int sema_fields(struct unit *u, struct decl *d)
{
	int r = 0;
	const char *what = d->kind == DK_STRUCT ? "field" : "member";

	if (!d->nfields) {
		diag_error(d->loc, "%s '%s' has no %ss", d->kind == DK_STRUCT ? "struct" : "union",
			   d->name, what);
		return -1;
	}
	for (int i = 0; i < d->nfields; i++) {
		struct field *f = d->fields[i];

		r |= check_ident(f->loc, f->name, what);
		for (int j = 0; j < i; j++) {
			if (!strcmp(d->fields[j]->name, f->name)) {
				diag_error(f->loc, "duplicate %s '%s'", what, f->name);
				r = -1;
			}
		}
		r |= sema_type(u, f->type);
	}
	return r;
}

static int sema_interface(struct unit *u, struct iface *ifc)
{
	int r = 0;

	for (int i = 0; i < ifc->nmethods; i++) {
		struct method *m = ifc->methods[i];

		r |= check_ident(m->loc, m->name, "method");
		for (int j = 0; j < i; j++) {
			if (!strcmp(ifc->methods[j]->name, m->name)) {
				diag_error(m->loc, "duplicate method '%s'", m->name);
				r = -1;
			}
		}
		for (int k = 0; k < m->nparams; k++) {
			struct param *p = m->params[k];

			r |= check_ident(p->loc, p->name, "parameter");
			for (int j = 0; j < k; j++) {
				if (!strcmp(m->params[j]->name, p->name)) {
					diag_error(p->loc, "duplicate parameter '%s'", p->name);
					r = -1;
				}
			}
			r |= sema_type(u, p->type);
		}
	}
	if (ifc->nmethods > 65535) {
		diag_error(ifc->loc, "too many methods (at most 65535)");
		r = -1;
	}
	return r;
}

static int sema_component(struct unit *u)
{
	int r = 0;

	for (int i = 0; i < u->neps + u->ninsts; i++) {
		const char *name = i < u->neps ? u->eps[i]->name : u->insts[i - u->neps]->name;
		struct loc loc = i < u->neps ? u->eps[i]->loc : u->insts[i - u->neps]->loc;

		r |= check_ident(loc, name, i < u->neps ? "endpoint" : "component instance");
		for (int j = 0; j < i; j++) {
			const char *o = j < u->neps ? u->eps[j]->name : u->insts[j - u->neps]->name;

			if (!strcmp(o, name)) {
				diag_error(loc, "duplicate name '%s' in %s '%s'", name,
					   u->kind == UK_CDL ? "component" : "entity", u->pkg);
				r = -1;
			}
		}
	}
	u->total_eps = u->neps;
	for (int i = 0; i < u->ninsts; i++)
		u->total_eps += u->insts[i]->comp->total_eps;
	if (u->total_eps > 65535) {
		diag_error(u->loc, "too many endpoints (%d, at most 65535)", u->total_eps);
		return -1;
	}
	if (u->kind == UK_EDL && !r) {
		/* the kernel's endpoint table holds names of at most 127 bytes */
		struct vec flat = { 0 }, rows = { 0 };

		riid_flatten(u, &flat);
		riid_table(&flat, &rows);
		for (int i = 0; i < rows.n; i++) {
			const struct ep_row *row = rows.v[i];
			const char *iface = row->flat->ep->iface->pkg;

			if (strlen(row->name) > 127 || strlen(iface) > 127) {
				diag_error(u->loc, "endpoint name '%s' or its interface name is longer "
					   "than 127 characters", row->name);
				return -1;
			}
		}
	}
	return r;
}

/*
 * Every C name an IDL package generates is P_ + a suffix; two sources of
 * the same suffix (a typedef "Open_req" beside a method "Open") would not
 * compile, so they are reported here.
 */
struct gen_name {
	const char *suffix;
	struct loc loc;
	const char *what;
};

static int add_name(struct vec *names, const char *suffix, struct loc loc, const char *what)
{
	for (int i = 0; i < names->n; i++) {
		const struct gen_name *g = names->v[i];

		if (!strcmp(g->suffix, suffix)) {
			diag_error(loc, "%s clashes with the generated name of %s (both are "
				   "..._%s in C)", what, g->what, suffix);
			return -1;
		}
	}
	struct gen_name *g = xalloc(sizeof(*g));

	g->suffix = suffix;
	g->loc = loc;
	g->what = what;
	vec_push(names, g);
	return 0;
}

static int check_generated_names(const struct unit *u)
{
	static const char *const fixed[] = {
		"mid_max", "req_arena_size", "res_arena_size", "arena_size", "ops", "proxy",
		"proxy_init", "proxy_ops", "req", "res", "interface_dispatch", "nk_types",
		"nk_fields",
	};
	static const char *const per_method[] = {
		"mid", "req", "res", "err", "fn", "proxy_call", "req_arena_size",
		"res_arena_size", "req_handles", "res_handles", "err_handles",
		"req_nk_check", "res_nk_check", "err_nk_check",
	};
	struct vec names = { 0 };
	int r = 0;

	for (int i = 0; i < u->ndecls; i++) {
		const struct decl *d = u->decls[i];
		const char *what = xprintf("'%s'", d->name);

		r |= add_name(&names, d->name, d->loc, what);
		for (int k = 0; d->kind == DK_UNION && k < d->nfields; k++)
			r |= add_name(&names, xprintf("%s_%s_tag", d->name, d->fields[k]->name),
				      d->fields[k]->loc, xprintf("member '%s'", d->fields[k]->name));
		if (r)
			return -1;
	}
	if (!u->iface)
		return 0;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		r |= add_name(&names, fixed[i], u->iface->loc, "the interface");
	for (int i = 0; i < u->iface->nmethods && !r; i++) {
		const struct method *m = u->iface->methods[i];
		const char *what = xprintf("method '%s'", m->name);

		r |= add_name(&names, m->name, m->loc, what);
		for (size_t k = 0; k < sizeof(per_method) / sizeof(per_method[0]) && !r; k++)
			r |= add_name(&names, xprintf("%s_%s", m->name, per_method[k]), m->loc, what);
		for (int k = 0; k < m->nparams && !r; k++) {
			const struct param *p = m->params[k];

			r |= add_name(&names, xprintf("%s_%s_%s_size", m->name, p->dir == PD_IN ? "req" :
						      p->dir == PD_OUT ? "res" : "err", p->name),
				      p->loc, xprintf("parameter '%s'", p->name));
		}
	}
	return r;
}

int sema_unit(struct unit *u)
{
	int r = 0;
	int before = diag_count();

	for (int i = 0; i < u->nimports; i++) {
		for (int j = 0; j < i; j++) {
			if (u->imports[i] == u->imports[j]) {
				diag_error(u->import_locs[i], "duplicate import of '%s'",
					   u->imports[i]->pkg);
				r = -1;
			}
		}
	}
	for (int i = 0; i < u->ndecls; i++) {
		struct decl *d = u->decls[i];
		int dr = check_ident(d->loc, d->name, "name");

		for (int j = 0; j < i; j++) {
			if (!strcmp(u->decls[j]->name, d->name)) {
				diag_error(d->loc, "duplicate declaration of '%s'", d->name);
				dr = -1;
			}
		}
		d->sema_state = 1;
		switch (d->kind) {
		case DK_TYPEDEF:
			dr |= sema_type(u, d->type);
			break;
		case DK_CONST:
			dr |= sema_const(u, d);
			break;
		case DK_STRUCT:
		case DK_UNION:
			dr |= sema_fields(u, d);
			break;
		}
		/* A failed declaration stays "in progress": users report nothing new. */
		d->sema_state = dr ? 3 : 2;
		r |= dr;
		if (diag_count() - before > 20)
			return -1;
	}
	if (u->iface)
		r |= sema_interface(u, u->iface);
	if (u->kind != UK_IDL)
		r |= sema_component(u);
	if (!r && u->kind == UK_IDL)
		r |= check_generated_names(u);
	return r ? -1 : 0;
}
