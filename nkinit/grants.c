// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * grants.c - the static channels of init.yaml as policy rules.
 *
 * KOS: Einit creates the channels init.yaml declares before the entities
 * run, without a verdict; a solution's security.psl therefore says nothing
 * about them.  nkipc: a server registers its channel and a client connects
 * to it through the kernel, and a loaded policy judges both.  So nkinit,
 * which is Einit here, adds for every declared connection (client task C
 * of class CC, target task S of class SC, kernel channel name K):
 *
 *	register src=SC channel="K" { grant () }
 *	connect src=CC dst=SC channel="K" { grant () }
 *
 * to the policy it loads: a file that includes the solution's policy and
 * then these rules (nki_policy_wrap()).  The kernel's policy stays the one
 * enforcement: these are ordinary rules, shown by `nkpolicy show`, and a
 * deny() of the solution's policy still wins over them.  The register rule
 * names src= and channel= and only grants, so it makes SC the owner of K
 * (docs/policy.md, "Names belong to classes"): no other class may take K,
 * whatever `register { grant () }` or `default grant` say.  A process gets
 * class SC or CC only from a launcher grant (CAP_MAC_ADMIN: nkinit) or a
 * binding the policy itself declares, so another process, of any uid, is
 * neither and can use neither rule.
 *
 * Dynamic channels (nki_dynamic_grants()): KOS's name server is the
 * program kl.core.NameServer and its connection manager is the kernel,
 * so a KOS policy lets a task publish by granting its requests to
 * kl.core.NameServer (NsCreate, NsPublishService) and lets it accept and
 * connect by granting its requests to kl.core.Core (KnCmListen,
 * KnCmAccept, KnCmConnect); the server name is the task's name, which
 * Einit gives.  On nkipc both are the kernel's NS_* and CM_* calls, judged
 * as register and connect, so nkinit asks the compiled policy
 * (cpolicy_request()) and adds, for every task S of class SC that may
 * call both, and every class CC of a task that may call kl.core.Core:
 *
 *	register src=SC server="S" { grant () }
 *	connect src=CC dst=SC server="S" { grant () }
 *
 * The register rule makes SC the owner of the server name S, as S is
 * the task's own on KOS; calls over the channel remain the policy's
 * request/response rules between CC and SC.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nkinit.h"
#include "nkpolicy.h"

#define NKI_NAMESERVER "kl.core.NameServer"
#define NKI_CORE "kl.core.Core"

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0,
			      fmt, ap);
		va_end(ap);
		if (n < 0) {
			fputs("nkinit: out of memory\n", stderr);
			exit(1);
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

static const struct nki_entity *task_of(const struct nki_solution *sol,
					const char *task)
{
	size_t i;

	for (i = 0; i < sol->n_ents; i++)
		if (sol->ents[i].task && !strcmp(sol->ents[i].task, task))
			return &sol->ents[i];
	return NULL;
}

/* Was connection @cj of entity @ej preceded by one giving the same rule? */
static int seen(const struct nki_solution *sol, size_t ej, size_t cj,
		int with_client)
{
	const struct nki_entity *e = &sol->ents[ej];
	const struct nki_conn *c = &e->conns[cj];
	const struct nki_entity *t = task_of(sol, c->target);
	size_t i, j;

	for (i = 0; i <= ej; i++) {
		const struct nki_entity *f = &sol->ents[i];

		for (j = 0; j < f->n_conns && (i < ej || j < cj); j++) {
			const struct nki_conn *d = &f->conns[j];
			const struct nki_entity *u = task_of(sol, d->target);

			if (!d->kname || strcmp(d->kname, c->kname) || !u ||
			    strcmp(u->name, t->name))
				continue;
			if (!with_client || !strcmp(f->name, e->name))
				return 1;
		}
	}
	return 0;
}

/* A channel name that a PSL string holds as it is. */
static int psl_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

char *nki_channel_grants(const struct nki_solution *sol, struct nki_diag *d)
{
	const char *file = strchr(sol->file, '\n') ? "init.yaml" : sol->file;
	unsigned int errors = d->errors;
	struct sbuf b = { 0 };
	size_t i, j;

	sb_printf(&b, "%s", "");
	for (i = 0; i < sol->n_ents; i++) {
		const struct nki_entity *e = &sol->ents[i];

		for (j = 0; j < e->n_conns; j++) {
			const struct nki_conn *c = &e->conns[j];
			const struct nki_entity *t = task_of(sol, c->target);

			if (!c->kname || !t)
				continue;	/* nki_check() reported it */
			if (!psl_safe(c->kname)) {
				nki_error(d, sol->file, c->line,
					  "connection id '%s' cannot be named in a policy ('\"', '\\' or a control character)",
					  c->id);
				continue;
			}
			if (!seen(sol, i, j, 0))
				sb_printf(&b, "register src=%s channel=\"%s\" { grant () }\t# %s:%d: %s serves it\n",
					  t->name, c->kname, file, c->line, t->task);
			if (!seen(sol, i, j, 1))
				sb_printf(&b, "connect src=%s dst=%s channel=\"%s\" { grant () }\t# %s:%d: %s -> %s\n",
					  e->name, t->name, c->kname, file, c->line,
					  e->task, t->task);
		}
	}
	if (d->errors != errors) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static int may_call(const struct cpolicy *p, const char *cls, const char *dst)
{
	return cpolicy_request(p, cls, dst, NULL) == NKIPC_DECISION_GRANT;
}

char *nki_dynamic_grants(const struct nki_solution *sol,
			 const struct cpolicy *p)
{
	const char *file = strchr(sol->file, '\n') ? "init.yaml" : sol->file;
	struct sbuf b = { 0 };
	size_t i, j, k;

	sb_printf(&b, "%s", "");
	for (i = 0; i < sol->n_ents; i++) {
		const struct nki_entity *s = &sol->ents[i];

		if (!s->task || !may_call(p, s->name, NKI_NAMESERVER) ||
		    !may_call(p, s->name, NKI_CORE))
			continue;
		sb_printf(&b, "register src=%s server=\"%s\" { grant () }\t# %s:%d: %s may publish (" NKI_NAMESERVER ") and accept (" NKI_CORE ") under its task name\n",
			  s->name, s->task, file, s->line, s->task);
		for (j = 0; j < sol->n_ents; j++) {
			const struct nki_entity *c = &sol->ents[j];

			for (k = 0; k < j; k++)
				if (!strcmp(sol->ents[k].name, c->name))
					break;
			if (k < j || !may_call(p, c->name, NKI_CORE))
				continue;
			sb_printf(&b, "connect src=%s dst=%s server=\"%s\" { grant () }\t# %s:%d: %s may connect (" NKI_CORE ")\n",
				  c->name, s->name, s->task, file, c->line, c->name);
		}
	}
	return b.s;
}

/* The dynamic channel grants that the solution's policy @abs allows. */
static char *dynamic_grants_of(const struct nki_solution *sol, const char *abs,
			       const char *shown, const char *const *incdirs,
			       size_t n_inc, struct nki_diag *d)
{
	const char **inc = calloc(n_inc + 1, sizeof(*inc));
	struct compile_opts co = { inc, (int)n_inc };
	struct diag pd = { d->out, 0 };
	struct cpolicy p;
	char *rules = NULL;
	size_t i;

	if (!inc) {
		nki_error(d, shown, 0, "out of memory");
		return NULL;
	}
	for (i = 0; i < n_inc; i++)
		inc[i] = incdirs[i];
	if (policy_compile(abs, NULL, 0, &co, &p, &pd) || pd.errors)
		nki_error(d, shown, 0, "%d error%s in the policy", pd.errors,
			  pd.errors == 1 ? "" : "s");
	else
		rules = nki_dynamic_grants(sol, &p);
	cpolicy_free(&p);
	free(inc);
	return rules;
}

int nki_policy_grants(const struct nki_solution *sol, const char *policy,
		      const char *const *incdirs, size_t n_inc,
		      char **stat, char **dyn, struct nki_diag *d)
{
	char abs[PATH_MAX];

	*stat = *dyn = NULL;
	if (!realpath(policy, abs)) {
		nki_error(d, policy, 0, "%s", strerror(errno));
		return -1;
	}
	*stat = nki_channel_grants(sol, d);
	if (!*stat)
		return -1;
	*dyn = dynamic_grants_of(sol, abs, policy, incdirs, n_inc, d);
	if (!*dyn) {
		free(*stat);
		*stat = NULL;
		return -1;
	}
	return 0;
}

int nki_policy_wrap(const struct nki_solution *sol, const char *policy,
		    const char *const *incdirs, size_t n_inc,
		    char *out, size_t size, char **dynp, struct nki_diag *d)
{
	const char *tmp = getenv("TMPDIR");
	char abs[PATH_MAX], dir[PATH_MAX];
	char *rules, *dyn;
	FILE *f;
	int ok;

	if (!realpath(policy, abs)) {
		nki_error(d, policy, 0, "%s", strerror(errno));
		return -1;
	}
	if (strpbrk(abs, "\"\n")) {
		nki_error(d, policy, 0, "a policy path with '\"' or a newline cannot be included");
		return -1;
	}
	if ((size_t)snprintf(dir, sizeof(dir), "%s/nkinit.XXXXXX",
			     tmp && *tmp ? tmp : "/tmp") >= sizeof(dir) ||
	    !mkdtemp(dir)) {
		nki_error(d, policy, 0, "cannot make a directory for the policy with the channel grants: %s",
			  strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(out, size, "%s/channels.psl", dir) >= size) {
		rmdir(dir);
		nki_error(d, policy, 0, "path too long");
		return -1;
	}
	if (nki_policy_grants(sol, policy, incdirs, n_inc, &rules, &dyn, d)) {
		rmdir(dir);
		return -1;
	}
	f = fopen(out, "wx");
	if (!f) {
		nki_error(d, out, 0, "%s", strerror(errno));
		free(rules);
		free(dyn);
		rmdir(dir);
		return -1;
	}
	fprintf(f, "# nkinit: the solution's policy, then the static channels of\n"
		"# %s: KOS's Einit creates them without a verdict, on nkipc\n"
		"# the kernel judges each (nkinit(8), docs/nkinit.md).\n"
		"include \"%s\"\n\n%s", strchr(sol->file, '\n') ? "init.yaml" : sol->file,
		abs, rules);
	if (*dyn)
		fprintf(f, "\n# dynamic channels: what the policy lets each task do with\n"
			"# kl.core.NameServer and kl.core.Core, under its task name.\n%s",
			dyn);
	ok = !ferror(f);
	if (fclose(f) || !ok) {
		nki_error(d, out, 0, "cannot write: %s", strerror(errno));
		free(rules);
		free(dyn);
		nki_policy_unwrap(out);
		return -1;
	}
	free(rules);
	if (dynp)
		*dynp = dyn;
	else
		free(dyn);
	return 0;
}

void nki_policy_unwrap(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	if (!path || !*path)
		return;
	unlink(path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
}
