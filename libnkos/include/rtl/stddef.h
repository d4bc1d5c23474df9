/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rtl/stddef.h - basic runtime-library types (KasperskyOS SDK names). */
#ifndef RTL_STDDEF_H
#define RTL_STDDEF_H

#include <nk/types.h>
#include <rtl/compiler.h>
#include <rtl/stdint.h>

typedef nk_uint8_t rtl_uint8_t;
typedef nk_uint16_t rtl_uint16_t;
typedef nk_uint32_t rtl_uint32_t;
typedef nk_uint64_t rtl_uint64_t;
typedef nk_sint8_t rtl_int8_t;
typedef nk_sint16_t rtl_int16_t;
typedef nk_sint32_t rtl_int32_t;
typedef nk_sint64_t rtl_int64_t;
typedef nk_size_t rtl_size_t;
typedef nk_bool_t rtl_bool;

#define RTL_NULL	NK_NULL
#define rtl_true	1
#define rtl_false	0

#endif /* RTL_STDDEF_H */
