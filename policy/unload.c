// SPDX-License-Identifier: GPL-2.0
/*
 * unload.c - `nkpolicy unload`: back to the built-in "allow everything".
 */
#include <netlink/genl/genl.h>

#include "nkpolicy.h"

int cmd_unload(int argc, char **argv)
{
	struct nkgenl g;
	struct nl_msg *m;
	int err;

	(void)argv;
	if (argc != 1)
		return usage_error("unload");
	if (nkgenl_open(&g))
		return 1;
	m = nkgenl_msg(&g, NKIPC_CMD_UNLOAD, 0);
	err = m ? nkgenl_do(&g, m, "unloading the policy", NULL, NULL) : 1;
	nkgenl_close(&g);
	return err ? 1 : 0;
}
