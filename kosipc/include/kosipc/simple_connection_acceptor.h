// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/simple_connection_acceptor.h - the standard acceptor: a request is
 * accepted if the endpoint asked for is in its ServiceList, refused
 * otherwise.
 */
#ifndef KOSIPC_SIMPLE_CONNECTION_ACCEPTOR_H
#define KOSIPC_SIMPLE_CONNECTION_ACCEPTOR_H
#include <kosipc/connection_acceptor.h>

namespace kosipc {

class SimpleConnectionAcceptor : public IConnectionAcceptor {
public:
	template <class R, class = decltype(&R::NkDispatch)> explicit SimpleConnectionAcceptor(const R &root)
	{
		services_.AddServices(root);
	}
	explicit SimpleConnectionAcceptor(ServiceList services) : services_(std::move(services)) {}
	SimpleConnectionAcceptor(const Application &, ServiceList services)
		: services_(std::move(services)) {}

	bool OnConnectionRequest(const std::string &client, const std::string &endpoint) override;
	const ServiceList &GetServices() const override { return services_; }

private:
	ServiceList services_;
};

} // namespace kosipc
#endif
