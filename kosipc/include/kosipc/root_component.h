// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/root_component.h - kosipc::components::Root (defined by the
 * program's *.edl.cpp.h) and ServiceList, the endpoints a server offers
 * over dynamic channels.
 *
 * ServiceList::AddServices(root) adds every endpoint of a Root (a group)
 * under its qualified name ("inst.ep", "ep"); AddServices(root.c.ep, name)
 * adds one endpoint under a custom name (default: its qualified name).
 * An endpoint is found, when a client asks for it, in the Root served by
 * ServeDynamicChannel(root) that has it bound; a name added twice keeps
 * the first.
 */
#ifndef KOSIPC_ROOT_COMPONENT_H
#define KOSIPC_ROOT_COMPONENT_H
#include <kosipc/api.h>
#include <kosipc/generated.h>

namespace kosipc {

namespace detail {
/* The state of one ServeDynamicChannel(root): its channel once accepted. */
struct DynamicChannel;
/* Registers @root (an object of an entity struct) with its dispatch info. */
std::shared_ptr<DynamicChannel> RegisterDynamic(const void *root, const char *entity,
						const NkKosDispatchInfo &info,
						std::function<std::vector<Endpoint>()> endpoints);
void ServeDynamic(const std::shared_ptr<DynamicChannel> &dc);
} // namespace detail

class ServiceList {
public:
	struct Entry {
		std::string name;	/* what clients ask for (KnCmConnect's service) */
		std::string iface;	/* interface package, for NsPublishService */
		const void *impl;	/* the bound implementation */
		const void *root;	/* the Root added, NULL for a single endpoint */
	};

	template <class R, class = decltype(&R::NkDispatch)> void AddServices(const R &root)
	{
		std::vector<detail::Endpoint> eps;

		root.NkEndpoints(eps);
		for (const auto &e : eps) {
			if (e.impl)
				Add({ e.name, e.iface, e.impl, &root });
		}
	}
	template <class I, class = decltype(I::NkName)>
	void AddServices(const I *impl, const std::string &name = std::string())
	{
		if (!impl)
			throw Exception(rcInvalidArgument, "AddServices: endpoint not bound");
		Add({ name, I::NkName, static_cast<const void *>(impl), nullptr });
	}
	const std::vector<Entry> &Entries() const { return entries_; }

private:
	void Add(Entry e);
	std::vector<Entry> entries_;
};

} // namespace kosipc
#endif
