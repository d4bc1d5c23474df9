/* SPDX-License-Identifier: GPL-2.0 */
/*
 * print.h - the one print path of nkpolicy's subcommands, as iproute2's
 * json_print.h: each field is printed once, with its JSON key and its text
 * format, and the output mode (json_output, set by -j) decides which of the
 * two is used.  PRINT_FP fields appear only in the text, PRINT_JSON fields
 * only in the JSON; the text format is ignored in JSON mode.
 *
 * The JSON is written as `{"key": value, "key": value}`; print_json_nl()
 * puts the next element on a line of its own, indented by its depth (the
 * first element of the outermost object or array stays on its bracket's
 * line).  Closing the outermost object or array ends the line.
 */
#ifndef NKPOLICY_PRINT_H
#define NKPOLICY_PRINT_H

#include <stdbool.h>
#include <stdint.h>

enum output_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = 3,		/* both */
};

/* -j, --json (nkpolicy.c) */
extern bool json_output;

/* @key: the member's name in an object; NULL in an array or at the top */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);
/* JSON layout only: the next element starts a new line */
void print_json_nl(void);

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t value);
/* JSON true/false; the text format gets "yes" or "no" */
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value);
/* text only, printf-like */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
