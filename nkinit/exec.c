// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exec.c - the execute rules of a solution's PSL policy, judged with
 * nkpolicy's compiler and cpolicy_execute() (policy/): the one parser of
 * PSL and the one execute rule of nkipc, shared with `nkpolicy execute`.
 */
#include <stdlib.h>

#include "nkinit.h"
#include "nkpolicy.h"

int nki_execute_check(const struct nki_solution *sol, const char *file,
		      const char *shown, const char *const *incdirs, size_t n_inc,
		      const char *self, struct nki_diag *d)
{
	const char **inc = calloc(n_inc + 1, sizeof(*inc));
	struct compile_opts co = { inc, (int)n_inc };
	struct diag pd = { d->out, 0 };
	unsigned int errors = d->errors;
	struct cpolicy p;
	const char *why;
	size_t i;

	if (!inc) {
		nki_error(d, file, 0, "out of memory");
		return 1;
	}
	for (i = 0; i < n_inc; i++)
		inc[i] = incdirs[i];
	if (policy_compile(file, NULL, 0, &co, &p, &pd) || pd.errors) {
		nki_error(d, shown ? shown : file, 0, "%d error%s in the policy", pd.errors,
			  pd.errors == 1 ? "" : "s");
		goto out;
	}
	for (i = 0; i < sol->n_ents; i++) {
		const struct nki_entity *e = &sol->ents[i];

		if (cpolicy_execute(&p, self, e->name, &why) == NKIPC_DECISION_GRANT)
			continue;
		if (why)
			nki_error(d, sol->file, e->line, "%s: execute of %s by %s denied by `%s` (%s)",
				  e->task, e->name, self, why, shown ? shown : file);
		else
			nki_error(d, sol->file, e->line, "%s: no execute rule of %s lets %s start %s",
				  e->task, shown ? shown : file, self, e->name);
	}
out:
	cpolicy_free(&p);
	free(inc);
	return (int)(d->errors - errors);
}
