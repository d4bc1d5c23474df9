// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - `nkpolicy stats [-j]`: global verdict counters and per-rule
 * hits; tab-separated when not on a terminal, like wg(8).  One print path
 * for the three (print.h).
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

int cmd_stats(int argc, char **argv)
{
	bool tty = isatty(STDOUT_FILENO);
	/* the text: lines for people on a terminal, name<TAB>value otherwise */
	enum output_type tty_only = tty ? PRINT_ANY : PRINT_JSON;
	struct nkstate s;
	struct cpolicy p;
	int err = json_option(argc, argv, "stats");

	if (err)
		return err;
	if (nkgenl_fetch(&s, &p))
		return 1;
	open_json_object(NULL);
	print_u64(tty_only, "generation", "generation %" PRIu64, s.generation);
	print_string(tty_only, "mode", ", mode %s\n", mode_name(s.mode));
	print_u64(PRINT_ANY, "granted",
		  tty ? "  granted:   %" PRIu64 "\n" : "granted\t%" PRIu64 "\n",
		  s.granted);
	print_u64(PRINT_ANY, "denied",
		  tty ? "  denied:    %" PRIu64 "\n" : "denied\t%" PRIu64 "\n",
		  s.denied);
	print_u64(PRINT_ANY, "permitted",
		  tty ? "  permitted: %" PRIu64 " (would have been denied)\n" :
		  "permitted\t%" PRIu64 "\n", s.permitted);
	print_u64(PRINT_ANY, "malformed",
		  tty ? "  malformed: %" PRIu64 "\n" : "malformed\t%" PRIu64 "\n",
		  s.malformed);
	print_u64(PRINT_ANY, "defaulted",
		  tty ? "  defaulted: %" PRIu64 " (no rule matched)\n" :
		  "defaulted\t%" PRIu64 "\n", s.defaulted);
	print_u64(PRINT_ANY, "audit_lost",
		  tty ? "  audit lost: %" PRIu64 "\n" : "audit_lost\t%" PRIu64 "\n",
		  s.audit_lost);
	open_json_array("rules");
	for (size_t i = 0; i < p.n_rules; i++) {
		const struct crule *r = &p.rules[i];

		open_json_object(NULL);
		print_uint(PRINT_ANY, "index", tty ? "rule %u: " : "rule\t%u", r->index);
		print_u64(PRINT_ANY, "hits", tty ? "%" PRIu64 " hits, " : "\t%" PRIu64,
			  r->hits);
		print_u64(PRINT_ANY, "denials",
			  tty ? "%" PRIu64 " denials: " : "\t%" PRIu64 "\n", r->denials);
		if (tty)
			print_text("%s\n", r->text ? r->text : "");
		close_json_object();
	}
	close_json_array();
	close_json_object();
	cpolicy_free(&p);
	return 0;
}
