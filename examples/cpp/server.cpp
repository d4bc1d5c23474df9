// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpp-server: the echo server in C++ over a static channel, written as
 * the KOS documentation ("Statically creating IPC channels for C++ development") shows:
 * MakeApplicationAutodetect, kosipc::components::Root bound to the
 * implementation, MakeEventLoop(ServeStaticChannel(channel, root)), Run().
 * It serves the C echo-client as well as cpp-client.
 */
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <kosipc/event_loop.h>
#include <kosipc/api.h>
#include <kosipc/make_application.h>
#include <kosipc/serve_static_channel.h>
#include <echo/Server.edl.cpp.h>

#include "ping_impl.hpp"

int main()
try {
	const char *channelName = "server_connection";
	// Create class objects that implement interfaces
	// provided by the server as endpoints
	PingImpl impl_1("cpp-server");
	// Create and initialize the application object
	kosipc::Application app = kosipc::MakeApplicationAutodetect();
	// Create and initialize the root object that describes
	// the components and endpoints of the server
	kosipc::components::Root root;
	// Bind the root object to the class objects that implement the server endpoints
	root.ping_comp.ping_impl = &impl_1;
	// Create and initialize the object that implements the
	// loop for dispatching incoming IPC messages
	kosipc::EventLoop loop = app.MakeEventLoop(ServeStaticChannel(channelName, root));
	std::printf("cpp-server: registered %s\n", channelName);
	std::fflush(stdout);
	// Start the loop in the current thread
	loop.Run();
	return EXIT_SUCCESS;
} catch (const std::exception &e) {
	std::printf("cpp-server: %s\n", e.what());
	return EXIT_FAILURE;
}
