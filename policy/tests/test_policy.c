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
#include <sys/stat.h>
#include <unistd.h>

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
			/* nkc's graph, cut to what the message reaches */
			ck_assert_uint_eq(40, l->msg.const_size);
			ck_assert_uint_eq(0, l->msg.alt_size);
			ck_assert_uint_eq(2, l->msg.n_fields);
			ck_assert_uint_eq(2, l->n_types);
			ck_assert_uint_eq(2, l->n_fields);
			ck_assert_uint_eq(24, l->fields[l->msg.first].offset);
			ck_assert_uint_eq(NKIPC_LT_STRING,
					  l->types[l->fields[l->msg.first].type].kind);
			ck_assert_uint_eq(64, l->types[l->fields[l->msg.first].type].bound);
			ck_assert_uint_eq(32, l->fields[l->msg.first + 1].offset);
			ck_assert_uint_eq(NKIPC_LT_BYTES,
					  l->types[l->fields[l->msg.first + 1].type].kind);
			ck_assert_uint_eq(128,
					  l->types[l->fields[l->msg.first + 1].type].bound);
		}
		if (!strcmp(l->iface, "demo.Ping") && l->dir == NKIPC_LAYOUT_ERROR) {
			found++;
			ck_assert_uint_eq(24, l->msg.const_size);
			ck_assert_uint_eq(32, l->msg.alt_size);	/* the res union */
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

/* ---- PSL as KOS solutions write it (policy/tests/psl, modelled on real ones) ---- */

#ifndef PSL_EDL_DIR
#define PSL_EDL_DIR "psl"
#endif

/* Compiles psl/@name with the test entities' descriptions (PSL_EDL_DIR). */
static int compile_psl(const char *name, struct cpolicy *p)
{
	const char *incdirs[] = { PSL_EDL_DIR };
	struct compile_opts co = { incdirs, 1 };
	char path[256];
	struct diag d;
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "psl/%s", name);
	free(diag_buf);
	diag_buf = NULL;
	f = open_memstream(&diag_buf, &diag_len);
	d.out = f;
	d.errors = 0;
	ret = policy_compile(path, NULL, 0, &co, p, &d);
	fclose(f);
	return ret;
}

static const struct crule *find_kind(const struct cpolicy *p, uint8_t kind,
				     const char *src, const char *dst)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct crule *r = &p->rules[i];

		if (r->kind == kind &&
		    (src ? r->src && !strcmp(r->src, src) : !r->src) &&
		    (dst ? r->dst && !strcmp(r->dst, dst) : !r->dst))
			return r;
	}
	return NULL;
}

static uint32_t exec_decision(const struct cpolicy *p, const char *src,
			      const char *dst, const char *why)
{
	const char *w;
	uint32_t d = cpolicy_execute(p, src, dst, &w);

	if (why)
		ck_assert_msg(w && !strcmp(w, why), "%s -> %s: why \"%s\", expected \"%s\"",
			      src, dst, w ? w : "(null)", why);
	else
		ck_assert_ptr_null(w);
	return d;
}

/* the smallest solution policy: everything granted, every PSL kind */
START_TEST(psl_hello)
{
	struct cpolicy p;

	ck_assert_int_eq(0, compile_psl("hello.psl", &p));
	ck_assert_str_eq("", diag_buf);
	ck_assert(p.exec_iface);
	ck_assert_uint_eq(3, p.n_rules);
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_REQUEST, NULL, NULL));
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_RESPONSE, NULL, NULL));
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_ERROR, NULL, NULL));
	ck_assert_str_eq("request { grant () }", p.rules[0].text);
	ck_assert_uint_eq(1, p.n_exec_rules);
	ck_assert_uint_eq(1, p.n_security_rules);
	ck_assert_uint_eq(0, p.n_layouts);	/* hello.Hello serves nothing */
	ck_assert_uint_eq(NKIPC_DECISION_GRANT,
			  exec_decision(&p, "Einit", "hello.Hello", "execute { grant () }"));
	cpolicy_free(&p);
}
END_TEST

/* nested match sections in execute and request blocks */
START_TEST(psl_client_server)
{
	struct cpolicy p;
	const struct crule *r;

	ck_assert_int_eq(0, compile_psl("client-server.psl", &p));
	ck_assert_str_eq("psl/client-server.psl:9:5: warning: PSL module kl.core.DCM not found (kl/core/DCM.psl next to the policy, in a -I directory or in $NKPOLICY_PATH): nothing imported\n",
			 diag_buf);
	/* 4 requests, response, error; layouts of example.Calc.Add */
	ck_assert_uint_eq(6, p.n_rules);
	ck_assert_uint_eq(3, p.n_layouts);
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_REQUEST, "Einit", "kl.core.Core"));
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_REQUEST, "example.Server", "kl.core.Core"));
	r = find_kind(&p, NKIPC_KIND_REQUEST, "example.Client", "example.Server");
	ck_assert_ptr_nonnull(r);
	ck_assert(!r->has_riid && !r->has_mid);
	ck_assert_str_eq("request src=example.Client dst=example.Server { grant () }", r->text);
	ck_assert_ptr_null(find_kind(&p, NKIPC_KIND_REQUEST, "example.Server", "example.Client"));
	/* execute: 2 from kl.core.Core, 3 from Einit */
	ck_assert_uint_eq(5, p.n_exec_rules);
	ck_assert_uint_eq(NKIPC_DECISION_GRANT, exec_decision(&p, "kl.core.Core", "Einit",
		"execute src=kl.core.Core dst=Einit { grant () }"));
	ck_assert_uint_eq(NKIPC_DECISION_GRANT, exec_decision(&p, "Einit", "example.Client",
		"execute src=Einit dst=example.Client { grant () }"));
	ck_assert_uint_eq(NKIPC_DECISION_DENY,
			  exec_decision(&p, "example.Client", "example.Server", NULL));
	ck_assert_uint_eq(NKIPC_DECISION_DENY, exec_decision(&p, "Einit", "Einit", NULL));
	cpolicy_free(&p);
}
END_TEST

/* a rule with endpoint/method and a condition on a struct field */
START_TEST(psl_errors_via_ipc)
{
	struct cpolicy p;
	const struct crule *r;

	ck_assert_int_eq(0, compile_psl("errors-via-ipc.psl", &p));
	ck_assert_ptr_nonnull(strstr(diag_buf, "errors-via-ipc.psl:7:5: warning: PSL module logrr.Server not found"));
	ck_assert_ptr_null(strstr(diag_buf, "error:"));
	ck_assert_uint_eq(7, p.n_rules);
	r = find_rule(&p, "endpoint=log method=SumRequest");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(NKIPC_KIND_REQUEST, r->kind);
	ck_assert_str_eq("errors_via_ipc_example.Client", r->src);
	ck_assert_str_eq("errors_via_ipc_example.Server", r->dst);
	ck_assert(r->has_riid && r->riid == 0);
	ck_assert_str_eq("errors_via_ipc_example.Sum", r->iface);
	ck_assert(r->has_mid && r->mid == 0);
	ck_assert_int_eq(1, r->n_stmts);
	ck_assert_uint_eq(NKIPC_STMT_DENY_IF, r->stmts[0].type);
	/* message.request.repeats: the struct at 24, repeats its first UInt32 */
	ck_assert_uint_eq(24, r->stmts[0].offset);
	ck_assert_uint_eq(4, r->stmts[0].size);
	ck_assert(!r->stmts[0].is_signed);
	ck_assert_uint_eq(NKIPC_OP_GT, r->stmts[0].op);
	ck_assert_uint_eq(1, r->stmts[0].value);
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_REQUEST,
					"errors_via_ipc_example.Client", "logrr.Server"));
	ck_assert_uint_eq(NKIPC_DECISION_GRANT, exec_decision(&p, "Einit", "logrr.Server",
		"execute src=Einit dst=logrr.Server { grant () }"));
	cpolicy_free(&p);
}
END_TEST

/* a match section that grants every client of one server */
START_TEST(psl_amqp_consumer)
{
	struct cpolicy p;

	ck_assert_int_eq(0, compile_psl("amqp-consumer.psl", &p));
	ck_assert_ptr_null(strstr(diag_buf, "error:"));
	ck_assert_uint_eq(6, p.n_rules);
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_REQUEST, NULL, "kl.bc.BlobContainer"));
	ck_assert_ptr_nonnull(find_kind(&p, NKIPC_KIND_REQUEST, "amqp.Consumer", "kl.VfsNet"));
	ck_assert_uint_eq(6, p.n_exec_rules);
	cpolicy_free(&p);
}
END_TEST

/* PSL that nkipc does not support: exactly these errors, nothing else */
static const struct { const char *file, *msgs; } psl_bad[] = {
	{ "sequence.psl",
	  "psl/sequence.psl:20:64: error: size() is not supported: a condition compares a fixed-size integer field of the message with a number\n" },
	{ "board-template.psl",
	  "psl/board-template.psl:6:1: error: template directive ({% ... %} or {{ ... }}): render the template first, nkpolicy reads plain PSL\n"
	  "psl/board-template.psl:7:5: warning: PSL module kl.drivers.Bcm2711MboxArmToVc not found (kl/drivers/Bcm2711MboxArmToVc.psl next to the policy, in a -I directory or in $NKPOLICY_PATH): nothing imported\n"
	  "psl/board-template.psl:8:1: error: template directive ({% ... %} or {{ ... }}): render the template first, nkpolicy reads plain PSL\n" },
	{ "external-entities.psl.in",
	  "psl/external-entities.psl.in:8:1: error: unexpanded @PLACEHOLDER@: configure the .psl.in file first (as the KOS SDK's build does)\n" },
	{ "flow-model.psl",
	  "psl/flow-model.psl:4:5: error: security model nk.flow is not supported (only the Base model, nk.base._)\n"
	  "psl/flow-model.psl:9:1: error: policy objects (security models other than Base) are not supported\n"
	  "psl/flow-model.psl:21:23: error: 'service_flow.enter': security models are not supported (the Base model's grant(), deny() and assert() only)\n" },
	{ "task-class.psl",
	  "psl/task-class.psl:3:1: error: 'task class' declarations are not supported: use `use EDL`\n" },
};

START_TEST(psl_unsupported)
{
	struct cpolicy p;

	ck_assert_int_eq(-1, compile_psl(psl_bad[_i].file, &p));
	ck_assert_str_eq(psl_bad[_i].msgs, diag_buf);
	cpolicy_free(&p);
}
END_TEST

START_TEST(psl_sections_and_conditions)
{
	struct cpolicy p;

	/* commas between selectors, the number on the left, (field) */
	ck_assert_int_eq(0, compile(
		"use EDL demo.App\n"
		"request dst=demo.App {\n"
		"  match endpoint=own, method=Ping { assert(800 > message.value) }\n"
		"  match src=demo.Client method=Ping { grant(); deny(((message.value)) == 7) }\n"
		"  deny ()\n"
		"}\n", &p));
	ck_assert_uint_eq(3, p.n_rules);
	/* the section's own statements first, in the order of the sections */
	ck_assert_str_eq("request dst=demo.App endpoint=own method=Ping { assert(800 > message.value) }",
			 p.rules[0].text);
	ck_assert_uint_eq(NKIPC_OP_LT, p.rules[0].stmts[0].op);
	ck_assert_uint_eq(800, p.rules[0].stmts[0].value);
	ck_assert(p.rules[0].has_riid);
	ck_assert_str_eq("request src=demo.Client dst=demo.App method=Ping { grant() deny(((message.value)) == 7) }",
			 p.rules[1].text);
	ck_assert_uint_eq(NKIPC_STMT_DENY_IF, p.rules[1].stmts[1].type);
	ck_assert_uint_eq(NKIPC_OP_EQ, p.rules[1].stmts[1].op);
	ck_assert_uint_eq(24, p.rules[1].stmts[1].offset);
	ck_assert_str_eq("request dst=demo.App { deny () }", p.rules[2].text);
	cpolicy_free(&p);
	/* a failing section does not hide the next ones' errors */
	ck_assert_int_eq(-1, compile(
		"request { match src=a.B { frob() } match src=c.D { deny(x) } }\n", &p));
	ck_assert_str_eq("./t.policy:1:27: error: expected grant(), deny(), assert(...), match or '}'\n"
			 "./t.policy:1:57: error: expected message.FIELD\n", diag_buf);
	cpolicy_free(&p);
}
END_TEST

START_TEST(psl_execute_decisions)
{
	struct cpolicy p;

	ck_assert_int_eq(0, compile(
		"execute: kl.core.Execute\n"
		"execute src=Einit { grant () }\n"
		"execute src=Einit dst=bad.X { deny () }\n"
		"security src=a.B method=Foo { deny () }\n", &p));
	ck_assert_uint_eq(0, p.n_rules);	/* nothing for the kernel */
	ck_assert_uint_eq(2, p.n_exec_rules);
	ck_assert_uint_eq(1, p.n_security_rules);
	ck_assert_uint_eq(NKIPC_DECISION_DENY, exec_decision(&p, "Einit", "bad.X",
		"execute src=Einit dst=bad.X { deny () }"));
	ck_assert_uint_eq(NKIPC_DECISION_GRANT, exec_decision(&p, "Einit", "ok.Y",
		"execute src=Einit { grant () }"));
	ck_assert_uint_eq(NKIPC_DECISION_DENY, exec_decision(&p, "x.Y", "ok.Y", NULL));
	cpolicy_free(&p);
	/* no match denies, whatever the default decision */
	ck_assert_int_eq(0, compile("default grant\nexecute src=a.B { grant() }\n", &p));
	ck_assert_uint_eq(NKIPC_DECISION_DENY, exec_decision(&p, "x.Y", "ok.Y", NULL));
	cpolicy_free(&p);
	/* no execute rule, no `execute:`: starting is not controlled */
	ck_assert_int_eq(0, compile("default deny\nrequest { grant() }\n", &p));
	ck_assert_uint_eq(NKIPC_DECISION_GRANT, exec_decision(&p, "x.Y", "ok.Y", NULL));
	cpolicy_free(&p);
	/* `execute:` and no rule: nothing may start */
	ck_assert_int_eq(0, compile("execute: kl.core.Execute\ndefault grant\n", &p));
	ck_assert_uint_eq(NKIPC_DECISION_DENY, exec_decision(&p, "x.Y", "ok.Y", NULL));
	cpolicy_free(&p);
}
END_TEST

START_TEST(psl_module_import)
{
	char dir[] = "/tmp/nkpolicy-psl.XXXXXX", path[512];
	const char *incdirs[1];
	struct compile_opts co = { incdirs, 1 };
	struct diag d = { NULL, 0 };
	struct cpolicy p;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	incdirs[0] = dir;
	snprintf(path, sizeof(path), "%s/kl", dir);
	ck_assert_int_eq(0, mkdir(path, 0700));
	snprintf(path, sizeof(path), "%s/kl/Foo.psl", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("use nk.base._\nrequest src=kl.Foo { grant () }\n", f);
	fclose(f);
	/* found on the -I path, compiled in place, once */
	static const char src[] = "use kl.Foo._\nuse kl.Foo._\nresponse { grant() }\n";

	ck_assert_int_eq(0, policy_compile("./t.policy", src, strlen(src), &co, &p, &d));
	ck_assert_uint_eq(2, p.n_rules);
	ck_assert_str_eq("kl.Foo", p.rules[0].src);
	ck_assert_uint_eq(NKIPC_KIND_RESPONSE, p.rules[1].kind);
	cpolicy_free(&p);
	remove(path);
	snprintf(path, sizeof(path), "%s/kl", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

/* Each bad source with the start of the message expected for it. */
static const struct { const char *src, *msg; } bad[] = {
	{ "request foo=x { grant() }", "t.policy:1:9: error: expected '{' or a selector (src, dst, endpoint, method, channel, server, handle, target, target_class), got 'foo'" },
	{ "request handle=fd { grant() }", "t.policy:1:1: error: handle=, target= and target_class= are for transfer rules" },
	{ "transfer { assert(message.x == 1) }", "t.policy:1:19: error: message.x: transfer rules test handle.kind and handle.rights" },
	{ "transfer handle=fd target=\"a\" { grant() }", "t.policy:1:1: error: target= and target_class= name a channel, not an fd" },
	{ "transfer handle=pipe { grant() }", "t.policy:1:1: error: handle= is fd or channel" },
	{ "request { assert(handle.rights == 1) }", "t.policy:1:18: error: handle.rights: handle fields are for transfer rules" },
	{ "transfer method=Ping { grant() }", "t.policy:1:1: error: transfer rules take src, dst, channel, handle, target and target_class" },
	{ "transfer { assert(handle.rights == -1) }", "t.policy:1:19: error: handle.rights is a 32-bit unsigned number" },
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
	/* PSL */
	{ "execute: kl.core.Foo", "t.policy:1:10: error: unknown execute interface kl.core.Foo: nkipc has kl.core.Execute only" },
	{ "execute: kl.core.Execute\nexecute: kl.core.Execute",
	  "t.policy:2:10: error: the execute interface is declared twice" },
	{ "match src=a.B { execute: kl.core.Execute }",
	  "t.policy:1:26: error: the execute interface is declared at the top level" },
	{ "execute endpoint=a { grant() }", "t.policy:1:1: error: execute rules take src= and dst= only" },
	{ "execute { match src=a.B { assert(message.x < 1) } }",
	  "t.policy:1:34: error: execute rules carry no message to test" },
	{ "security dst=a.B { grant() }", "t.policy:1:1: error: security rules take src= and method= only" },
	{ "request { deny(size(message.x) > 1) }", "t.policy:1:16: error: size() is not supported" },
	{ "request { flow.enter(\"x\") }",
	  "t.policy:1:11: error: 'flow.enter': security models are not supported" },
	{ "use nk.flow._", "t.policy:1:5: error: security model nk.flow is not supported (only the Base model, nk.base._)" },
	{ "use foo", "t.policy:1:5: error: 'use foo': import a PSL module as NAME._" },
	{ "use EDL Einit\nuse kl.core.DCM._", NULL },	/* a warning only */
	{ "policy object f : Flow { }", "t.policy:1:1: error: policy objects (security models other than Base) are not supported" },
	{ "audit profile trace = { }", "t.policy:1:1: error: audit profiles are not supported" },
	{ "request { deny(1 > 2) }", "t.policy:1:16: error: a condition compares one message field with a number" },
	{ "request { deny(message.a > message.b) }", "t.policy:1:16: error: a condition compares one message field" },
	{ "request { deny((message.a > 1) }", "t.policy:1:32: error: expected ')' or '||', got '}'" },
	{ "request { match src=a.B { } }", "t.policy:1:27: error: empty rule body" },
	{ "request dst=a.B, { grant() }", "t.policy:1:18: error: expected a selector after ','" },
	{ "request { match src=a.B { grant() }", "t.policy:1:36: error: expected '}' closing the rule" },
	{ "use EDL Einit\n  @INIT_EXTERNAL_ENTITIES@", "t.policy:2:3: error: unexpanded @PLACEHOLDER@" },
	{ "{% if BOARD %}\n", "t.policy:1:1: error: template directive" },
	{ "request { grant() }\n{{ X }}", "t.policy:2:1: error: template directive" },
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

	ck_assert(src != NULL);
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
	tcase_add_test(tc, psl_hello);
	tcase_add_test(tc, psl_client_server);
	tcase_add_test(tc, psl_errors_via_ipc);
	tcase_add_test(tc, psl_amqp_consumer);
	tcase_add_loop_test(tc, psl_unsupported, 0,
			    (int)(sizeof(psl_bad) / sizeof(psl_bad[0])));
	tcase_add_test(tc, psl_sections_and_conditions);
	tcase_add_test(tc, psl_execute_decisions);
	tcase_add_test(tc, psl_module_import);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");	/* stdout itself */
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(diag_buf);
	return failed ? 1 : 0;
}
