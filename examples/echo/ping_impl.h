/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ping_impl.h - the echo.Ping implementation shared by the example servers. */
#ifndef EXAMPLES_PING_IMPL_H
#define EXAMPLES_PING_IMPL_H

#include <echo/Ping.idl.h>

/* The interface object: Ping returns value + 1, Echo returns its text. */
struct echo_Ping *CreateIPingImpl(void);

#endif
