// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors server: answers Divide with the quotient, or with an error
 * response (the IDL error parameter) for a division by zero or an
 * overflow.  The receive/dispatch/reply loop runs in a thread created
 * with KosThreadCreate; main waits for it with KosThreadWait.
 *
 * Usage: errors-server [COUNT]   serve COUNT requests (default 3), exit
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <kos/thread.h>
#include <rtl/compiler.h>
#include <rtl/stdint.h>
#include <errors/Server.edl.h>

static NkKosTransport transport;
static errors_Server_entity entity;

static nk_err_t Divide_impl(__rtl_unused struct errors_Divider *self,
			    const errors_Divider_Divide_req *req,
			    __rtl_unused const struct nk_arena *req_arena,
			    errors_Divider_Divide_res *res,
			    __rtl_unused struct nk_arena *res_arena)
{
	nk_uint16_t code = 0;

	if (req->b == 0)
		code = errors_Divider_DivisionByZero;
	else if (req->a == RTL_INT32_MIN && req->b == -1)
		code = errors_Divider_Overflow;
	if (code) {
		/* an error response: err_ instead of the out parameters */
		nk_err_reset(&res->err_);
		res->err_.code = code;
		printf("server: Divide(%d, %d) -> error %u\n", (int)req->a,
		       (int)req->b, (unsigned int)code);
		return NK_EOK;
	}
	res->quotient = req->a / req->b;
	printf("server: Divide(%d, %d) -> %d\n", (int)req->a, (int)req->b,
	       (int)res->quotient);
	return NK_EOK;
}

static int serve(void *context)
{
	int count = *(int *)context, served = 0;
	errors_Server_entity_req req;
	errors_Server_entity_res res;

	while (served < count) {
		nk_req_reset(&req);
		if (nk_transport_recv(&transport.base, &req.base_, NULL) !=
		    NK_EOK)
			continue;
		errors_Server_entity_dispatch(&entity, &req.base_, NULL,
					      &res.base_, NULL);
		if (nk_transport_reply(&transport.base, &res.base_, NULL) !=
		    NK_EOK)
			fprintf(stderr, "server: reply failed\n");
		served++;
	}
	return served;
}

int main(int argc, char *argv[])
{
	static const struct errors_Divider_ops ops = { .Divide = Divide_impl };
	static struct errors_Divider divider = { .ops = &ops };
	int count = argc > 1 ? atoi(argv[1]) : 3;
	rtl_uint32_t served = 0;
	ServiceId id;
	Handle handle;
	Tid tid;
	Retcode rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	handle = ServiceLocatorRegister("errors_connection", NULL, 0, &id);
	if (handle == INVALID_HANDLE) {
		printf("server: cannot register errors_connection\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	errors_Server_entity_init(&entity, &divider);
	printf("server: registered errors_connection\n");

	rc = KosThreadCreate(&tid, ThreadPriorityNormal, 0, serve, &count, 0);
	if (rc != rcOk) {
		printf("server: KosThreadCreate: %s\n", RetcodeName(rc));
		return EXIT_FAILURE;
	}
	rc = KnThreadWait(tid, INFINITE_TIMEOUT, &served);
	printf("server: worker ended (%s), served %u\n", RetcodeName(rc),
	       (unsigned int)served);
	return rc == rcOk ? EXIT_SUCCESS : EXIT_FAILURE;
}
