// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kos_echo server: registers the static channel server_connection and
 * answers Ping(value) with value + OFFSET (its first argument, from
 * init.yaml), so that each client can tell which instance it reached.
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>

#include <kos_echo/Server.edl.h>

static nk_uint32_t offset;

static nk_err_t Ping_impl(struct kos_echo_Ping *self,
                          const struct kos_echo_Ping_Ping_req *req,
                          const struct nk_arena *req_arena,
                          struct kos_echo_Ping_Ping_res *res,
                          struct nk_arena *res_arena)
{
    (void) self;
    (void) req_arena;
    (void) res_arena;
    res->result = req->value + offset;
    fprintf(stderr, "[Server] Ping(%u) -> %u\n", (unsigned) req->value,
            (unsigned) res->result);
    return NK_EOK;
}

int main(int argc, char *argv[])
{
    static const struct kos_echo_Ping_ops ops = { .Ping = Ping_impl };
    static struct kos_echo_Ping impl = { .ops = &ops };
    kos_echo_Pinger_component component;
    kos_echo_Server_entity entity;
    NkKosTransport transport;
    ServiceId iid;
    Handle handle;

    offset = argc > 1 ? (nk_uint32_t) strtoul(argv[1], NULL, 0) : 1;
    handle = ServiceLocatorRegister("server_connection", NULL, 0, &iid);
    if (handle == INVALID_HANDLE) {
        fprintf(stderr, "[Server] cannot register server_connection\n");
        return EXIT_FAILURE;
    }
    NkKosTransport_Init(&transport, handle, NK_NULL, 0);
    kos_echo_Pinger_component_init(&component, &impl);
    kos_echo_Server_entity_init(&entity, &component);
    fprintf(stderr, "[Server] serving server_connection, offset %u\n", (unsigned) offset);

    for (;;) {
        kos_echo_Server_entity_req req;
        kos_echo_Server_entity_res res;

        nk_req_reset(&req);
        if (nk_transport_recv(&transport.base, &req.base_, NULL) != NK_EOK)
            continue;
        kos_echo_Server_entity_dispatch(&entity, &req.base_, NULL, &res.base_, NULL);
        if (nk_transport_reply(&transport.base, &res.base_, NULL) != NK_EOK)
            fprintf(stderr, "[Server] reply failed\n");
    }
    return EXIT_SUCCESS;
}
