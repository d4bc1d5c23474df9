// SPDX-License-Identifier: GPL-2.0
/*
 * lexer.c - policy language tokens with line:column positions.
 * Comments: "#" and "//" to the end of the line, and C block comments.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

void lex_init(struct lexer *lx, const char *path, const char *text, size_t len)
{
	lx->path = path;
	lx->text = text;
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
	lx->col = 1;
}

static void adv(struct lexer *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static int skip_space(struct lexer *lx, struct tok *t)
{
	while (lx->p < lx->end) {
		char c = *lx->p;

		if (isspace((unsigned char)c)) {
			adv(lx);
		} else if (c == '#' || (c == '/' && lx->p + 1 < lx->end &&
					lx->p[1] == '/')) {
			while (lx->p < lx->end && *lx->p != '\n')
				adv(lx);
		} else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			t->line = lx->line;
			t->col = lx->col;
			adv(lx);
			adv(lx);
			while (lx->p + 1 < lx->end &&
			       !(lx->p[0] == '*' && lx->p[1] == '/'))
				adv(lx);
			if (lx->p + 1 >= lx->end)
				return -1;
			adv(lx);
			adv(lx);
		} else {
			break;
		}
	}
	return 0;
}

static void err(struct tok *t, const char *msg)
{
	t->type = T_ERROR;
	snprintf(t->text, sizeof(t->text), "%s", msg);
}

static void lex_string(struct lexer *lx, struct tok *t)
{
	size_t n = 0;

	adv(lx);
	while (lx->p < lx->end && *lx->p != '"') {
		char c = *lx->p;

		if (c == '\n') {
			err(t, "newline in string");
			return;
		}
		if (c == '\\') {
			adv(lx);
			if (lx->p >= lx->end)
				break;
			c = *lx->p;
			if (c != '"' && c != '\\') {
				err(t, "unknown escape in string (only \\\" and \\\\)");
				return;
			}
		}
		if (n + 1 >= sizeof(t->text)) {
			err(t, "string too long");
			return;
		}
		t->text[n++] = c;
		adv(lx);
	}
	if (lx->p >= lx->end) {
		err(t, "unterminated string");
		return;
	}
	adv(lx);
	t->text[n] = 0;
	t->type = T_STRING;
}

static void lex_int(struct lexer *lx, struct tok *t)
{
	char buf[64];
	size_t n = 0;
	char *end;

	t->negative = 0;
	if (*lx->p == '-') {
		t->negative = 1;
		adv(lx);
	}
	while (lx->p < lx->end && isalnum((unsigned char)*lx->p)) {
		if (n + 1 >= sizeof(buf)) {
			err(t, "number too long");
			return;
		}
		buf[n++] = *lx->p;
		adv(lx);
	}
	buf[n] = 0;
	if (!n) {
		err(t, "'-' must be followed by a number");
		return;
	}
	errno = 0;
	t->uval = strtoull(buf, &end, 0);
	if (*end || errno) {
		err(t, "bad number");
		return;
	}
	if (t->negative && t->uval > (1ULL << 63)) {
		err(t, "number out of range");
		return;
	}
	t->ival = t->negative ? (long long)(0 - t->uval) : (long long)t->uval;
	t->type = T_INT;
}

static int is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

void lex_next(struct lexer *lx, struct tok *t)
{
	static const struct { const char *s; enum tok_type t; } ops[] = {
		{ "<=", T_LE }, { ">=", T_GE }, { "==", T_EQ }, { "!=", T_NE },
		{ "&&", T_AND }, { "||", T_OR }, { "{", T_LBRACE },
		{ "}", T_RBRACE }, { "(", T_LPAREN }, { ")", T_RPAREN },
		{ "=", T_ASSIGN }, { ";", T_SEMI }, { ",", T_COMMA },
		{ ":", T_COLON },
		{ "<", T_LT }, { ">", T_GT },
	};
	size_t i;

	memset(t, 0, sizeof(*t));
	if (skip_space(lx, t)) {
		err(t, "unterminated comment");
		return;
	}
	t->line = lx->line;
	t->col = lx->col;
	t->start = lx->p;
	if (lx->p >= lx->end) {
		t->type = T_EOF;
		return;
	}
	if (*lx->p == '@' || (*lx->p == '{' && lx->p + 1 < lx->end &&
				(lx->p[1] == '%' || lx->p[1] == '{'))) {
		/* what the SDK's build expands before the PSL compiler runs */
		err(t, *lx->p == '@' ?
		    "unexpanded @PLACEHOLDER@: configure the .psl.in file first (as the KOS SDK's build does)" :
		    "template directive ({% ... %} or {{ ... }}): render the template first, nkpolicy reads plain PSL");
		/* one error for the whole placeholder or directive */
		if (*lx->p == '@') {
			adv(lx);
			while (lx->p < lx->end && *lx->p != '@' && *lx->p != '\n')
				adv(lx);
			if (lx->p < lx->end && *lx->p == '@')
				adv(lx);
		} else {
			while (lx->p < lx->end && *lx->p != '\n')
				adv(lx);
		}
	} else if (*lx->p == '"') {
		lex_string(lx, t);
	} else if (isdigit((unsigned char)*lx->p) || *lx->p == '-') {
		lex_int(lx, t);
	} else if (is_name_char(*lx->p)) {
		size_t n = 0;

		while (lx->p < lx->end && is_name_char(*lx->p)) {
			if (n + 1 >= sizeof(t->text)) {
				err(t, "name too long");
				return;
			}
			t->text[n++] = *lx->p;
			adv(lx);
		}
		t->text[n] = 0;
		t->type = T_NAME;
	} else {
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t l = strlen(ops[i].s);

			if ((size_t)(lx->end - lx->p) >= l &&
			    !strncmp(lx->p, ops[i].s, l)) {
				t->type = ops[i].t;
				while (l--)
					adv(lx);
				break;
			}
		}
		if (i == sizeof(ops) / sizeof(ops[0])) {
			snprintf(t->text, sizeof(t->text),
				 "unexpected character '%c'",
				 isprint((unsigned char)*lx->p) ? *lx->p : '?');
			t->type = T_ERROR;
			adv(lx);
		}
	}
	t->len = (size_t)(lx->p - t->start);
}

const char *tok_name(enum tok_type t)
{
	static const char *const names[] = {
		"end of file", "name", "string", "number", "'{'", "'}'",
		"'('", "')'", "'='", "';'", "','", "':'", "'<'", "'<='", "'>'",
		"'>='", "'=='", "'!='", "'&&'", "'||'", "error",
	};

	return names[t];
}
