/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtl/minmax.h - rtl_min, rtl_max.  Each argument is evaluated twice, as
 * with any plain macro: pass expressions without side effects.
 */
#ifndef RTL_MINMAX_H
#define RTL_MINMAX_H

#define rtl_min(a, b)	((a) < (b) ? (a) : (b))
#define rtl_max(a, b)	((a) > (b) ? (a) : (b))

#endif /* RTL_MINMAX_H */
