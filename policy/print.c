// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - text or JSON output through one path (print.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "print.h"

bool json_output;

#define JSON_MAX_DEPTH 8

/* the open objects and arrays: how many elements each has so far */
static struct {
	unsigned int n;
	bool array;
} stack[JSON_MAX_DEPTH];
static int depth;
static bool newline;

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* The separator, the layout and the key in front of a JSON element. */
static void json_element(const char *key)
{
	if (depth) {
		unsigned int n = stack[depth - 1].n++;

		if (n)
			putchar(',');
		if (newline && (n || depth > 1))
			printf("\n%*s", depth, "");
		else if (n)
			putchar(' ');
		if (key && !stack[depth - 1].array) {
			json_str(key);
			printf(": ");
		}
	}
	newline = false;
}

static void json_open(const char *key, bool array)
{
	if (!json_output)
		return;
	json_element(key);
	if (depth == JSON_MAX_DEPTH) {
		fprintf(stderr, "nkpolicy: JSON nested too deeply\n");
		abort();
	}
	stack[depth].n = 0;
	stack[depth++].array = array;
	putchar(array ? '[' : '{');
}

static void json_close(void)
{
	if (!json_output)
		return;
	putchar(stack[--depth].array ? ']' : '}');
	newline = false;
	if (!depth)
		putchar('\n');
}

void open_json_object(const char *key)
{
	json_open(key, false);
}

void close_json_object(void)
{
	json_close();
}

void open_json_array(const char *key)
{
	json_open(key, true);
}

void close_json_array(void)
{
	json_close();
}

void print_json_nl(void)
{
	if (json_output)
		newline = true;
}

/* Whether @t prints in the current mode; the key and separator if JSON. */
static bool printing(enum output_type t, const char *key)
{
	if (!(t & (json_output ? PRINT_JSON : PRINT_FP)))
		return false;
	if (json_output)
		json_element(key);
	return true;
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (!printing(t, key))
		return;
	if (json_output)
		json_str(value);
	else
		printf(fmt, value);
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned int value)
{
	if (!printing(t, key))
		return;
	if (json_output)
		printf("%u", value);
	else
		printf(fmt, value);
}

void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t value)
{
	if (!printing(t, key))
		return;
	if (json_output)
		printf("%" PRIu64, value);
	else
		printf(fmt, value);
}

void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value)
{
	if (!printing(t, key))
		return;
	if (json_output)
		printf("%s", value ? "true" : "false");
	else
		printf(fmt, value ? "yes" : "no");
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json_output)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
