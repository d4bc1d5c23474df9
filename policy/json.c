// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - recursive-descent JSON reader (RFC 8259 subset: no \u
 * surrogates beyond the BMP), bounded nesting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "nkpolicy.h"

#define JSON_MAX_DEPTH 64

struct jp {
	const char *s, *end;
	int line;
	char *err;
	size_t errlen;
	int depth;
};

static struct json *jfail(struct jp *p, const char *msg)
{
	if (!p->err[0])
		snprintf(p->err, p->errlen, "line %d: %s", p->line, msg);
	return NULL;
}

/* strchr() also finds the terminating NUL: never match a NUL byte */
static bool one_of(char c, const char *set)
{
	return c && strchr(set, c);
}

static void skip_ws(struct jp *p)
{
	while (p->s < p->end && one_of(*p->s, " \t\r\n")) {
		if (*p->s == '\n')
			p->line++;
		p->s++;
	}
}

static void push(struct json *j, struct json *v, char *key)
{
	j->items = xrealloc(j->items, (j->n + 1) * sizeof(*j->items));
	if (key)
		j->keys = xrealloc(j->keys, (j->n + 1) * sizeof(*j->keys));
	j->items[j->n] = v;
	if (key)
		j->keys[j->n] = key;
	j->n++;
}

static char *parse_string(struct jp *p)
{
	size_t cap = 16, n = 0;
	char *out = xcalloc(1, cap);

	p->s++;	/* opening quote */
	while (p->s < p->end && *p->s != '"') {
		unsigned int c = (unsigned char)*p->s++;

		if (c < 0x20)
			goto bad;
		if (c == '\\') {
			if (p->s >= p->end)
				goto bad;
			c = (unsigned char)*p->s++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': break;
			case 'u': {
				char hex[5] = { 0 };

				if (p->end - p->s < 4)
					goto bad;
				memcpy(hex, p->s, 4);
				p->s += 4;
				c = (unsigned int)strtoul(hex, NULL, 16);
				if (c == 0 || c > 0x7f)
					c = '?';	/* names are ASCII */
				break;
			}
			default:
				goto bad;
			}
		}
		if (n + 2 > cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		out[n++] = (char)c;
	}
	if (p->s >= p->end)
		goto bad;
	p->s++;
	out[n] = 0;
	return out;
bad:
	free(out);
	jfail(p, "bad string");
	return NULL;
}

static struct json *parse_value(struct jp *p);

static struct json *parse_container(struct jp *p, bool obj)
{
	struct json *j = xcalloc(1, sizeof(*j));

	j->type = obj ? J_OBJ : J_ARR;
	if (++p->depth > JSON_MAX_DEPTH) {
		json_free(j);
		return jfail(p, "nested too deeply");
	}
	p->s++;
	skip_ws(p);
	if (p->s < p->end && *p->s == (obj ? '}' : ']')) {
		p->s++;
		p->depth--;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct json *v;

		skip_ws(p);
		if (obj) {
			if (p->s >= p->end || *p->s != '"')
				goto bad;
			key = parse_string(p);
			if (!key)
				goto bad;
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':') {
				free(key);
				goto bad;
			}
			p->s++;
		}
		v = parse_value(p);
		if (!v) {
			free(key);
			goto bad;
		}
		push(j, v, key);
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == (obj ? '}' : ']')) {
			p->s++;
			p->depth--;
			return j;
		}
		goto bad;
	}
bad:
	json_free(j);
	return jfail(p, obj ? "bad object" : "bad array");
}

static struct json *parse_value(struct jp *p)
{
	struct json *j;
	char *endp;

	skip_ws(p);
	if (p->s >= p->end)
		return jfail(p, "unexpected end");
	switch (*p->s) {
	case '{':
		return parse_container(p, true);
	case '[':
		return parse_container(p, false);
	case '"': {
		char *s = parse_string(p);

		if (!s)
			return NULL;
		j = xcalloc(1, sizeof(*j));
		j->type = J_STR;
		j->str = s;
		return j;
	}
	}
	j = xcalloc(1, sizeof(*j));
	if (p->end - p->s >= 4 && !strncmp(p->s, "true", 4)) {
		j->type = J_BOOL;
		j->b = true;
		p->s += 4;
	} else if (p->end - p->s >= 5 && !strncmp(p->s, "false", 5)) {
		j->type = J_BOOL;
		p->s += 5;
	} else if (p->end - p->s >= 4 && !strncmp(p->s, "null", 4)) {
		p->s += 4;
	} else {
		char num[64];
		size_t n = 0;

		while (p->s + n < p->end && n < sizeof(num) - 1 &&
		       one_of(p->s[n], "+-0123456789.eE"))
			n++;
		memcpy(num, p->s, n);
		num[n] = 0;
		j->num = strtod(num, &endp);
		if (!n || *endp) {
			free(j);
			return jfail(p, "bad value");
		}
		j->type = J_NUM;
		p->s += n;
	}
	return j;
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jp p = { text, text + len, 1, err, errlen, 0 };
	struct json *j;

	err[0] = 0;
	j = parse_value(&p);
	if (!j)
		return NULL;
	skip_ws(&p);
	if (p.s != p.end) {
		json_free(j);
		return jfail(&p, "trailing characters");
	}
	return j;
}

void json_free(struct json *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++) {
		json_free(j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const char *json_str(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	return v && v->type == J_STR ? v->str : NULL;
}

long long json_int(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	return v && v->type == J_NUM && v->num >= 0 ? (long long)v->num : -1;
}
