/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtl/string.h - string and memory functions of the KasperskyOS runtime
 * library.  On Linux these are the C library's functions under the rtl_
 * names; rtl_strlcpy (not in every C library) is defined here.
 */
#ifndef RTL_STRING_H
#define RTL_STRING_H

#include <string.h>

#include <rtl/stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define rtl_memcpy	memcpy
#define rtl_memmove	memmove
#define rtl_memset	memset
#define rtl_memcmp	memcmp
#define rtl_memchr	memchr
#define rtl_strlen	strlen
#define rtl_strnlen	strnlen
#define rtl_strcmp	strcmp
#define rtl_strncmp	strncmp
#define rtl_strcpy	strcpy
#define rtl_strncpy	strncpy
#define rtl_strcat	strcat
#define rtl_strncat	strncat
#define rtl_strchr	strchr
#define rtl_strrchr	strrchr
#define rtl_strstr	strstr

/*
 * Copy @src into @dst of @size bytes, always NUL-terminated if @size > 0;
 * returns strlen(@src) (truncation if >= @size).
 */
static inline rtl_size_t rtl_strlcpy(char *dst, const char *src,
				     rtl_size_t size)
{
	rtl_size_t len = strlen(src);

	if (size) {
		rtl_size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

#ifdef __cplusplus
}
#endif

#endif /* RTL_STRING_H */
