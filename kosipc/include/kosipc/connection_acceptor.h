// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/connection_acceptor.h - the handler of requests for dynamic
 * channels and the loop that runs it.
 *
 * app.MakeEventLoop(ServeConnectionRequests(&acceptor)): publishes every
 * service of acceptor.GetServices() with the name server (NsPublishService:
 * its interface, the server name = the entity of the Root serving it,
 * the endpoint name), then takes connection requests (KnCmListen) one at
 * a time: OnConnectionRequest(client, endpoint) decides; a refused or
 * unknown one is dropped (the client gets rcConnectionRefused), an
 * accepted one is connected (KnCmAccept) to the channel of the Root whose
 * ServeDynamicChannel loop serves the endpoint.  Only one such loop per
 * program.
 */
#ifndef KOSIPC_CONNECTION_ACCEPTOR_H
#define KOSIPC_CONNECTION_ACCEPTOR_H
#include <kosipc/root_component.h>

namespace kosipc {

class IConnectionAcceptor {
public:
	virtual ~IConnectionAcceptor() = default;
	/* true: accept @client's request for @endpoint (if the list has it). */
	virtual bool OnConnectionRequest(const std::string &client, const std::string &endpoint) = 0;
	/* The endpoints offered. */
	virtual const ServiceList &GetServices() const = 0;
};

Service ServeConnectionRequests(IConnectionAcceptor *acceptor);

} // namespace kosipc
#endif
