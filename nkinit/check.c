// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check.c - semantic checks of a solution and its static channel names.
 *
 * KOS: Einit creates one channel per connection before the entities run;
 * the client gets it under the connection's id, the server under the same
 * id (ServiceLocatorRegister(id) serves every connection made with it).
 * nkipc: a channel is a kernel service name that the server registers and
 * the clients connect to.  The kernel name of the channel of connection
 * (target T, id I) is I when T is the only task that any connection with
 * id I reaches, else "T/I"; nkinit hands each entity the map from its ids
 * to kernel names in NK_SL_CHANNELS, which libnkos's ServiceLocator uses.
 * So two instances of one server class serving the same id get two
 * channels, and the names stay the ids (as written in policies) otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/nkipc.h>

#include "nkinit.h"

/* An entity class or task name: [A-Za-z0-9_.-], no leading/trailing '.' or "..". */
static const char *bad_class(const char *s, size_t max)
{
	size_t i, len = strlen(s);

	if (!len)
		return "is empty";
	if (len >= max)
		return "is too long";
	if (s[0] == '.' || s[len - 1] == '.' || strstr(s, ".."))
		return "has an empty part between dots";
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return "may contain only letters, digits, '_', '-' and '.'";
	}
	return NULL;
}

static struct nki_entity *find_task(struct nki_solution *sol, const char *task)
{
	size_t i;

	for (i = 0; i < sol->n_ents; i++)
		if (sol->ents[i].task && !strcmp(sol->ents[i].task, task))
			return &sol->ents[i];
	return NULL;
}

/* Does any connection with id @id reach a task other than @task? */
static int id_shared(const struct nki_solution *sol, const char *task,
		     const char *id)
{
	size_t i, j;

	for (i = 0; i < sol->n_ents; i++)
		for (j = 0; j < sol->ents[i].n_conns; j++) {
			const struct nki_conn *c = &sol->ents[i].conns[j];

			if (c->id && !strcmp(c->id, id) && c->target &&
			    strcmp(c->target, task))
				return 1;
		}
	return 0;
}

const char *nki_kname(const struct nki_solution *sol, const char *task,
		      const char *id)
{
	static char buf[2 * NKIPC_NAME_MAX + 2];

	if (!id_shared(sol, task, id))
		return id;
	snprintf(buf, sizeof(buf), "%s/%s", task, id);
	return buf;
}

/* Append "id=kname" to the entity's NK_SL_CHANNELS unless there already. */
static int add_sl(struct nki_entity *e, const char *id, const char *kname)
{
	size_t need = strlen(id) + strlen(kname) + 2;
	size_t have = e->sl_env ? strlen(e->sl_env) : 0;
	char *s;

	if (e->sl_env) {
		const char *p = e->sl_env + strlen("NK_SL_CHANNELS=");

		while (p && *p) {
			const char *end = strchr(p, ';');
			size_t idl = strlen(id);

			if (!strncmp(p, id, idl) && p[idl] == '=') {
				size_t kl = end ? (size_t)(end - p) - idl - 1 : strlen(p + idl + 1);

				return kl == strlen(kname) &&
				       !strncmp(p + idl + 1, kname, kl) ? 0 : -1;
			}
			p = end ? end + 1 : NULL;
		}
	}
	s = xrealloc(e->sl_env, have + need + sizeof("NK_SL_CHANNELS="));
	if (!have)
		strcpy(s, "NK_SL_CHANNELS=");
	else
		strcat(s, ";");
	strcat(s, id);
	strcat(s, "=");
	strcat(s, kname);
	e->sl_env = s;
	return 0;
}

int nki_check(struct nki_solution *sol, struct nki_diag *d)
{
	unsigned int before = d->errors;
	const char *f = sol->file;
	size_t i, j, k;

	for (i = 0; i < sol->n_ents; i++) {
		struct nki_entity *e = &sol->ents[i];
		const char *why;

		if (!e->name)
			continue;	/* reported by the parser */
		why = bad_class(e->name, NKIPC_CLASS_MAX);
		if (why)
			nki_error(d, f, e->line, "entity class '%s' %s", e->name, why);
		if (!e->task)
			e->task = xstrdup(e->name);
		else if ((why = bad_class(e->task, NKIPC_NAME_MAX)))
			nki_error(d, f, e->line, "task name '%s' %s", e->task, why);
		if (!e->path) {
			const char *dot = strrchr(e->name, '.');

			e->path = xstrdup(dot ? dot + 1 : e->name);
		}
		for (j = 0; j < i; j++)
			if (sol->ents[j].task && !strcmp(sol->ents[j].task, e->task))
				nki_error(d, f, e->line,
					  "task '%s' is already defined at line %d (two instances of one class need task: names)",
					  e->task, sol->ents[j].line);
	}
	for (i = 0; i < sol->n_ents; i++) {
		struct nki_entity *e = &sol->ents[i];

		if (!e->task)
			continue;
		for (j = 0; j < e->n_conns; j++) {
			struct nki_conn *c = &e->conns[j];
			struct nki_entity *t = find_task(sol, c->target);

			if (!t)
				nki_error(d, f, c->line,
					  "connection target '%s' is not a task of this solution", c->target);
			else if (t == e)
				nki_error(d, f, c->line, "task '%s' connects to itself", e->task);
			if (strpbrk(c->id, "=;/") || strlen(c->id) >= NKIPC_NAME_MAX)
				nki_error(d, f, c->line,
					  "connection id '%s' must be shorter than %d bytes and contain no '=', ';' or '/'",
					  c->id, NKIPC_NAME_MAX);
			for (k = 0; k < j; k++)
				if (!strcmp(e->conns[k].id, c->id))
					nki_error(d, f, c->line,
						  "task '%s' has two connections with id '%s' (line %d)",
						  e->task, c->id, e->conns[k].line);
		}
	}
	if (d->errors != before)
		return d->errors - before;

	/* channel names: the client's and the server's maps */
	for (i = 0; i < sol->n_ents; i++) {
		struct nki_entity *e = &sol->ents[i];

		for (j = 0; j < e->n_conns; j++) {
			struct nki_conn *c = &e->conns[j];
			struct nki_entity *t = find_task(sol, c->target);
			const char *kn = nki_kname(sol, c->target, c->id);

			if (strlen(kn) >= NKIPC_NAME_MAX) {
				nki_error(d, f, c->line, "channel name '%s' is too long (max %d bytes)",
					  kn, NKIPC_NAME_MAX - 1);
				continue;
			}
			c->kname = xstrdup(kn);
			if (add_sl(e, c->id, c->kname))
				nki_error(d, f, c->line,
					  "task '%s' uses id '%s' both as a client and as a server", e->task, c->id);
			if (add_sl(t, c->id, c->kname))
				nki_error(d, f, c->line,
					  "task '%s' uses id '%s' both as a client and as a server", t->task, c->id);
		}
	}
	return d->errors - before;
}
