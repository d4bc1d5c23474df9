// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem.c - one bump allocator for the whole compilation (released at once by
 * mem_free_all), a pointer vector and a growable text buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nkc.h"

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

static struct block *blocks;

static void out_of_memory(void)
{
	fputs("nkc: out of memory\n", stderr);
	exit(2);
}

void *xalloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!blocks || blocks->cap - blocks->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		struct block *b = malloc(sizeof(*b) + cap);

		if (!b)
			out_of_memory();
		b->next = blocks;
		b->used = 0;
		b->cap = cap;
		blocks = b;
	}
	void *p = blocks->data + blocks->used;

	blocks->used += n;
	memset(p, 0, n);
	return p;
}

void mem_free_all(void)
{
	while (blocks) {
		struct block *next = blocks->next;

		free(blocks);
		blocks = next;
	}
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = xalloc((size_t)n + 1);

	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void vec_push(struct vec *vec, void *p)
{
	if (vec->n == vec->cap) {
		int cap = vec->cap ? vec->cap * 2 : 8;
		void **v = xalloc(sizeof(*v) * (size_t)cap);

		if (vec->n)
			memcpy(v, vec->v, sizeof(*v) * (size_t)vec->n);
		vec->v = v;
		vec->cap = cap;
	}
	vec->v[vec->n++] = p;
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);

		if (!s)
			out_of_memory();
		b->s = s;
		b->cap = cap;
	}
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_puts(struct buf *b, const char *s)
{
	buf_printf(b, "%s", s);
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
