// SPDX-License-Identifier: LGPL-2.1-or-later
/* ping_impl.hpp - the C++ implementation of echo.Ping (as examples/echo/ping_impl.c). */
#ifndef EXAMPLES_CPP_PING_IMPL_HPP
#define EXAMPLES_CPP_PING_IMPL_HPP

#include <cstdio>
#include <echo/Ping.idl.cpp.h>

class PingImpl : public kosipc::stdcpp::echo::PingInterface {
public:
	explicit PingImpl(const char *tag) : tag_(tag) {}
	void Ping(std::uint32_t value, std::uint32_t &result) override
	{
		result = value + 1;
		std::printf("%s: Ping(%u) -> %u\n", tag_, value, result);
		std::fflush(stdout);
	}
	void Echo(const std::string &text, std::string &reply) override
	{
		reply = text;
		std::printf("%s: Echo(\"%s\")\n", tag_, text.c_str());
		std::fflush(stdout);
	}

private:
	const char *tag_;
};

#endif
