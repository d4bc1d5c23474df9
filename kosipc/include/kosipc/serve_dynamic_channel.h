// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/serve_dynamic_channel.h - server side of dynamic channels.
 *
 * app.MakeEventLoop(ServeDynamicChannel(root)): serves the channel that the
 * connection-request loop (ServeConnectionRequests, kosipc/
 * connection_acceptor.h) creates when it accepts the first client of an
 * endpoint of root; later clients join that channel.  Run() waits for
 * the first accepted client.  Make it before the connection-request loop.
 */
#ifndef KOSIPC_SERVE_DYNAMIC_CHANNEL_H
#define KOSIPC_SERVE_DYNAMIC_CHANNEL_H
#include <kosipc/root_component.h>

namespace kosipc {
template <class R, class = decltype(&R::NkDispatch)> Service ServeDynamicChannel(R &root)
{
	NkKosDispatchInfo info = { &R::NkDispatch, &root, R::NkReqSize, R::NkReqArenaSize,
				   R::NkResSize, R::NkResArenaSize };
	const R *r = &root;
	auto dc = detail::RegisterDynamic(&root, R::NkName, info, [r]() {
		std::vector<detail::Endpoint> eps;

		r->NkEndpoints(eps);
		return eps;
	});

	return Service([dc]() { detail::ServeDynamic(dc); });
}
} // namespace kosipc
#endif
