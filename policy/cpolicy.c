// SPDX-License-Identifier: GPL-2.0
/*
 * cpolicy.c - the compiled policy container.
 */
#include <stdlib.h>
#include <string.h>

#include "nkpolicy.h"

static void *grow(void *arr, size_t *n, size_t elem)
{
	char *a = xrealloc(arr, (*n + 1) * elem);

	memset(a + *n * elem, 0, elem);
	(*n)++;
	return a;
}

struct crule *cpolicy_add_rule(struct cpolicy *p)
{
	p->rules = grow(p->rules, &p->n_rules, sizeof(*p->rules));
	return &p->rules[p->n_rules - 1];
}

struct clayout *cpolicy_add_layout(struct cpolicy *p)
{
	p->layouts = grow(p->layouts, &p->n_layouts, sizeof(*p->layouts));
	return &p->layouts[p->n_layouts - 1];
}

struct cbinding *cpolicy_add_binding(struct cpolicy *p)
{
	p->bindings = grow(p->bindings, &p->n_bindings, sizeof(*p->bindings));
	return &p->bindings[p->n_bindings - 1];
}

struct crule *cpolicy_add_exec_rule(struct cpolicy *p)
{
	p->exec_rules = grow(p->exec_rules, &p->n_exec_rules,
			     sizeof(*p->exec_rules));
	return &p->exec_rules[p->n_exec_rules - 1];
}

static bool class_matches(const char *sel, const char *cls)
{
	return !sel || !strcmp(sel, cls);
}

uint32_t cpolicy_execute(const struct cpolicy *p, const char *src,
			 const char *dst, const char **why)
{
	const char *first = NULL;
	bool matched = false;

	if (why)
		*why = NULL;
	for (size_t i = 0; i < p->n_exec_rules; i++) {
		const struct crule *r = &p->exec_rules[i];

		if (!class_matches(r->src, src) || !class_matches(r->dst, dst))
			continue;
		if (!matched)
			first = r->text;
		matched = true;
		for (int s = 0; s < r->n_stmts; s++) {
			if (r->stmts[s].type == NKIPC_STMT_DENY) {
				if (why)
					*why = r->text;
				return NKIPC_DECISION_DENY;
			}
		}
	}
	if (why)
		*why = first;
	if (matched || (!p->n_exec_rules && !p->exec_iface))
		return NKIPC_DECISION_GRANT;
	return NKIPC_DECISION_DENY;
}

uint32_t cpolicy_request(const struct cpolicy *p, const char *src,
			 const char *dst, const char **why)
{
	const char *first = NULL;
	bool matched = false;

	if (why)
		*why = NULL;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct crule *r = &p->rules[i];

		if (r->kind != NKIPC_KIND_REQUEST ||
		    !class_matches(r->src, src) || !class_matches(r->dst, dst))
			continue;
		/* a rule for one endpoint, method or channel: not these calls */
		if (r->has_riid || r->has_mid || r->iface || r->channel ||
		    r->server)
			continue;
		if (!matched)
			first = r->text;
		matched = true;
		for (int s = 0; s < r->n_stmts; s++) {
			if (r->stmts[s].type != NKIPC_STMT_GRANT) {
				if (why)
					*why = r->text;
				return NKIPC_DECISION_DENY;
			}
		}
	}
	if (why)
		*why = first;
	if (matched)
		return NKIPC_DECISION_GRANT;
	return p->default_decision;
}

void cpolicy_add_source(struct cpolicy *p, const char *line)
{
	p->source = grow(p->source, &p->n_source, sizeof(*p->source));
	p->source[p->n_source - 1] = xstrdup(line);
}

void cpolicy_free(struct cpolicy *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		free(p->rules[i].src);
		free(p->rules[i].dst);
		free(p->rules[i].channel);
		free(p->rules[i].server);
		free(p->rules[i].iface);
		free(p->rules[i].text);
		free(p->rules[i].target);
		free(p->rules[i].target_class);
	}
	for (size_t i = 0; i < p->n_exec_rules; i++) {
		free(p->exec_rules[i].src);
		free(p->exec_rules[i].dst);
		free(p->exec_rules[i].text);
	}
	free(p->exec_rules);
	for (size_t i = 0; i < p->n_layouts; i++) {
		free(p->layouts[i].iface);
		free(p->layouts[i].types);
		free(p->layouts[i].fields);
	}
	for (size_t i = 0; i < p->n_bindings; i++) {
		free(p->bindings[i].class_name);
		free(p->bindings[i].exe);
		free(p->bindings[i].cgroup);
		free(p->bindings[i].label);
	}
	for (size_t i = 0; i < p->n_source; i++)
		free(p->source[i]);
	free(p->rules);
	free(p->layouts);
	free(p->bindings);
	free(p->source);
	memset(p, 0, sizeof(*p));
}
