// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * resolve.c - finds, reads and loads packages.  A name a.b.C is looked up
 * as a/b/C.idl (.cdl, .edl) under every -I directory, then under the root
 * of the importing file (its directory minus the package's namespace), and
 * if the name is unqualified also as ns.C with the importer's namespace.
 * A package is loaded once; a package met again while still loading is a
 * cycle (an import cycle, or a component containing itself).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nkc.h"

const char *unit_ext(enum unit_kind kind)
{
	return kind == UK_IDL ? "idl" : kind == UK_CDL ? "cdl" : "edl";
}

static const char *kind_word(enum unit_kind kind)
{
	return kind == UK_IDL ? "package" : kind == UK_CDL ? "component" : "entity";
}

static struct srcfile *read_source(struct nkc_ctx *ctx, const char *path)
{
	struct srcfile *f = xalloc(sizeof(*f));

	f->path = xstrdup(path);
	if (ctx->mem_paths) {
		for (int i = 0; i < ctx->nmem; i++) {
			if (!strcmp(path, ctx->mem_paths[i])) {
				f->text = xstrndup(ctx->mem_texts[i], ctx->mem_lens[i]);
				f->len = ctx->mem_lens[i];
				return f;
			}
		}
		errno = ENOENT;
		return NULL;
	}
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return NULL;
	char *data = NULL;
	size_t len = 0, cap = 0, n;
	bool err = false;

	for (;;) {
		if (cap - len < 8192) {
			cap = cap ? cap * 2 : 16384;
			char *d = realloc(data, cap);

			if (!d || cap > (64u << 20)) {
				free(d ? d : data);
				fclose(fp);
				errno = d ? EFBIG : ENOMEM;
				return NULL;
			}
			data = d;
		}
		n = fread(data + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	err = ferror(fp);
	fclose(fp);
	if (err) {
		free(data);
		errno = EIO;
		return NULL;
	}
	f->text = xstrndup(data, len);
	f->len = len;
	free(data);
	return f;
}

static bool file_exists(struct nkc_ctx *ctx, const char *path)
{
	struct stat st;

	if (ctx->mem_paths) {
		for (int i = 0; i < ctx->nmem; i++) {
			if (!strcmp(path, ctx->mem_paths[i]))
				return true;
		}
		return false;
	}
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static struct unit *find_loaded(struct nkc_ctx *ctx, const char *pkg, enum unit_kind kind)
{
	for (int i = 0; i < ctx->units.n; i++) {
		struct unit *u = ctx->units.v[i];

		if (u->kind == kind && !strcmp(u->pkg, pkg))
			return u;
	}
	return NULL;
}

/* The directory that package paths of @u are relative to. */
static const char *root_of(const struct unit *u)
{
	char *dir = xstrdup(u->file->path);
	char *slash = strrchr(dir, '/');

	if (!slash)
		return ".";
	*slash = 0;
	/* strip one directory per namespace component, if they match */
	const char *pkg = u->pkg;
	int depth = 0;

	for (const char *p = pkg; *p; p++)
		depth += *p == '.';
	char *ns = xstrdup(pkg);

	for (int i = depth; i > 0; i--) {
		char *last = strrchr(ns, '.');

		*last = 0;
		const char *comp = strrchr(ns, '.') ? strrchr(ns, '.') + 1 : ns;
		char *s = strrchr(dir, '/');
		const char *dcomp = s ? s + 1 : dir;

		if (strcmp(comp, dcomp))
			break;
		if (s) {
			*s = 0;
		} else {
			return ".";
		}
	}
	return dir;
}

static const char *pkg_to_path(const char *dir, const char *pkg, enum unit_kind kind)
{
	char *rel = xstrdup(pkg);

	for (char *p = rel; *p; p++) {
		if (*p == '.')
			*p = '/';
	}
	if (!strcmp(dir, "."))
		return xprintf("%s.%s", rel, unit_ext(kind));
	return xprintf("%s/%s.%s", dir, rel, unit_ext(kind));
}

static struct unit *load_parsed(struct nkc_ctx *ctx, struct unit *u);

static struct unit *parse_path(struct nkc_ctx *ctx, const char *path, enum unit_kind kind,
			       struct loc from)
{
	struct srcfile *f = read_source(ctx, path);

	if (!f) {
		if (from.file)
			diag_error(from, "cannot read '%s': %s", path, strerror(errno));
		else
			diag_error_noloc("cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	vec_push(&ctx->deps, (void *)f->path);
	return parse_unit(f, kind);
}

struct unit *load_file(struct nkc_ctx *ctx, const char *path)
{
	const char *dot = strrchr(path, '.');
	enum unit_kind kind;

	if (dot && !strcmp(dot, ".idl")) {
		kind = UK_IDL;
	} else if (dot && !strcmp(dot, ".cdl")) {
		kind = UK_CDL;
	} else if (dot && !strcmp(dot, ".edl")) {
		kind = UK_EDL;
	} else {
		diag_error_noloc("'%s': unknown file type (expected .idl, .cdl or .edl)", path);
		return NULL;
	}
	struct unit *u = parse_path(ctx, path, kind, (struct loc){ 0 });

	if (!u)
		return NULL;
	struct unit *old = find_loaded(ctx, u->pkg, kind);

	if (old)
		return old->state == 2 ? old : NULL;
	return load_parsed(ctx, u);
}

struct unit *load_package(struct nkc_ctx *ctx, const char *name, enum unit_kind kind,
			  struct loc from, const struct unit *importer)
{
	const char *cands[2] = { name, NULL };
	const char *dot = strrchr(importer->pkg, '.');

	if (!strchr(name, '.') && dot)
		cands[1] = xprintf("%.*s.%s", (int)(dot - importer->pkg), importer->pkg, name);

	for (int c = 0; c < 2 && cands[c]; c++) {
		/* a cycle: the package is still loading further up */
		for (int i = 0; i < ctx->loading.n; i++) {
			struct unit *l = ctx->loading.v[i];

			if (l->kind == kind && !strcmp(l->pkg, cands[c])) {
				if (kind == UK_IDL)
					diag_error(from, "cyclic import: '%s' imports itself "
						   "(through '%s')", cands[c], importer->pkg);
				else
					diag_error(from, "recursion in components: '%s' contains "
						   "itself (through '%s')", cands[c], importer->pkg);
				return NULL;
			}
		}
		struct unit *u = find_loaded(ctx, cands[c], kind);

		if (u)
			return u->state == 2 ? u : NULL;
	}
	for (int c = 0; c < 2 && cands[c]; c++) {
		const char *root = root_of(importer);

		for (int i = 0; i <= ctx->nincdirs; i++) {
			const char *dir = i < ctx->nincdirs ? ctx->incdirs[i] : root;
			const char *path = pkg_to_path(dir, cands[c], kind);

			if (!file_exists(ctx, path))
				continue;
			struct unit *u = parse_path(ctx, path, kind, from);

			if (!u)
				return NULL;
			if (strcmp(u->pkg, cands[c])) {
				diag_error(u->loc, "%s '%s' found where '%s' was expected",
					   kind_word(kind), u->pkg, cands[c]);
				return NULL;
			}
			return load_parsed(ctx, u);
		}
	}
	diag_error(from, "unknown %s '%s' (no %s in the include path)", kind_word(kind),
		   name, pkg_to_path(".", name, kind));
	return NULL;
}

static struct unit *load_parsed(struct nkc_ctx *ctx, struct unit *u)
{
	int ok = 1;

	u->state = 1;
	vec_push(&ctx->loading, u);
	if (u->kind == UK_IDL) {
		u->imports = xalloc(sizeof(*u->imports) * (size_t)(u->nimports + 1));
		for (int i = 0; i < u->nimports && ok; i++) {
			u->imports[i] = load_package(ctx, u->import_names[i], UK_IDL,
						     u->import_locs[i], u);
			ok = u->imports[i] != NULL;
		}
	} else {
		for (int i = 0; i < u->neps && ok; i++) {
			struct endpoint *ep = u->eps[i];

			ep->iface = load_package(ctx, ep->iface_name, UK_IDL, ep->loc, u);
			ok = ep->iface != NULL;
			if (ok && !ep->iface->iface) {
				diag_error(ep->loc, "package '%s' declares no interface",
					   ep->iface->pkg);
				ok = 0;
			}
		}
		for (int i = 0; i < u->ninsts && ok; i++) {
			struct instance *in = u->insts[i];

			in->comp = load_package(ctx, in->comp_name, UK_CDL, in->loc, u);
			ok = in->comp != NULL;
		}
	}
	ctx->loading.n--;
	if (ok && sema_unit(u) == 0 && layout_unit(u) == 0) {
		u->state = 2;
		vec_push(&ctx->units, u);
		return u;
	}
	u->state = 3;
	vec_push(&ctx->units, u);
	return NULL;
}
