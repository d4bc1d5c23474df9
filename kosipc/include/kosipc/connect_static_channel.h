// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/connect_static_channel.h - client side of a static channel.
 *
 * ConnectStaticChannel(channel, endpoint): ServiceLocatorConnect(channel)
 * and ServiceLocatorGetRiid(handle, endpoint) (endpoint: "inst.ep",
 * "ep", "pkg.Component.ep").  Throws kosipc::Exception: the channel's
 * Retcode (e.g. rcResourceNotFound, rcTimeout) or rcResourceNotFound for
 * an endpoint the server does not have.
 */
#ifndef KOSIPC_CONNECT_STATIC_CHANNEL_H
#define KOSIPC_CONNECT_STATIC_CHANNEL_H
#include <kosipc/application.h>

namespace kosipc {
ClientConnection ConnectStaticChannel(const std::string &channel, const std::string &endpoint);
} // namespace kosipc
#endif
