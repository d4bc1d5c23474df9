// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - names of the uapi enums, shared by every output.
 */
#include <stdio.h>

#include "nkpolicy.h"

#define NAME(arr, v) ((v) < sizeof(arr) / sizeof(arr[0]) ? arr[v] : "?")

const char *kind_name(unsigned int kind)
{
	static const char *const n[] = {
		"request", "response", "error", "connect", "register",
		"transfer",
	};
	return NAME(n, kind);
}

const char *op_name(unsigned int op)
{
	static const char *const n[] = { "==", "!=", "<", "<=", ">", ">=" };
	return NAME(n, op);
}

const char *mode_name(unsigned int mode)
{
	static const char *const n[] = { "enforcing", "permissive" };
	return NAME(n, mode);
}

const char *verdict_name(unsigned int v)
{
	static const char *const n[] = { "grant", "deny", "malformed" };
	return NAME(n, v);
}

const char *dir_name(unsigned int d)
{
	static const char *const n[] = { "request", "response", "error" };
	return NAME(n, d);
}
