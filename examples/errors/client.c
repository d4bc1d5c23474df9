// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors client: calls Divide and tells a normal response (the quotient)
 * from an error response (nk_msg_check_err, the error parameter in
 * res.err_).  A transport failure is the proxy's own return value.
 *
 * Usage: errors-client   (exit status 0 if every answer is the expected one)
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <rtl/stdint.h>
#include <errors/Divider.idl.h>

static const char *code_name(nk_uint16_t code)
{
	switch (code) {
	case errors_Divider_DivisionByZero:
		return "division by zero";
	case errors_Divider_Overflow:
		return "overflow";
	default:
		return "?";
	}
}

/* 0 if the answer is the quotient @want (@want_err 0) or error @want_err. */
static int divide(struct errors_Divider_proxy *proxy, nk_sint32_t a,
		  nk_sint32_t b, nk_sint32_t want, nk_uint16_t want_err)
{
	errors_Divider_Divide_req req;
	errors_Divider_Divide_res res;
	nk_err_t rc;

	req.a = a;
	req.b = b;
	rc = errors_Divider_Divide(&proxy->base, &req, NULL, &res, NULL);
	if (rc != NK_EOK) {
		printf("client: Divide(%d, %d) failed: %d\n", (int)a, (int)b,
		       (int)rc);
		return -1;
	}
	if (nk_msg_check_err(&res)) {
		printf("client: Divide(%d, %d) -> error %u (%s)\n", (int)a,
		       (int)b, (unsigned int)res.err_.code,
		       code_name(res.err_.code));
		return res.err_.code == want_err ? 0 : -1;
	}
	printf("client: Divide(%d, %d) -> %d\n", (int)a, (int)b,
	       (int)res.quotient);
	return !want_err && res.quotient == want ? 0 : -1;
}

int main(void)
{
	struct errors_Divider_proxy proxy;
	NkKosTransport transport;
	Handle handle;
	nk_iid_t riid;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	handle = ServiceLocatorConnect("errors_connection");
	if (handle == INVALID_HANDLE) {
		printf("client: no errors_connection\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	riid = ServiceLocatorGetRiid(handle, "div");
	if (riid == INVALID_RIID) {
		printf("client: no endpoint div\n");
		return EXIT_FAILURE;
	}
	errors_Divider_proxy_init(&proxy, &transport.base, riid);

	failed |= divide(&proxy, 7, 2, 3, 0);
	failed |= divide(&proxy, 1, 0, 0, errors_Divider_DivisionByZero);
	failed |= divide(&proxy, RTL_INT32_MIN, -1, 0,
			 errors_Divider_Overflow);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
