// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_frontend.c - libFuzzer target for nkc: lexer, parser, import
 * resolution, semantic checks, layout and both back ends, on in-memory
 * files only.  An input is one or more files:
 *
 *   <first file: Main.idl, Main.cdl or Main.edl, by its first word>
 *   @@ a/b/C.idl
 *   <contents of a/b/C.idl>
 *   ...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/nkc.h"

#define MAX_FILES 8

static const char *main_name(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n' || *s == '\t')) {
		s++;
		n--;
	}
	if ((n >= 9 && !memcmp(s, "component", 9)))
		return "Main.cdl";
	if ((n >= 6 && !memcmp(s, "entity", 6)) || (n >= 4 && !memcmp(s, "task", 4)))
		return "Main.edl";
	return "Main.idl";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[MAX_FILES], *texts[MAX_FILES];
	size_t lens[MAX_FILES];
	const char *p = (const char *)data, *end = p + size;
	int n = 0;

	diag_set_quiet(true);
	while (p <= end && n < MAX_FILES) {
		const char *next = NULL;

		for (const char *q = p; q + 4 <= end; q++) {
			if (!memcmp(q, "\n@@ ", 4)) {
				next = q;
				break;
			}
		}
		texts[n] = p;
		lens[n] = (size_t)((next ? next : end) - p);
		if (n == 0)
			paths[n] = main_name(p, lens[n]);
		n++;
		if (!next || n == MAX_FILES)
			break;
		/* "@@ path\n" names the next file */
		const char *name = next + 4, *nl = memchr(name, '\n', (size_t)(end - name));

		if (!nl)
			break;
		paths[n] = xstrndup(name, (size_t)(nl - name));
		p = nl + 1;
	}
	nkc_check_memory(n, paths, texts, lens);
	mem_free_all();
	diag_reset();
	return 0;
}
