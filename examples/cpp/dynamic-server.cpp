// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpp-dynamic-server: the echo server in C++ over dynamic channels, as seed
 * 004 ("Dynamically creating IPC channels for C++ development") shows:
 * a loop serving ServeDynamicChannel(root) in a thread, then the loop of
 * connection requests ServeConnectionRequests(&acceptor) with a
 * SimpleConnectionAcceptor in the main thread.  The acceptor publishes
 * ping_comp.ping_impl with the name server as echo.Server (the entity).
 * (The seed's example names both loops loopDynamicChannel and runs
 * loopConnectionReq; here the second one is loopConnectionReq.)
 */
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

#include <kosipc/application.h>
#include <kosipc/event_loop.h>
#include <kosipc/make_application.h>
#include <kosipc/root_component.h>
#include <kosipc/serve_dynamic_channel.h>
#include <kosipc/simple_connection_acceptor.h>
#include <echo/Server.edl.cpp.h>

#include "ping_impl.hpp"

int main()
try {
	// Create class objects that implement interfaces
	// provided by the server as endpoints
	PingImpl impl_1("cpp-dynamic-server");
	// Create and initialize the application object
	kosipc::Application app = kosipc::MakeApplicationAutodetect();
	// Create and initialize the root object that describes
	// the components and endpoints of the server
	kosipc::components::Root root;
	// Bind the root object to the class objects that implement the server endpoints.
	root.ping_comp.ping_impl = &impl_1;
	// Create and initialize the object that implements the
	// loop for dispatching incoming IPC messages
	kosipc::EventLoop loopDynamicChannel = app.MakeEventLoop(ServeDynamicChannel(root));
	// Start the loop for dispatching incoming IPC messages in a separate thread
	std::thread dynChannelThread([&loopDynamicChannel]() { loopDynamicChannel.Run(); });
	// Create an object that implements a standard handler for receiving incoming requests
	// to dynamically create an IPC channel
	kosipc::SimpleConnectionAcceptor acceptor(root);
	// Create an object that implements a loop for receiving incoming requests
	// to dynamically create an IPC channel
	kosipc::EventLoop loopConnectionReq = app.MakeEventLoop(ServeConnectionRequests(&acceptor));
	std::printf("cpp-dynamic-server: serving ping_comp.ping_impl as echo.Server\n");
	std::fflush(stdout);
	// Start the loop for receiving incoming requests to dynamically create an IPC channel in the current thread
	loopConnectionReq.Run();
	dynChannelThread.join();
	return EXIT_SUCCESS;
} catch (const std::exception &e) {
	std::printf("cpp-dynamic-server: %s\n", e.what());
	return EXIT_FAILURE;
}
