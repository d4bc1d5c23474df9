/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* errmap.h - kernel errno -> Retcode / nk_err_t (the one table: errmap.c). */
#ifndef NKOS_ERRMAP_H
#define NKOS_ERRMAP_H

#include <nk/types.h>
#include <rtl/retcode.h>

Retcode nk_errno_to_retcode(int err);
nk_err_t nk_errno_to_nk_err(int err);

#endif
