// SPDX-License-Identifier: GPL-2.0
/*
 * parser.c - the policy language (docs/policy.md) compiled straight into
 * struct cpolicy.  Names are resolved against the `use EDL` descriptions:
 * endpoint= to a RIID, method= to an interface and MID, message.f to an
 * offset, size and signedness.  Errors are "file:line:col: error: ...";
 * compilation continues after an error in a rule to report more of them.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "lexer.h"
#include "nkpolicy.h"

#define MAX_INCLUDE_DEPTH	16
#define MAX_MATCH_DEPTH		16
#define MAX_FILE_SIZE		(4 << 20)

struct cc {
	struct diag *d;
	const struct compile_opts *opts;
	struct edl_db *db;
	struct cpolicy *out;
	int depth;
	bool have_default;
	char **files;		/* every file read, kept for messages */
	size_t n_files;
	char **modules;		/* PSL modules imported (use X._) */
	size_t n_modules;
};

struct pstate {
	char loaded[PATH_MAX];	/* the description `use EDL` read last */
	struct cc *cc;
	struct lexer lx;
	struct tok t;		/* current token */
	char dir[1024];		/* directory of the file */
	bool quiet;		/* skipping after an error: no lexer errors */
};

struct sel {
	char src[NKIPC_CLASS_MAX], dst[NKIPC_CLASS_MAX];
	char endpoint[NKIPC_NAME_MAX], method[NKIPC_NAME_MAX];
	char channel[NKIPC_NAME_MAX], server[NKIPC_NAME_MAX];
	/* transfer rules */
	char handle[16], target[NKIPC_NAME_MAX], target_class[NKIPC_CLASS_MAX];
};

/* A condition as written, resolved once the rule's method is known. */
struct pcond {
	char path[256];		/* after "message." */
	int handle_field;	/* handle.kind/rights: NKIPC_HANDLE_FIELD_*; -1 */
	uint8_t op;
	uint64_t value;
	bool negative;
	int line, col;
};

struct pstmt {
	uint8_t type;
	struct pcond c;
};

static void diag_at(struct pstate *ps, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void diag_at(struct pstate *ps, int line, int col, const char *fmt, ...)
{
	struct diag *d = ps->cc->d;
	va_list ap;

	d->errors++;
	if (!d->out)
		return;
	fprintf(d->out, "%s:%d:%d: error: ", ps->lx.path, line, col);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

#define diag(ps, ...) diag_at(ps, (ps)->t.line, (ps)->t.col, __VA_ARGS__)

static void warn_at(struct pstate *ps, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void warn_at(struct pstate *ps, int line, int col, const char *fmt, ...)
{
	struct diag *d = ps->cc->d;
	va_list ap;

	if (!d->out)
		return;
	fprintf(d->out, "%s:%d:%d: warning: ", ps->lx.path, line, col);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

static void next(struct pstate *ps)
{
	lex_next(&ps->lx, &ps->t);
	if (ps->t.type == T_ERROR && !ps->quiet)
		diag(ps, "%s", ps->t.text);
}

static bool is_kw(struct pstate *ps, const char *kw)
{
	return ps->t.type == T_NAME && !strcmp(ps->t.text, kw);
}

static int expect(struct pstate *ps, enum tok_type type, const char *what)
{
	if (ps->t.type != type) {
		if (ps->t.type != T_ERROR)
			diag(ps, "expected %s, got %s", what, tok_name(ps->t.type));
		return -1;
	}
	next(ps);
	return 0;
}

/* Skips to the end of the current statement or block after an error. */
static void recover(struct pstate *ps)
{
	int depth = 0;

	ps->quiet = true;
	while (ps->t.type != T_EOF) {
		if (ps->t.type == T_LBRACE) {
			depth++;
		} else if (ps->t.type == T_RBRACE) {
			if (--depth <= 0)
				break;
		} else if (ps->t.type == T_SEMI && depth == 0) {
			break;
		}
		next(ps);
	}
	ps->quiet = false;
	if (ps->t.type != T_EOF)
		next(ps);
}

static bool valid_name(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!(*s == '_' || *s == '.' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	long n;

	if (!f)
		return NULL;
	/* not a FIFO or a device: reading could block or never end */
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		errno = EINVAL;
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > MAX_FILE_SIZE ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		errno = EFBIG;
		return NULL;
	}
	buf = xcalloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int compile_text(struct cc *cc, const char *path, const char *text,
			size_t len);

/* ---- use EDL ---- */

static int load_describe(struct pstate *ps, const char *file, int line, int col)
{
	char err[256];
	struct json *j;
	size_t len;
	char *text = read_file(file, &len);

	if (!text)
		return -1;
	j = json_parse(text, len, err, sizeof(err));
	free(text);
	if (!j) {
		diag_at(ps, line, col, "%s: %s", file, err);
		return -2;
	}
	if (edl_db_add(ps->cc->db, j, file)) {
		diag_at(ps, line, col, "%s: not an `nkc --describe` document (schema 1)",
			file);
		return -2;
	}
	if (!realpath(file, ps->loaded))
		snprintf(ps->loaded, sizeof(ps->loaded), "%s", file);
	return 0;
}

static int find_describe(struct pstate *ps, const char *name, int line, int col)
{
	const char *env = getenv("NKPOLICY_PATH");
	char file[2048];
	int i, r;

	snprintf(file, sizeof(file), "%s/%s.json", ps->dir, name);
	r = load_describe(ps, file, line, col);
	for (i = 0; r == -1 && i < ps->cc->opts->n_incdirs; i++) {
		snprintf(file, sizeof(file), "%s/%s.json",
			 ps->cc->opts->incdirs[i], name);
		r = load_describe(ps, file, line, col);
	}
	if (r == -1 && env) {
		char *copy = xstrdup(env), *save = NULL, *d;

		for (d = strtok_r(copy, ":", &save); d && r == -1;
		     d = strtok_r(NULL, ":", &save)) {
			snprintf(file, sizeof(file), "%s/%s.json", d, name);
			r = load_describe(ps, file, line, col);
		}
		free(copy);
	}
	if (r == -1)
		diag_at(ps, line, col,
			"no description of %s: put `nkc --describe` output in %s.json next to the policy, in a -I directory or in $NKPOLICY_PATH",
			name, name);
	return r ? -1 : 0;
}

/* First readable regular file @rel in the policy's directory, -I, $NKPOLICY_PATH. */
static int find_on_path(struct pstate *ps, const char *rel, char *file,
			size_t cap)
{
	const char *env = getenv("NKPOLICY_PATH");
	struct stat st;
	int found = -1;

#define TRY(dir) (snprintf(file, cap, "%s/%s", (dir), rel), \
		  !stat(file, &st) && S_ISREG(st.st_mode) && !access(file, R_OK))
	if (TRY(ps->dir))
		return 0;
	for (int i = 0; i < ps->cc->opts->n_incdirs; i++)
		if (TRY(ps->cc->opts->incdirs[i]))
			return 0;
	if (env) {
		char *copy = xstrdup(env), *save = NULL, *d;

		for (d = strtok_r(copy, ":", &save); d && found;
		     d = strtok_r(NULL, ":", &save))
			if (TRY(d))
				found = 0;
		free(copy);
	}
#undef TRY
	return found;
}

/*
 * `use a.b.C._`: the PSL module a/b/C.psl, found like descriptions and
 * compiled in place (once).  nk.base._ (and its older name nk.basic._) is
 * the Base model, built in: grant(), deny(), assert().  Other security
 * models (nk.flow, nk.regex...) are refused.  A module that is not found
 * (the PSL of a KOS system program such as kl.core.DCM) is reported as a
 * warning: there is nothing of it to import on Linux.
 */
static void import_module(struct pstate *ps, const char *mod, int line,
			  int col);

static void parse_use_module(struct pstate *ps)
{
	int line = ps->t.line, col = ps->t.col;
	char mod[256];
	size_t n;

	n = ps->t.type == T_NAME ? strlen(ps->t.text) : 0;
	if (n < 3 || strcmp(ps->t.text + n - 2, "._") || n - 2 >= sizeof(mod)) {
		if (ps->t.type == T_NAME)
			diag(ps, "'use %s': import a PSL module as NAME._ (use nk.base._) or an entity as use EDL NAME",
			     ps->t.text);
		else if (ps->t.type != T_ERROR)
			diag(ps, "expected EDL or a PSL module name after 'use'");
		recover(ps);
		return;
	}
	memcpy(mod, ps->t.text, n - 2);
	mod[n - 2] = 0;
	/* the messages of this line before those of the next token */
	if (strcmp(mod, "nk.base") && strcmp(mod, "nk.basic"))
		import_module(ps, mod, line, col);
	next(ps);
	if (ps->t.type == T_SEMI)
		next(ps);
}

static void import_module(struct pstate *ps, const char *mod, int line,
			  int col)
{
	char rel[300], file[2048];
	size_t len;
	char *text;

	if (!strncmp(mod, "nk.", 3)) {
		diag_at(ps, line, col,
			"security model %s is not supported (only the Base model, nk.base._)",
			mod);
		return;
	}
	for (size_t i = 0; i < ps->cc->n_modules; i++)
		if (!strcmp(ps->cc->modules[i], mod))
			return;
	ps->cc->modules = xrealloc(ps->cc->modules,
				   (ps->cc->n_modules + 1) * sizeof(char *));
	ps->cc->modules[ps->cc->n_modules++] = xstrdup(mod);
	snprintf(rel, sizeof(rel), "%s.psl", mod);
	for (char *c = rel; c < rel + strlen(mod); c++)
		if (*c == '.')
			*c = '/';
	if (find_on_path(ps, rel, file, sizeof(file))) {
		warn_at(ps, line, col,
			"PSL module %s not found (%s next to the policy, in a -I directory or in $NKPOLICY_PATH): nothing imported",
			mod, rel);
		return;
	}
	if (ps->cc->depth >= MAX_INCLUDE_DEPTH) {
		diag_at(ps, line, col, "imports nested more than %d deep",
			MAX_INCLUDE_DEPTH);
		return;
	}
	text = read_file(file, &len);
	if (!text) {
		diag_at(ps, line, col, "cannot read %s: %s", file, strerror(errno));
		return;
	}
	compile_text(ps->cc, file, text, len);
	free(text);
}

static void parse_use(struct pstate *ps)
{
	int line = ps->t.line, col = ps->t.col;
	char name[NKIPC_CLASS_MAX], line_text[NKIPC_TEXT_MAX];
	const struct json *ent;
	char err[256];

	next(ps);
	if (!is_kw(ps, "EDL")) {
		parse_use_module(ps);
		return;
	}
	next(ps);
	if (ps->t.type != T_NAME || !valid_name(ps->t.text) ||
	    strlen(ps->t.text) >= sizeof(name)) {
		diag(ps, "expected an entity name after 'use EDL'");
		recover(ps);
		return;
	}
	snprintf(name, sizeof(name), "%s", ps->t.text);
	next(ps);
	if (!is_kw(ps, "from") &&
	    (!strcmp(name, "Einit") || !strcmp(name, "kl.core.Core") ||
	     !strcmp(name, "kl.core.NameServer"))) {
		/*
		 * The launcher (nkinit), the kernel and its name server:
		 * classes of nkipc itself that serve no endpoints, so there is
		 * nothing to describe.  Requests to kl.core.NameServer and
		 * kl.core.Core are the name server and connection manager
		 * calls that nkinit judges for dynamic channels
		 * (cpolicy_request()).
		 */
		if (ps->t.type == T_SEMI)
			next(ps);
		return;
	}
	if (is_kw(ps, "from")) {
		char file[2048];

		next(ps);
		if (ps->t.type != T_STRING) {
			diag(ps, "expected a file name after 'from'");
			recover(ps);
			return;
		}
		if (ps->t.text[0] == '/')
			snprintf(file, sizeof(file), "%s", ps->t.text);
		else
			snprintf(file, sizeof(file), "%s/%s", ps->dir, ps->t.text);
		if (!edl_entity(ps->cc->db, name) &&
		    load_describe(ps, file, ps->t.line, ps->t.col) == -1)
			diag(ps, "cannot read %s: %s", file, strerror(errno));
		next(ps);
	} else if (!edl_entity(ps->cc->db, name)) {
		find_describe(ps, name, line, col);
	}
	if (ps->t.type == T_SEMI)
		next(ps);
	ent = edl_entity(ps->cc->db, name);
	if (!ent) {
		if (!ps->cc->d->errors)
			diag_at(ps, line, col, "the description has no entity %s", name);
		return;
	}
	if (edl_layouts(ps->cc->db, ent, ps->cc->out, err, sizeof(err)))
		diag_at(ps, line, col, "%s", err);
	/* showconf prints this: name the file, so it loads from anywhere */
	snprintf(line_text, sizeof(line_text), "use EDL %s ", name);
	for (size_t i = 0; i < ps->cc->out->n_source; i++)
		if (!strncmp(ps->cc->out->source[i], line_text, strlen(line_text)))
			return;
	if (ps->loaded[0] && strlen(ps->loaded) + strlen(line_text) + 10 < sizeof(line_text))
		snprintf(line_text + strlen(line_text),
			 sizeof(line_text) - strlen(line_text), "from \"%s\"",
			 ps->loaded);
	else
		snprintf(line_text, sizeof(line_text), "use EDL %s", name);
	cpolicy_add_source(ps->cc->out, line_text);
}

/* ---- include, default, bind ---- */

static void parse_include(struct pstate *ps)
{
	char file[2048];
	size_t len;
	char *text;

	next(ps);
	if (ps->t.type != T_STRING) {
		diag(ps, "expected a file name after 'include'");
		recover(ps);
		return;
	}
	if (ps->t.text[0] == '/')
		snprintf(file, sizeof(file), "%s", ps->t.text);
	else
		snprintf(file, sizeof(file), "%s/%s", ps->dir, ps->t.text);
	if (ps->cc->depth >= MAX_INCLUDE_DEPTH) {
		diag(ps, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
		next(ps);
		return;
	}
	text = read_file(file, &len);
	if (!text) {
		diag(ps, "cannot read %s: %s", file, strerror(errno));
		next(ps);
		return;
	}
	next(ps);
	if (ps->t.type == T_SEMI)
		next(ps);
	compile_text(ps->cc, file, text, len);
	free(text);
}

static void parse_default(struct pstate *ps)
{
	next(ps);
	if (is_kw(ps, "grant")) {
		ps->cc->out->default_decision = NKIPC_DECISION_GRANT;
	} else if (is_kw(ps, "deny")) {
		ps->cc->out->default_decision = NKIPC_DECISION_DENY;
	} else {
		diag(ps, "expected 'grant' or 'deny' after 'default'");
		recover(ps);
		return;
	}
	if (ps->cc->have_default)
		diag(ps, "the default decision is set twice");
	ps->cc->have_default = true;
	next(ps);
	if (ps->t.type == T_SEMI)
		next(ps);
}

/* @path made absolute against the directory of the current file. */
static char *absolute(struct pstate *ps, const char *path)
{
	char dir[PATH_MAX], *out;

	if (path[0] == '/')
		return xstrdup(path);
	if (strlen(ps->dir) + strlen(path) + 2 < sizeof(dir)) {
		char joined[2 * PATH_MAX];

		snprintf(joined, sizeof(joined), "%s/%s", ps->dir, path);
		if (realpath(joined, dir))
			return xstrdup(dir);
	}
	if (!realpath(ps->dir, dir))
		snprintf(dir, sizeof(dir), "%s", ps->dir);
	out = xcalloc(1, strlen(dir) + strlen(path) + 2);
	sprintf(out, "%s/%s", dir, path);
	return out;
}

static int parse_u32(struct pstate *ps, uint32_t *v)
{
	if (ps->t.type != T_INT || ps->t.negative || ps->t.uval > UINT32_MAX) {
		diag(ps, "expected a number from 0 to 4294967295");
		return -1;
	}
	*v = (uint32_t)ps->t.uval;
	next(ps);
	return 0;
}

static void parse_bind(struct pstate *ps)
{
	struct cbinding b = { 0 };
	int line = ps->t.line, col = ps->t.col;

	next(ps);
	if (ps->t.type != T_NAME || !valid_name(ps->t.text) ||
	    strlen(ps->t.text) >= NKIPC_CLASS_MAX) {
		diag(ps, "expected an entity class after 'bind'");
		goto bad;
	}
	b.class_name = xstrdup(ps->t.text);
	next(ps);
	while (is_kw(ps, "exe") || is_kw(ps, "cgroup") || is_kw(ps, "uid") ||
	       is_kw(ps, "gid") || is_kw(ps, "label")) {
		char key[16];

		snprintf(key, sizeof(key), "%.15s", ps->t.text);
		next(ps);
		if (expect(ps, T_ASSIGN, "'='"))
			goto bad;
		if (!strcmp(key, "exe")) {
			/* relative to the policy file, so a policy can ship
			 * next to the programs it binds */
			if (ps->t.type != T_STRING || !ps->t.text[0]) {
				diag(ps, "exe= needs a path in quotes");
				goto bad;
			}
			free(b.exe);
			b.exe = absolute(ps, ps->t.text);
			next(ps);
		} else if (!strcmp(key, "cgroup")) {
			if (ps->t.type != T_STRING || ps->t.text[0] != '/') {
				diag(ps, "cgroup= needs an absolute cgroup v2 path in quotes");
				goto bad;
			}
			free(b.cgroup);
			b.cgroup = xstrdup(ps->t.text);
			next(ps);
		} else if (!strcmp(key, "label")) {
			if (ps->t.type != T_STRING || !ps->t.text[0] ||
			    strlen(ps->t.text) >= NKIPC_LABEL_MAX) {
				diag(ps, "label= needs an LSM context in quotes (at most %d bytes)",
				     NKIPC_LABEL_MAX - 1);
				goto bad;
			}
			free(b.label);
			b.label = xstrdup(ps->t.text);
			next(ps);
		} else if (!strcmp(key, "uid")) {
			if (parse_u32(ps, &b.uid))
				goto bad;
			b.has_uid = true;
		} else if (!strcmp(key, "gid")) {
			if (parse_u32(ps, &b.gid))
				goto bad;
			b.has_gid = true;
		}
	}
	if (!b.cgroup && !b.has_uid && !b.has_gid) {
		diag_at(ps, line, col, b.exe ?
			"exe= alone does not identify a process (LD_PRELOAD or ptrace runs other code as that executable): add uid=, gid= or cgroup=" :
			b.label ?
			"label= alone does not identify a process (AppArmor lets an unconfined process change into any profile): add uid=, gid= or cgroup=" :
			"a binding needs uid=, gid= or cgroup=");
		goto bad;
	}
	if (ps->cc->out->n_bindings >= NKIPC_POLICY_MAX_BINDINGS) {
		diag_at(ps, line, col, "more than %d bindings",
			NKIPC_POLICY_MAX_BINDINGS);
		goto bad;
	}
	*cpolicy_add_binding(ps->cc->out) = b;
	if (ps->t.type == T_SEMI)
		next(ps);
	return;
bad:
	free(b.class_name);
	free(b.exe);
	free(b.cgroup);
	free(b.label);
	recover(ps);
}

/* The interface that has @method among @entity's endpoints, if unique. */
static const struct json *iface_for_method(struct pstate *ps,
					   const struct json *entity,
					   const char *method, const char **why)
{
	const struct json *rows = json_get(entity, "endpoint_table");
	const struct json *found = NULL;

	for (size_t i = 0; rows && i < rows->n; i++) {
		const char *ifn = json_str(rows->items[i], "interface");
		const struct json *ifc = ifn ? edl_package(ps->cc->db, ifn) : NULL;

		if (ifc && edl_method(ifc, method)) {
			if (found && found != ifc) {
				*why = "several interfaces have this method: add endpoint=";
				return NULL;
			}
			found = ifc;
		}
	}
	if (!found)
		*why = "no endpoint of the entity has this method";
	return found;
}

static void set_str(char **dst, const char *s)
{
	*dst = *s ? xstrdup(s) : NULL;
}

/* Collapses whitespace for the rule text shown by showconf. */
static void append_collapsed(char *out, size_t cap, const char *s,
			     const char *end)
{
	size_t n = strlen(out);
	bool space = n && out[n - 1] == ' ';

	for (; s < end && n + 1 < cap; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!space)
				out[n++] = ' ';
			space = true;
		} else {
			out[n++] = *s;
			space = false;
		}
	}
	out[n] = 0;
}

static void rule_text(struct crule *r, const struct sel *s, const char *kw,
		      const char *body)
{
	char text[NKIPC_TEXT_MAX];
	size_t n;

	snprintf(text, sizeof(text), "%s", kw);
#define SEL(f) do { if (s->f[0]) { n = strlen(text); \
	snprintf(text + n, sizeof(text) - n, " " #f "=%s", s->f); } } while (0)
	SEL(src);
	SEL(dst);
	SEL(endpoint);
	SEL(method);
	SEL(channel);
	SEL(server);
	SEL(handle);
	SEL(target);
	SEL(target_class);
#undef SEL
	n = strlen(text);
	snprintf(text + n, sizeof(text) - n, " { ");
	append_collapsed(text, sizeof(text) - 2, body, body + strlen(body));
	n = strlen(text);
	while (n && text[n - 1] == ' ')
		text[--n] = 0;
	snprintf(text + n, sizeof(text) - n, " }");
	r->text = xstrdup(text);
}

/* ---- rules ---- */

static int kind_of(const char *kw)
{
	static const char *const kinds[] = {
		"request", "response", "error", "connect", "register",
		"transfer",
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kw, kinds[i]))
			return (int)i;
	if (!strcmp(kw, "publish"))
		return NKIPC_KIND_REGISTER;
	if (!strcmp(kw, "execute"))
		return NKPOLICY_KIND_EXECUTE;
	if (!strcmp(kw, "security"))
		return NKPOLICY_KIND_SECURITY;
	return -1;
}

/*
 * Parses "key=value" selectors into @s (overriding inherited ones); PSL
 * separates them with spaces or commas.
 */
static int parse_selectors(struct pstate *ps, struct sel *s)
{
	while (ps->t.type == T_NAME) {
		char key[16], *dst;
		size_t cap;

		snprintf(key, sizeof(key), "%.15s", ps->t.text);
		if (!strcmp(key, "src")) {
			dst = s->src;
			cap = sizeof(s->src);
		} else if (!strcmp(key, "dst")) {
			dst = s->dst;
			cap = sizeof(s->dst);
		} else if (!strcmp(key, "endpoint")) {
			dst = s->endpoint;
			cap = sizeof(s->endpoint);
		} else if (!strcmp(key, "method")) {
			dst = s->method;
			cap = sizeof(s->method);
		} else if (!strcmp(key, "channel")) {
			dst = s->channel;
			cap = sizeof(s->channel);
		} else if (!strcmp(key, "server")) {
			dst = s->server;
			cap = sizeof(s->server);
		} else if (!strcmp(key, "handle")) {
			dst = s->handle;
			cap = sizeof(s->handle);
		} else if (!strcmp(key, "target")) {
			dst = s->target;
			cap = sizeof(s->target);
		} else if (!strcmp(key, "target_class")) {
			dst = s->target_class;
			cap = sizeof(s->target_class);
		} else {
			diag(ps, "expected '{' or a selector (src, dst, endpoint, method, channel, server, handle, target, target_class), got '%s'",
			     ps->t.text);
			return -1;
		}
		next(ps);
		if (expect(ps, T_ASSIGN, "'='"))
			return -1;
		if ((ps->t.type != T_NAME && ps->t.type != T_STRING) ||
		    strlen(ps->t.text) >= cap || !ps->t.text[0] ||
		    (ps->t.type == T_NAME && !valid_name(ps->t.text))) {
			diag(ps, "bad value for %s=", key);
			return -1;
		}
		snprintf(dst, cap, "%s", ps->t.text);
		next(ps);
		if (ps->t.type == T_COMMA) {
			next(ps);
			if (ps->t.type != T_NAME) {
				diag(ps, "expected a selector after ','");
				return -1;
			}
		}
	}
	return 0;
}

/* operand := '(' operand ')' | message.FIELD | NUMBER; @field: which one */
static int parse_operand(struct pstate *ps, struct pcond *c, bool *field)
{
	int opens = 0;

	while (ps->t.type == T_LPAREN) {
		opens++;
		next(ps);
	}
	if (is_kw(ps, "size")) {
		diag(ps, "size() is not supported: a condition compares a fixed-size integer field of the message with a number");
		return -1;
	}
	if (ps->t.type == T_INT) {
		c->value = ps->t.negative ? (uint64_t)ps->t.ival : ps->t.uval;
		c->negative = ps->t.negative;
		*field = false;
	} else if (ps->t.type == T_NAME && (!strcmp(ps->t.text, "handle.kind") ||
					    !strcmp(ps->t.text, "handle.rights"))) {
		snprintf(c->path, sizeof(c->path), "%.16s", ps->t.text);
		c->handle_field = !strcmp(ps->t.text, "handle.kind") ?
				  NKIPC_HANDLE_FIELD_KIND :
				  NKIPC_HANDLE_FIELD_RIGHTS;
		c->line = ps->t.line;
		c->col = ps->t.col;
		*field = true;
	} else if (ps->t.type == T_NAME && !strncmp(ps->t.text, "message.", 8) &&
		   ps->t.text[8] && strlen(ps->t.text + 8) < sizeof(c->path)) {
		snprintf(c->path, sizeof(c->path), "%s", ps->t.text + 8);
		c->handle_field = -1;
		c->line = ps->t.line;
		c->col = ps->t.col;
		*field = true;
	} else {
		if (ps->t.type != T_ERROR)
			diag(ps, "expected message.FIELD");
		return -1;
	}
	next(ps);
	while (opens--)
		if (expect(ps, T_RPAREN, "')'"))
			return -1;
	return 0;
}

/*
 * cond := '(' cond ')' | operand OP operand, one operand a field and the
 * other a number (either side: "1 < message.x" is "message.x > 1").
 */
static int parse_cond(struct pstate *ps, struct pstmt *st)
{
	static const struct { enum tok_type t; uint8_t op, swapped; } ops[] = {
		{ T_LT, NKIPC_OP_LT, NKIPC_OP_GT }, { T_LE, NKIPC_OP_LE, NKIPC_OP_GE },
		{ T_GT, NKIPC_OP_GT, NKIPC_OP_LT }, { T_GE, NKIPC_OP_GE, NKIPC_OP_LE },
		{ T_EQ, NKIPC_OP_EQ, NKIPC_OP_EQ }, { T_NE, NKIPC_OP_NE, NKIPC_OP_NE },
	};
	int line = ps->t.line, col = ps->t.col, opens = 0;
	struct pcond a = { 0 }, b = { 0 };
	bool fa, fb;
	size_t i;

	/* '(' of a parenthesised condition or of its left operand */
	while (ps->t.type == T_LPAREN) {
		opens++;
		next(ps);
	}
	if (parse_operand(ps, &a, &fa))
		return -1;
	while (opens && ps->t.type == T_RPAREN) {	/* closes "(field)" */
		opens--;
		next(ps);
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ps->t.type == ops[i].t)
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		if (ps->t.type != T_ERROR)
			diag(ps, "expected a comparison (<, <=, >, >=, ==, !=)");
		return -1;
	}
	next(ps);
	if (parse_operand(ps, &b, &fb))
		return -1;
	while (opens--)
		if (expect(ps, T_RPAREN, "')'"))
			return -1;
	if (fa == fb) {
		diag_at(ps, line, col,
			"a condition compares one message field with a number");
		return -1;
	}
	st->c = fa ? a : b;
	st->c.value = fa ? b.value : a.value;
	st->c.negative = fa ? b.negative : a.negative;
	st->c.op = fa ? ops[i].op : ops[i].swapped;
	return 0;
}

/* What a rule body holds once its statements are parsed. */
struct body {
	struct pstmt stmts[NKIPC_RULE_MAX_STMTS];
	int n;
	char text[NKIPC_TEXT_MAX];	/* the statements as written */
};

/* stmt := grant() | deny() | deny(c || c...) | assert(c && c...) */
static int parse_stmt(struct pstate *ps, struct body *b)
{
	const char *start = ps->t.start, *end;
	enum tok_type joiner;
	uint8_t type;

	if (is_kw(ps, "grant")) {
		type = NKIPC_STMT_GRANT;
	} else if (is_kw(ps, "deny")) {
		type = NKIPC_STMT_DENY;
	} else if (is_kw(ps, "assert")) {
		type = NKIPC_STMT_ASSERT;
	} else if (ps->t.type == T_NAME && strchr(ps->t.text, '.')) {
		diag(ps, "'%s': security models are not supported (the Base model's grant(), deny() and assert() only)",
		     ps->t.text);
		return -1;
	} else {
		if (ps->t.type != T_ERROR)
			diag(ps, "expected grant(), deny(), assert(...), match or '}'");
		return -1;
	}
	next(ps);
	if (expect(ps, T_LPAREN, "'('"))
		return -1;
	if (ps->t.type == T_RPAREN) {
		if (type == NKIPC_STMT_ASSERT) {
			diag(ps, "assert() needs a condition");
			return -1;
		}
		if (b->n >= NKIPC_RULE_MAX_STMTS)
			goto too_many;
		b->stmts[b->n++].type = type;
		end = ps->t.start + ps->t.len;
		next(ps);
		goto done;
	}
	if (type == NKIPC_STMT_GRANT) {
		diag(ps, "grant() takes no condition: use assert(...)");
		return -1;
	}
	if (type == NKIPC_STMT_DENY)
		type = NKIPC_STMT_DENY_IF;
	/* assert(a && b) = assert(a) assert(b); deny(a || b) likewise */
	joiner = type == NKIPC_STMT_ASSERT ? T_AND : T_OR;
	for (;;) {
		if (b->n >= NKIPC_RULE_MAX_STMTS)
			goto too_many;
		memset(&b->stmts[b->n], 0, sizeof(b->stmts[b->n]));
		b->stmts[b->n].type = type;
		if (parse_cond(ps, &b->stmts[b->n]))
			return -1;
		b->n++;
		if (ps->t.type != joiner)
			break;
		next(ps);
	}
	end = ps->t.start + ps->t.len;
	if (expect(ps, T_RPAREN, joiner == T_AND ? "')' or '&&'" : "')' or '||'"))
		return -1;
done:
	if (b->text[0] && strlen(b->text) + 1 < sizeof(b->text))
		strcat(b->text, " ");
	append_collapsed(b->text, sizeof(b->text), start, end);
	return 0;
too_many:
	diag(ps, "more than %d statements in one rule", NKIPC_RULE_MAX_STMTS);
	return -1;
}

/* After an error inside a block: skips past the '}' that closes it. */
static void recover_block(struct pstate *ps)
{
	int depth = 0;

	ps->quiet = true;
	while (ps->t.type != T_EOF) {
		if (ps->t.type == T_LBRACE)
			depth++;
		else if (ps->t.type == T_RBRACE && depth-- == 0)
			break;
		next(ps);
	}
	ps->quiet = false;
	if (ps->t.type != T_EOF)
		next(ps);
}

/* Checks the selectors of an `execute` or `security` rule and stores it. */
static void emit_userspace_rule(struct pstate *ps, int kind, const char *kw,
				const struct sel *s, const struct body *b,
				int line, int col)
{
	char text[2 * NKIPC_TEXT_MAX];
	struct crule *r;

	if (kind == NKPOLICY_KIND_EXECUTE &&
	    (s->endpoint[0] || s->method[0] || s->channel[0] || s->server[0])) {
		diag_at(ps, line, col, "execute rules take src= and dst= only");
		return;
	}
	if (kind == NKPOLICY_KIND_SECURITY &&
	    (s->dst[0] || s->endpoint[0] || s->channel[0] || s->server[0])) {
		diag_at(ps, line, col, "security rules take src= and method= only");
		return;
	}
	for (int i = 0; i < b->n; i++)
		if (b->stmts[i].type >= NKIPC_STMT_ASSERT) {
			diag_at(ps, b->stmts[i].c.line, b->stmts[i].c.col,
				"%s rules carry no message to test", kw);
			return;
		}
	if (kind == NKPOLICY_KIND_SECURITY) {
		/* no security interface on Linux: nothing to judge */
		ps->cc->out->n_security_rules++;
		return;
	}
	if (ps->cc->out->n_exec_rules >= NKIPC_POLICY_MAX_RULES) {
		diag_at(ps, line, col, "more than %d execute rules",
			NKIPC_POLICY_MAX_RULES);
		return;
	}
	r = cpolicy_add_exec_rule(ps->cc->out);
	r->kind = NKPOLICY_KIND_EXECUTE;
	set_str(&r->src, s->src);
	set_str(&r->dst, s->dst);
	r->n_stmts = b->n;
	for (int i = 0; i < b->n; i++)
		r->stmts[i].type = b->stmts[i].type;
	snprintf(text, sizeof(text), "execute%s%s%s%s { %s }",
		 s->src[0] ? " src=" : "", s->src, s->dst[0] ? " dst=" : "",
		 s->dst, b->text);
	r->text = xstrdup(text);
}

/*
 * A transfer rule: one handle of a granted message.  Selectors src, dst,
 * channel and the handle's (handle=fd|channel, target="service",
 * target_class=CLASS); conditions over handle.kind and handle.rights.
 */
static void emit_transfer_rule(struct pstate *ps, struct crule *r,
			       const struct sel *s, const char *kw,
			       const struct body *b, int line, int col)
{
	if (s->endpoint[0] || s->method[0] || s->server[0]) {
		diag_at(ps, line, col,
			"transfer rules take src, dst, channel, handle, target and target_class");
		return;
	}
	if (s->handle[0]) {
		if (!strcmp(s->handle, "fd")) {
			r->handle_kind = NKIPC_HANDLE_FD;
		} else if (!strcmp(s->handle, "channel")) {
			r->handle_kind = NKIPC_HANDLE_CHANNEL;
		} else {
			diag_at(ps, line, col, "handle= is fd or channel");
			return;
		}
	}
	if ((s->target[0] || s->target_class[0]) &&
	    r->handle_kind == NKIPC_HANDLE_FD) {
		diag_at(ps, line, col,
			"target= and target_class= name a channel, not an fd");
		return;
	}
	for (int i = 0; i < b->n; i++) {
		const struct pstmt *st = &b->stmts[i];
		struct cstmt *c = &r->stmts[i];

		c->type = st->type;
		if (c->type < NKIPC_STMT_ASSERT)
			continue;
		if (st->c.handle_field < 0) {
			diag_at(ps, st->c.line, st->c.col,
				"message.%s: transfer rules test handle.kind and handle.rights",
				st->c.path);
			return;
		}
		if (st->c.negative || st->c.value > UINT32_MAX) {
			diag_at(ps, st->c.line, st->c.col,
				"%s is a 32-bit unsigned number", st->c.path);
			return;
		}
		c->part = NKIPC_MSG_PART_HANDLE;
		c->offset = (uint32_t)st->c.handle_field;
		c->size = 4;
		c->op = st->c.op;
		c->value = st->c.value;
	}
	r->n_stmts = b->n;
	if (ps->cc->out->n_rules >= NKIPC_POLICY_MAX_RULES) {
		diag_at(ps, line, col, "more than %d rules", NKIPC_POLICY_MAX_RULES);
		return;
	}
	set_str(&r->src, s->src);
	set_str(&r->dst, s->dst);
	set_str(&r->channel, s->channel);
	set_str(&r->target, s->target);
	set_str(&r->target_class, s->target_class);
	rule_text(r, s, kw, b->text);
	*cpolicy_add_rule(ps->cc->out) = *r;
}

/* Resolves and stores one rule: the statements of one block or section. */
static void emit_rule(struct pstate *ps, int kind, const char *kw,
		      const struct sel *sel, const struct body *b, int line,
		      int col)
{
	const struct json *entity = NULL, *ifc = NULL, *method = NULL;
	const char *ent_name, *msg_key, *why = NULL;
	int errors = ps->cc->d->errors, n = b->n;
	const struct pstmt *stmts = b->stmts;
	struct sel s = *sel;
	struct crule r = { 0 };

	if (kind == NKPOLICY_KIND_EXECUTE || kind == NKPOLICY_KIND_SECURITY) {
		emit_userspace_rule(ps, kind, kw, sel, b, line, col);
		return;
	}
	r.kind = (uint8_t)kind;
	if (kind == NKIPC_KIND_TRANSFER) {
		emit_transfer_rule(ps, &r, &s, kw, b, line, col);
		return;
	}
	if (s.handle[0] || s.target[0] || s.target_class[0]) {
		diag_at(ps, line, col,
			"handle=, target= and target_class= are for transfer rules");
		return;
	}
	for (int i = 0; i < n; i++)
		if (stmts[i].type >= NKIPC_STMT_ASSERT &&
		    stmts[i].c.handle_field >= 0) {
			diag_at(ps, stmts[i].c.line, stmts[i].c.col,
				"%s: handle fields are for transfer rules",
				stmts[i].c.path);
			return;
		}
	if (s.server[0] && kind != NKIPC_KIND_CONNECT &&
	    kind != NKIPC_KIND_REGISTER) {
		diag_at(ps, line, col, "server= is for connect and register rules");
		return;
	}
	if (kind == NKIPC_KIND_CONNECT || kind == NKIPC_KIND_REGISTER) {
		if (s.endpoint[0] || s.method[0]) {
			diag_at(ps, line, col,
				"%s rules have no endpoint= or method=", kw);
			return;
		}
		if (kind == NKIPC_KIND_REGISTER && s.dst[0]) {
			diag_at(ps, line, col, "register rules have no dst=");
			return;
		}
		for (int i = 0; i < n; i++)
			if (stmts[i].type >= NKIPC_STMT_ASSERT) {
				diag_at(ps, stmts[i].c.line, stmts[i].c.col,
					"%s rules carry no message to test", kw);
				return;
			}
	}
	/* the entity whose endpoint the message addresses */
	ent_name = kind == NKIPC_KIND_REQUEST ? s.dst : s.src;
	msg_key = kind == NKIPC_KIND_REQUEST ? "req" :
		  kind == NKIPC_KIND_RESPONSE ? "res" : "err";
	if (kind <= NKIPC_KIND_ERROR && (s.endpoint[0] || s.method[0])) {
		if (!ent_name[0] && s.endpoint[0]) {
			diag_at(ps, line, col, "endpoint= needs %s= naming the server entity",
				kind == NKIPC_KIND_REQUEST ? "dst" : "src");
			return;
		}
		if (ent_name[0]) {
			entity = edl_entity(ps->cc->db, ent_name);
			if (!entity) {
				diag_at(ps, line, col,
					"entity %s is not described: add `use EDL %s`",
					ent_name, ent_name);
				return;
			}
		}
		if (s.endpoint[0]) {
			ifc = edl_endpoint(ps->cc->db, entity, s.endpoint, &r.riid);
			if (!ifc) {
				diag_at(ps, line, col, "%s has no endpoint %s",
					ent_name, s.endpoint);
				return;
			}
			r.has_riid = true;
		}
		if (s.method[0]) {
			if (!ifc && entity)
				ifc = iface_for_method(ps, entity, s.method, &why);
			if (!ifc) {
				diag_at(ps, line, col, "method %s: %s", s.method,
					why ? why : "name the server entity (dst= or src=)");
				return;
			}
			method = edl_method(ifc, s.method);
			if (!method) {
				diag_at(ps, line, col, "interface %s has no method %s",
					json_str(ifc, "name"), s.method);
				return;
			}
			set_str(&r.iface, json_str(ifc, "name"));
			r.has_mid = true;
			r.mid = (uint32_t)json_int(method, "mid");
		}
	}
	for (int i = 0; i < n; i++) {
		struct cstmt *c = &r.stmts[i];
		char err[256];

		c->type = stmts[i].type;
		if (c->type < NKIPC_STMT_ASSERT)
			continue;
		if (!method) {
			diag_at(ps, stmts[i].c.line, stmts[i].c.col,
				"message.%s: the rule needs method= to know the message layout",
				stmts[i].c.path);
			goto fail;
		}
		if (edl_field(ps->cc->db, json_get(method, msg_key), stmts[i].c.path,
			      &c->offset, &c->size, &c->is_signed, err, sizeof(err))) {
			diag_at(ps, stmts[i].c.line, stmts[i].c.col, "message.%s: %s",
				stmts[i].c.path, err);
			goto fail;
		}
		if (stmts[i].c.negative && !c->is_signed) {
			diag_at(ps, stmts[i].c.line, stmts[i].c.col,
				"message.%s is unsigned: compare it with a non-negative number",
				stmts[i].c.path);
			goto fail;
		}
		if (c->size < 8 && !c->is_signed && stmts[i].c.value >> (c->size * 8))
			diag_at(ps, stmts[i].c.line, stmts[i].c.col,
				"%llu does not fit message.%s (%u bytes)",
				(unsigned long long)stmts[i].c.value, stmts[i].c.path,
				c->size);
		c->part = NKIPC_MSG_PART_CONST;
		c->op = stmts[i].c.op;
		c->value = stmts[i].c.value;
	}
	r.n_stmts = n;
	if (ps->cc->d->errors != errors)
		goto fail;
	if (ps->cc->out->n_rules >= NKIPC_POLICY_MAX_RULES) {
		diag_at(ps, line, col, "more than %d rules", NKIPC_POLICY_MAX_RULES);
		goto fail;
	}
	set_str(&r.src, s.src);
	set_str(&r.dst, s.dst);
	set_str(&r.channel, s.channel);
	set_str(&r.server, s.server);
	rule_text(&r, &s, kw, b->text);
	*cpolicy_add_rule(ps->cc->out) = r;
	return;
fail:
	free(r.iface);
}

/*
 * section := '{' (stmt | match SELECTORS section | ';')* '}'
 * The statements of a section form one rule with the selectors in force
 * there; each match section inside is a rule of its own (PSL: every
 * section whose selectors match an event applies, any denial wins).
 */
static void parse_section(struct pstate *ps, int kind, const char *kw,
			  const struct sel *sel, int line, int col, int depth)
{
	struct body *b;
	bool sections = false;

	if (expect(ps, T_LBRACE, "'{'")) {
		recover(ps);
		return;
	}
	b = xcalloc(1, sizeof(*b));
	while (ps->t.type != T_RBRACE && ps->t.type != T_EOF) {
		if (ps->t.type == T_SEMI) {
			next(ps);
		} else if (is_kw(ps, "match")) {
			int mline = ps->t.line, mcol = ps->t.col;
			struct sel s = *sel;

			sections = true;
			next(ps);
			if (depth >= MAX_MATCH_DEPTH) {
				diag(ps, "match nested more than %d deep",
				     MAX_MATCH_DEPTH);
				recover(ps);
				continue;
			}
			if (parse_selectors(ps, &s)) {
				recover(ps);
				continue;
			}
			parse_section(ps, kind, kw, &s, mline, mcol, depth + 1);
		} else if (parse_stmt(ps, b)) {
			recover_block(ps);
			goto out;
		}
	}
	if (ps->t.type == T_EOF) {
		diag(ps, "expected '}' closing the rule");
		goto out;
	}
	if (!b->n && !sections)
		diag(ps, "empty rule body: write grant() or deny()");
	next(ps);
	if (b->n)
		emit_rule(ps, kind, kw, sel, b, line, col);
out:
	free(b);
}

/* `execute: kl.core.Execute`: the execute interface of the solution. */
static void parse_exec_iface(struct pstate *ps, int depth)
{
	next(ps);
	if (depth) {
		diag(ps, "the execute interface is declared at the top level");
		recover(ps);
		return;
	}
	if (!is_kw(ps, "kl.core.Execute")) {
		diag(ps, "unknown execute interface%s%s: nkipc has kl.core.Execute only",
		     ps->t.type == T_NAME ? " " : "",
		     ps->t.type == T_NAME ? ps->t.text : "");
		recover(ps);
		return;
	}
	if (ps->cc->out->exec_iface)
		diag(ps, "the execute interface is declared twice");
	ps->cc->out->exec_iface = true;
	next(ps);
	if (ps->t.type == T_SEMI)
		next(ps);
}

/* KIND [selectors] section, or `execute: INTERFACE` */
static void parse_rule(struct pstate *ps, const struct sel *inherited,
		       int depth)
{
	int line = ps->t.line, col = ps->t.col, kind = kind_of(ps->t.text);
	struct sel s = *inherited;
	char kw[16];

	snprintf(kw, sizeof(kw), "%.15s", ps->t.text);
	next(ps);
	if (kind == NKPOLICY_KIND_EXECUTE && ps->t.type == T_COLON) {
		parse_exec_iface(ps, depth);
		return;
	}
	if (parse_selectors(ps, &s)) {
		recover(ps);
		return;
	}
	parse_section(ps, kind, kw, &s, line, col, depth);
}

static void parse_block(struct pstate *ps, const struct sel *inherited,
			int depth);

static void parse_match(struct pstate *ps, const struct sel *inherited,
			int depth)
{
	struct sel s = *inherited;

	next(ps);
	if (depth >= MAX_MATCH_DEPTH) {
		diag(ps, "match nested more than %d deep", MAX_MATCH_DEPTH);
		recover(ps);
		return;
	}
	if (parse_selectors(ps, &s) || expect(ps, T_LBRACE, "'{'")) {
		recover(ps);
		return;
	}
	parse_block(ps, &s, depth + 1);
	if (ps->t.type != T_RBRACE) {
		diag(ps, "expected '}' closing the match block");
		return;
	}
	next(ps);
}

/* PSL declarations nkipc has no counterpart for: a clear error each. */
static const char *unsupported(const char *kw)
{
	if (!strcmp(kw, "policy"))
		return "policy objects (security models other than Base) are not supported";
	if (!strcmp(kw, "audit"))
		return "audit profiles are not supported: nkpolicy audit reports denials";
	if (!strcmp(kw, "task"))
		return "'task class' declarations are not supported: use `use EDL`";
	if (!strcmp(kw, "pragma"))
		return "PSL pragmas are not supported";
	return NULL;
}

/* Rules and match blocks up to '}' (inside a match) or end of file. */
static void parse_block(struct pstate *ps, const struct sel *inherited,
			int depth)
{
	while (ps->t.type != T_EOF && ps->t.type != T_RBRACE) {
		if (ps->t.type == T_SEMI || ps->t.type == T_ERROR) {
			next(ps);
		} else if (ps->t.type == T_NAME && kind_of(ps->t.text) >= 0) {
			parse_rule(ps, inherited, depth);
		} else if (is_kw(ps, "match")) {
			parse_match(ps, inherited, depth);
		} else if (depth == 0 && is_kw(ps, "use")) {
			parse_use(ps);
		} else if (depth == 0 && is_kw(ps, "include")) {
			parse_include(ps);
		} else if (depth == 0 && is_kw(ps, "default")) {
			parse_default(ps);
		} else if (depth == 0 && is_kw(ps, "bind")) {
			parse_bind(ps);
		} else if (ps->t.type == T_NAME && unsupported(ps->t.text)) {
			diag(ps, "%s", unsupported(ps->t.text));
			recover(ps);
		} else {
			diag(ps, "expected a rule (request, response, error, execute, security, connect, register), match%s",
			     depth ? "" : ", use, include, default or bind");
			recover(ps);
		}
	}
}

static int compile_text(struct cc *cc, const char *path, const char *text,
			size_t len)
{
	struct pstate *ps = xcalloc(1, sizeof(*ps));
	struct sel none = { 0 };
	char *copy;

	ps->cc = cc;
	/* keep the name alive for messages of later files */
	cc->files = xrealloc(cc->files, (cc->n_files + 1) * sizeof(*cc->files));
	cc->files[cc->n_files++] = xstrdup(path);
	copy = xstrdup(path);
	snprintf(ps->dir, sizeof(ps->dir), "%s", dirname(copy));
	free(copy);
	cc->depth++;
	lex_init(&ps->lx, cc->files[cc->n_files - 1], text, len);
	next(ps);
	parse_block(ps, &none, 0);
	if (ps->t.type == T_RBRACE)
		diag(ps, "'}' without a matching '{'");
	cc->depth--;
	free(ps);
	return 0;
}

int policy_compile(const char *path, const char *text, size_t len,
		   const struct compile_opts *opts, struct cpolicy *out,
		   struct diag *d)
{
	static const struct compile_opts no_opts;
	struct cc cc = { .d = d, .opts = opts ? opts : &no_opts, .out = out };
	char *owned = NULL;

	memset(out, 0, sizeof(*out));
	out->default_decision = NKIPC_DECISION_DENY;
	if (!text) {
		owned = read_file(path, &len);
		if (!owned) {
			if (d->out)
				fprintf(d->out, "%s: cannot read: %s\n", path,
					strerror(errno));
			d->errors++;
			return -1;
		}
		text = owned;
	}
	cc.db = edl_db_new();
	compile_text(&cc, path, text, len);
	edl_db_free(cc.db);
	for (size_t i = 0; i < cc.n_files; i++)
		free(cc.files[i]);
	free(cc.files);
	for (size_t i = 0; i < cc.n_modules; i++)
		free(cc.modules[i]);
	free(cc.modules);
	free(owned);
	return d->errors ? -1 : 0;
}
