// SPDX-License-Identifier: GPL-2.0
/*
 * xalloc.c - allocations that cannot fail, for the policy compiler and the
 * tools that link it (nkpolicy, nkinit): out of memory prints
 * "PROG: out of memory" and exits with status 1, each tool's status of an
 * error.  nkc has its own (an arena, nkc/src/mem.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nkpolicy.h"

static void out_of_memory(void)
{
	fprintf(stderr, "%s: out of memory\n", prog);
	exit(1);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}
