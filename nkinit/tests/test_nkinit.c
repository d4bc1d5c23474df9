// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of nkinit's YAML front end, checker and execute rules (via
 * nkpolicy's compiler)
 * (Check, TAP on stdout).  Run in nkinit/tests/ (solution.yaml,
 * security.psl, trusted.psl).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nkinit.h"

/* the program name in nkpolicy compiler messages (policy/nkpolicy.h) */
const char *prog = "test_nkinit";

static char *diag_buf;
static size_t diag_len;

/* Parses and checks @text as "t.yaml"; returns the errors, text in diag_buf. */
static int load(const char *text, struct nki_solution *sol)
{
	struct nki_diag d;
	FILE *f;

	free(diag_buf);
	diag_buf = NULL;
	f = open_memstream(&diag_buf, &diag_len);
	d.out = f;
	d.errors = 0;
	if (!nki_parse("t.yaml", text, strlen(text), sol, &d))
		nki_check(sol, &d);
	fclose(f);
	return (int)d.errors;
}

static int has(const char *s)
{
	return diag_buf && strstr(diag_buf, s);
}

static const struct nki_entity *ent(const struct nki_solution *sol, const char *task)
{
	for (size_t i = 0; i < sol->n_ents; i++)
		if (!strcmp(sol->ents[i].task, task))
			return &sol->ents[i];
	return NULL;
}

START_TEST(kos_solution_parses)
{
	struct nki_diag d = { stderr, 0 };
	struct nki_solution sol;
	const struct nki_entity *e;

	ck_assert_int_eq(nki_parse_file("solution.yaml", &sol, &d), 0);
	ck_assert_int_eq(nki_check(&sol, &d), 0);
	ck_assert_uint_eq(sol.n_ents, 5);
	e = ent(&sol, "ex.ClientC");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->name, "ex.Client");
	ck_assert_str_eq(e->path, "ClientC");
	ck_assert_uint_eq(e->n_args, 2);
	ck_assert_str_eq(e->args[0], "-v");
	ck_assert_str_eq(e->args[1], "");
	ck_assert_uint_eq(e->n_env, 1);
	ck_assert_str_eq(e->env[0], "GREETING=hello world");
	ck_assert_uint_eq(e->n_conns, 2);
	ck_assert_int_eq(e->line, 4);
	ck_assert_int_eq(e->conns[1].line, 15);
	e = ent(&sol, "ex.Lone");	/* task and path default from the name */
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->path, "Lone");
	ck_assert_int_eq(ent(&sol, "ex.ServerCXX")->restart, NKI_RESTART_ON_FAILURE);
	ck_assert_int_eq(ent(&sol, "ex.ServerC")->restart, NKI_RESTART_NO);
	nki_free(&sol);
}
END_TEST

START_TEST(channels_per_instance)
{
	struct nki_diag d = { stderr, 0 };
	struct nki_solution sol;
	const struct nki_entity *e;

	ck_assert_int_eq(nki_parse_file("solution.yaml", &sol, &d), 0);
	ck_assert_int_eq(nki_check(&sol, &d), 0);
	/* server1_connection reaches only ServerC: the id is the name */
	e = ent(&sol, "ex.ClientC");
	ck_assert_str_eq(e->conns[0].kname, "server1_connection");
	ck_assert_str_eq(e->conns[1].kname, "server2_connection");
	ck_assert_str_eq(e->sl_env,
			 "NK_SL_CHANNELS=server1_connection=server1_connection;server2_connection=server2_connection");
	e = ent(&sol, "ex.ServerC");
	ck_assert_str_eq(e->sl_env, "NK_SL_CHANNELS=server1_connection=server1_connection");
	e = ent(&sol, "ex.ServerCXX");
	ck_assert_str_eq(e->sl_env,
			 "NK_SL_CHANNELS=server2_connection=server2_connection;server1_connection2=server1_connection2");
	ck_assert_ptr_null(ent(&sol, "ex.Lone")->sl_env);
	nki_free(&sol);
}
END_TEST

START_TEST(shared_id_gets_instance_names)
{
	struct nki_solution sol;
	const char *y =
		"entities:\n"
		"- {task: A, name: p.Server}\n"
		"- {task: B, name: p.Server}\n"
		"- name: p.C1\n"
		"  connections: [{target: A, id: conn}]\n"
		"- name: p.C2\n"
		"  connections: [{target: B, id: conn}]\n"
		"- name: p.C3\n"
		"  connections: [{target: B, id: conn}]\n";

	ck_assert_int_eq(load(y, &sol), 0);
	ck_assert_str_eq(ent(&sol, "p.C1")->conns[0].kname, "A/conn");
	ck_assert_str_eq(ent(&sol, "p.C2")->conns[0].kname, "B/conn");
	ck_assert_str_eq(ent(&sol, "p.C3")->conns[0].kname, "B/conn");
	ck_assert_str_eq(ent(&sol, "A")->sl_env, "NK_SL_CHANNELS=conn=A/conn");
	ck_assert_str_eq(ent(&sol, "B")->sl_env, "NK_SL_CHANNELS=conn=B/conn");
	ck_assert_str_eq(ent(&sol, "p.C1")->sl_env, "NK_SL_CHANNELS=conn=A/conn");
	nki_free(&sol);
}
END_TEST

/* KOS's Einit creates the declared channels: one register rule per (server
 * class, channel), one connect rule per (client class, server class, channel) */
START_TEST(channel_grants)
{
	struct nki_diag d = { stderr, 0 };
	struct nki_solution sol;
	char *g;
	const char *y =
		"entities:\n"
		"- {task: A, name: p.Server}\n"
		"- {task: B, name: p.Server}\n"
		"- name: p.C1\n"
		"  connections: [{target: A, id: conn}, {target: B, id: other}]\n"
		"- {task: C2a, name: p.C2, connections: [{target: B, id: conn}]}\n"
		"- {task: C2b, name: p.C2, connections: [{target: B, id: conn}]}\n";

	ck_assert_int_eq(load(y, &sol), 0);
	g = nki_channel_grants(&sol, &d);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g,
		"register src=p.Server channel=\"A/conn\" { grant () }\t# t.yaml:5: A serves it\n"
		"connect src=p.C1 dst=p.Server channel=\"A/conn\" { grant () }\t# t.yaml:5: p.C1 -> A\n"
		"register src=p.Server channel=\"other\" { grant () }\t# t.yaml:5: B serves it\n"
		"connect src=p.C1 dst=p.Server channel=\"other\" { grant () }\t# t.yaml:5: p.C1 -> B\n"
		"register src=p.Server channel=\"B/conn\" { grant () }\t# t.yaml:6: B serves it\n"
		"connect src=p.C2 dst=p.Server channel=\"B/conn\" { grant () }\t# t.yaml:6: C2a -> B\n");
	free(g);
	nki_free(&sol);
	/* no connections: no rules */
	ck_assert_int_eq(load("entities:\n- name: a.B\n", &sol), 0);
	g = nki_channel_grants(&sol, &d);
	ck_assert_str_eq(g, "");
	free(g);
	nki_free(&sol);
	/* an id a PSL string cannot hold is an error, not a broken policy */
	ck_assert_int_eq(load("entities:\n- {name: a.S}\n- name: a.C\n"
			      "  connections: [{target: a.S, id: 'x\" } register { grant () } #'}]\n", &sol), 0);
	free(diag_buf);
	diag_buf = NULL;
	d.out = open_memstream(&diag_buf, &diag_len);
	ck_assert_ptr_null(nki_channel_grants(&sol, &d));
	fclose(d.out);
	ck_assert(has("t.yaml:4: error: connection id"));
	nki_free(&sol);
}
END_TEST

START_TEST(placeholders)
{
	struct nki_solution sol;

	ck_assert_int_eq(load("entities:\n- name: a.B\n@INIT_B_ENTITY_CONNECTIONS@\n"
			      "@INIT_B_ENTITY_CONNECTIONS+@\n@INIT_EXTERNAL_ENTITIES@\n", &sol), 0);
	ck_assert_uint_eq(sol.n_ents, 1);
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  path: @BIN_DIR@/b\n", &sol), 1);
	ck_assert(has("t.yaml:3: error: unknown placeholder @BIN_DIR@"));
	nki_free(&sol);
	/* an e-mail address in a string is no placeholder */
	ck_assert_int_eq(load("entities:\n- name: a.B\n  args: [\"x@Y.org\"]\n", &sol), 0);
	ck_assert_str_eq(sol.ents[0].args[0], "x@Y.org");
	nki_free(&sol);
}
END_TEST

START_TEST(errors_have_lines)
{
	struct nki_solution sol;

	ck_assert_int_eq(load("entities:\n- name: a.B\n  colour: red\n", &sol), 1);
	ck_assert(has("t.yaml:3: error: unknown key 'colour'"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n- name: a.B\n", &sol), 1);
	ck_assert(has("t.yaml:3: error: task 'a.B' is already defined at line 2"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  connections:\n  - target: a.X\n    id: c\n", &sol), 1);
	ck_assert(has("t.yaml:4: error: connection target 'a.X' is not a task"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  connections:\n  - target: a.B\n", &sol), 1);
	ck_assert(has("t.yaml:4: error: a connection needs target and id"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  args: [x\n", &sol), 1);
	ck_assert(has("t.yaml:"));
	ck_assert(has("error:"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- task: t\n", &sol), 1);
	ck_assert(has("t.yaml:2: error: an entity needs a name"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a..B\n", &sol), 1);
	ck_assert(has("t.yaml:2: error: entity class 'a..B' has an empty part"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  restart: sometimes\n", &sol), 1);
	ck_assert(has("t.yaml:3: error: restart must be no, on-failure or always"));
	nki_free(&sol);
	ck_assert_int_eq(load("tasks: []\n", &sol), 1);
	ck_assert(has("t.yaml:1: error: unknown key 'tasks'"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  env: [x]\n", &sol), 1);
	ck_assert(has("t.yaml:3: error: env must be a mapping"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- {name: a.S}\n- name: a.B\n  connections:\n"
			      "  - {target: a.S, id: c}\n  - {target: a.S, id: c}\n", &sol), 1);
	ck_assert(has("t.yaml:6: error: task 'a.B' has two connections with id 'c' (line 5)"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- {name: a.S}\n- name: a.B\n  connections:\n"
			      "  - {target: a.S, id: \"x;y\"}\n", &sol), 1);
	ck_assert(has("t.yaml:5: error: connection id 'x;y' must be"));
	nki_free(&sol);
	ck_assert_int_eq(load("entities:\n- name: a.B\n  connections: [{target: a.B, id: c}]\n", &sol), 1);
	ck_assert(has("connects to itself"));
	nki_free(&sol);
}
END_TEST

START_TEST(serving_and_connecting_one_id)
{
	struct nki_solution sol;

	/* M serves "c" (for C) and connects to S with "c": one id, two names */
	ck_assert_int_eq(load("entities:\n- {name: a.S}\n"
			      "- name: a.M\n  connections: [{target: a.S, id: c}]\n"
			      "- name: a.C\n  connections: [{target: a.M, id: c}]\n", &sol), 1);
	ck_assert(has("task 'a.M' uses id 'c' both as a client and as a server"));
	nki_free(&sol);
}
END_TEST

START_TEST(empty_and_null)
{
	struct nki_solution sol;

	ck_assert_int_eq(load("entities:\n", &sol), 0);
	ck_assert_uint_eq(sol.n_ents, 0);
	nki_free(&sol);
	ck_assert_int_eq(load("", &sol), 1);
	nki_free(&sol);
	ck_assert_int_eq(nki_parse("t.yaml", "entities:\0", 10, &sol,
				   &(struct nki_diag){ NULL, 0 }), 1);
	nki_free(&sol);
}
END_TEST

/* The solution @yaml judged by the policy @psl (files in tests/). */
static int exec_check(const char *yaml, const char *psl, const char *self)
{
	const char *inc[] = { "." };
	struct nki_solution sol;
	struct nki_diag d;
	FILE *f;
	int ret;

	ck_assert_int_eq(load(yaml, &sol), 0);
	free(diag_buf);
	diag_buf = NULL;
	f = open_memstream(&diag_buf, &diag_len);
	d.out = f;
	d.errors = 0;
	ret = nki_execute_check(&sol, psl, NULL, inc, 1, self, &d);
	fclose(f);
	ck_assert_int_eq(ret, (int)d.errors);
	nki_free(&sol);
	return ret;
}

static int psl_file(const char *text)
{
	FILE *f = fopen("t.psl", "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	return fclose(f);
}

START_TEST(execute_grant_deny_no_rule)
{
	/* granted by a rule, also inside a match section */
	ck_assert_int_eq(exec_check("entities:\n- name: ex.Client\n- name: ex.Server\n",
				    "security.psl", "Einit"), 0);
	ck_assert_str_eq(diag_buf, "");
	/* the rule imported from trusted.psl with `use trusted._` */
	ck_assert_int_eq(exec_check("entities:\n- name: Einit\n", "security.psl",
				    "kl.core.Core"), 0);
	/* deny in security.psl wins over the grant in trusted.psl */
	ck_assert_int_eq(exec_check("entities:\n- name: ex.Client\n- name: ex.Banned\n",
				    "security.psl", "Einit"), 1);
	ck_assert(has("t.yaml:3: error: ex.Banned: execute of ex.Banned by Einit denied by `execute dst=ex.Banned { deny () }` (security.psl)"));
	/* no rule matches: denied, for another launcher class too */
	ck_assert_int_eq(exec_check("entities:\n- name: ex.Unknown\n", "security.psl", "Einit"), 1);
	ck_assert(has("t.yaml:2: error: ex.Unknown: no execute rule of security.psl lets Einit start ex.Unknown"));
	ck_assert_int_eq(exec_check("entities:\n- name: ex.Server\n", "security.psl", "Other"), 1);
	ck_assert(has("no execute rule of security.psl lets Other start ex.Server"));
}
END_TEST

START_TEST(execute_policy_kinds)
{
	static const char yaml[] = "entities:\n- name: x.Y\n";

	/* no execute interface, no rule: starting is not controlled */
	psl_file("default deny\nrequest { grant() }\n");
	ck_assert_int_eq(exec_check(yaml, "t.psl", "Einit"), 0);
	/* the interface declared and no rule: nothing may start */
	psl_file("execute: kl.core.Execute\n");
	ck_assert_int_eq(exec_check(yaml, "t.psl", "Einit"), 1);
	ck_assert(has("no execute rule of t.psl lets Einit start x.Y"));
	/* a rule and no match: denied even with `default grant` */
	psl_file("default grant\nexecute src=a.B { grant () }\n");
	ck_assert_int_eq(exec_check(yaml, "t.psl", "Einit"), 1);
	/* a policy that does not compile starts nothing, with file:line */
	psl_file("execute: kl.core.Execute\n\nexecute src=Einit {\n  grant ()\n");
	ck_assert_int_ne(exec_check(yaml, "t.psl", "Einit"), 0);
	ck_assert(has("t.psl:5:1: error: expected '}' closing the rule"));
	ck_assert(has("t.psl: error: 1 error in the policy"));
	psl_file("execute method=main { grant () }\n");
	ck_assert_int_ne(exec_check(yaml, "t.psl", "Einit"), 0);
	ck_assert(has("t.psl:1:1: error: execute rules take src= and dst= only"));
	remove("t.psl");
}
END_TEST

/* The dynamic grants of solution @yaml under policy text @psl. */
static char *dyn_grants(const char *yaml, const char *psl)
{
	const char *inc[] = { "." };
	struct nki_diag d = { stderr, 0 };
	struct nki_solution sol;
	char *stat, *dyn;

	ck_assert_int_eq(load(yaml, &sol), 0);
	psl_file(psl);
	ck_assert_int_eq(nki_policy_grants(&sol, "t.psl", inc, 1, &stat, &dyn, &d), 0);
	free(stat);
	nki_free(&sol);
	return dyn;
}

/*
 * Dynamic channels: a task whose class may call kl.core.NameServer and
 * kl.core.Core owns its task name as server name; a class that may call
 * kl.core.Core may connect to it; nothing else.
 */
START_TEST(dynamic_grants)
{
	static const char yaml[] =
		"entities:\n"
		"- {task: S1, name: d.Server}\n"
		"- {task: S2, name: d.Server}\n"
		"- {task: C, name: d.Client}\n"
		"- {task: M, name: d.Mute}\n";
	static const char head[] =
		"use nk.base._\nuse EDL kl.core.Core\nuse EDL kl.core.NameServer\n"
		"request src=d.Server dst=kl.core.Core { grant () }\n"
		"request src=d.Client dst=kl.core.Core { grant () }\n";
	char psl[1024], *g;

	/* the server class may call the name server: it publishes as S1, S2 */
	snprintf(psl, sizeof(psl), "%s%s", head,
		 "request src=d.Server dst=kl.core.NameServer { grant () }\n");
	g = dyn_grants(yaml, psl);
	ck_assert_str_eq(g,
		"register src=d.Server server=\"S1\" { grant () }\t# t.yaml:2: S1 may publish (kl.core.NameServer) and accept (kl.core.Core) under its task name\n"
		"connect src=d.Server dst=d.Server server=\"S1\" { grant () }\t# t.yaml:2: d.Server may connect (kl.core.Core)\n"
		"connect src=d.Client dst=d.Server server=\"S1\" { grant () }\t# t.yaml:4: d.Client may connect (kl.core.Core)\n"
		"register src=d.Server server=\"S2\" { grant () }\t# t.yaml:3: S2 may publish (kl.core.NameServer) and accept (kl.core.Core) under its task name\n"
		"connect src=d.Server dst=d.Server server=\"S2\" { grant () }\t# t.yaml:2: d.Server may connect (kl.core.Core)\n"
		"connect src=d.Client dst=d.Server server=\"S2\" { grant () }\t# t.yaml:4: d.Client may connect (kl.core.Core)\n");
	free(g);
	/* every class may call the name server (trusted.psl): d.Mute has no
	 * kl.core.Core calls, so neither publishes nor connects */
	snprintf(psl, sizeof(psl), "%s%s", head, "request dst=kl.core.NameServer { grant () }\n");
	g = dyn_grants(yaml, psl);
	ck_assert(strstr(g, "register src=d.Client server=\"C\""));
	ck_assert(!strstr(g, "d.Mute") && !strstr(g, "server=\"M\""));
	free(g);
	/* no name server calls: no dynamic channel; a deny() wins */
	g = dyn_grants(yaml, head);
	ck_assert_str_eq(g, "");
	free(g);
	snprintf(psl, sizeof(psl), "%s%s", head,
		 "request dst=kl.core.NameServer { grant () }\n"
		 "request src=d.Server { deny () }\n");
	g = dyn_grants(yaml, psl);
	ck_assert(!strstr(g, "register src=d.Server"));
	ck_assert(strstr(g, "register src=d.Client server=\"C\""));
	free(g);
	/* default grant grants these calls unless a rule denies them (and
	 * the server names still become owned) */
	g = dyn_grants(yaml, "default grant\nrequest src=d.Mute dst=kl.core.Core { deny () }\n");
	ck_assert(strstr(g, "register src=d.Server server=\"S1\""));
	ck_assert(strstr(g, "connect src=d.Client dst=d.Mute server=\"M\"") == NULL);
	ck_assert(strstr(g, "register src=d.Mute") == NULL);
	free(g);
	remove("t.psl");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nkinit");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, kos_solution_parses);
	tcase_add_test(tc, channels_per_instance);
	tcase_add_test(tc, shared_id_gets_instance_names);
	tcase_add_test(tc, channel_grants);
	tcase_add_test(tc, placeholders);
	tcase_add_test(tc, errors_have_lines);
	tcase_add_test(tc, serving_and_connecting_one_id);
	tcase_add_test(tc, empty_and_null);
	tcase_add_test(tc, execute_grant_deny_no_rule);
	tcase_add_test(tc, execute_policy_kinds);
	tcase_add_test(tc, dynamic_grants);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");	/* stdout itself */
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(diag_buf);
	return failed ? 1 : 0;
}
