/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rtl/compiler.h - compiler helpers of the KasperskyOS runtime library. */
#ifndef RTL_COMPILER_H
#define RTL_COMPILER_H

/* A parameter or variable that may stay unused. */
#define __rtl_unused		__attribute__((__unused__))
#define __rtl_packed		__attribute__((__packed__))
#define __rtl_aligned(n)	__attribute__((__aligned__(n)))
#define rtl_likely(x)		__builtin_expect(!!(x), 1)
#define rtl_unlikely(x)		__builtin_expect(!!(x), 0)

#ifdef __cplusplus
#define __RTL_BEGIN_DECLS	extern "C" {
#define __RTL_END_DECLS		}
#else
#define __RTL_BEGIN_DECLS
#define __RTL_END_DECLS
#endif

#endif /* RTL_COMPILER_H */
