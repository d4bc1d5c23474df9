// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - the nkc command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nkc.h"

static const char usage[] =
"Usage: nkc [-I DIR]... [-o OUTDIR] [-M DEPFILE] [--cpp] FILE...\n"
"       nkc [-I DIR]... --describe[=OUT] FILE...\n"
"       nkc --help | --version\n"
"\n"
"nkc, the NK compiler, turns IDL, CDL and EDL descriptions into the C\n"
"transport code of the KasperskyOS C API: message types, proxies,\n"
"dispatchers, arena sizes and endpoint tables, for use with libnkos.\n"
"\n"
"For every FILE (a.b.C declared in a/b/C.idl, .cdl or .edl) nkc writes\n"
"OUTDIR/a/b/C.idl.h (.cdl.h, .edl.h).  Packages named by import,\n"
"endpoints {} and components {} are read, not generated: run nkc on them\n"
"too.  Outputs are written only if every FILE compiled; an output whose\n"
"contents did not change is not touched.\n"
"\n"
"Options:\n"
"  -I DIR          search DIR for imported packages: a.b.C is DIR/a/b/C.idl\n"
"                  (.cdl for components).  Directories are searched in the\n"
"                  order given, then the root of the importing file (its\n"
"                  directory minus its package path).  An unqualified name\n"
"                  is also tried inside the importer's own package path.\n"
"  -o OUTDIR       write headers under OUTDIR (default: .)\n"
"  -M DEPFILE      also write a make dependency file: the headers depend on\n"
"                  every description read (with a phony rule for each, like\n"
"                  gcc -MP)\n"
"  --cpp           also write the C++ transport (KOS's nkppmeta):\n"
"                  OUTDIR/a/b/C.idl.cpp.h (.cdl.cpp.h, .edl.cpp.h) beside\n"
"                  the C header it builds on; used with kosipc.  Run as\n"
"                  nkppmeta, nkc always writes them.\n"
"  --describe[=OUT]\n"
"                  write no headers; write the packages, the layout of every\n"
"                  message and the endpoint tables as JSON to OUT (default:\n"
"                  standard output).  Schema: docs/nkc.md.\n"
"  -h, --help      show this help\n"
"  -V, --version   show the version\n"
"\n"
"Generated code needs <nk/types.h>, <nk/arena.h>, <nk/transport.h>,\n"
"<nk/meta.h> (libnkos) and <nk/msgcheck.h> (installed with nkc).  Define\n"
"NK_USE_UNQUALIFIED_NAMES before including it to get every name also\n"
"without its package part.\n"
"\n"
"Exit status: 0 on success, 1 if any description has an error (each is\n"
"reported as FILE:LINE:COL: error: MESSAGE with the offending line), 2 on\n"
"a usage error.\n"
"\n"
"Example:\n"
"  nkc -I idl -o build/gen idl/echo/Ping.idl idl/echo/Server.edl\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "describe", optional_argument, NULL, 'D' },
		{ "cpp", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct nkc_options opt = { 0 };
	int c;

	const char *prog = strrchr(argv[0], '/');

	/* installed as nkppmeta too (KOS build scripts call it so) */
	opt.cpp = !strcmp(prog ? prog + 1 : argv[0], "nkppmeta");
	opt.incdirs = xalloc(sizeof(*opt.incdirs) * (size_t)argc);
	while ((c = getopt_long(argc, argv, "I:o:M:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'I':
			opt.incdirs[opt.nincdirs++] = optarg;
			break;
		case 'o':
			opt.outdir = optarg;
			break;
		case 'M':
			opt.depfile = optarg;
			break;
		case 'C':
			opt.cpp = true;
			break;
		case 'D':
			opt.describe = optarg ? optarg : "-";
			break;
		case 'h':
			fputs(usage, stdout);
			mem_free_all();
			return 0;
		case 'V':
			printf("nkc %s\n", NKC_VERSION);
			mem_free_all();
			return 0;
		default:
			fputs("Try 'nkc --help'.\n", stderr);
			mem_free_all();
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("nkc: no input files\nTry 'nkc --help'.\n", stderr);
		mem_free_all();
		return 2;
	}
	opt.files = (const char **)argv + optind;
	opt.nfiles = argc - optind;
	int r = nkc_run(&opt);

	mem_free_all();
	return r ? 1 : 0;
}
