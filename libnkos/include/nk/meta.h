/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/meta.h - endpoint tables that nkc emits into every .edl.h.
 *
 * The generated header defines a static struct nk_entity_meta for its
 * entity and a constructor that hands it to nk_meta_register(), so that
 * ServiceLocatorRegister() can publish the endpoint table to the kernel
 * without any user code.  One row per name a client may resolve:
 * "inst.ep", nested "a.b.ep", an entity's own "ep" and the class-qualified
 * "pkg.Component.ep" all appear as separate rows with the same riid.
 */
#ifndef NK_META_H
#define NK_META_H

#include <nk/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nk_endpoint_meta {
	const char *name;	/* a name a client may pass to GetRiid */
	const char *iface;	/* interface, e.g. "Filesystem" or "echo.Ping" */
	nk_iid_t riid;
	nk_uint32_t n_methods;
};

struct nk_entity_meta {
	const char *name;	/* qualified entity name, e.g. "echo.Server" */
	nk_uint32_t n_endpoints;	/* rows, aliases included */
	const struct nk_endpoint_meta *endpoints;
};

/* Called by nkc-generated constructors; idempotent per entity name. */
void nk_meta_register(const struct nk_entity_meta *meta);

#ifdef __cplusplus
}
#endif

#endif /* NK_META_H */
