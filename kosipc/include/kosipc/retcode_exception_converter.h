// SPDX-License-Identifier: LGPL-2.1-or-later
/* kosipc/retcode_exception_converter.h - kosipc::IRetcodeExceptionConverter (kosipc/api.h). */
#ifndef KOSIPC_RETCODE_EXCEPTION_CONVERTER_H
#define KOSIPC_RETCODE_EXCEPTION_CONVERTER_H
#include <kosipc/api.h>
#endif
