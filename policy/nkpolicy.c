// SPDX-License-Identifier: GPL-2.0
/*
 * nkpolicy.c - entry point: a table of subcommands, like wg(8).
 */
#include <stdio.h>
#include <string.h>

#include "nkpolicy.h"

const char *prog = "nkpolicy";

int json_option(int argc, char **argv, const char *cmd, bool *json)
{
	*json = argc == 2 && (!strcmp(argv[1], "-j") || !strcmp(argv[1], "--json"));
	if (argc > 2 || (argc == 2 && !*json)) {
		fprintf(stderr, "Usage: %s %s [-j|--json]\n", prog, cmd);
		return -1;
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} subcommands[] = {
	{ "check", cmd_check, "Compiles a policy file without loading it" },
	{ "execute", cmd_execute, "Asks a policy file whether SRC may start DST (PSL execute rules)" },
	{ "load", cmd_load, "Compiles a policy file and loads it atomically" },
	{ "show", cmd_show, "Shows the active policy and its counters (-j: JSON)" },
	{ "showconf", cmd_showconf, "Prints the active policy as a policy file" },
	{ "mode", cmd_mode, "Shows or sets the mode: enforcing or permissive" },
	{ "audit", cmd_audit, "Follows audit events (denials; grants if enabled)" },
	{ "stats", cmd_stats, "Shows verdict counters and per-rule hits" },
	{ "channels", cmd_channels, "Lists live services, clients and pending calls" },
	{ "unload", cmd_unload, "Removes the policy: everything is allowed again" },
};

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: %s <cmd> [<args>]\n\nAvailable subcommands:\n", prog);
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\nYou may pass `--help' to any of these subcommands to view usage.\n"
		"See nkpolicy(8) and docs/policy.md.\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version") ||
			  !strcmp(argv[1], "version"))) {
		printf("nkpolicy v%s (nkipc netlink family \"%s\" version %d)\n",
		       NKPOLICY_VERSION, NKIPC_GENL_NAME, NKIPC_GENL_VERSION);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "help"))) {
		show_usage(stdout);
		return 0;
	}
	if (argc < 2) {
		show_usage(stderr);
		return 1;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(argv[1], subcommands[i].name))
			continue;
		if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
			char *args[] = { argv[1], (char *)"--help", NULL };

			if (!strcmp(argv[1], "check") || !strcmp(argv[1], "load") ||
			    !strcmp(argv[1], "execute"))
				return subcommands[i].fn(2, args) ? 1 : 0;
			printf("%s %s: %s\n", prog, argv[1], subcommands[i].help);
			return 0;
		}
		return subcommands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "%s: invalid subcommand '%s'\n", prog, argv[1]);
	show_usage(stderr);
	return 1;
}
