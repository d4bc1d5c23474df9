// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lexer.c - turns a source file into tokens: identifiers, integer literals
 * (decimal, 0x hex, 0b binary), "strings", 'c' characters and punctuation.
 * Skips whitespace, // and / * * / comments.  The whole file is tokenised up
 * front; the first bad character ends lexing with a diagnostic.
 */
#include <ctype.h>
#include <string.h>

#include "nkc.h"

struct lexer {
	const struct srcfile *file;
	const char *p, *end;
	int line, col;
	struct token *toks;
	int n, cap;
};

static struct loc here(const struct lexer *lx)
{
	return (struct loc){ lx->file, lx->line, lx->col };
}

static void advance(struct lexer *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static struct token *push(struct lexer *lx, enum tok_kind kind, struct loc loc)
{
	if (lx->n == lx->cap) {
		int cap = lx->cap ? lx->cap * 2 : 256;
		struct token *t = xalloc(sizeof(*t) * (size_t)cap);

		if (lx->n)
			memcpy(t, lx->toks, sizeof(*t) * (size_t)lx->n);
		lx->toks = t;
		lx->cap = cap;
	}
	struct token *t = &lx->toks[lx->n++];

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->loc = loc;
	return t;
}

/* Skips blanks and comments; -1 on an unterminated comment. */
static int skip_space(struct lexer *lx)
{
	while (lx->p < lx->end) {
		if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r' ||
		    *lx->p == '\f' || *lx->p == '\v') {
			advance(lx);
		} else if (*lx->p == '/' && lx->p + 1 < lx->end && lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				advance(lx);
		} else if (*lx->p == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			struct loc start = here(lx);

			advance(lx);
			advance(lx);
			while (lx->p < lx->end && !(*lx->p == '*' && lx->p + 1 < lx->end &&
						    lx->p[1] == '/'))
				advance(lx);
			if (lx->p >= lx->end) {
				diag_error(start, "unterminated comment");
				return -1;
			}
			advance(lx);
			advance(lx);
		} else {
			break;
		}
	}
	return 0;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static int lex_number(struct lexer *lx)
{
	struct loc loc = here(lx);
	unsigned base = 10;
	unsigned __int128 v = 0;
	int ndigits = 0;

	if (*lx->p == '0' && lx->p + 1 < lx->end && (lx->p[1] == 'x' || lx->p[1] == 'X')) {
		base = 16;
		advance(lx);
		advance(lx);
	} else if (*lx->p == '0' && lx->p + 1 < lx->end && (lx->p[1] == 'b' || lx->p[1] == 'B')) {
		base = 2;
		advance(lx);
		advance(lx);
	}
	while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) || *lx->p == '_')) {
		int d = digit_value(*lx->p);

		if (d >= (int)base) {
			diag_error(here(lx), "invalid digit '%c' in integer literal", *lx->p);
			return -1;
		}
		v = v * base + (unsigned)d;
		if (v > UINT64_MAX) {
			diag_error(loc, "integer literal does not fit in 64 bits");
			return -1;
		}
		ndigits++;
		advance(lx);
	}
	if (!ndigits) {
		diag_error(loc, "integer literal has no digits");
		return -1;
	}
	push(lx, TK_INT, loc)->value = v;
	return 0;
}

/* Decodes one (possibly escaped) character of a string or char literal. */
static int lex_char_in_literal(struct lexer *lx, int *out)
{
	if (*lx->p != '\\') {
		*out = (unsigned char)*lx->p;
		advance(lx);
		return 0;
	}
	struct loc loc = here(lx);

	advance(lx);
	if (lx->p >= lx->end)
		goto bad;
	switch (*lx->p) {
	case 'n': *out = '\n'; break;
	case 't': *out = '\t'; break;
	case 'r': *out = '\r'; break;
	case '0': *out = 0; break;
	case '\\': *out = '\\'; break;
	case '"': *out = '"'; break;
	case '\'': *out = '\''; break;
	case 'x': {
		int v = 0, n = 0;

		advance(lx);
		while (n < 2 && lx->p < lx->end && digit_value(*lx->p) < 16) {
			v = v * 16 + digit_value(*lx->p);
			advance(lx);
			n++;
		}
		if (!n)
			goto bad;
		*out = v;
		return 0;
	}
	default:
		goto bad;
	}
	advance(lx);
	return 0;
bad:
	diag_error(loc, "invalid escape sequence");
	return -1;
}

static int lex_string(struct lexer *lx)
{
	struct loc loc = here(lx);
	struct buf b = { 0 };

	advance(lx);
	while (lx->p < lx->end && *lx->p != '"') {
		int c;

		if (*lx->p == '\n')
			break;
		if (lex_char_in_literal(lx, &c)) {
			buf_free(&b);
			return -1;
		}
		if (c == 0) {
			diag_error(loc, "string literal contains a NUL character");
			buf_free(&b);
			return -1;
		}
		buf_printf(&b, "%c", c);
	}
	if (lx->p >= lx->end || *lx->p != '"') {
		diag_error(loc, "unterminated string literal");
		buf_free(&b);
		return -1;
	}
	advance(lx);
	struct token *t = push(lx, TK_STRING, loc);

	t->text = xstrndup(b.s ? b.s : "", b.len);
	t->text_len = b.len;
	buf_free(&b);
	return 0;
}

static int lex_char(struct lexer *lx)
{
	struct loc loc = here(lx);
	int c;

	advance(lx);
	if (lx->p >= lx->end || *lx->p == '\'' || *lx->p == '\n' || lex_char_in_literal(lx, &c))
		goto bad;
	if (lx->p >= lx->end || *lx->p != '\'')
		goto bad;
	advance(lx);
	push(lx, TK_CHAR, loc)->value = (unsigned)c;
	return 0;
bad:
	diag_error(loc, "malformed character literal");
	return -1;
}

struct token *lex(const struct srcfile *file)
{
	struct lexer lx = { .file = file, .p = file->text, .end = file->text + file->len,
			    .line = 1, .col = 1 };

	for (;;) {
		if (skip_space(&lx))
			return NULL;
		if (lx.p >= lx.end)
			break;
		struct loc loc = here(&lx);
		unsigned char c = (unsigned char)*lx.p;

		if (isalpha(c) || c == '_') {
			const char *s = lx.p;

			while (lx.p < lx.end && (isalnum((unsigned char)*lx.p) || *lx.p == '_'))
				advance(&lx);
			struct token *t = push(&lx, TK_IDENT, loc);

			t->text = xstrndup(s, (size_t)(lx.p - s));
			t->text_len = (size_t)(lx.p - s);
		} else if (isdigit(c)) {
			if (lex_number(&lx))
				return NULL;
		} else if (c == '"') {
			if (lex_string(&lx))
				return NULL;
		} else if (c == '\'') {
			if (lex_char(&lx))
				return NULL;
		} else if ((c == '<' || c == '>') && lx.p + 1 < lx.end && lx.p[1] == (char)c) {
			/* "<<" / ">>" only inside expressions; the parser splits ">>"
			 * when it closes two template-like brackets. */
			advance(&lx);
			advance(&lx);
			push(&lx, TK_PUNCT, loc)->punct = c == '<' ? TP_SHL : TP_SHR;
		} else if (strchr("{}()<>,;:.=+-*/%&|^~", c) && c) {
			advance(&lx);
			push(&lx, TK_PUNCT, loc)->punct = c;
		} else {
			if (c >= 32 && c < 127)
				diag_error(loc, "unexpected character '%c'", c);
			else
				diag_error(loc, "unexpected byte 0x%02x", c);
			return NULL;
		}
	}
	push(&lx, TK_EOF, here(&lx));
	return lx.toks;
}

const char *tok_describe(const struct token *t)
{
	switch (t->kind) {
	case TK_EOF:
		return "end of file";
	case TK_IDENT:
		return xprintf("'%s'", t->text);
	case TK_INT:
		return "integer literal";
	case TK_STRING:
		return "string literal";
	case TK_CHAR:
		return "character literal";
	case TK_PUNCT:
		if (t->punct == TP_SHL)
			return "'<<'";
		if (t->punct == TP_SHR)
			return "'>>'";
		return xprintf("'%c'", t->punct);
	}
	return "token";
}
