// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * riid.c - RIID numbering and the endpoint table, shared by the .edl.h
 * emitter and --describe so both publish the same numbers.
 *
 * Depth-first over a component or entity: its own endpoints in declaration
 * order, then each component instance in declaration order (its endpoints,
 * then its nested instances).  The table names each endpoint by its path
 * ("inst.ep", "a.b.ep", or "ep" for the entity's own endpoints), then by
 * its class-qualified name "pkg.Component.ep"; a name already taken (a
 * component class instantiated twice) keeps its first riid.
 */
#include <string.h>

#include "nkc.h"

static void flatten(const struct unit *u, const char *cpre, const char *dpre, int *riid,
		    struct vec *out)
{
	for (int i = 0; i < u->neps; i++) {
		struct flat_ep *f = xalloc(sizeof(*f));

		f->cpath = xprintf("%s%s", cpre, u->eps[i]->name);
		f->dpath = xprintf("%s%s", dpre, u->eps[i]->name);
		f->ep = u->eps[i];
		f->owner = u;
		f->riid = (*riid)++;
		vec_push(out, f);
	}
	for (int i = 0; i < u->ninsts; i++) {
		const struct instance *in = u->insts[i];

		flatten(in->comp, xprintf("%s%s_", cpre, in->name),
			xprintf("%s%s.", dpre, in->name), riid, out);
	}
}

void riid_flatten(const struct unit *u, struct vec *out)
{
	int riid = 0;

	flatten(u, "", "", &riid, out);
}

void riid_table(const struct vec *flat, struct vec *rows)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < flat->n; i++) {
			const struct flat_ep *f = flat->v[i];
			const char *name = pass == 0 ? f->dpath :
					   xprintf("%s.%s", f->owner->pkg, f->ep->name);
			bool dup = false;

			for (int j = 0; j < rows->n && !dup; j++)
				dup = !strcmp(((struct ep_row *)rows->v[j])->name, name);
			if (dup)
				continue;
			struct ep_row *r = xalloc(sizeof(*r));

			r->name = name;
			r->flat = f;
			vec_push(rows, r);
		}
	}
}
