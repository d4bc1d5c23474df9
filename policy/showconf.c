// SPDX-License-Identifier: GPL-2.0
/*
 * showconf.c - `nkpolicy showconf`: the active policy as a policy file
 * that `nkpolicy load` accepts again (the `use EDL` descriptions must
 * still be findable).
 */
#include <inttypes.h>

#include "nkpolicy.h"

int cmd_showconf(int argc, char **argv)
{
	struct cpolicy p;
	struct nkgenl g;
	int err;

	(void)argv;
	if (argc != 1)
		return usage_error("showconf");
	if (nkgenl_open(&g))
		return 1;
	err = nkgenl_get_policy(&g, &p);
	nkgenl_close(&g);
	if (err)
		return 1;
	if (!p.generation) {
		fprintf(stderr, "%s: no policy loaded\n", prog);
		return 1;
	}
	printf("# nkipc policy, generation %" PRIu64 "\n", p.generation);
	for (size_t i = 0; i < p.n_source; i++)
		printf("%s\n", p.source[i]);
	printf("default %s\n",
	       p.default_decision == NKIPC_DECISION_GRANT ? "grant" : "deny");
	for (size_t i = 0; i < p.n_bindings; i++) {
		const struct cbinding *b = &p.bindings[i];

		printf("bind %s", b->class_name);
		if (b->exe)
			printf(" exe=\"%s\"", b->exe);
		if (b->has_uid)
			printf(" uid=%u", b->uid);
		if (b->has_gid)
			printf(" gid=%u", b->gid);
		if (b->cgroup)
			printf(" cgroup=\"%s\"", b->cgroup);
		if (b->label)
			printf(" label=\"%s\"", b->label);
		printf("\n");
	}
	for (size_t i = 0; i < p.n_rules; i++)
		printf("%s\n", p.rules[i].text ? p.rules[i].text : "# (rule without text)");
	cpolicy_free(&p);
	return 0;
}
