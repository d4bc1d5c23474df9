// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * unqualified.c - a second translation unit including the same generated
 * headers (so they link in several TUs), with NK_USE_UNQUALIFIED_NAMES.
 * (Not the KOS documentation's Server: unqualified, types.Server would clash with it.)
 */
#define NK_USE_UNQUALIFIED_NAMES
#include <demo/App.edl.h>
#include <types/Server.edl.h>

#include "rt.h"

void test_unqualified(void)
{
	Ping_Ping_req req;
	struct Store_Get_res res;
	Common_Entry e;

	(void)req;
	(void)res;
	(void)e;
	ok(App_outer_second_store_iid == demo_App_outer_second_store_iid &&
	   App_iidMax == 5 && Store_Get_mid == demo_Store_Get_mid &&
	   Store_req_arena_size == demo_Store_req_arena_size &&
	   Common_NameMax == 32 && Common_Value_text_tag == 2 &&
	   sizeof(Outer_component_req) == sizeof(demo_Outer_component_req),
	   "NK_USE_UNQUALIFIED_NAMES drops the package part");
	ok(&Ping_proxy_init == &demo_Ping_proxy_init && &All_Fails == &types_All_Fails,
	   "functions have unqualified names too");
}
