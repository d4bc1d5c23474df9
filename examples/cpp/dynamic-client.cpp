// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpp-dynamic-client: the echo client in C++ over a dynamic channel, as
 * the KOS documentation shows: NsCreate, NsEnumServices for the interface (retried
 * while the server has not published it yet, up to 40 s), then
 * app.MakeProxy<Interface>(kosipc::ConnectDynamicChannel(serverName,
 * endpointName)).  Works with the C dynamic-server and cpp-dynamic-server.
 *
 * Usage: cpp-dynamic-client [COUNT] [VALUE]
 */
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <coresrv/ns/ns_api.h>
#include <coresrv/thread/thread_api.h>
#include <kl/core/Types.idl.h>
#include <kosipc/application.h>
#include <kosipc/connect_dynamic_channel.h>
#include <kosipc/make_application.h>
#include <echo/Client.edl.cpp.h>
#include <echo/Ping.idl.cpp.h>

using namespace kosipc::stdcpp;

int main(int argc, char *argv[])
{
	int count = argc > 1 ? std::atoi(argv[1]) : 3;
	std::uint32_t value = argc > 2 ? static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 0)) : 3;
	const char *interfaceName = "echo.Ping";
	NsHandle ns;
	// Connect to a name server
	Retcode rc = NsCreate(RTL_NULL, INFINITE_TIMEOUT, &ns);
	char serverName[kl_core_Types_UCoreStringSize] = "";
	char endpointName[kl_core_Types_UCoreStringSize] = "";

	// Get pointers to the server name and qualified name of the endpoint
	for (int tries = 0; rc == rcOk && tries < 800; tries++) {
		rc = NsEnumServices(ns, interfaceName, 0, serverName, kl_core_Types_UCoreStringSize,
				    endpointName, kl_core_Types_UCoreStringSize);
		if (rc != rcResourceNotFound)
			break;
		/* not published yet: ask again */
		KnSleep(50);
		rc = rcOk;
	}
	if (rc == rcOk && serverName[0] == '\0')
		rc = rcResourceNotFound;
	if (rc != rcOk) {
		std::printf("client: no %s published: %s\n", interfaceName, RetcodeName(rc));
		return EXIT_FAILURE;
	}
	try {
		// Create and initialize the application object
		kosipc::Application app = kosipc::MakeApplicationAutodetect();
		// Create and initialize the proxy object
		auto proxy = app.MakeProxy<echo::PingInterface>(kosipc::ConnectDynamicChannel(serverName, endpointName));
		std::printf("client: connected to %s/%s\n", serverName, endpointName);
		// Call the method of the required endpoint
		for (int i = 0; i < count; i++) {
			std::uint32_t result = 0;

			proxy->Ping(value, result);
			std::printf("client: Ping(%u) -> %u\n", value, result);
			value = result;
		}
	} catch (const kosipc::Exception &e) {
		std::printf("client: %s\n", e.what());
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
