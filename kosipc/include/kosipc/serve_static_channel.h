// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/serve_static_channel.h - server side of a static channel.
 *
 * app.MakeEventLoop(ServeStaticChannel(channel, root)): registers the
 * program with the channel (ServiceLocatorRegister: the name nkinit's
 * init.yaml gives it, the endpoint table of root's entity) and serves it
 * with root's current bindings: a request for an endpoint left nullptr is
 * answered NK_ENOENT.  Throws kosipc::Exception if the channel cannot be
 * registered; the loop throws when the channel fails.
 */
#ifndef KOSIPC_SERVE_STATIC_CHANNEL_H
#define KOSIPC_SERVE_STATIC_CHANNEL_H
#include <kosipc/api.h>

namespace kosipc {
namespace detail {
Service ServeStatic(const std::string &channel, const struct nk_entity_meta *meta,
		    const NkKosDispatchInfo &info);
} // namespace detail

template <class R, class = decltype(&R::NkDispatch)>
Service ServeStaticChannel(const std::string &channel, R &root)
{
	NkKosDispatchInfo info = { &R::NkDispatch, &root, R::NkReqSize, R::NkReqArenaSize,
				   R::NkResSize, R::NkResArenaSize };

	return detail::ServeStatic(channel, R::NkMeta(), info);
}
} // namespace kosipc
#endif
