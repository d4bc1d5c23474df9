// SPDX-License-Identifier: LGPL-2.1-or-later
/* kosipc/application.h - kosipc::Application (see kosipc/api.h). */
#ifndef KOSIPC_APPLICATION_H
#define KOSIPC_APPLICATION_H
#include <kosipc/api.h>
#endif
