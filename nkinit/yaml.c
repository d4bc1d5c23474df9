// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * yaml.c - reads a KOS init.yaml (or the init.yaml.in the SDK expands)
 * with libyaml's document API; every error names file:line.
 *
 *   entities:
 *   - name: pkg.Class          entity class (required)
 *     task: pkg.Instance       instance name (default: name)
 *     path: Program            executable (default: last part of name)
 *     args: [ ... ]            argv[1..]
 *     env: { KEY: value }
 *     connections:
 *     - target: pkg.Instance   task that serves the channel
 *       id: channel_name       what ServiceLocatorConnect/Register use
 *     restart: no | on-failure | always     (nkinit addition)
 *   @INIT_EXTERNAL_ENTITIES@
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "nkinit.h"

void nki_error(struct nki_diag *d, const char *file, int line,
	       const char *fmt, ...)
{
	va_list ap;

	d->errors++;
	if (!d->out)
		return;
	if (line > 0)
		fprintf(d->out, "%s:%d: error: ", file, line);
	else
		fprintf(d->out, "%s: error: ", file);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

/*
 * Blank out the SDK placeholders (same length, so lines and columns stay);
 * report any other @NAME@.  A placeholder is @ + [A-Z][A-Za-z0-9_]* + an
 * optional '+' + @.
 */
static int is_known_placeholder(const char *name, size_t len)
{
	static const char pre[] = "INIT_", conn[] = "_ENTITY_CONNECTIONS";
	size_t cl = sizeof(conn) - 1;

	if (len == 22 && !memcmp(name, "INIT_EXTERNAL_ENTITIES", 22))
		return 1;
	if (len && name[len - 1] == '+')
		len--;
	return len > 5 + cl && !memcmp(name, pre, 5) &&
	       !memcmp(name + len - cl, conn, cl);
}

static int preprocess(const char *file, char *text, size_t len,
		      struct nki_diag *d)
{
	unsigned int errors = 0;
	int line = 1;
	size_t i, j;

	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			line++;
		if (text[i] != '@' || i + 1 >= len || !isupper((unsigned char)text[i + 1]))
			continue;
		for (j = i + 1; j < len && (isalnum((unsigned char)text[j]) ||
			text[j] == '_'); j++)
			;
		if (j < len && text[j] == '+')
			j++;
		if (j >= len || text[j] != '@')
			continue;
		if (!is_known_placeholder(text + i + 1, j - i - 1)) {
			nki_error(d, file, line, "unknown placeholder %.*s (only @INIT_<program>_ENTITY_CONNECTIONS[+]@ and @INIT_EXTERNAL_ENTITIES@ are expanded)",
				  (int)(j - i + 1), text + i);
			errors++;
		}
		memset(text + i, ' ', j - i + 1);
		i = j;
	}
	return errors;
}

struct ctx {
	const char *file;
	yaml_document_t *doc;
	struct nki_diag *d;
};

static int line_of(const yaml_node_t *n)
{
	return (int)n->start_mark.line + 1;
}

static const char *scalar(struct ctx *c, yaml_node_t *n, const char *what)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		nki_error(c->d, c->file, n ? line_of(n) : 0, "%s must be a string", what);
		return NULL;
	}
	if (!n->data.scalar.length || strlen((char *)n->data.scalar.value) != n->data.scalar.length) {
		nki_error(c->d, c->file, line_of(n), "%s must be a non-empty string without NUL", what);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static char **scalar_list(struct ctx *c, yaml_node_t *n, const char *what,
			  size_t *count)
{
	yaml_node_item_t *it;
	char **v;
	size_t k = 0;

	*count = 0;
	if (n->type != YAML_SEQUENCE_NODE) {
		nki_error(c->d, c->file, line_of(n), "%s must be a list", what);
		return NULL;
	}
	v = xcalloc(n->data.sequence.items.top - n->data.sequence.items.start + 1,
		    sizeof(*v));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *it);

		/* an argument may be empty: "" */
		if (!e || e->type != YAML_SCALAR_NODE ||
		    strlen((char *)e->data.scalar.value) != e->data.scalar.length) {
			nki_error(c->d, c->file, e ? line_of(e) : line_of(n),
				  "%s: every item must be a string", what);
			continue;
		}
		v[k++] = xstrdup((char *)e->data.scalar.value);
	}
	*count = k;
	return v;
}

static char **env_map(struct ctx *c, yaml_node_t *n, size_t *count)
{
	yaml_node_pair_t *p;
	char **v;
	size_t k = 0;

	*count = 0;
	if (n->type != YAML_MAPPING_NODE) {
		nki_error(c->d, c->file, line_of(n), "env must be a mapping of NAME: value");
		return NULL;
	}
	v = xcalloc(n->data.mapping.pairs.top - n->data.mapping.pairs.start + 1,
		    sizeof(*v));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(c->doc, p->value);
		const char *k1 = scalar(c, key, "an env name");
		const char *v1;
		size_t len;

		if (!k1)
			continue;
		if (strchr(k1, '=')) {
			nki_error(c->d, c->file, line_of(key), "env name '%s' contains '='", k1);
			continue;
		}
		if (!val || val->type != YAML_SCALAR_NODE ||
		    strlen((char *)val->data.scalar.value) != val->data.scalar.length) {
			nki_error(c->d, c->file, line_of(key), "env %s: the value must be a string", k1);
			continue;
		}
		v1 = (const char *)val->data.scalar.value;
		len = strlen(k1) + strlen(v1) + 2;
		v[k] = xcalloc(len, 1);
		snprintf(v[k], len, "%s=%s", k1, v1);
		k++;
	}
	*count = k;
	return v;
}

static void parse_conns(struct ctx *c, yaml_node_t *n, struct nki_entity *e)
{
	yaml_node_item_t *it;

	if (n->type != YAML_SEQUENCE_NODE) {
		nki_error(c->d, c->file, line_of(n), "connections must be a list");
		return;
	}
	e->conns = xcalloc(n->data.sequence.items.top - n->data.sequence.items.start,
			   sizeof(*e->conns));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *m = yaml_document_get_node(c->doc, *it);
		struct nki_conn *cn = &e->conns[e->n_conns];
		yaml_node_pair_t *p;

		if (!m || m->type != YAML_MAPPING_NODE) {
			nki_error(c->d, c->file, m ? line_of(m) : line_of(n),
				  "a connection must be a mapping with target and id");
			continue;
		}
		cn->line = line_of(m);
		for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
			yaml_node_t *key = yaml_document_get_node(c->doc, p->key);
			yaml_node_t *val = yaml_document_get_node(c->doc, p->value);
			const char *k = scalar(c, key, "a key");
			const char *v;

			if (!k)
				continue;
			if (strcmp(k, "target") && strcmp(k, "id")) {
				nki_error(c->d, c->file, line_of(key),
					  "unknown key '%s' in a connection (target, id)", k);
				continue;
			}
			v = scalar(c, val, k);
			if (!v)
				continue;
			if (!strcmp(k, "target")) {
				if (cn->target)
					nki_error(c->d, c->file, line_of(key), "target given twice");
				else
					cn->target = xstrdup(v);
			} else {
				if (cn->id)
					nki_error(c->d, c->file, line_of(key), "id given twice");
				else
					cn->id = xstrdup(v);
			}
		}
		if (!cn->target || !cn->id) {
			nki_error(c->d, c->file, cn->line, "a connection needs target and id");
			free(cn->target);
			free(cn->id);
			memset(cn, 0, sizeof(*cn));
			continue;
		}
		e->n_conns++;
	}
}

static void set_once(struct ctx *c, yaml_node_t *key, char **dst,
		     yaml_node_t *val, const char *what)
{
	const char *v = scalar(c, val, what);

	if (!v)
		return;
	if (*dst) {
		nki_error(c->d, c->file, line_of(key), "%s given twice", what);
		return;
	}
	*dst = xstrdup(v);
}

static void parse_entity(struct ctx *c, yaml_node_t *m, struct nki_entity *e)
{
	yaml_node_pair_t *p;
	int have_args = 0, have_env = 0, have_conns = 0, have_restart = 0;

	e->line = line_of(m);
	e->out_fd = -1;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(c->doc, p->value);
		const char *k = scalar(c, key, "a key");

		if (!k || !val)
			continue;
		if (!strcmp(k, "name")) {
			set_once(c, key, &e->name, val, "name");
		} else if (!strcmp(k, "task")) {
			set_once(c, key, &e->task, val, "task");
		} else if (!strcmp(k, "path")) {
			set_once(c, key, &e->path, val, "path");
		} else if (!strcmp(k, "args")) {
			if (have_args++)
				nki_error(c->d, c->file, line_of(key), "args given twice");
			else
				e->args = scalar_list(c, val, "args", &e->n_args);
		} else if (!strcmp(k, "env")) {
			if (have_env++)
				nki_error(c->d, c->file, line_of(key), "env given twice");
			else
				e->env = env_map(c, val, &e->n_env);
		} else if (!strcmp(k, "connections")) {
			/* an empty "connections:" (placeholder expanded to nothing) */
			if (have_conns++)
				nki_error(c->d, c->file, line_of(key), "connections given twice");
			else if (!(val->type == YAML_SCALAR_NODE && !val->data.scalar.length))
				parse_conns(c, val, e);
		} else if (!strcmp(k, "restart")) {
			const char *v = scalar(c, val, "restart");

			if (have_restart++)
				nki_error(c->d, c->file, line_of(key), "restart given twice");
			else if (!v)
				;
			else if (!strcmp(v, "no"))
				e->restart = NKI_RESTART_NO;
			else if (!strcmp(v, "on-failure"))
				e->restart = NKI_RESTART_ON_FAILURE;
			else if (!strcmp(v, "always"))
				e->restart = NKI_RESTART_ALWAYS;
			else
				nki_error(c->d, c->file, line_of(val),
					  "restart must be no, on-failure or always, not '%s'", v);
		} else {
			nki_error(c->d, c->file, line_of(key),
				  "unknown key '%s' (name, task, path, args, env, connections, restart)", k);
		}
	}
	if (!e->name)
		nki_error(c->d, c->file, e->line, "an entity needs a name (its class)");
}

static const char *yaml_err(const yaml_parser_t *p)
{
	return p->problem ? p->problem : "malformed YAML";
}

int nki_parse(const char *file, const char *text, size_t len,
	      struct nki_solution *sol, struct nki_diag *d)
{
	unsigned int before = d->errors;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *ents = NULL;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	struct ctx c = { file, &doc, d };
	char *buf;

	memset(sol, 0, sizeof(*sol));
	sol->file = xstrdup(file);
	if (memchr(text, '\0', len)) {
		nki_error(d, file, 0, "contains a NUL byte");
		return d->errors - before;
	}
	buf = xcalloc(len + 1, 1);
	memcpy(buf, text, len);
	preprocess(file, buf, len, d);

	if (!yaml_parser_initialize(&parser)) {
		free(buf);
		nki_error(d, file, 0, "out of memory");
		return d->errors - before;
	}
	yaml_parser_set_input_string(&parser, (unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		nki_error(d, file, (int)parser.problem_mark.line + 1, "%s%s%s",
			  yaml_err(&parser), parser.context ? " " : "",
			  parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		free(buf);
		return d->errors - before;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		nki_error(d, file, 0, "empty file: expected \"entities:\"");
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		nki_error(d, file, line_of(root), "expected a mapping with \"entities:\"");
		goto out;
	}
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(&doc, p->key);
		const char *k = scalar(&c, key, "a key");

		if (!k)
			continue;
		if (strcmp(k, "entities")) {
			nki_error(d, file, line_of(key), "unknown key '%s' (expected \"entities:\")", k);
			continue;
		}
		if (ents)
			nki_error(d, file, line_of(key), "entities given twice");
		else
			ents = yaml_document_get_node(&doc, p->value);
	}
	if (!ents) {
		if (!d->errors)
			nki_error(d, file, line_of(root), "no \"entities:\"");
		goto out;
	}
	if (ents->type == YAML_SCALAR_NODE && !ents->data.scalar.length)
		goto out;	/* "entities:" with nothing: an empty solution */
	if (ents->type != YAML_SEQUENCE_NODE) {
		nki_error(d, file, line_of(ents), "entities must be a list");
		goto out;
	}
	sol->ents = xcalloc(ents->data.sequence.items.top - ents->data.sequence.items.start,
			    sizeof(*sol->ents));
	for (it = ents->data.sequence.items.start; it < ents->data.sequence.items.top; it++) {
		yaml_node_t *m = yaml_document_get_node(&doc, *it);

		if (!m || m->type != YAML_MAPPING_NODE) {
			nki_error(d, file, m ? line_of(m) : line_of(ents),
				  "an entity must be a mapping (name:, task:, ...)");
			continue;
		}
		parse_entity(&c, m, &sol->ents[sol->n_ents++]);
	}
out:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	free(buf);
	return d->errors - before;
}

int nki_parse_file(const char *file, struct nki_solution *sol,
		   struct nki_diag *d)
{
	size_t len = 0, cap = 65536;
	char *text;
	ssize_t r;
	int fd, ret;

	memset(sol, 0, sizeof(*sol));
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		nki_error(d, file, 0, "%s", strerror(errno));
		sol->file = xstrdup(file);
		return 1;
	}
	text = xcalloc(cap, 1);
	while ((r = read(fd, text + len, cap - len)) > 0) {
		len += r;
		if (len == cap) {
			if (cap >= (16u << 20)) {
				close(fd);
				free(text);
				sol->file = xstrdup(file);
				nki_error(d, file, 0, "larger than 16 MiB");
				return 1;
			}
			cap *= 2;
			text = xrealloc(text, cap);
		}
	}
	close(fd);
	if (r < 0) {
		free(text);
		sol->file = xstrdup(file);
		nki_error(d, file, 0, "%s", strerror(errno));
		return 1;
	}
	ret = nki_parse(file, text, len, sol, d);
	free(text);
	return ret;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void nki_free(struct nki_solution *sol)
{
	size_t i, j;

	for (i = 0; i < sol->n_ents; i++) {
		struct nki_entity *e = &sol->ents[i];

		free(e->task);
		free(e->name);
		free(e->path);
		free_strv(e->args, e->n_args);
		free_strv(e->env, e->n_env);
		for (j = 0; j < e->n_conns; j++) {
			free(e->conns[j].target);
			free(e->conns[j].id);
			free(e->conns[j].kname);
		}
		free(e->conns);
		free(e->outbuf);
		free(e->sl_env);
	}
	free(sol->ents);
	free(sol->file);
	memset(sol, 0, sizeof(*sol));
}
