// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * psl.c - the `execute` rules of a KOS security.psl, for nkinit.
 *
 * On KOS the kernel asks the security module before it starts a process:
 * `execute src=Einit dst=pkg.Entity { grant () }`.  The nkipc module has
 * no exec hook: a class is given to a process only by the launcher grant
 * (NKIPC_IOC_LAUNCH_CLASS) of a CAP_MAC_ADMIN launcher, and nkinit is that
 * launcher, so nkinit judges the execute rules itself, before it forks
 * each entity.  Only the execute rules are read here (the rest of the
 * file is nkpolicy's, which loads it into the kernel):
 *
 *   execute: kl.core.Execute          the interface declaration (noted)
 *   use NAME._                         NAME.psl (dots: directories) next
 *                                      to the file or in -I DIRs; nk.* and
 *                                      kl.* modules of the SDK are skipped
 *   execute [src=C] [dst=C] { grant () }   or { deny () }
 *   match [src=C] [dst=C] { ... execute ... }
 *
 * Anything else in an execute rule (other selectors, security model
 * calls, assert) is an error with file:line: never silently ignored.
 * Decision: a matching deny wins; else a matching grant allows; no match
 * denies (KOS: a process no rule allows is not started).  A policy with
 * neither `execute:` nor any execute rule (an nkpolicy policy written for
 * Linux) does not control starting: everything is allowed.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nkinit.h"

#define PSL_MAX_FILES	64
#define PSL_MAX_DEPTH	16

enum tk { T_EOF, T_ID, T_STR, T_PUNCT };

struct lex {
	const char *file;
	const char *s;
	size_t pos, len;
	int line;
	enum tk t;
	char tok[256];
	int tline;
};

struct pctx {
	struct nki_psl *psl;
	struct nki_diag *d;
	const char *const *incdirs;
	size_t n_inc;
	char *seen[PSL_MAX_FILES];
	size_t n_seen;
};

static void next(struct lex *l)
{
	size_t n = 0;

	for (;;) {
		while (l->pos < l->len && isspace((unsigned char)l->s[l->pos])) {
			if (l->s[l->pos] == '\n')
				l->line++;
			l->pos++;
		}
		if (l->pos + 1 < l->len && l->s[l->pos] == '/' && l->s[l->pos + 1] == '/') {
			while (l->pos < l->len && l->s[l->pos] != '\n')
				l->pos++;
			continue;
		}
		if (l->pos + 1 < l->len && l->s[l->pos] == '/' && l->s[l->pos + 1] == '*') {
			l->pos += 2;
			while (l->pos + 1 < l->len &&
			       !(l->s[l->pos] == '*' && l->s[l->pos + 1] == '/')) {
				if (l->s[l->pos] == '\n')
					l->line++;
				l->pos++;
			}
			l->pos = l->pos + 2 < l->len ? l->pos + 2 : l->len;
			continue;
		}
		break;
	}
	l->tline = l->line;
	if (l->pos >= l->len) {
		l->t = T_EOF;
		l->tok[0] = '\0';
		return;
	}
	if (isalnum((unsigned char)l->s[l->pos]) || l->s[l->pos] == '_') {
		while (l->pos < l->len && (isalnum((unsigned char)l->s[l->pos]) ||
		       l->s[l->pos] == '_' || l->s[l->pos] == '.')) {
			if (n + 1 < sizeof(l->tok))
				l->tok[n++] = l->s[l->pos];
			l->pos++;
		}
		l->tok[n] = '\0';
		l->t = T_ID;
		return;
	}
	if (l->s[l->pos] == '"') {
		l->pos++;
		while (l->pos < l->len && l->s[l->pos] != '"' && l->s[l->pos] != '\n') {
			if (n + 1 < sizeof(l->tok))
				l->tok[n++] = l->s[l->pos];
			l->pos++;
		}
		if (l->pos < l->len && l->s[l->pos] == '"')
			l->pos++;
		l->tok[n] = '\0';
		l->t = T_STR;
		return;
	}
	l->tok[0] = l->s[l->pos++];
	l->tok[1] = '\0';
	l->t = T_PUNCT;
}

static int is(const struct lex *l, const char *p)
{
	return l->t != T_EOF && l->t != T_STR && !strcmp(l->tok, p);
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		perror("nkinit");
		exit(2);
	}
	return p;
}

static int load_file(struct pctx *c, const char *file, int depth);

/* Skip a balanced { ... } block; the current token is '{'. */
static int skip_block(struct lex *l, struct pctx *c)
{
	int depth = 0, line = l->tline;

	do {
		if (is(l, "{"))
			depth++;
		else if (is(l, "}"))
			depth--;
		if (l->t == T_EOF) {
			nki_error(c->d, l->file, line, "unterminated '{'");
			return -1;
		}
		next(l);
	} while (depth);
	return 0;
}

/* src=X dst=Y [,] ... up to '{'.  Returns -1 on error. */
static int selectors(struct lex *l, struct pctx *c, const char *what,
		     char **src, char **dst, int *narrow)
{
	while (!is(l, "{")) {
		char key[16];
		char **slot;

		if (is(l, ",")) {
			next(l);
			continue;
		}
		if (narrow && l->t == T_ID && strcmp(l->tok, "src") && strcmp(l->tok, "dst")) {
			/* match endpoint=... method=...: not about execute */
			*narrow = 1;
			next(l);
			if (is(l, "="))
				next(l);
			if (l->t == T_ID || l->t == T_STR)
				next(l);
			continue;
		}
		if (l->t != T_ID || (strcmp(l->tok, "src") && strcmp(l->tok, "dst"))) {
			nki_error(c->d, l->file, l->tline,
				  "%s: unsupported selector '%s' (nkinit reads src= and dst= of execute rules)",
				  what, l->t == T_EOF ? "end of file" : l->tok);
			return -1;
		}
		snprintf(key, sizeof(key), "%s", strcmp(l->tok, "src") ? "dst" : "src");
		slot = strcmp(key, "src") ? dst : src;
		next(l);
		if (!is(l, "=")) {
			nki_error(c->d, l->file, l->tline, "%s: expected '=' after %s", what, key);
			return -1;
		}
		next(l);
		if (l->t != T_ID) {
			nki_error(c->d, l->file, l->tline, "%s: expected an entity class after %s=", what, key);
			return -1;
		}
		free(*slot);
		*slot = xstrdup(l->tok);
		next(l);
	}
	return 0;
}

static int exec_rule(struct lex *l, struct pctx *c, const char *msrc,
		     const char *mdst, int narrow)
{
	struct nki_exec_rule r = { 0 };
	int line = l->tline, decided = 0;
	struct nki_exec_rule *v;

	if (narrow) {
		nki_error(c->d, l->file, line,
			  "execute rule inside a match section that selects more than src/dst");
		return -1;
	}
	r.src = msrc ? xstrdup(msrc) : NULL;
	r.dst = mdst ? xstrdup(mdst) : NULL;
	if (selectors(l, c, "execute", &r.src, &r.dst, NULL))
		goto bad;
	next(l);	/* '{' */
	while (!is(l, "}")) {
		int grant;

		if (l->t != T_ID || (strcmp(l->tok, "grant") && strcmp(l->tok, "deny"))) {
			nki_error(c->d, l->file, l->tline,
				  "execute rule: '%s' is not supported here (only grant () or deny ())",
				  l->t == T_EOF ? "end of file" : l->tok);
			goto bad;
		}
		grant = !strcmp(l->tok, "grant");
		next(l);
		if (!is(l, "(")) {
			nki_error(c->d, l->file, l->tline, "execute rule: expected '(' after %s",
				  grant ? "grant" : "deny");
			goto bad;
		}
		next(l);
		if (!is(l, ")")) {
			nki_error(c->d, l->file, l->tline,
				  "execute rule: %s takes no arguments here", grant ? "grant" : "deny");
			goto bad;
		}
		next(l);
		if (decided && grant != r.grant) {
			nki_error(c->d, l->file, l->tline, "execute rule both grants and denies");
			goto bad;
		}
		decided = 1;
		r.grant = grant;
	}
	next(l);
	if (!decided) {
		nki_error(c->d, l->file, line, "execute rule: empty body (grant () or deny ())");
		goto bad;
	}
	r.file = xstrdup(l->file);
	r.line = line;
	v = realloc(c->psl->rules, (c->psl->n_rules + 1) * sizeof(*v));
	if (!v) {
		perror("nkinit");
		exit(2);
	}
	c->psl->rules = v;
	v[c->psl->n_rules++] = r;
	return 0;
bad:
	free(r.src);
	free(r.dst);
	return -1;
}

static char *find_module(struct pctx *c, const char *from, const char *mod)
{
	char rel[PATH_MAX], path[PATH_MAX];
	const char *slash = strrchr(from, '/');
	size_t i;

	snprintf(rel, sizeof(rel), "%s", mod);
	for (i = 0; rel[i]; i++)
		if (rel[i] == '.')
			rel[i] = '/';
	if (strlen(rel) + 5 >= sizeof(rel))
		return NULL;
	strcat(rel, ".psl");
	snprintf(path, sizeof(path), "%.*s%s", slash ? (int)(slash - from + 1) : 0,
		 from, rel);
	if (!access(path, R_OK))
		return xstrdup(path);
	for (i = 0; i < c->n_inc; i++) {
		snprintf(path, sizeof(path), "%s/%s", c->incdirs[i], rel);
		if (!access(path, R_OK))
			return xstrdup(path);
	}
	return NULL;
}

static int block(struct lex *l, struct pctx *c, const char *msrc,
		 const char *mdst, int narrow, int nested, int depth)
{
	int err = 0, after_eq = 0;

	while (l->t != T_EOF && !(nested && is(l, "}"))) {
		if (after_eq) {		/* a value: method=execute */
			after_eq = 0;
			next(l);
		} else if (is(l, "execute")) {
			next(l);
			if (is(l, ":")) {	/* execute: kl.core.Execute */
				next(l);
				c->psl->has_execute_decl = 1;
				if (l->t == T_ID)
					next(l);
				continue;
			}
			if (exec_rule(l, c, msrc, mdst, narrow))
				return -1;
		} else if (is(l, "use") && !nested) {
			next(l);
			if (l->t == T_ID && strlen(l->tok) > 2 &&
			    !strcmp(l->tok + strlen(l->tok) - 2, "._")) {
				char mod[256];
				char *path;
				int line = l->tline;

				snprintf(mod, sizeof(mod), "%.*s", (int)strlen(l->tok) - 2, l->tok);
				next(l);
				path = find_module(c, l->file, mod);
				if (path) {
					err |= load_file(c, path, depth + 1);
					free(path);
				} else if (strncmp(mod, "nk.", 3) && strncmp(mod, "kl.", 3) &&
					   strcmp(mod, "nk") && strcmp(mod, "kl")) {
					nki_error(c->d, l->file, line,
						  "use %s._: no %s.psl (dots as '/') next to this file or in -I", mod, mod);
					err = -1;
				}
			}
		} else if (is(l, "match")) {
			char *src = msrc ? xstrdup(msrc) : NULL;
			char *dst = mdst ? xstrdup(mdst) : NULL;
			int r, narrower = narrow;

			next(l);
			/* a match may select on more than src/dst (endpoint=...):
			 * an execute rule inside it is an error */
			if (selectors(l, c, "match", &src, &dst, &narrower)) {
				free(src);
				free(dst);
				return -1;
			}
			next(l);
			r = block(l, c, src, dst, narrower, 1, depth);
			free(src);
			free(dst);
			if (r)
				return -1;
			next(l);	/* '}' */
		} else if (is(l, "{")) {
			if (skip_block(l, c))
				return -1;
		} else {
			after_eq = is(l, "=");
			next(l);
		}
	}
	if (nested && l->t == T_EOF) {
		nki_error(c->d, l->file, l->tline, "unterminated match section");
		return -1;
	}
	return err;
}

static int load_file(struct pctx *c, const char *file, int depth)
{
	struct lex l = { 0 };
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	size_t i;
	int ret;

	for (i = 0; i < c->n_seen; i++)
		if (!strcmp(c->seen[i], file))
			return 0;
	if (depth > PSL_MAX_DEPTH || c->n_seen >= PSL_MAX_FILES) {
		nki_error(c->d, file, 0, "too many nested use statements");
		return -1;
	}
	c->seen[c->n_seen++] = xstrdup(file);
	f = fopen(file, "re");
	if (!f) {
		nki_error(c->d, file, 0, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		size_t r;

		if (len == cap) {
			cap = cap ? cap * 2 : 8192;
			text = realloc(text, cap);
			if (!text || cap > (64u << 20)) {
				fclose(f);
				free(text);
				nki_error(c->d, file, 0, "too large");
				return -1;
			}
		}
		r = fread(text + len, 1, cap - len, f);
		if (!r)
			break;
		len += r;
	}
	fclose(f);
	l.file = c->seen[c->n_seen - 1];
	l.s = text;
	l.len = len;
	l.line = 1;
	next(&l);
	ret = block(&l, c, NULL, NULL, 0, 0, depth);
	free(text);
	return ret;
}

int nki_psl_load(const char *file, const char *const *incdirs, size_t n_inc,
		 struct nki_psl *psl, struct nki_diag *d)
{
	struct pctx c = { psl, d, incdirs, n_inc, { 0 }, 0 };
	size_t i;
	int ret;

	memset(psl, 0, sizeof(*psl));
	ret = load_file(&c, file, 0);
	/* rules keep their file names: strdup'ed separately */
	for (i = 0; i < c.n_seen; i++)
		free(c.seen[i]);
	return ret;
}

int nki_psl_execute(const struct nki_psl *psl, const char *src,
		    const char *dst, const struct nki_exec_rule **why)
{
	const struct nki_exec_rule *grant = NULL;
	size_t i;

	*why = NULL;
	/* no `execute:` and no execute rule: the policy does not control it */
	if (!psl->has_execute_decl && !psl->n_rules)
		return 1;
	for (i = 0; i < psl->n_rules; i++) {
		const struct nki_exec_rule *r = &psl->rules[i];

		if ((r->src && strcmp(r->src, src)) || (r->dst && strcmp(r->dst, dst)))
			continue;
		if (!r->grant) {
			*why = r;
			return 0;
		}
		if (!grant)
			grant = r;
	}
	*why = grant;
	return grant != NULL;
}

void nki_psl_free(struct nki_psl *psl)
{
	size_t i;

	for (i = 0; i < psl->n_rules; i++) {
		free(psl->rules[i].src);
		free(psl->rules[i].dst);
		free(psl->rules[i].file);
	}
	free(psl->rules);
	memset(psl, 0, sizeof(*psl));
}
