// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * diag.c - "file:line:col: error: message" (or warning) followed by the
 * offending source line and a caret under the column, like gcc.
 */
#include <stdio.h>
#include <string.h>

#include "nkc.h"

static int nerrors;
static bool quiet;

void diag_set_quiet(bool q)
{
	quiet = q;
}

int diag_count(void)
{
	return nerrors;
}

void diag_reset(void)
{
	nerrors = 0;
}

static void show_line(struct loc loc)
{
	const char *p = loc.file->text, *end = p + loc.file->len;
	int line = 1;

	while (p < end && line < loc.line) {
		if (*p++ == '\n')
			line++;
	}
	if (line != loc.line)
		return;
	const char *eol = p;

	while (eol < end && *eol != '\n')
		eol++;
	fputs("  ", stderr);
	for (const char *q = p; q < eol; q++)
		fputc(*q == '\t' ? ' ' : (*q >= 32 && *q < 127) ? *q : '?', stderr);
	fputs("\n  ", stderr);
	for (int i = 1; i < loc.col; i++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
}

static void vdiag(struct loc loc, const char *kind, const char *fmt, va_list ap)
{
	if (quiet)
		return;
	if (loc.file)
		fprintf(stderr, "%s:%d:%d: %s: ", loc.file->path, loc.line, loc.col, kind);
	else
		fprintf(stderr, "nkc: %s: ", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	if (loc.file)
		show_line(loc);
}

void diag_error(struct loc loc, const char *fmt, ...)
{
	va_list ap;

	nerrors++;
	va_start(ap, fmt);
	vdiag(loc, "error", fmt, ap);
	va_end(ap);
}

/* Something that compiles but that a user should know: no error counted. */
void diag_warning(struct loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(loc, "warning", fmt, ap);
	va_end(ap);
}

void diag_error_noloc(const char *fmt, ...)
{
	va_list ap;

	nerrors++;
	va_start(ap, fmt);
	vdiag((struct loc){ 0 }, "error", fmt, ap);
	va_end(ap);
}
