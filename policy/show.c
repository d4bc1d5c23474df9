// SPDX-License-Identifier: GPL-2.0
/*
 * show.c - `nkpolicy show [-j]`: the active policy with its counters,
 * for people (default) or as JSON.
 */
#include <inttypes.h>
#include <string.h>

#include "state.h"

static void stmt_str(const struct cstmt *c, char *buf, size_t len)
{
	static const char *const t[] = { "grant()", "deny()", "assert", "deny" };

	if (c->type < NKIPC_STMT_ASSERT)
		snprintf(buf, len, "%s", t[c->type & 1]);
	else
		snprintf(buf, len, "%s(const[%u:%u]%s %s %" PRIu64 ")",
			 t[c->type & 3], c->offset, c->size,
			 c->is_signed ? "s" : "u", op_name(c->op), c->value);
}

static void show_human(const struct nkstate *s, const struct cpolicy *p)
{
	printf("policy: generation %" PRIu64 "\n", s->generation);
	printf("  mode: %s\n", mode_name(s->mode));
	printf("  default: %s\n",
	       p->default_decision == NKIPC_DECISION_GRANT ? "grant" : "deny");
	printf("  audit grants: %s\n",
	       s->audit_flags & NKIPC_AUDIT_F_GRANTS ? "yes" : "no");
	for (size_t i = 0; i < p->n_bindings; i++) {
		const struct cbinding *b = &p->bindings[i];

		printf("\nbinding: %s\n", b->class_name);
		if (b->exe)
			printf("  exe: %s (dev %u:%u inode %" PRIu64 ")\n", b->exe,
			       (b->dev >> 8) & 0xfff, (b->dev & 0xff) | ((b->dev >> 12) & 0xfff00),
			       b->ino);
		if (b->has_uid)
			printf("  uid: %u\n", b->uid);
		if (b->has_gid)
			printf("  gid: %u\n", b->gid);
		if (b->cgroup)
			printf("  cgroup: %s\n", b->cgroup);
		if (b->label)
			printf("  label: %s\n", b->label);
		printf("  opens: %" PRIu64 "\n", b->hits);
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct crule *r = &p->rules[i];

		printf("\nrule %u: %s\n", r->index, r->text ? r->text : kind_name(r->kind));
		printf("  kind: %s", kind_name(r->kind));
		if (r->src)
			printf("  src: %s", r->src);
		if (r->dst)
			printf("  dst: %s", r->dst);
		if (r->channel)
			printf("  channel: %s", r->channel);
		if (r->server)
			printf("  server: %s", r->server);
		if (r->handle_kind)
			printf("  handle: %s", r->handle_kind == NKIPC_HANDLE_FD ?
			       "fd" : "channel");
		if (r->target)
			printf("  target: %s", r->target);
		if (r->target_class)
			printf("  target_class: %s", r->target_class);
		if (r->has_riid)
			printf("  riid: %u", r->riid);
		if (r->iface)
			printf("  interface: %s", r->iface);
		if (r->has_mid)
			printf("  mid: %u", r->mid);
		printf("\n  hits: %" PRIu64 "  denials: %" PRIu64 "\n", r->hits,
		       r->denials);
	}
	if (p->n_layouts)
		printf("\nlayouts: %zu method messages checked\n", p->n_layouts);
}

/*
 * A layout as `nkc --describe` writes it (linux/nkipc_layout.h): the
 * message's sizes and root fields, its types and fields.
 */
static void layout_json(const struct clayout *l)
{
	printf("{\"const_size\": %u, \"alt_size\": %u, \"first\": %u, \"n_fields\": %u, "
	       "\"types\": [", l->msg.const_size, l->msg.alt_size, l->msg.first,
	       l->msg.n_fields);
	for (uint32_t i = 0; i < l->n_types; i++) {
		const struct nkipc_ltype *t = &l->types[i];

		printf("%s{\"kind\": %u, \"size\": %u, \"align\": %u, \"bound\": %u, "
		       "\"elem\": %u, \"first\": %u, \"n_fields\": %u}", i ? ", " : "",
		       t->kind, t->size, t->align, t->bound, t->elem, t->first, t->n_fields);
	}
	printf("], \"fields\": [");
	for (uint32_t i = 0; i < l->n_fields; i++)
		printf("%s{\"offset\": %u, \"type\": %u}", i ? ", " : "",
		       l->fields[i].offset, l->fields[i].type);
	printf("]}");
}

static void show_json(const struct nkstate *s, const struct cpolicy *p)
{
	char buf[128];

	printf("{\"generation\": %" PRIu64 ", \"mode\": \"%s\", \"default\": \"%s\", "
	       "\"audit_grants\": %s,\n \"bindings\": [", s->generation,
	       mode_name(s->mode),
	       p->default_decision == NKIPC_DECISION_GRANT ? "grant" : "deny",
	       s->audit_flags & NKIPC_AUDIT_F_GRANTS ? "true" : "false");
	for (size_t i = 0; i < p->n_bindings; i++) {
		const struct cbinding *b = &p->bindings[i];

		printf("%s{\"class\": ", i ? ",\n  " : "\n  ");
		json_print_str(stdout, b->class_name);
		if (b->exe) {
			printf(", \"exe\": ");
			json_print_str(stdout, b->exe);
			printf(", \"dev\": %u, \"ino\": %" PRIu64, b->dev, b->ino);
		}
		if (b->has_uid)
			printf(", \"uid\": %u", b->uid);
		if (b->has_gid)
			printf(", \"gid\": %u", b->gid);
		if (b->cgroup) {
			printf(", \"cgroup\": ");
			json_print_str(stdout, b->cgroup);
		}
		if (b->label) {
			printf(", \"label\": ");
			json_print_str(stdout, b->label);
		}
		printf(", \"opens\": %" PRIu64 "}", b->hits);
	}
	printf("],\n \"rules\": [");
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct crule *r = &p->rules[i];

		printf("%s{\"index\": %u, \"kind\": \"%s\"", i ? ",\n  " : "\n  ",
		       r->index, kind_name(r->kind));
#define S(k, v) do { if (v) { printf(", \"" k "\": "); json_print_str(stdout, v); } } while (0)
		S("src", r->src);
		S("dst", r->dst);
		S("channel", r->channel);
		S("server", r->server);
		S("target", r->target);
		S("target_class", r->target_class);
		S("interface", r->iface);
		S("text", r->text);
#undef S
		if (r->has_riid)
			printf(", \"riid\": %u", r->riid);
		if (r->has_mid)
			printf(", \"mid\": %u", r->mid);
		printf(", \"statements\": [");
		for (int k = 0; k < r->n_stmts; k++) {
			stmt_str(&r->stmts[k], buf, sizeof(buf));
			printf("%s", k ? ", " : "");
			json_print_str(stdout, buf);
		}
		printf("], \"hits\": %" PRIu64 ", \"denials\": %" PRIu64 "}",
		       r->hits, r->denials);
	}
	printf("],\n \"layouts\": [");
	for (size_t i = 0; i < p->n_layouts; i++) {
		const struct clayout *l = &p->layouts[i];

		printf("%s{\"interface\": ", i ? ",\n  " : "\n  ");
		json_print_str(stdout, l->iface);
		printf(", \"mid\": %u, \"dir\": \"%s\", \"layout\": ", l->mid,
		       dir_name(l->dir));
		layout_json(l);
		printf("}");
	}
	printf("]}\n");
}

int cmd_show(int argc, char **argv)
{
	struct nkstate s;
	struct cpolicy p;
	bool json;
	int err = json_option(argc, argv, "show");

	if (err)
		return err;
	if (nkgenl_fetch(&s, &p))
		return 1;
	json = json_output;
	if (!s.generation && !p.generation) {
		if (json)
			printf("{\"generation\": 0, \"mode\": \"%s\"}\n", mode_name(s.mode));
		else
			printf("no policy loaded: every message is allowed (mode %s)\n",
			       mode_name(s.mode));
	} else if (json) {
		show_json(&s, &p);
	} else {
		show_human(&s, &p);
	}
	cpolicy_free(&p);
	return 0;
}
