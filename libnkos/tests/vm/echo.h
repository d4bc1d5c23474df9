/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * echo.h - a test entity written the way nkc generates one: interface
 * test.Ping with Say(in string<64> text, in UInt32 n, out string<64>
 * text, out UInt32 n) on three endpoints, whose metadata rows carry every
 * name form ServiceLocatorGetRiid must resolve.
 */
#ifndef NKOS_VM_ECHO_H
#define NKOS_VM_ECHO_H

#include <nk/types.h>
#include <nk/arena.h>
#include <nk/transport.h>
#include <nk/meta.h>
#include <coresrv/nk/transport-kos.h>
#include <coresrv/nk/transport-kos-dispatch.h>

enum { Ping_Say_mid, Ping_mid_max };
enum { Echo_ping_iid, Echo_OpsComp_FS_iid, Echo_a_b_ep_iid, Echo_iidMax };

#define Ping_Say_req_arena_size 72
#define Ping_Say_res_arena_size 72

typedef struct __nk_packed Ping_Say_req {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t text;
	__nk_alignas(4) nk_uint32_t n;
} Ping_Say_req;

typedef struct __nk_packed Ping_Say_res {
	__nk_alignas(8) struct nk_message base_;
	__nk_alignas(4) nk_ptr_t text;
	__nk_alignas(4) nk_uint32_t n;
} Ping_Say_res;

typedef union Echo_entity_req {
	struct nk_message base_;
	Ping_Say_req Say;
} Echo_entity_req;

typedef union Echo_entity_res {
	struct nk_message base_;
	Ping_Say_res Say;
} Echo_entity_res;

struct Echo_entity {
	unsigned int delay_us;	/* per request, to overlap threads */
};

#define Echo_entity_req_arena_size Ping_Say_req_arena_size
#define Echo_entity_res_arena_size Ping_Say_res_arena_size

extern const struct nk_entity_meta echo_meta;

nk_err_t Echo_entity_dispatch(struct Echo_entity *self,
			      const struct nk_message *req,
			      const struct nk_arena *req_arena,
			      struct nk_message *res,
			      struct nk_arena *res_arena);

/* Client side: Say(text, n) through @t to @riid. */
nk_err_t echo_say(struct nk_transport *t, nk_iid_t riid, const char *text,
		  nk_uint32_t n, char *out, nk_size_t out_size,
		  nk_uint32_t *n_out);

#endif
