// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc.cpp - the kosipc library (kosipc/api.h) over libnkos: channels by
 * ServiceLocator* and KnCm*, dispatch loops by NkKosDoDispatchHandle,
 * marshalling helpers of the nkc --cpp headers.
 */
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include <coresrv/cm/cm_api.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/ns/ns_api.h>
#include <coresrv/sl/sl_api.h>

#include <kosipc/connect_dynamic_channel.h>
#include <kosipc/connect_static_channel.h>
#include <kosipc/connection_acceptor.h>
#include <kosipc/make_application.h>
#include <kosipc/serve_dynamic_channel.h>
#include <kosipc/serve_static_channel.h>
#include <kosipc/simple_connection_acceptor.h>

namespace kosipc {

Exception::Exception(Retcode rc, const std::string &what)
	: std::runtime_error(what + " (" + RetcodeName(rc) + ")"), rc_(rc)
{
}

namespace {

/* The converter of the application made last (a program has one). */
std::mutex g_lock;
std::shared_ptr<IRetcodeExceptionConverter> g_converter;

std::shared_ptr<IRetcodeExceptionConverter> Converter()
{
	std::lock_guard<std::mutex> l(g_lock);

	return g_converter;
}

/* nk_err_t of a transport -> Retcode (the server's Retcodes are negative). */
Retcode ToRetcode(nk_err_t rc)
{
	if (rc < 0)
		return static_cast<Retcode>(rc);
	switch (rc) {
	case NK_ENOENT: return rcResourceNotFound;
	case NK_ENOMEM: return rcOutOfMemory;
	case NK_EINVAL: return rcInvalidArgument;
	case NK_ETIMEDOUT: return rcTimeout;
	case NK_EPERM: return rcSecurityDisallow;
	case NK_EINTR: return rcIpcInterrupt;
	case NK_ENOSYS: return rcUnimplemented;
	case NK_EBUSY: return rcBusy;
	case NK_ENOBUFS: return rcBufferTooSmall;
	case NK_EPIPE: return rcNotConnected;
	case NK_ECONNREFUSED: return rcConnectionRefused;
	case NK_EEXIST: return rcAlreadyExists;
	default: return rcFail;
	}
}

} // namespace

/* ---- client connections --------------------------------------------------- */
struct ClientConnection::State {
	Handle handle;
	bool owned;
	NkKosTransport transport;
	struct nk_transport *other = nullptr;
	~State()
	{
		if (owned && handle != INVALID_HANDLE)
			KnHandleClose(handle);
	}
};

ClientConnection::ClientConnection(Handle handle, nk_iid_t riid, bool owned)
	: state_(std::make_shared<State>()), riid_(riid)
{
	state_->handle = handle;
	state_->owned = owned;
	NkKosTransport_Init(&state_->transport, handle, NK_NULL, 0);
}

ClientConnection::ClientConnection(struct nk_transport *transport, nk_iid_t riid)
	: state_(std::make_shared<State>()), riid_(riid)
{
	state_->handle = INVALID_HANDLE;
	state_->owned = false;
	state_->other = transport;
}

Handle ClientConnection::GetHandle() const
{
	return state_->handle;
}

struct nk_transport *ClientConnection::Transport() const
{
	return state_->other ? state_->other : &state_->transport.base;
}

void ClientConnection::SetCallTimeout(std::uint32_t msecs)
{
	if (msecs && !state_->other)
		NkKosSetTransportTimeouts(&state_->transport, 0, msecs);
}

ClientConnection ConnectStaticChannel(const std::string &channel, const std::string &endpoint)
{
	Handle h = ServiceLocatorConnect(channel.c_str());

	if (h == INVALID_HANDLE)
		throw Exception(rcResourceNotFound, "ConnectStaticChannel: cannot connect to channel '" +
				channel + "': " + std::strerror(errno));
	nk_iid_t riid = ServiceLocatorGetRiid(h, endpoint.c_str());

	if (riid == INVALID_RIID) {
		KnHandleClose(h);
		throw Exception(rcResourceNotFound, "ConnectStaticChannel: no endpoint '" + endpoint +
				"' on channel '" + channel + "'");
	}
	return ClientConnection(h, riid, true);
}

ClientConnection ConnectDynamicChannel(const std::string &server, const std::string &endpoint,
				       std::uint32_t msecs)
{
	Handle h = INVALID_HANDLE;
	rtl_uint32_t rsid = 0;
	Retcode rc = KnCmConnect(server.c_str(), endpoint.c_str(), msecs, &h, &rsid);

	if (rc != rcOk)
		throw Exception(rc, "ConnectDynamicChannel: " + server + " / " + endpoint);
	return ClientConnection(h, static_cast<nk_iid_t>(rsid), true);
}

/* ---- application ---------------------------------------------------------- */
Application::Application(ApplicationSettings settings, bool serves)
	: settings_(std::move(settings)), serves_(serves)
{
	std::lock_guard<std::mutex> l(g_lock);

	g_converter = settings_.GetRetcodeExceptionConverter();
}

EventLoop Application::MakeEventLoop(Service s) const
{
	if (!serves_)
		throw Exception(rcUnimplemented, "MakeEventLoop: a pure client application serves nothing");
	return EventLoop(std::move(s));
}

Application MakeApplicationAutodetect(const ApplicationSettings &settings)
{
	return Application(settings, true);
}

Application MakeApplication(const ApplicationSettings &settings)
{
	return Application(settings, true);
}

Application MakeApplicationPureClient(const ApplicationSettings &settings)
{
	return Application(settings, false);
}

/* ---- marshalling and errors (kosipc/generated.h) ------------------------- */
namespace detail {

void ThrowBadMessage()
{
	throw Exception(rcFail, "bad message");
}

void ThrowBadValue(const char *what)
{
	throw Exception(rcBufferTooLarge, what);
}

void ThrowCallError(nk_err_t rc)
{
	Retcode r = ToRetcode(rc);
	auto c = Converter();

	if (c)
		c->ThrowException(r);
	throw Exception(r, "IPC call failed");
}

nk_err_t CurrentExceptionStatus() noexcept
{
	Retcode rc = rcFail;

	try {
		auto c = Converter();

		if (c) {
			c->CatchException(rc);
		} else {
			try {
				throw;
			} catch (const Exception &e) {
				rc = e.GetRetcode();
			} catch (const std::bad_alloc &) {
				rc = rcOutOfMemory;
			} catch (...) {
				rc = rcFail;
			}
		}
	} catch (...) {
		rc = rcFail;
	}
	/* a Retcode travels as the status of the response: never rcOk */
	if (rc >= 0)
		rc = rcFail;
	return static_cast<nk_err_t>(rc);
}

void *Alloc(struct nk_arena *a, nk_ptr_t &w, std::size_t count, std::size_t elsize, std::size_t align)
{
	void *p = __nk_arena_alloc_n(a, &w, count, elsize, align);

	if (!p && count)
		throw Exception(rcBufferTooSmall, "arena too small");
	return p;
}

const void *Get(const struct nk_arena *a, const nk_ptr_t &w, std::size_t elsize, std::size_t *count)
{
	nk_size_t n = 0;
	const void *p = __nk_arena_get_n(a, &w, elsize, &n, sizeof(n));

	if (!p && w.size)
		ThrowBadMessage();
	*count = p ? n : 0;
	return p;
}

/* ---- static channels ------------------------------------------------------ */
Service ServeStatic(const std::string &channel, const struct nk_entity_meta *meta,
		    const NkKosDispatchInfo &info)
{
	ServiceId id;
	Handle h = ServiceLocatorRegister(channel.c_str(), meta, 1, &id);

	if (h == INVALID_HANDLE)
		throw Exception(rcResourceNotFound, "ServeStaticChannel: cannot register channel '" +
				channel + "': " + std::strerror(errno));
	return Service([h, info]() {
		nk_err_t rc = NkKosDoDispatchHandle(h, &info);

		throw Exception(ToRetcode(rc), "static channel loop ended");
	});
}

/* ---- dynamic channels ----------------------------------------------------- */
struct DynamicChannel {
	const void *root;
	std::string entity;
	NkKosDispatchInfo info;
	std::function<std::vector<Endpoint>()> endpoints;
	std::mutex lock;
	std::condition_variable ready;
	Handle handle = INVALID_HANDLE;
};

namespace {
std::mutex g_dyn_lock;
std::vector<std::shared_ptr<DynamicChannel>> g_dyn;

/* The served Root binding @impl (and the endpoint's name and riid there). */
std::shared_ptr<DynamicChannel> FindImpl(const void *impl, Endpoint *ep)
{
	std::lock_guard<std::mutex> l(g_dyn_lock);

	for (auto &dc : g_dyn) {
		for (const auto &e : dc->endpoints()) {
			if (e.impl == impl) {
				*ep = e;
				return dc;
			}
		}
	}
	return nullptr;
}
} // namespace

std::shared_ptr<DynamicChannel> RegisterDynamic(const void *root, const char *entity,
						const NkKosDispatchInfo &info,
						std::function<std::vector<Endpoint>()> endpoints)
{
	auto dc = std::make_shared<DynamicChannel>();

	dc->root = root;
	dc->entity = entity;
	dc->info = info;
	dc->endpoints = std::move(endpoints);
	std::lock_guard<std::mutex> l(g_dyn_lock);
	g_dyn.push_back(dc);
	return dc;
}

void ServeDynamic(const std::shared_ptr<DynamicChannel> &dc)
{
	Handle h;
	{
		std::unique_lock<std::mutex> l(dc->lock);

		dc->ready.wait(l, [&dc]() { return dc->handle != INVALID_HANDLE; });
		h = dc->handle;
	}
	nk_err_t rc = NkKosDoDispatchHandle(h, &dc->info);

	throw Exception(ToRetcode(rc), "dynamic channel loop ended");
}

} // namespace detail

void ServiceList::Add(Entry e)
{
	if (e.name.empty()) {
		detail::Endpoint ep{};

		if (!detail::FindImpl(e.impl, &ep))
			throw Exception(rcResourceNotFound,
					"AddServices: the endpoint is in no Root served by ServeDynamicChannel");
		e.name = ep.name;
	}
	for (const auto &x : entries_) {
		if (x.name == e.name)
			return;
	}
	entries_.push_back(std::move(e));
}

bool SimpleConnectionAcceptor::OnConnectionRequest(const std::string &, const std::string &endpoint)
{
	for (const auto &e : GetServices().Entries()) {
		if (e.name == endpoint)
			return true;
	}
	return false;
}

Service ServeConnectionRequests(IConnectionAcceptor *acceptor)
{
	if (!acceptor)
		throw Exception(rcInvalidArgument, "ServeConnectionRequests: no acceptor");
	return Service([acceptor]() {
		NsHandle ns = NS_INVALID_HANDLE;
		Retcode rc = NsCreate(RTL_NULL, INFINITE_TIMEOUT, &ns);

		if (rc != rcOk)
			throw Exception(rc, "ServeConnectionRequests: NsCreate");
		for (const auto &e : acceptor->GetServices().Entries()) {
			detail::Endpoint ep{};
			auto dc = detail::FindImpl(e.impl, &ep);

			if (!dc)
				throw Exception(rcResourceNotFound, "ServeConnectionRequests: '" + e.name +
						"' is in no Root served by ServeDynamicChannel");
			rc = NsPublishService(ns, e.iface.c_str(), dc->entity.c_str(), e.name.c_str());
			if (rc != rcOk && rc != rcAlreadyExists)
				throw Exception(rc, "ServeConnectionRequests: NsPublishService " + e.name);
		}
		for (;;) {
			char client[CM_NAME_MAX], service[CM_NAME_MAX];

			rc = KnCmListen(RTL_NULL, INFINITE_TIMEOUT, client, service);
			if (rc == rcIpcInterrupt)
				continue;
			if (rc != rcOk)
				throw Exception(rc, "ServeConnectionRequests: KnCmListen");
			const ServiceList::Entry *entry = nullptr;

			for (const auto &e : acceptor->GetServices().Entries()) {
				if (e.name == service)
					entry = &e;
			}
			detail::Endpoint ep{};
			std::shared_ptr<detail::DynamicChannel> dc;

			if (entry)
				dc = detail::FindImpl(entry->impl, &ep);
			if (!dc || !acceptor->OnConnectionRequest(client, service)) {
				KnCmDrop(client, service);
				continue;
			}
			std::lock_guard<std::mutex> l(dc->lock);
			Handle h = INVALID_HANDLE;

			rc = KnCmAccept(client, service, ep.riid, dc->handle, &h);
			if (rc != rcOk)
				continue;
			if (dc->handle == INVALID_HANDLE) {
				dc->handle = h;
				dc->ready.notify_all();
			} else if (h != dc->handle) {
				KnHandleClose(h);
			}
		}
	});
}

} // namespace kosipc
