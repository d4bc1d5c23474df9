// SPDX-License-Identifier: LGPL-2.1-or-later
/* ping_impl.c - echo.Ping for the example servers (see ping_impl.h). */
#include <stdio.h>
#include <string.h>

#include "ping_impl.h"

static nk_err_t Ping_impl(struct echo_Ping *self,
			  const struct echo_Ping_Ping_req *req,
			  const struct nk_arena *req_arena,
			  struct echo_Ping_Ping_res *res,
			  struct nk_arena *res_arena)
{
	(void)self;
	(void)req_arena;
	(void)res_arena;
	res->result = req->value + 1;
	printf("server: Ping(%u) -> %u\n", (unsigned int)req->value,
	       (unsigned int)res->result);
	return NK_EOK;
}

static nk_err_t Echo_impl(struct echo_Ping *self,
			  const struct echo_Ping_Echo_req *req,
			  const struct nk_arena *req_arena,
			  struct echo_Ping_Echo_res *res,
			  struct nk_arena *res_arena)
{
	nk_uint32_t len;
	const char *text = nk_arena_get(char, req_arena, &req->text, &len);
	char *reply;

	(void)self;
	if (!text || !len)
		return NK_EBADMSG;
	reply = nk_arena_alloc(char, res_arena, &res->reply, len);
	if (!reply)
		return NK_ENOMEM;
	memcpy(reply, text, len);
	printf("server: Echo(\"%s\")\n", text);
	return NK_EOK;
}

struct echo_Ping *CreateIPingImpl(void)
{
	static const struct echo_Ping_ops ops = {
		.Ping = Ping_impl,
		.Echo = Echo_impl,
	};
	static struct echo_Ping impl = { .ops = &ops };

	return &impl;
}
