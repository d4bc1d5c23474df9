/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt.h - shared between the round-trip test files. */
#ifndef NKC_TEST_RT_H
#define NKC_TEST_RT_H

#include <nk/types.h>
#include <nk/arena.h>

#include "scenario.h"

struct types_Server_component;
extern int types_impl_calls;
void types_server_init(struct types_Server_component *entity);
nk_err_t types_dispatch(void *entity, const struct nk_message *req,
			const struct nk_arena *req_arena, struct nk_message *res,
			struct nk_arena *res_arena);

void test_types(void);
void test_types_loopback(void);
void test_malformed(void);
void test_nested(void);
void test_seed(void);
void test_unqualified(void);
void test_direct(void);

#endif
