/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * meta.h - the entity metadata registered by nkc-generated constructors
 * (nk/meta.h) and its translation into the kernel's endpoint table.
 */
#ifndef NKOS_META_H
#define NKOS_META_H

#include <linux/nkipc.h>
#include <nk/meta.h>

/*
 * The entity this program serves: the one named by $NK_ENTITY (full name
 * or the part after the last '.'), else the only one registered.  NULL
 * with *err = ENOENT (none / no match), EINVAL (several, no NK_ENTITY)
 * or ENOMEM (a registration failed for lack of memory).
 * No metadata at all is not an error for a server: NULL, *err = 0.
 */
const struct nk_entity_meta *nk_meta_select(int *err);

/*
 * A kernel endpoint table for @meta (NULL: empty): calloc'ed into *rows,
 * count in *n.  0 or an errno (ENAMETOOLONG, EINVAL, ENOMEM).
 */
int nk_meta_endpoints(const struct nk_entity_meta *meta,
		      struct nkipc_endpoint **rows, nk_uint32_t *n);

/* The table of this program's entity (nk_meta_select + nk_meta_endpoints). */
int nk_meta_own_endpoints(struct nkipc_endpoint **rows, nk_uint32_t *n);

#endif
