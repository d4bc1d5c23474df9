/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rtl/stdint.h - integer constant macros and limits (KasperskyOS SDK names). */
#ifndef RTL_STDINT_H
#define RTL_STDINT_H

#include <stdint.h>

#define RTL_UINT8_C(v)		UINT8_C(v)
#define RTL_UINT16_C(v)		UINT16_C(v)
#define RTL_UINT32_C(v)		UINT32_C(v)
#define RTL_UINT64_C(v)		UINT64_C(v)
#define RTL_INT8_C(v)		INT8_C(v)
#define RTL_INT16_C(v)		INT16_C(v)
#define RTL_INT32_C(v)		INT32_C(v)
#define RTL_INT64_C(v)		INT64_C(v)

#define RTL_UINT8_MAX		UINT8_MAX
#define RTL_UINT16_MAX		UINT16_MAX
#define RTL_UINT32_MAX		UINT32_MAX
#define RTL_UINT64_MAX		UINT64_MAX
#define RTL_INT8_MIN		INT8_MIN
#define RTL_INT8_MAX		INT8_MAX
#define RTL_INT16_MIN		INT16_MIN
#define RTL_INT16_MAX		INT16_MAX
#define RTL_INT32_MIN		INT32_MIN
#define RTL_INT32_MAX		INT32_MAX
#define RTL_INT64_MIN		INT64_MIN
#define RTL_INT64_MAX		INT64_MAX
#define RTL_SIZE_MAX		SIZE_MAX

#endif /* RTL_STDINT_H */
