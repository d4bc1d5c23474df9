// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - `nkpolicy stats [-j]`: global verdict counters and per-rule
 * hits; tab-separated when not on a terminal, like wg(8).
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

int cmd_stats(int argc, char **argv)
{
	bool tty = isatty(STDOUT_FILENO);
	struct nkstate s;
	struct cpolicy p;
	bool json;
	int err = json_option(argc, argv, "stats");

	if (err)
		return err;
	if (nkgenl_fetch(&s, &p))
		return 1;
	json = json_output;
	if (json) {
		printf("{\"generation\": %" PRIu64 ", \"mode\": \"%s\", \"granted\": %" PRIu64
		       ", \"denied\": %" PRIu64 ", \"permitted\": %" PRIu64
		       ", \"malformed\": %" PRIu64 ", \"defaulted\": %" PRIu64
		       ", \"audit_lost\": %" PRIu64 ", \"rules\": [",
		       s.generation, mode_name(s.mode), s.granted, s.denied,
		       s.permitted, s.malformed, s.defaulted, s.audit_lost);
		for (size_t i = 0; i < p.n_rules; i++)
			printf("%s{\"index\": %u, \"hits\": %" PRIu64 ", \"denials\": %" PRIu64 "}",
			       i ? ", " : "", p.rules[i].index, p.rules[i].hits,
			       p.rules[i].denials);
		printf("]}\n");
	} else if (tty) {
		printf("generation %" PRIu64 ", mode %s\n", s.generation,
		       mode_name(s.mode));
		printf("  granted:   %" PRIu64 "\n  denied:    %" PRIu64
		       "\n  permitted: %" PRIu64 " (would have been denied)\n"
		       "  malformed: %" PRIu64 "\n  defaulted: %" PRIu64
		       " (no rule matched)\n  audit lost: %" PRIu64 "\n",
		       s.granted, s.denied, s.permitted, s.malformed, s.defaulted,
		       s.audit_lost);
		for (size_t i = 0; i < p.n_rules; i++)
			printf("rule %u: %" PRIu64 " hits, %" PRIu64 " denials: %s\n",
			       p.rules[i].index, p.rules[i].hits, p.rules[i].denials,
			       p.rules[i].text ? p.rules[i].text : "");
	} else {
		printf("granted\t%" PRIu64 "\ndenied\t%" PRIu64 "\npermitted\t%" PRIu64
		       "\nmalformed\t%" PRIu64 "\ndefaulted\t%" PRIu64
		       "\naudit_lost\t%" PRIu64 "\n", s.granted, s.denied,
		       s.permitted, s.malformed, s.defaulted, s.audit_lost);
		for (size_t i = 0; i < p.n_rules; i++)
			printf("rule\t%u\t%" PRIu64 "\t%" PRIu64 "\n", p.rules[i].index,
			       p.rules[i].hits, p.rules[i].denials);
	}
	cpolicy_free(&p);
	return 0;
}
