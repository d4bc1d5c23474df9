/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtl/stdio.h - formatted output of the KasperskyOS runtime library.
 * On Linux these are the C library's functions under the rtl_ names.
 */
#ifndef RTL_STDIO_H
#define RTL_STDIO_H

#include <stdarg.h>
#include <stdio.h>

#include <rtl/stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline __attribute__((__format__(__printf__, 3, 0)))
int rtl_vsnprintf(char *buf, rtl_size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

static inline __attribute__((__format__(__printf__, 3, 4)))
int rtl_snprintf(char *buf, rtl_size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static inline __attribute__((__format__(__printf__, 1, 0)))
int rtl_vprintf(const char *fmt, va_list ap)
{
	return vprintf(fmt, ap);
}

static inline __attribute__((__format__(__printf__, 1, 2)))
int rtl_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

#ifdef __cplusplus
}
#endif

#endif /* RTL_STDIO_H */
