// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/api.h - the C++ KOS IPC library (the KOS documentation, "Statically / Dynamically
 * creating IPC channels for C++ development") over libnkos.
 *
 * Errors are exceptions, as in public kosipc code: every failure of the
 * library or of a call through a proxy throws kosipc::Exception carrying
 * the KOS Retcode (GetRetcode()).  A server implementation that throws
 * makes the call fail on the client with a Retcode: kosipc::Exception's
 * own, rcFail for anything else, or what the application's
 * IRetcodeExceptionConverter (ApplicationSettings) says; on the client the
 * converter's ThrowException(rc) may throw a typed exception first.  An
 * error response of a method with `error` parameters throws the
 * generated Interface::MethodError (derived from kosipc::Exception).
 */
#ifndef KOSIPC_API_H
#define KOSIPC_API_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <rtl/retcode.h>
#include <coresrv/handle/handletype.h>
#include <coresrv/nk/transport-kos.h>
#include <coresrv/nk/transport-kos-dispatch.h>
#include <nk/types.h>
#include <nk/meta.h>

namespace kosipc {

template <class T> using unique_ptr = std::unique_ptr<T>;

/* Every kosipc failure: a KOS Retcode and a message. */
class Exception : public std::runtime_error {
public:
	Exception(Retcode rc, const std::string &what);
	Retcode GetRetcode() const noexcept { return rc_; }

private:
	Retcode rc_;
};

/*
 * Maps exceptions to Retcodes and back (kosipc/retcode_exception_converter.h).
 * CatchException is called inside a catch block of the server (rethrow with
 * `throw;` to inspect it); ThrowException on the client for a call that
 * failed with rc (returning makes kosipc throw kosipc::Exception).
 */
class IRetcodeExceptionConverter {
public:
	virtual ~IRetcodeExceptionConverter() = default;
	virtual void CatchException(Retcode &rc) = 0;
	virtual void ThrowException(Retcode rc) = 0;
};

class ApplicationSettings {
public:
	void SetRetcodeExceptionConverter(std::shared_ptr<IRetcodeExceptionConverter> c)
	{
		converter_ = std::move(c);
	}
	std::shared_ptr<IRetcodeExceptionConverter> GetRetcodeExceptionConverter() const
	{
		return converter_;
	}
	/* Timeout of every proxy call in ms (0: none, the default). */
	void SetCallTimeout(std::uint32_t msecs) { call_msecs_ = msecs; }
	std::uint32_t GetCallTimeout() const { return call_msecs_; }

private:
	std::shared_ptr<IRetcodeExceptionConverter> converter_;
	std::uint32_t call_msecs_ = 0;
};

/*
 * A client IPC handle and an endpoint's riid (ConnectStaticChannel,
 * ConnectDynamicChannel).  Copies share the handle; the last one closes
 * it.  MakeProxy<I>(connection) makes a proxy of it.
 */
class ClientConnection {
public:
	ClientConnection(Handle handle, nk_iid_t riid, bool owned);
	/* Over another transport (e.g. libnkos's loopback), which must outlive it. */
	ClientConnection(struct nk_transport *transport, nk_iid_t riid);
	Handle GetHandle() const;
	nk_iid_t Riid() const { return riid_; }
	struct nk_transport *Transport() const;
	void SetCallTimeout(std::uint32_t msecs);

private:
	struct State;
	std::shared_ptr<State> state_;
	nk_iid_t riid_;
};

/* What an event loop serves (ServeStaticChannel, ServeDynamicChannel, ServeConnectionRequests). */
class Service {
public:
	explicit Service(std::function<void()> run) : run_(std::move(run)) {}
	void operator()() const { run_(); }

private:
	std::function<void()> run_;
};

/* A loop serving one Service: Run() blocks the calling thread. */
class EventLoop {
public:
	explicit EventLoop(Service s) : service_(std::move(s)) {}
	EventLoop(EventLoop &&) = default;
	EventLoop &operator=(EventLoop &&) = default;
	/* Returns only by an exception (kosipc::Exception: the channel failed). */
	void Run() { service_(); }

private:
	Service service_;
};

class Application {
public:
	Application(ApplicationSettings settings, bool serves);
	Application(Application &&) = default;
	Application &operator=(Application &&) = default;

	/* A proxy of interface I (a class of an *.idl.cpp.h) for the connection. */
	template <class I> unique_ptr<I> MakeProxy(const ClientConnection &c) const
	{
		ClientConnection conn = c;

		conn.SetCallTimeout(settings_.GetCallTimeout());
		return unique_ptr<I>(new typename I::Proxy(conn));
	}
	/* rcUnimplemented for an application made by MakeApplicationPureClient. */
	EventLoop MakeEventLoop(Service s) const;
	const ApplicationSettings &GetSettings() const { return settings_; }

private:
	ApplicationSettings settings_;
	bool serves_;
};

} // namespace kosipc

#endif
