// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the nkpolicy compiler (Check, TAP on stdout).  Run in
 * policy/tests/, where demo.App.json (nkc's golden `--describe` output of
 * the "nested" test) and good.policy live.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "nkpolicy.h"

const char *prog = "test_policy";

static char *diag_buf;
static size_t diag_len;

/* Compiles @text as "t.policy"; returns 0/-1, messages in diag_buf. */
static int compile(const char *text, struct cpolicy *p)
{
	FILE *f;
	struct diag d;
	int ret;

	free(diag_buf);
	diag_buf = NULL;
	f = open_memstream(&diag_buf, &diag_len);
	d.out = f;
	d.errors = 0;
	ret = policy_compile("./t.policy", text, strlen(text), NULL, p, &d);
	fclose(f);
	return ret;
}

static const struct crule *find_rule(const struct cpolicy *p, const char *text)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].text && strstr(p->rules[i].text, text))
			return &p->rules[i];
	return NULL;
}

START_TEST(good_policy_compiles)
{
	const char *incdirs[] = { "." };
	struct compile_opts co = { incdirs, 1 };
	struct diag d = { stderr, 0 };
	const struct crule *r;
	struct cpolicy p;

	ck_assert_int_eq(0, policy_compile("good.policy", NULL, 0, &co, &p, &d));
	ck_assert_uint_eq(8, p.n_rules);
	ck_assert_uint_eq(4, p.n_bindings);
	ck_assert_uint_eq(NKIPC_DECISION_DENY, p.default_decision);
	r = find_rule(&p, "endpoint=own method=Ping");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(NKIPC_KIND_REQUEST, r->kind);
	ck_assert_str_eq("demo.Client", r->src);
	ck_assert_str_eq("demo.App", r->dst);
	ck_assert(r->has_riid && r->riid == 0);
	ck_assert_str_eq("demo.Ping", r->iface);
	ck_assert(r->has_mid && r->mid == 0);
	ck_assert_int_eq(1, r->n_stmts);
	ck_assert_uint_eq(NKIPC_STMT_ASSERT, r->stmts[0].type);
	ck_assert_uint_eq(24, r->stmts[0].offset);
	ck_assert_uint_eq(4, r->stmts[0].size);
	ck_assert(!r->stmts[0].is_signed);
	ck_assert_uint_eq(NKIPC_OP_LT, r->stmts[0].op);
	ck_assert_uint_eq(800, r->stmts[0].value);
	r = find_rule(&p, "endpoint=outer.first.store method=Get");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(2, r->riid);
	ck_assert_str_eq("demo.Store", r->iface);
	ck_assert_uint_eq(1, r->mid);
	ck_assert_uint_eq(NKIPC_STMT_DENY, r->stmts[0].type);
	ck_assert_str_eq("/bin/true", p.bindings[0].exe);
	ck_assert_ptr_nonnull(strstr(p.bindings[2].exe, "/policy/tests/../x/prog"));
	ck_assert_uint_eq('/', p.bindings[2].exe[0]);
	ck_assert(p.bindings[1].has_uid && p.bindings[1].uid == 1000);
	ck_assert_str_eq("system_u:system_r:demo_t:s0", p.bindings[3].label);
	r = find_rule(&p, "server=App");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(NKIPC_KIND_REGISTER, r->kind);
	ck_assert_str_eq("App", r->server);
	ck_assert_str_eq("app", r->channel);
	ck_assert_uint_eq(1, p.n_source);
	ck_assert_ptr_nonnull(strstr(p.source[0], "use EDL demo.App from \"/"));
	ck_assert_ptr_nonnull(strstr(p.source[0], "/policy/tests/demo.App.json\""));
	cpolicy_free(&p);
}
END_TEST

START_TEST(layouts_from_describe)
{
	struct cpolicy p;
	int found = 0;

	ck_assert_int_eq(0, compile("use EDL demo.App\n", &p));
	for (size_t i = 0; i < p.n_layouts; i++) {
		const struct clayout *l = &p.layouts[i];

		if (!strcmp(l->iface, "demo.Store") && l->mid == 0 &&
		    l->dir == NKIPC_LAYOUT_REQUEST) {
			found++;
			ck_assert_uint_eq(40, l->const_size);
			ck_assert_int_eq(2, l->n_fields);
			ck_assert_uint_eq(24, l->fields[0].offset);
			ck_assert_uint_eq(NKIPC_FIELD_STRING, l->fields[0].kind);
			ck_assert_uint_eq(64, l->fields[0].bound);
			ck_assert_uint_eq(32, l->fields[1].offset);
			ck_assert_uint_eq(NKIPC_FIELD_BYTES, l->fields[1].kind);
			ck_assert_uint_eq(128, l->fields[1].bound);
		}
		if (!strcmp(l->iface, "demo.Ping") && l->dir == NKIPC_LAYOUT_ERROR) {
			found++;
			ck_assert_uint_eq(24, l->const_size);
			ck_assert_uint_eq(32, l->alt_size);	/* the res union */
		}
		for (size_t j = 0; j < i; j++)
			ck_assert(strcmp(l->iface, p.layouts[j].iface) ||
				  l->mid != p.layouts[j].mid ||
				  l->dir != p.layouts[j].dir);
	}
	ck_assert_int_eq(2, found);
	cpolicy_free(&p);
}
END_TEST

START_TEST(conjunction_and_disjunction)
{
	struct cpolicy p;

	ck_assert_int_eq(0, compile(
		"use EDL demo.App\n"
		"request dst=demo.App method=Ping {\n"
		"  assert(message.value >= 10 && message.value <= 0x20)\n"
		"  deny(message.value == 15 || message.value == 16); grant()\n"
		"}\n", &p));
	ck_assert_uint_eq(1, p.n_rules);
	ck_assert_int_eq(5, p.rules[0].n_stmts);
	ck_assert_uint_eq(NKIPC_STMT_ASSERT, p.rules[0].stmts[1].type);
	ck_assert_uint_eq(32, p.rules[0].stmts[1].value);
	ck_assert_uint_eq(NKIPC_STMT_DENY_IF, p.rules[0].stmts[3].type);
	ck_assert_uint_eq(NKIPC_STMT_GRANT, p.rules[0].stmts[4].type);
	/* the method's interface comes from the entity when unique */
	ck_assert_str_eq("demo.Ping", p.rules[0].iface);
	ck_assert(!p.rules[0].has_riid);
	cpolicy_free(&p);
}
END_TEST

START_TEST(match_nesting_and_overrides)
{
	struct cpolicy p;

	ck_assert_int_eq(0, compile(
		"match src=a.B { match dst=c.D { request { grant() } }\n"
		"  response dst=e.F { deny() } }\n"
		"connect channel=\"svc\" { grant() }\n"
		"publish src=x.Y { grant() }\n"
		"default grant\n", &p));
	ck_assert_uint_eq(4, p.n_rules);
	ck_assert_str_eq("a.B", p.rules[0].src);
	ck_assert_str_eq("c.D", p.rules[0].dst);
	ck_assert_str_eq("e.F", p.rules[1].dst);
	ck_assert_uint_eq(NKIPC_KIND_RESPONSE, p.rules[1].kind);
	ck_assert_str_eq("svc", p.rules[2].channel);
	ck_assert_uint_eq(NKIPC_KIND_REGISTER, p.rules[3].kind);
	ck_assert_uint_eq(NKIPC_DECISION_GRANT, p.default_decision);
	ck_assert_str_eq("request src=a.B dst=c.D { grant() }", p.rules[0].text);
	cpolicy_free(&p);
}
END_TEST

START_TEST(signed_and_values)
{
	struct cpolicy p;

	/* nested.golden has no signed field: a bad sign is an error */
	ck_assert_int_eq(-1, compile(
		"use EDL demo.App\n"
		"request dst=demo.App method=Ping { assert(message.value > -1) }\n",
		&p));
	ck_assert_ptr_nonnull(strstr(diag_buf, "t.policy:2:43: error: message.value is unsigned"));
	cpolicy_free(&p);
	ck_assert_int_eq(-1, compile(
		"use EDL demo.App\n"
		"request dst=demo.App method=Ping { assert(message.value < 0x100000000) }\n",
		&p));
	ck_assert_ptr_nonnull(strstr(diag_buf, "does not fit message.value"));
	cpolicy_free(&p);
}
END_TEST

/* Each bad source with the start of the message expected for it. */
static const struct { const char *src, *msg; } bad[] = {
	{ "request foo=x { grant() }", "t.policy:1:9: error: expected '{' or a selector (src, dst, endpoint, method, channel, server), got 'foo'" },
	{ "request src=a.B grant()", "t.policy:1:17: error: expected '{' or a selector" },
	{ "request { assert() }", "t.policy:1:18: error: assert() needs a condition" },
	{ "request { grant(message.x < 1) }", "t.policy:1:17: error: grant() takes no condition" },
	{ "request { }", "error: empty rule body" },
	{ "request { allow() }", "t.policy:1:11: error: expected grant(), deny(), assert" },
	{ "use EDL demo.App\nrequest dst=demo.Nope method=Ping { grant() }",
	  "t.policy:2:1: error: entity demo.Nope is not described" },
	{ "use EDL demo.App\nrequest endpoint=own { grant() }",
	  "t.policy:2:1: error: endpoint= needs dst=" },
	{ "use EDL demo.App\nrequest dst=demo.App endpoint=nope { grant() }",
	  "t.policy:2:1: error: demo.App has no endpoint nope" },
	{ "use EDL demo.App\nrequest dst=demo.App endpoint=own method=Put { grant() }",
	  "t.policy:2:1: error: interface demo.Ping has no method Put" },
	{ "use EDL demo.App\nrequest dst=demo.App method=Nope { grant() }",
	  "t.policy:2:1: error: method Nope: no endpoint of the entity has this method" },
	{ "use EDL demo.App\nrequest dst=demo.App method=Ping { assert(message.nope < 1) }",
	  "t.policy:2:43: error: message.nope: no field 'nope'" },
	{ "use EDL demo.App\nrequest dst=demo.App method=Put { assert(message.key < 1) }",
	  "error: message.key: 'key' is not a fixed-size scalar" },
	{ "request { assert(message.x < 1) }",
	  "t.policy:1:18: error: message.x: the rule needs method=" },
	{ "request { assert(value < 1) }", "t.policy:1:18: error: expected message.FIELD" },
	{ "request { assert(message.x ~ 1) }", "t.policy:1:28: error: unexpected character '~'" },
	{ "default deny\ndefault grant", "t.policy:2:9: error: the default decision is set twice" },
	{ "default maybe", "t.policy:1:9: error: expected 'grant' or 'deny'" },
	{ "include \"nope.policy\"", "t.policy:1:9: error: cannot read ./nope.policy" },
	{ "connect src=\"unterminated { grant() }", "t.policy:1:13: error: unterminated string" },
	{ "/* open comment\nrequest { grant() }", "t.policy:1:1: error: unterminated comment" },
	{ "}", "t.policy:1:1: error: '}' without a matching '{'" },
	{ "bind a.B", "t.policy:1:1: error: a binding needs uid=, gid= or cgroup=" },
	{ "bind a.B label=\"x_t\"",
	  "t.policy:1:1: error: label= alone does not identify a process" },
	{ "bind a.B exe=\"/bin/true\"",
	  "t.policy:1:1: error: exe= alone does not identify a process" },
	{ "bind a.B label=\"\"", "t.policy:1:16: error: label= needs an LSM context" },
	{ "request server=\"x\" { grant() }",
	  "t.policy:1:1: error: server= is for connect and register rules" },
	{ "bind a.B exe=\"\"", "t.policy:1:14: error: exe= needs a path in quotes" },
	{ "bind a.B cgroup=\"x\"", "t.policy:1:17: error: cgroup= needs an absolute" },
	{ "bind a.B uid=-1", "t.policy:1:14: error: expected a number from 0 to 4294967295" },
	{ "connect method=Ping { grant() }", "t.policy:1:1: error: connect rules have no endpoint=" },
	{ "register dst=a.B { grant() }", "t.policy:1:1: error: register rules have no dst=" },
	{ "use EDL no.Such", "t.policy:1:1: error: no description of no.Such" },
	{ "use EDL demo.App from \"good.policy\"",
	  "error: ./good.policy: line 1: bad value" },
	{ "frobnicate", "t.policy:1:1: error: expected a rule" },
	{ "match src=a.B { use EDL demo.App }", "t.policy:1:17: error: expected a rule" },
	{ "request src=a..B { grant() }", NULL },	/* accepted: a name */
};

START_TEST(errors_have_positions)
{
	struct cpolicy p;
	int ret = compile(bad[_i].src, &p);

	if (!bad[_i].msg) {
		ck_assert_int_eq(0, ret);
	} else {
		ck_assert_int_eq(-1, ret);
		ck_assert_msg(strstr(diag_buf, bad[_i].msg),
			      "source %d: expected \"%s\", got \"%s\"", _i,
			      bad[_i].msg, diag_buf);
	}
	cpolicy_free(&p);
}
END_TEST

START_TEST(include_relative_and_use_from)
{
	struct cpolicy p;
	FILE *f = fopen("inc.tmp.policy", "w");

	ck_assert_ptr_nonnull(f);
	fputs("use EDL demo.App from \"demo.App.json\"\n"
	      "request dst=demo.App endpoint=own method=Ping { grant() }\n", f);
	fclose(f);
	ck_assert_int_eq(0, compile("include \"inc.tmp.policy\"\nresponse { grant() }\n", &p));
	ck_assert_uint_eq(2, p.n_rules);
	ck_assert_uint_eq(0, p.rules[0].riid);
	remove("inc.tmp.policy");
	cpolicy_free(&p);
}
END_TEST

START_TEST(include_loop_is_bounded)
{
	struct cpolicy p;
	FILE *f = fopen("loop.tmp.policy", "w");

	ck_assert_ptr_nonnull(f);
	fputs("include \"loop.tmp.policy\"\n", f);
	fclose(f);
	ck_assert_int_eq(-1, compile("include \"loop.tmp.policy\"\n", &p));
	ck_assert_ptr_nonnull(strstr(diag_buf, "includes nested more than"));
	remove("loop.tmp.policy");
	cpolicy_free(&p);
}
END_TEST

START_TEST(json_reader)
{
	char err[128], deep[300];
	struct json *j;

	static const char doc[] =
		"{\"a\": [1, 2.5, \"x\\n\\u0041\"], \"b\": true, \"c\": null}";

	j = json_parse(doc, strlen(doc), err, sizeof(err));
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(3, json_get(j, "a")->n);
	ck_assert_str_eq("x\nA", json_get(j, "a")->items[2]->str);
	ck_assert(json_get(j, "b")->b);
	ck_assert_int_eq(-1, json_int(j, "c"));
	json_free(j);
	ck_assert_ptr_null(json_parse("{\"a\": }", 7, err, sizeof(err)));
	ck_assert_ptr_null(json_parse("[1, 2", 5, err, sizeof(err)));
	ck_assert_ptr_null(json_parse("\"abc", 4, err, sizeof(err)));
	ck_assert_ptr_null(json_parse("1 2", 3, err, sizeof(err)));
	ck_assert_ptr_null(json_parse("1\0", 2, err, sizeof(err)));
	ck_assert_ptr_null(json_parse("[\0]", 3, err, sizeof(err)));
	memset(deep, '[', sizeof(deep));
	ck_assert_ptr_null(json_parse(deep, sizeof(deep), err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "nested too deeply"));
}
END_TEST

START_TEST(limits)
{
	struct cpolicy p;
	char *src = malloc(64 * 1024);
	size_t n = 0;

	/* 17 statements in one rule */
	n += (size_t)sprintf(src, "request {");
	for (int i = 0; i < 17; i++)
		n += (size_t)sprintf(src + n, " grant()");
	sprintf(src + n, " }");
	ck_assert_int_eq(-1, compile(src, &p));
	ck_assert_ptr_nonnull(strstr(diag_buf, "more than 16 statements"));
	cpolicy_free(&p);
	/* matches nested too deep */
	n = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)sprintf(src + n, "match src=a.B { ");
	ck_assert_int_eq(-1, compile(src, &p));
	ck_assert_ptr_nonnull(strstr(diag_buf, "match nested more than"));
	cpolicy_free(&p);
	free(src);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nkpolicy");
	TCase *tc = tcase_create("compiler");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, good_policy_compiles);
	tcase_add_test(tc, layouts_from_describe);
	tcase_add_test(tc, conjunction_and_disjunction);
	tcase_add_test(tc, match_nesting_and_overrides);
	tcase_add_test(tc, signed_and_values);
	tcase_add_loop_test(tc, errors_have_positions, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, include_relative_and_use_from);
	tcase_add_test(tc, include_loop_is_bounded);
	tcase_add_test(tc, json_reader);
	tcase_add_test(tc, limits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "/dev/stdout");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(diag_buf);
	return failed ? 1 : 0;
}
