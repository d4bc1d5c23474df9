// SPDX-License-Identifier: GPL-2.0
/*
 * check.c - `nkpolicy check [-I DIR]... FILE`: compile without loading;
 * errors as file:line:col.
 */
#include <getopt.h>

#include "nkpolicy.h"

int cmd_check(int argc, char **argv)
{
	const char *incdirs[32];
	struct compile_opts co = { incdirs, 0 };
	struct diag d = { stderr, 0 };
	struct cpolicy p;
	int c;

	while ((c = getopt(argc, argv, "I:")) != -1) {
		if (c == 'I' && co.n_incdirs < 32) {
			incdirs[co.n_incdirs++] = optarg;
			continue;
		}
		return usage_error("check");
	}
	if (optind != argc - 1)
		return usage_error("check");
	if (policy_compile(argv[optind], NULL, 0, &co, &p, &d)) {
		fprintf(stderr, "%s: %d error%s\n", argv[optind], d.errors,
			d.errors == 1 ? "" : "s");
		cpolicy_free(&p);
		return 1;
	}
	printf("%s: ok: %zu rules, %zu layouts, %zu bindings, default %s",
	       argv[optind], p.n_rules, p.n_layouts, p.n_bindings,
	       p.default_decision == NKIPC_DECISION_GRANT ? "grant" : "deny");
	/* PSL rules that stay in userspace */
	if (p.n_exec_rules)
		printf("; %zu execute rules (for the launcher: nkpolicy execute)",
		       p.n_exec_rules);
	if (p.n_security_rules)
		printf("; %zu security rules (no security interface on Linux: never evaluated)",
		       p.n_security_rules);
	putchar('\n');
	cpolicy_free(&p);
	return 0;
}
