// SPDX-License-Identifier: GPL-2.0
/*
 * edl.c - entity, interface and message layout descriptions from
 * `nkc --describe` (schema 1, docs/nkc.md): the numbers the kernel's
 * structure check and the policy's field conditions use are nkc's own,
 * never recomputed here.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "nkpolicy.h"

struct edl_db {
	struct json **docs;
	size_t n_docs;
};

struct edl_db *edl_db_new(void)
{
	return xcalloc(1, sizeof(struct edl_db));
}

void edl_db_free(struct edl_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n_docs; i++)
		json_free(db->docs[i]);
	free(db->docs);
	free(db);
}

int edl_db_add(struct edl_db *db, struct json *j, const char *file)
{
	const struct json *pk = json_get(j, "packages");

	(void)file;
	if (json_int(j, "schema") != 1 || !pk || pk->type != J_ARR) {
		json_free(j);
		return -1;
	}
	db->docs = xrealloc(db->docs, (db->n_docs + 1) * sizeof(*db->docs));
	db->docs[db->n_docs++] = j;
	return 0;
}

static const struct json *find_pkg(const struct edl_db *db, const char *name,
				   const char *kind)
{
	for (size_t d = 0; d < db->n_docs; d++) {
		const struct json *pk = json_get(db->docs[d], "packages");

		for (size_t i = 0; i < pk->n; i++) {
			const char *n = json_str(pk->items[i], "name");
			const char *k = json_str(pk->items[i], "kind");

			if (n && !strcmp(n, name) &&
			    (!kind || (k && !strcmp(k, kind))))
				return pk->items[i];
		}
	}
	return NULL;
}

const struct json *edl_entity(const struct edl_db *db, const char *name)
{
	return find_pkg(db, name, "entity");
}

const struct json *edl_package(const struct edl_db *db, const char *name)
{
	return find_pkg(db, name, NULL);
}

const struct json *edl_endpoint(const struct edl_db *db,
				const struct json *entity, const char *ep,
				uint32_t *riid)
{
	const struct json *rows = json_get(entity, "endpoint_table");

	if (!rows || rows->type != J_ARR)
		return NULL;
	for (size_t i = 0; i < rows->n; i++) {
		const char *n = json_str(rows->items[i], "name");
		const char *ifc = json_str(rows->items[i], "interface");

		if (n && ifc && !strcmp(n, ep)) {
			*riid = (uint32_t)json_int(rows->items[i], "riid");
			return edl_package(db, ifc);
		}
	}
	return NULL;
}

const struct json *edl_method(const struct json *iface_pkg, const char *method)
{
	const struct json *ms = json_get(json_get(iface_pkg, "interface"),
					 "methods");

	if (!ms || ms->type != J_ARR)
		return NULL;
	for (size_t i = 0; i < ms->n; i++) {
		const char *n = json_str(ms->items[i], "name");

		if (n && !strcmp(n, method))
			return ms->items[i];
	}
	return NULL;
}

/* The declaration "pkg.Name" (struct/union/typedef), or NULL. */
static const struct json *find_decl(const struct edl_db *db, const char *qname)
{
	const char *dot = strrchr(qname, '.');
	const struct json *pkg, *decls;
	char pkgname[256];

	if (!dot || (size_t)(dot - qname) >= sizeof(pkgname))
		return NULL;
	memcpy(pkgname, qname, (size_t)(dot - qname));
	pkgname[dot - qname] = 0;
	pkg = edl_package(db, pkgname);
	decls = json_get(pkg, "declarations");
	if (!decls || decls->type != J_ARR)
		return NULL;
	for (size_t i = 0; i < decls->n; i++) {
		const char *n = json_str(decls->items[i], "name");

		if (n && !strcmp(n, dot + 1))
			return decls->items[i];
	}
	return NULL;
}

/* Appends the arena chunks of a value of @type at @off; -1 if too many. */
static int add_chunks(const struct edl_db *db, const struct json *type,
		      uint32_t off, struct clayout *l, int depth)
{
	const char *kind = json_str(type, "kind");
	const struct json *chunk = json_get(type, "chunk");
	struct cfield *f;

	if (!kind || depth > 16)
		return 0;
	if (!strcmp(kind, "string") || !strcmp(kind, "bytes") ||
	    !strcmp(kind, "sequence")) {
		if (l->n_fields >= NKIPC_LAYOUT_MAX_FIELDS)
			return -1;
		f = &l->fields[l->n_fields++];
		f->offset = off;
		f->kind = !strcmp(kind, "string") ? NKIPC_FIELD_STRING :
			  !strcmp(kind, "bytes") ? NKIPC_FIELD_BYTES :
			  NKIPC_FIELD_SEQUENCE;
		f->bound = (uint32_t)json_int(type, "bound");
		f->elem_size = (uint32_t)json_int(chunk, "elem_size");
		f->align = (uint32_t)json_int(chunk, "elem_align");
		if (f->elem_size == 0 || f->elem_size == (uint32_t)-1)
			f->elem_size = 1;
		if (f->align == 0 || f->align == (uint32_t)-1 || f->align > 8)
			f->align = 1;
		if (f->bound == (uint32_t)-1)
			f->bound = 0;
		return 0;
	}
	if (!strcmp(kind, "struct")) {
		const struct json *decl = find_decl(db, json_str(type, "name") ?: "");
		const struct json *fs = json_get(decl, "fields");

		for (size_t i = 0; fs && i < fs->n; i++) {
			long long fo = json_int(fs->items[i], "offset");

			if (fo >= 0 && add_chunks(db, json_get(fs->items[i], "type"),
						  off + (uint32_t)fo, l, depth + 1))
				return -1;
		}
		return 0;
	}
	if (!strcmp(kind, "array")) {
		const struct json *el = json_get(type, "elem");
		long long count = json_int(type, "count");
		long long size = json_int(el, "size");

		for (long long i = 0; i < count && size > 0; i++) {
			int before = l->n_fields;

			if (add_chunks(db, el, off + (uint32_t)(i * size), l,
				       depth + 1))
				return -1;
			if (l->n_fields == before)
				break;	/* elements carry no chunks */
		}
	}
	/* unions: the chunks depend on the tag; nkc's own check covers them */
	return 0;
}

static bool have_layout(const struct cpolicy *p, const char *iface,
			uint32_t mid, uint8_t dir)
{
	for (size_t i = 0; i < p->n_layouts; i++)
		if (p->layouts[i].mid == mid && p->layouts[i].dir == dir &&
		    !strcmp(p->layouts[i].iface, iface))
			return true;
	return false;
}

static int add_layout(const struct edl_db *db, struct cpolicy *p,
		      const char *iface, const struct json *method,
		      const char *key, uint8_t dir, uint32_t alt_size)
{
	const struct json *msg = json_get(method, key);
	const struct json *fs = json_get(msg, "fields");
	uint32_t mid = (uint32_t)json_int(method, "mid");
	struct clayout tmp = { 0 }, *l;

	if (!msg || have_layout(p, iface, mid, dir))
		return 0;
	tmp.mid = mid;
	tmp.dir = dir;
	tmp.const_size = (uint32_t)json_int(msg, "size");
	if (alt_size != tmp.const_size)
		tmp.alt_size = alt_size;
	for (size_t i = 0; fs && i < fs->n; i++) {
		long long fo = json_int(fs->items[i], "offset");

		if (fo >= 0 && add_chunks(db, json_get(fs->items[i], "type"),
					  (uint32_t)fo, &tmp, 0))
			return -1;
	}
	l = cpolicy_add_layout(p);
	*l = tmp;
	l->iface = xstrdup(iface);
	return 0;
}

int edl_layouts(const struct edl_db *db, const struct json *entity,
		struct cpolicy *p, char *err, size_t errlen)
{
	const struct json *rows = json_get(entity, "endpoint_table");

	for (size_t i = 0; rows && i < rows->n; i++) {
		const char *ifname = json_str(rows->items[i], "interface");
		const struct json *ifc = ifname ? edl_package(db, ifname) : NULL;
		const struct json *ms = json_get(json_get(ifc, "interface"),
						 "methods");

		if (!ifname)
			continue;
		if (!ms) {
			snprintf(err, errlen,
				 "interface %s of %s is not in the description",
				 ifname, json_str(entity, "name"));
			return -1;
		}
		for (size_t m = 0; m < ms->n; m++) {
			const struct json *me = ms->items[m];
			uint32_t res_size = (uint32_t)json_int(json_get(me, "res"),
							       "size");

			if (add_layout(db, p, ifname, me, "req",
				       NKIPC_LAYOUT_REQUEST, 0) ||
			    add_layout(db, p, ifname, me, "res",
				       NKIPC_LAYOUT_RESPONSE, 0) ||
			    add_layout(db, p, ifname, me, "err",
				       NKIPC_LAYOUT_ERROR, res_size)) {
				snprintf(err, errlen,
					 "%s.%s has more than %d arena chunks",
					 ifname, json_str(me, "name"),
					 NKIPC_LAYOUT_MAX_FIELDS);
				return -1;
			}
		}
	}
	return 0;
}

int edl_field(const struct edl_db *db, const struct json *msg,
	      const char *path, uint32_t *offset, uint8_t *size,
	      bool *is_signed, char *err, size_t errlen)
{
	const struct json *fields = json_get(msg, "fields");
	const struct json *type = NULL;
	char buf[512], *save = NULL, *part;
	uint32_t off = 0;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part;
	     part = strtok_r(NULL, ".", &save)) {
		const struct json *found = NULL;

		if (type) {
			const char *k = json_str(type, "kind");
			const struct json *decl;

			if (!k || strcmp(k, "struct")) {
				snprintf(err, errlen, "'%s' is not inside a struct",
					 part);
				return -1;
			}
			decl = find_decl(db, json_str(type, "name") ?: "");
			fields = json_get(decl, "fields");
		}
		for (size_t i = 0; fields && i < fields->n; i++) {
			const char *n = json_str(fields->items[i], "name");

			if (n && !strcmp(n, part)) {
				found = fields->items[i];
				break;
			}
		}
		if (!found) {
			snprintf(err, errlen, "no field '%s' in the message", part);
			return -1;
		}
		off += (uint32_t)json_int(found, "offset");
		type = json_get(found, "type");
	}
	if (!type) {
		snprintf(err, errlen, "empty field path");
		return -1;
	}
	{
		const char *k = json_str(type, "kind");
		long long sz = json_int(type, "size");
		const struct json *sg = json_get(type, "signed");

		if (!k || (strcmp(k, "int") && strcmp(k, "char")) ||
		    (sz != 1 && sz != 2 && sz != 4 && sz != 8)) {
			snprintf(err, errlen,
				 "'%s' is not a fixed-size scalar (only integers can be compared)",
				 path);
			return -1;
		}
		*size = (uint8_t)sz;
		*is_signed = sg && sg->type == J_BOOL && sg->b;
	}
	*offset = off;
	return 0;
}
