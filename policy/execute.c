// SPDX-License-Identifier: GPL-2.0
/*
 * execute.c - `nkpolicy execute [-I DIR]... FILE SRC DST`: the decision of
 * the policy's PSL `execute` rules for a process of class SRC starting one
 * of class DST.  The kernel never sees execute rules: a launcher (nkinit)
 * asks before it starts a process.  Exit status 0: grant, 1: deny, 2: the
 * policy does not compile or bad usage.
 */
#include <getopt.h>

#include "nkpolicy.h"

int cmd_execute(int argc, char **argv)
{
	const char *incdirs[32], *why;
	struct compile_opts co = { incdirs, 0 };
	struct diag d = { stderr, 0 };
	struct cpolicy p;
	uint32_t decision;
	int c;

	while ((c = getopt(argc, argv, "I:")) != -1) {
		if (c == 'I' && co.n_incdirs < 32) {
			incdirs[co.n_incdirs++] = optarg;
			continue;
		}
		return usage_error("execute");
	}
	if (optind != argc - 3)
		return usage_error("execute");
	if (policy_compile(argv[optind], NULL, 0, &co, &p, &d)) {
		fprintf(stderr, "%s: %d error%s\n", argv[optind], d.errors,
			d.errors == 1 ? "" : "s");
		cpolicy_free(&p);
		return 2;
	}
	decision = cpolicy_execute(&p, argv[optind + 1], argv[optind + 2], &why);
	printf("%s: %s -> %s: %s (%s)\n", decision == NKIPC_DECISION_GRANT ?
	       "grant" : "deny", argv[optind + 1], argv[optind + 2],
	       why ? "rule" : "no rule", why ? why :
	       decision == NKIPC_DECISION_DENY ? "no execute rule matches" :
	       "the policy has no execute rules: starting is not controlled");
	cpolicy_free(&p);
	return decision == NKIPC_DECISION_GRANT ? 0 : 1;
}
