/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lexer.h - tokens of the policy language.  Names may contain dots
 * ("echo.Server", "message.value", "nk.base._").
 */
#ifndef NKPOLICY_LEXER_H
#define NKPOLICY_LEXER_H

#include <stddef.h>

enum tok_type {
	T_EOF, T_NAME, T_STRING, T_INT,
	T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_ASSIGN, T_SEMI, T_COMMA, T_COLON,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_AND, T_OR,
	T_ERROR
};

struct tok {
	enum tok_type type;
	const char *start;	/* in the source text */
	size_t len;
	int line, col;
	char text[512];		/* T_NAME, T_STRING (unescaped), T_ERROR */
	long long ival;		/* T_INT */
	unsigned long long uval;
	int negative;
};

struct lexer {
	const char *path;
	const char *text, *p, *end;
	int line, col;
};

void lex_init(struct lexer *lx, const char *path, const char *text,
	      size_t len);
/* Never fails: errors come back as T_ERROR with a message in text. */
void lex_next(struct lexer *lx, struct tok *t);
const char *tok_name(enum tok_type t);

#endif
