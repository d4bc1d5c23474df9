// SPDX-License-Identifier: GPL-2.0
/*
 * nkpolicy.c - entry point: a table of subcommands, like wg(8).
 */
#include <stdio.h>
#include <string.h>

#include "nkpolicy.h"

const char *prog = "nkpolicy";

/* Exit status of every usage error (as nkc and nkinit): 2. */
#define EXIT_USAGE 2

static const struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *synopsis;		/* after "nkpolicy NAME" */
	const char *help;
	bool json;			/* prints JSON with -j */
} subcommands[] = {
	{ "check", cmd_check, "[-I DIR]... FILE",
	  "Compiles a policy file without loading it", false },
	{ "execute", cmd_execute, "[-I DIR]... FILE SRC DST",
	  "Asks a policy file whether SRC may start DST (PSL execute rules)", false },
	{ "load", cmd_load, "[-I DIR]... [--mode enforcing|permissive] FILE",
	  "Compiles a policy file and loads it atomically", false },
	{ "show", cmd_show, "",
	  "Shows the active policy and its counters", true },
	{ "showconf", cmd_showconf, "",
	  "Prints the active policy as a policy file", false },
	{ "mode", cmd_mode, "[enforcing | permissive | audit-grants on|off]",
	  "Shows or sets the mode: enforcing or permissive", false },
	{ "audit", cmd_audit, "[-n COUNT]",
	  "Follows audit events (denials; grants if enabled)", true },
	{ "stats", cmd_stats, "",
	  "Shows verdict counters and per-rule hits", true },
	{ "channels", cmd_channels, "",
	  "Lists live services, clients and pending calls", true },
	{ "unload", cmd_unload, "",
	  "Removes the policy: everything is allowed again", false },
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static const struct subcommand *find_subcommand(const char *name)
{
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		if (!strcmp(name, subcommands[i].name))
			return &subcommands[i];
	return NULL;
}

static void print_synopsis(FILE *f, const struct subcommand *c)
{
	fprintf(f, "Usage: %s %s%s%s%s\n", prog, c->json ? "[-j] " : "",
		c->name, *c->synopsis ? " " : "", c->synopsis);
}

int usage_error(const char *cmd)
{
	const struct subcommand *c = find_subcommand(cmd);

	if (c)
		print_synopsis(stderr, c);
	return EXIT_USAGE;
}

int json_option(int argc, char **argv, const char *cmd)
{
	if (argc == 2 && (!strcmp(argv[1], "-j") || !strcmp(argv[1], "--json")))
		json_output = true;
	else if (argc != 1)
		return usage_error(cmd);
	return 0;
}

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: %s [-j|--json] <cmd> [<args>]\n\nAvailable subcommands:\n", prog);
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n-j, --json before or after the subcommand: JSON output (show, stats,\n"
		"channels, audit).  You may pass `--help' to any of these subcommands\n"
		"to view usage.  See nkpolicy(8) and docs/policy.md.\n");
}

static int print_version(void)
{
	printf("nkpolicy v%s (nkipc netlink family \"%s\" version %d)\n",
	       NKPOLICY_VERSION, NKIPC_GENL_NAME, NKIPC_GENL_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	const struct subcommand *c;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "-j") || !strcmp(o, "--json")) {
			json_output = true;
		} else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			show_usage(stdout);
			return 0;
		} else if (!strcmp(o, "-v") || !strcmp(o, "-V") ||
			   !strcmp(o, "--version")) {
			return print_version();
		} else {
			fprintf(stderr, "%s: invalid option '%s'\n", prog, o);
			show_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i == argc) {
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - i == 1 && !strcmp(argv[i], "help")) {
		show_usage(stdout);
		return 0;
	}
	if (argc - i == 1 && !strcmp(argv[i], "version")) {
		return print_version();
	}
	c = find_subcommand(argv[i]);
	if (!c) {
		fprintf(stderr, "%s: invalid subcommand '%s'\n", prog, argv[i]);
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - i == 2 && (!strcmp(argv[i + 1], "--help") ||
			      !strcmp(argv[i + 1], "-h"))) {
		print_synopsis(stdout, c);
		printf("\n%s.  See nkpolicy(8).\n", c->help);
		return 0;
	}
	if (json_output && !c->json) {
		fprintf(stderr, "%s: %s has no JSON output\n", prog, c->name);
		return EXIT_USAGE;
	}
	return c->fn(argc - i, argv + i);
}
