// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpp-client: the echo client in C++ over a static channel, as the KOS documentation
 * shows: MakeApplicationAutodetect, app.MakeProxy<Interface>(
 * kosipc::ConnectStaticChannel(channelName, endpointName)), then calls.
 * It calls the C echo-server as well as cpp-server.
 *
 * Usage: cpp-client [COUNT] [VALUE]
 */
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <kosipc/application.h>
#include <kosipc/api.h>
#include <kosipc/connect_static_channel.h>
#include <kosipc/make_application.h>
#include <echo/Client.edl.cpp.h>
#include <echo/Ping.idl.cpp.h>

using namespace kosipc::stdcpp;

int main(int argc, char *argv[])
{
	int count = argc > 1 ? std::atoi(argv[1]) : 3;
	std::uint32_t value = argc > 2 ? static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 0)) : 3;
	const char *channelName = "server_connection", *endpointName = "ping_comp.ping_impl";

	try {
		// Create and initialize the application object
		kosipc::Application app = kosipc::MakeApplicationAutodetect();
		// Create and initialize the proxy object
		auto proxy = app.MakeProxy<echo::PingInterface>(
			kosipc::ConnectStaticChannel(channelName, endpointName));
		// Call the method of the required endpoint
		for (int i = 0; i < count; i++) {
			std::uint32_t result = 0;

			proxy->Ping(value, result);
			std::printf("client: Ping(%u) -> %u\n", value, result);
			value = result;
		}
		std::string reply;
		proxy->Echo("hello", reply);
		std::printf("client: Echo(\"hello\") -> \"%s\"\n", reply.c_str());
		try {
			proxy->Echo(std::string(129, 'x'), reply);
			std::printf("client: Echo of 129 characters passed\n");
		} catch (const kosipc::Exception &e) {
			std::printf("client: Echo of 129 characters refused: %s\n", RetcodeName(e.GetRetcode()));
		}
	} catch (const kosipc::Exception &e) {
		std::printf("client: %s\n", e.what());
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
