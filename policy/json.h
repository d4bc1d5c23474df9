/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a small JSON reader for `nkc --describe` output.
 */
#ifndef NKPOLICY_JSON_H
#define NKPOLICY_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct json {
	enum json_type type;
	bool b;
	double num;
	char *str;		/* J_STR */
	size_t n;		/* J_ARR / J_OBJ: number of items */
	struct json **items;	/* J_ARR / J_OBJ values */
	char **keys;		/* J_OBJ keys */
};

/* Parses @text; NULL with @err set ("line N: ...") on error. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *j);
const struct json *json_get(const struct json *obj, const char *key);
const char *json_str(const struct json *obj, const char *key);
/* -1 if absent or not a number */
long long json_int(const struct json *obj, const char *key);

#endif
