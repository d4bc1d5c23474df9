// SPDX-License-Identifier: GPL-2.0
/*
 * show.c - `nkpolicy show [-j]`: the active policy with its counters,
 * for people (default) or as JSON, through one print path (print.h).
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

static void show_binding(const struct cbinding *b)
{
	print_json_nl();
	open_json_object(NULL);
	print_string(PRINT_ANY, "class", "\nbinding: %s\n", b->class_name);
	if (b->exe) {
		print_string(PRINT_ANY, "exe", "  exe: %s", b->exe);
		print_uint(PRINT_JSON, "dev", NULL, b->dev);
		print_text(" (dev %u:%u", (b->dev >> 8) & 0xfff,
			   (b->dev & 0xff) | ((b->dev >> 12) & 0xfff00));
		print_u64(PRINT_ANY, "ino", " inode %" PRIu64 ")\n", b->ino);
	}
	if (b->has_uid)
		print_uint(PRINT_ANY, "uid", "  uid: %u\n", b->uid);
	if (b->has_gid)
		print_uint(PRINT_ANY, "gid", "  gid: %u\n", b->gid);
	if (b->cgroup)
		print_string(PRINT_ANY, "cgroup", "  cgroup: %s\n", b->cgroup);
	if (b->label)
		print_string(PRINT_ANY, "label", "  label: %s\n", b->label);
	print_u64(PRINT_ANY, "opens", "  opens: %" PRIu64 "\n", b->hits);
	close_json_object();
}

static void show_rule(const struct crule *r)
{
	char buf[128];

	print_json_nl();
	open_json_object(NULL);
	print_uint(PRINT_ANY, "index", "\nrule %u: ", r->index);
	print_text("%s\n", r->text ? r->text : kind_name(r->kind));
	print_string(PRINT_ANY, "kind", "  kind: %s", kind_name(r->kind));
	if (r->src)
		print_string(PRINT_ANY, "src", "  src: %s", r->src);
	if (r->dst)
		print_string(PRINT_ANY, "dst", "  dst: %s", r->dst);
	if (r->channel)
		print_string(PRINT_ANY, "channel", "  channel: %s", r->channel);
	if (r->server)
		print_string(PRINT_ANY, "server", "  server: %s", r->server);
	if (r->handle_kind)
		print_string(PRINT_ANY, "handle", "  handle: %s",
			     r->handle_kind == NKIPC_HANDLE_FD ? "fd" : "channel");
	if (r->target)
		print_string(PRINT_ANY, "target", "  target: %s", r->target);
	if (r->target_class)
		print_string(PRINT_ANY, "target_class", "  target_class: %s",
			     r->target_class);
	/* the text has the riid before the interface, the JSON after */
	if (r->has_riid)
		print_uint(PRINT_FP, "riid", "  riid: %u", r->riid);
	if (r->iface)
		print_string(PRINT_ANY, "interface", "  interface: %s", r->iface);
	if (r->text)
		print_string(PRINT_JSON, "text", NULL, r->text);
	if (r->has_riid)
		print_uint(PRINT_JSON, "riid", NULL, r->riid);
	if (r->has_mid)
		print_uint(PRINT_ANY, "mid", "  mid: %u", r->mid);
	open_json_array("statements");
	for (int k = 0; k < r->n_stmts; k++) {
		stmt_str(&r->stmts[k], buf, sizeof(buf));
		print_string(PRINT_JSON, NULL, NULL, buf);
	}
	close_json_array();
	print_u64(PRINT_ANY, "hits", "\n  hits: %" PRIu64, r->hits);
	print_u64(PRINT_ANY, "denials", "  denials: %" PRIu64 "\n", r->denials);
	close_json_object();
}

/*
 * A layout as `nkc --describe` writes it (linux/nkipc_layout.h): the
 * message's sizes and root fields, its types and fields.
 */
static void show_layout(const struct clayout *l)
{
	print_json_nl();
	open_json_object(NULL);
	print_string(PRINT_JSON, "interface", NULL, l->iface);
	print_uint(PRINT_JSON, "mid", NULL, l->mid);
	print_string(PRINT_JSON, "dir", NULL, dir_name(l->dir));
	open_json_object("layout");
	print_uint(PRINT_JSON, "const_size", NULL, l->msg.const_size);
	print_uint(PRINT_JSON, "alt_size", NULL, l->msg.alt_size);
	print_uint(PRINT_JSON, "first", NULL, l->msg.first);
	print_uint(PRINT_JSON, "n_fields", NULL, l->msg.n_fields);
	open_json_array("types");
	for (uint32_t i = 0; i < l->n_types; i++) {
		const struct nkipc_ltype *t = &l->types[i];

		open_json_object(NULL);
		print_uint(PRINT_JSON, "kind", NULL, t->kind);
		print_uint(PRINT_JSON, "size", NULL, t->size);
		print_uint(PRINT_JSON, "align", NULL, t->align);
		print_uint(PRINT_JSON, "bound", NULL, t->bound);
		print_uint(PRINT_JSON, "elem", NULL, t->elem);
		print_uint(PRINT_JSON, "first", NULL, t->first);
		print_uint(PRINT_JSON, "n_fields", NULL, t->n_fields);
		close_json_object();
	}
	close_json_array();
	open_json_array("fields");
	for (uint32_t i = 0; i < l->n_fields; i++) {
		open_json_object(NULL);
		print_uint(PRINT_JSON, "offset", NULL, l->fields[i].offset);
		print_uint(PRINT_JSON, "type", NULL, l->fields[i].type);
		close_json_object();
	}
	close_json_array();
	close_json_object();
	close_json_object();
}

static void show(const struct nkstate *s, const struct cpolicy *p)
{
	open_json_object(NULL);
	if (!s->generation && !p->generation) {
		print_u64(PRINT_JSON, "generation", NULL, 0);
		print_string(PRINT_ANY, "mode",
			     "no policy loaded: every message is allowed (mode %s)\n",
			     mode_name(s->mode));
		close_json_object();
		return;
	}
	print_u64(PRINT_ANY, "generation", "policy: generation %" PRIu64 "\n",
		  s->generation);
	print_string(PRINT_ANY, "mode", "  mode: %s\n", mode_name(s->mode));
	print_string(PRINT_ANY, "default", "  default: %s\n",
		     p->default_decision == NKIPC_DECISION_GRANT ? "grant" : "deny");
	print_bool(PRINT_ANY, "audit_grants", "  audit grants: %s\n",
		   s->audit_flags & NKIPC_AUDIT_F_GRANTS);
	print_json_nl();
	open_json_array("bindings");
	for (size_t i = 0; i < p->n_bindings; i++)
		show_binding(&p->bindings[i]);
	close_json_array();
	print_json_nl();
	open_json_array("rules");
	for (size_t i = 0; i < p->n_rules; i++)
		show_rule(&p->rules[i]);
	close_json_array();
	if (p->n_layouts)
		print_text("\nlayouts: %zu method messages checked\n", p->n_layouts);
	print_json_nl();
	open_json_array("layouts");
	for (size_t i = 0; i < p->n_layouts; i++)
		show_layout(&p->layouts[i]);
	close_json_array();
	close_json_object();
}

int cmd_show(int argc, char **argv)
{
	struct nkstate s;
	struct cpolicy p;
	int err = json_option(argc, argv, "show");

	if (err)
		return err;
	if (nkgenl_fetch(&s, &p))
		return 1;
	show(&s, &p);
	cpolicy_free(&p);
	return 0;
}
