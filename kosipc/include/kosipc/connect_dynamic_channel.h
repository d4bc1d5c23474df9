// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/connect_dynamic_channel.h - client side of a dynamic channel.
 *
 * ConnectDynamicChannel(server, endpoint): KnCmConnect(server, endpoint)
 * with no time limit (or msecs); the names come from NsEnumServices.
 * Throws kosipc::Exception with KnCmConnect's Retcode (rcConnectionRefused,
 * rcResourceNotFound, rcTimeout, rcSecurityDisallow, ...).
 */
#ifndef KOSIPC_CONNECT_DYNAMIC_CHANNEL_H
#define KOSIPC_CONNECT_DYNAMIC_CHANNEL_H
#include <kosipc/application.h>

namespace kosipc {
ClientConnection ConnectDynamicChannel(const std::string &server, const std::string &endpoint,
				       std::uint32_t msecs = 0);
} // namespace kosipc
#endif
