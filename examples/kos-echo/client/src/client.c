// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kos_echo client: connects to the static channel server_connection,
 * calls Ping(VALUE) and exits 0 if the answer is EXPECT (its arguments,
 * from init.yaml).
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>

#include <kos_echo/Ping.idl.h>

int main(int argc, char *argv[])
{
    nk_uint32_t value = argc > 1 ? (nk_uint32_t) strtoul(argv[1], NULL, 0) : 1;
    nk_uint32_t expect = argc > 2 ? (nk_uint32_t) strtoul(argv[2], NULL, 0) : 0;
    struct kos_echo_Ping_proxy proxy;
    NkKosTransport transport;
    kos_echo_Ping_Ping_req req;
    kos_echo_Ping_Ping_res res;
    nk_iid_t riid;
    Handle handle;

    handle = ServiceLocatorConnect("server_connection");
    if (handle == INVALID_HANDLE) {
        fprintf(stderr, "[Client] cannot connect to server_connection\n");
        return EXIT_FAILURE;
    }
    NkKosTransport_Init(&transport, handle, NK_NULL, 0);
    riid = ServiceLocatorGetRiid(handle, "pinger.ping");
    if (riid == INVALID_RIID) {
        fprintf(stderr, "[Client] no endpoint pinger.ping\n");
        return EXIT_FAILURE;
    }
    kos_echo_Ping_proxy_init(&proxy, &transport.base, riid);

    req.value = value;
    if (kos_echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL) != rcOk) {
        fprintf(stderr, "[Client] Ping(%u) failed\n", (unsigned) value);
        return EXIT_FAILURE;
    }
    fprintf(stderr, "[Client] Ping(%u) -> %u\n", (unsigned) value, (unsigned) res.result);
    return res.result == expect ? EXIT_SUCCESS : EXIT_FAILURE;
}
