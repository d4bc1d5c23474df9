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

static bool have_layout(const struct cpolicy *p, const char *iface,
			uint32_t mid, uint8_t dir)
{
	for (size_t i = 0; i < p->n_layouts; i++)
		if (p->layouts[i].mid == mid && p->layouts[i].dir == dir &&
		    !strcmp(p->layouts[i].iface, iface))
			return true;
	return false;
}

/* Member @key of @o as a number in [0, @max]; -1 if absent or out of range. */
static long long num(const struct json *o, const char *key, long long max)
{
	long long v = json_int(o, key);

	return v > max ? -1 : v;
}

/*
 * The interface's type graph ("layout" of the package's "interface", nkc's
 * own tables), validated as the kernel will, in @types/@fields.
 */
static int read_graph(const struct json *ifc, struct nkipc_ltype **types,
		      uint32_t *nt, struct nkipc_lfield **fields, uint32_t *nf,
		      const char **why)
{
	const struct json *g = json_get(json_get(ifc, "interface"), "layout");
	const struct json *jt = json_get(g, "types"), *jf = json_get(g, "fields");

	*why = "no message layouts in the description (made by an older nkc?)";
	if (!jt || jt->type != J_ARR || !jf || jf->type != J_ARR)
		return -1;
	*why = "too many layout types or fields";
	if (jt->n > NKIPC_LAYOUT_MAX_TYPES || jf->n > NKIPC_LAYOUT_MAX_FIELDS)
		return -1;
	*nt = (uint32_t)jt->n;
	*nf = (uint32_t)jf->n;
	*types = xcalloc(*nt + 1, sizeof(**types));
	*fields = xcalloc(*nf + 1, sizeof(**fields));
	*why = "bad layout type or field in the description";
	for (uint32_t i = 0; i < *nt; i++) {
		const struct json *t = jt->items[i];
		long long v[7] = { num(t, "kind", 255), num(t, "size", UINT32_MAX),
				   num(t, "align", 255), num(t, "bound", UINT32_MAX),
				   num(t, "elem", 65535), num(t, "first", 65535),
				   num(t, "n_fields", 65535) };

		for (int k = 0; k < 7; k++)
			if (v[k] < 0)
				return -1;
		(*types)[i] = (struct nkipc_ltype){
			.kind = (uint8_t)v[0], .size = (uint32_t)v[1],
			.align = (uint8_t)v[2], .bound = (uint32_t)v[3],
			.elem = (uint16_t)v[4], .first = (uint16_t)v[5],
			.n_fields = (uint16_t)v[6],
		};
	}
	for (uint32_t i = 0; i < *nf; i++) {
		long long off = num(jf->items[i], "offset", UINT32_MAX);
		long long ty = num(jf->items[i], "type", 65535);

		if (off < 0 || ty < 0)
			return -1;
		(*fields)[i].offset = (uint32_t)off;
		(*fields)[i].type = (uint16_t)ty;
	}
	return 0;
}

/*
 * Layout @key of @method: the part of the interface's graph its message
 * reaches, renumbered in the same order (so still pointing backwards),
 * after both have passed nkipc_layout_validate(), the kernel's own check.
 */
static int add_layout(struct cpolicy *p, const char *iface,
		      const struct json *ifc, const struct json *method,
		      const char *key, uint8_t dir, const char **why)
{
	const struct json *ml = json_get(json_get(method, key), "layout");
	uint32_t mid = (uint32_t)json_int(method, "mid");
	struct nkipc_ltype *T = NULL;
	struct nkipc_lfield *F = NULL;
	struct clayout tmp = { 0 }, *l;
	uint32_t nt = 0, nf = 0, i, j, n = 0, k = 0;
	uint16_t *newidx = NULL;
	uint8_t *used = NULL;
	long long v[4];
	int err = -1;

	if (!json_get(method, key) || have_layout(p, iface, mid, dir))
		return 0;
	if (read_graph(ifc, &T, &nt, &F, &nf, why))
		goto out;
	v[0] = num(ml, "const_size", UINT32_MAX);
	v[1] = num(ml, "alt_size", UINT32_MAX);
	v[2] = num(ml, "first", 65535);
	v[3] = num(ml, "n_fields", 65535);
	*why = "no layout for a message in the description";
	if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
		goto out;
	tmp.msg.const_size = (uint32_t)v[0];
	tmp.msg.alt_size = (uint32_t)v[1];
	tmp.msg.first = (uint16_t)v[2];
	tmp.msg.n_fields = (uint16_t)v[3];
	used = xcalloc(nt + 1, 1);
	newidx = xcalloc(nt + 1, sizeof(*newidx));
	if (nkipc_layout_validate(&tmp.msg, T, nt, F, nf, used, why))
		goto out;
	memset(used, 0, nt + 1);
	/* what the message reaches: references only point backwards */
	for (j = tmp.msg.first; j < (uint32_t)tmp.msg.first + tmp.msg.n_fields; j++)
		if (F[j].type != NKIPC_LTYPE_NONE)
			used[F[j].type] = 1;
	for (i = nt; i-- > 0;) {
		if (!used[i])
			continue;
		if (T[i].kind == NKIPC_LT_SEQUENCE || T[i].kind == NKIPC_LT_ARRAY)
			used[T[i].elem] = 1;
		if (T[i].kind == NKIPC_LT_STRUCT || T[i].kind == NKIPC_LT_UNION)
			for (j = T[i].first; j < (uint32_t)T[i].first + T[i].n_fields; j++)
				if (F[j].type != NKIPC_LTYPE_NONE)
					used[F[j].type] = 1;
	}
	for (i = 0; i < nt; i++)
		if (used[i])
			newidx[i] = (uint16_t)n++;
	tmp.types = xcalloc(n + 1, sizeof(*tmp.types));
	tmp.fields = xcalloc(nf + 1, sizeof(*tmp.fields));
	for (i = 0; i < nt; i++) {
		struct nkipc_ltype *t;

		if (!used[i])
			continue;
		t = &tmp.types[newidx[i]];
		*t = T[i];
		if (t->kind == NKIPC_LT_SEQUENCE || t->kind == NKIPC_LT_ARRAY)
			t->elem = newidx[T[i].elem];
		if (t->kind != NKIPC_LT_STRUCT && t->kind != NKIPC_LT_UNION)
			continue;
		t->first = (uint16_t)k;
		for (j = T[i].first; j < (uint32_t)T[i].first + T[i].n_fields; j++, k++) {
			tmp.fields[k] = F[j];
			if (F[j].type != NKIPC_LTYPE_NONE)
				tmp.fields[k].type = newidx[F[j].type];
		}
	}
	j = tmp.msg.first;
	tmp.msg.first = (uint16_t)k;
	for (i = 0; i < tmp.msg.n_fields; i++, k++) {
		tmp.fields[k] = F[j + i];
		if (F[j + i].type != NKIPC_LTYPE_NONE)
			tmp.fields[k].type = newidx[F[j + i].type];
	}
	tmp.n_types = n;
	tmp.n_fields = k;
	if (nkipc_layout_validate(&tmp.msg, tmp.types, tmp.n_types, tmp.fields,
				  tmp.n_fields, used, why))
		goto out;
	tmp.mid = mid;
	tmp.dir = dir;
	tmp.iface = xstrdup(iface);
	l = cpolicy_add_layout(p);
	*l = tmp;
	tmp.types = NULL;
	tmp.fields = NULL;
	err = 0;
out:
	free(T);
	free(F);
	free(used);
	free(newidx);
	free(tmp.types);
	free(tmp.fields);
	return err;
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
		const char *why = NULL;

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

			if (add_layout(p, ifname, ifc, me, "req",
				       NKIPC_LAYOUT_REQUEST, &why) ||
			    add_layout(p, ifname, ifc, me, "res",
				       NKIPC_LAYOUT_RESPONSE, &why) ||
			    add_layout(p, ifname, ifc, me, "err",
				       NKIPC_LAYOUT_ERROR, &why)) {
				snprintf(err, errlen, "%s.%s: %s", ifname,
					 json_str(me, "name"), why);
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
