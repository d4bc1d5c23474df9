// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nkinit - the Einit of nkipc: runs a KasperskyOS solution from its
 * init.yaml (see nkinit.8).
 *
 *   nkinit check [-v] INIT.yaml
 *   nkinit run [options] INIT.yaml
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nkinit.h"

/* the program name in nkpolicy compiler messages (policy/nkpolicy.h) */
const char *prog = "nkinit";

#ifndef NKIPC_VERSION_STRING
#define NKIPC_VERSION_STRING "0"
#endif

static void usage(FILE *f)
{
	fputs("usage: nkinit check [-v] [--policy FILE] [-I DIR]... INIT.yaml\n"
	      "       nkinit run [--policy FILE] [-I DIR]... [--bin-dir DIR]\n"
	      "                  [--until all|any|clients|TASK,...] [--stop-timeout MS]\n"
	      "                  [--max-restarts N] [--restart-delay MS]\n"
	      "                  [--launcher-class CLASS] [--no-class] [-q] INIT.yaml\n"
	      "       nkinit --help | --version\n", f);
}

static unsigned int num(const char *s, const char *opt)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > 1000000000UL) {
		fprintf(stderr, "nkinit: %s: bad number '%s'\n", opt, s);
		exit(2);
	}
	return (unsigned int)v;
}

/* nkpolicy next to nkinit (build/bin, a bundle), else from $PATH */
static const char *find_nkpolicy(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("NKPOLICY");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 16);
	if (n > 0) {
		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash + 1, "nkpolicy");
			if (!access(buf, X_OK))
				return buf;
		}
	}
	return "nkpolicy";
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "bin-dir", required_argument, NULL, 'B' },
		{ "until", required_argument, NULL, 'u' },
		{ "stop-timeout", required_argument, NULL, 't' },
		{ "max-restarts", required_argument, NULL, 'r' },
		{ "restart-delay", required_argument, NULL, 'd' },
		{ "launcher-class", required_argument, NULL, 'L' },
		{ "no-class", no_argument, NULL, 'N' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct nki_run_opts o = {
		.until = "all", .stop_timeout_ms = 5000, .max_restarts = 5,
		.restart_delay_ms = 1000, .self_class = "Einit",
	};
	const char **inc = calloc(argc + 1, sizeof(*inc));
	struct nki_diag d = { stderr, 0 };
	struct nki_solution sol;
	const char *cmd;
	int verbose = 0, c, ret;
	size_t n_inc = 0, i, j;

	if (!inc)
		return 2;
	if (argc >= 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("nkinit %s\n", NKIPC_VERSION_STRING);
		return 0;
	}
	if (argc < 2 || (strcmp(argv[1], "run") && strcmp(argv[1], "check"))) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "I:B:p:u:qvh", lopts, NULL)) != -1) {
		switch (c) {
		case 'I': inc[n_inc++] = optarg; break;
		case 'p': o.policy = optarg; break;
		case 'B': o.bindir = optarg; break;
		case 'u': o.until = optarg; break;
		case 't': o.stop_timeout_ms = num(optarg, "--stop-timeout"); break;
		case 'r': o.max_restarts = num(optarg, "--max-restarts"); break;
		case 'd': o.restart_delay_ms = num(optarg, "--restart-delay"); break;
		case 'L': o.self_class = optarg; break;
		case 'N': o.no_class = 1; break;
		case 'q': o.quiet = 1; break;
		case 'v': verbose = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	o.incdirs = inc;
	o.n_inc = n_inc;
	o.nkpolicy = find_nkpolicy();

	if (nki_parse_file(argv[optind], &sol, &d) || nki_check(&sol, &d)) {
		fprintf(stderr, "nkinit: %s: %u error%s\n", argv[optind], d.errors,
			d.errors == 1 ? "" : "s");
		nki_free(&sol);
		free(inc);
		return 1;
	}
	if (!strcmp(cmd, "check")) {
		char wrap[PATH_MAX], *grants, *dyn = NULL;

		ret = 0;
		/* the policy as `run` loads it: with the channel grants */
		if (o.policy) {
			if (nki_policy_wrap(&sol, o.policy, inc, n_inc, wrap,
					    sizeof(wrap), NULL, &d)) {
				ret = 1;
			} else {
				if (nki_execute_check(&sol, wrap, o.policy, inc, n_inc,
						      o.self_class, &d))
					ret = 1;
				nki_policy_unwrap(wrap);
			}
		}
		if (verbose && !ret) {
			for (i = 0; i < sol.n_ents; i++) {
				const struct nki_entity *e = &sol.ents[i];

				printf("%s\tclass %s\tpath %s\n", e->task, e->name, e->path);
				for (j = 0; j < e->n_conns; j++)
					printf("\t-> %s id %s channel %s\n", e->conns[j].target,
					       e->conns[j].id, e->conns[j].kname);
			}
			if (!o.policy || nki_policy_grants(&sol, o.policy, inc, n_inc,
							   &grants, &dyn, &d))
				grants = nki_channel_grants(&sol, &d);
			if (grants && *grants)
				printf("policy rules for these channels (added to --policy by run):\n%s",
				       grants);
			if (dyn && *dyn)
				printf("policy rules for dynamic channels that %s allows (added by run):\n%s",
				       o.policy, dyn);
			free(grants);
			free(dyn);
		}
		nki_free(&sol);
		free(inc);
		return ret;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = nki_run(&sol, &o);
	nki_free(&sol);
	free(inc);
	return ret;
}
