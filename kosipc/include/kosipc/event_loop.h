// SPDX-License-Identifier: LGPL-2.1-or-later
/* kosipc/event_loop.h - kosipc::EventLoop (see kosipc/api.h). */
#ifndef KOSIPC_EVENT_LOOP_H
#define KOSIPC_EVENT_LOOP_H
#include <kosipc/api.h>
#endif
