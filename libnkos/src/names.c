// SPDX-License-Identifier: LGPL-2.1-or-later
/* names.c - name field copies (see names.h); nothing is ever truncated. */
#include <errno.h>
#include <string.h>

#include "names.h"

int nk_name_in(char *dst, size_t cap, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= cap)
		return ENAMETOOLONG;
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

int nk_name_out(char *dst, size_t cap, const char *src, size_t src_cap)
{
	size_t len = strnlen(src, src_cap);

	if (len == src_cap || !dst || len >= cap)
		return ENOBUFS;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}
