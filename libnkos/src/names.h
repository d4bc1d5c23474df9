/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* names.h - copying names into and out of the fixed uapi name fields. */
#ifndef NKOS_NAMES_H
#define NKOS_NAMES_H

#include <stddef.h>

/* Copy @src (NULL: "") into @dst[@cap]; 0 or ENAMETOOLONG. */
int nk_name_in(char *dst, size_t cap, const char *src);
/* Copy the kernel's NUL-terminated @src[@src_cap] into @dst[@cap]; 0 or ENOBUFS. */
int nk_name_out(char *dst, size_t cap, const char *src, size_t src_cap);

#endif
