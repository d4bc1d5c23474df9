// SPDX-License-Identifier: LGPL-2.1-or-later
/* meta.c - registry of entity metadata (see meta.h and nk/meta.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

/*
 * Every entity linked into the program registers from a constructor, so
 * there is no caller to tell of a failure: an allocation failure is kept
 * and reported by nk_meta_select() (ENOMEM) instead of losing an entity.
 */
static pthread_mutex_t meta_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct nk_entity_meta **metas;
static unsigned int n_metas, cap_metas;
static int meta_err;

void nk_meta_register(const struct nk_entity_meta *meta)
{
	unsigned int i;

	if (!meta || !meta->name)
		return;
	pthread_mutex_lock(&meta_lock);
	for (i = 0; i < n_metas; i++)
		if (!strcmp(metas[i]->name, meta->name))
			break;
	if (i == n_metas && n_metas == cap_metas) {
		unsigned int cap = cap_metas ? 2 * cap_metas : 8;
		const struct nk_entity_meta **m;

		m = realloc(metas, cap * sizeof(*m));
		if (m) {
			metas = m;
			cap_metas = cap;
		} else {
			meta_err = ENOMEM;
		}
	}
	if (i == n_metas && n_metas < cap_metas)
		metas[n_metas++] = meta;
	pthread_mutex_unlock(&meta_lock);
}

static int name_matches(const char *full, const char *want)
{
	const char *dot = strrchr(full, '.');

	return !strcmp(full, want) || (dot && !strcmp(dot + 1, want));
}

const struct nk_entity_meta *nk_meta_select(int *err)
{
	const struct nk_entity_meta *m = NULL;
	const char *want = getenv("NK_ENTITY");
	unsigned int i;

	pthread_mutex_lock(&meta_lock);
	*err = meta_err;
	if (meta_err) {
		/* an entity could not be registered: choosing would guess */
	} else if (want && *want) {
		for (i = 0; i < n_metas && !m; i++)
			if (name_matches(metas[i]->name, want))
				m = metas[i];
		if (!m)
			*err = ENOENT;
	} else if (n_metas == 1) {
		m = metas[0];
	} else if (n_metas > 1) {
		*err = EINVAL;
	}
	pthread_mutex_unlock(&meta_lock);
	return m;
}

static int copy_name(char *dst, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (!src || len >= NKIPC_NAME_MAX)
		return src ? ENAMETOOLONG : EINVAL;
	memcpy(dst, src, len + 1);
	return 0;
}

int nk_meta_endpoints(const struct nk_entity_meta *meta,
		      struct nkipc_endpoint **rows, nk_uint32_t *n)
{
	struct nkipc_endpoint *r;
	nk_uint32_t i, cnt = meta ? meta->n_endpoints : 0;
	int err;

	*rows = NULL;
	*n = 0;
	if (!cnt)
		return 0;
	if (!meta->endpoints || cnt > NKIPC_MAX_ENDPOINTS * 8)
		return EINVAL;
	r = calloc(cnt, sizeof(*r));
	if (!r)
		return ENOMEM;
	for (i = 0; i < cnt; i++) {
		const struct nk_endpoint_meta *e = &meta->endpoints[i];

		err = copy_name(r[i].name, e->name);
		if (!err)
			err = copy_name(r[i].iface, e->iface);
		if (err) {
			free(r);
			return err;
		}
		r[i].riid = e->riid;
		r[i].n_methods = e->n_methods;
	}
	*rows = r;
	*n = cnt;
	return 0;
}

int nk_meta_own_endpoints(struct nkipc_endpoint **rows, nk_uint32_t *n)
{
	int err;
	const struct nk_entity_meta *m = nk_meta_select(&err);

	*rows = NULL;
	*n = 0;
	if (err)
		return err;
	return nk_meta_endpoints(m, rows, n);
}
