// SPDX-License-Identifier: LGPL-2.1-or-later
/* test_meta.c - entity metadata registry and the kernel endpoint table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "suites.h"

static const struct nk_endpoint_meta server_eps[] = {
	{ "OpsComp.FS", "Filesystem", 0, 1 },
	{ "Server.OpsComp.FS", "Filesystem", 0, 1 },
	{ "Operations.FS", "Filesystem", 0, 1 },
	{ "ping", "echo.Ping", 1, 2 },
};
static const struct nk_entity_meta server_meta = {
	"demo.Server", 4, server_eps,
};
static const struct nk_endpoint_meta other_eps[] = {
	{ "x", "X", 0, 1 },
};
static const struct nk_entity_meta other_meta = { "demo.Other", 1, other_eps };

START_TEST(select_and_table)
{
	struct nkipc_endpoint *rows;
	nk_uint32_t n;
	int err;

	unsetenv("NK_ENTITY");
	ck_assert_ptr_null(nk_meta_select(&err));
	ck_assert_int_eq(err, 0);	/* none: an empty table */
	ck_assert_int_eq(nk_meta_own_endpoints(&rows, &n), 0);
	ck_assert_uint_eq(n, 0);

	nk_meta_register(&server_meta);
	nk_meta_register(&server_meta);	/* idempotent */
	ck_assert_ptr_eq(nk_meta_select(&err), &server_meta);
	ck_assert_int_eq(nk_meta_own_endpoints(&rows, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(rows[0].name, "OpsComp.FS");
	ck_assert_str_eq(rows[2].name, "Operations.FS");
	ck_assert_str_eq(rows[3].iface, "echo.Ping");
	ck_assert_uint_eq(rows[3].riid, 1);
	ck_assert_uint_eq(rows[3].n_methods, 2);
	ck_assert_uint_eq(rows[3].flags, 0);
	free(rows);

	nk_meta_register(&other_meta);
	ck_assert_ptr_null(nk_meta_select(&err));
	ck_assert_int_eq(err, EINVAL);	/* ambiguous */
	setenv("NK_ENTITY", "Other", 1);
	ck_assert_ptr_eq(nk_meta_select(&err), &other_meta);
	setenv("NK_ENTITY", "demo.Server", 1);
	ck_assert_ptr_eq(nk_meta_select(&err), &server_meta);
	setenv("NK_ENTITY", "nobody", 1);
	ck_assert_ptr_null(nk_meta_select(&err));
	ck_assert_int_eq(err, ENOENT);
	unsetenv("NK_ENTITY");
}
END_TEST

START_TEST(names_too_long)
{
	static char longname[NKIPC_NAME_MAX + 1];
	struct nk_endpoint_meta ep = { longname, "I", 0, 1 };
	struct nk_entity_meta m = { "E", 1, &ep };
	struct nkipc_endpoint *rows;
	nk_uint32_t n;

	memset(longname, 'a', NKIPC_NAME_MAX);
	ck_assert_int_eq(nk_meta_endpoints(&m, &rows, &n), ENAMETOOLONG);
	longname[NKIPC_NAME_MAX - 1] = '\0';	/* 127 chars + NUL fits */
	ck_assert_int_eq(nk_meta_endpoints(&m, &rows, &n), 0);
	free(rows);
	ep.iface = NK_NULL;
	ck_assert_int_eq(nk_meta_endpoints(&m, &rows, &n), EINVAL);
	m.endpoints = NK_NULL;
	ck_assert_int_eq(nk_meta_endpoints(&m, &rows, &n), EINVAL);
}
END_TEST

/* No limit on entities linked into one program (once 64, then dropped). */
START_TEST(many_entities)
{
	static struct nk_entity_meta metas[200];
	static char names[200][16];
	unsigned int i;
	int err;

	for (i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "many.E%u", i);
		metas[i].name = names[i];
		nk_meta_register(&metas[i]);
	}
	for (i = 0; i < 200; i += 199) {
		setenv("NK_ENTITY", names[i], 1);
		ck_assert_ptr_eq(nk_meta_select(&err), &metas[i]);
		ck_assert_int_eq(err, 0);
	}
	unsetenv("NK_ENTITY");
}
END_TEST

Suite *meta_suite(void)
{
	Suite *s = suite_create("meta");
	TCase *tc = tcase_create("meta");

	tcase_add_test(tc, select_and_table);
	tcase_add_test(tc, names_too_long);
	tcase_add_test(tc, many_entities);
	suite_add_tcase(s, tc);
	return s;
}
