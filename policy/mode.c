// SPDX-License-Identifier: GPL-2.0
/*
 * mode.c - `nkpolicy mode [enforcing|permissive]` and
 * `nkpolicy audit-grants on|off` (NKIPC_CMD_SET_CONFIG).
 */
#include <string.h>

#include <netlink/genl/genl.h>

#include "state.h"

static int set_config(int attr, uint32_t value)
{
	struct nkgenl g;
	struct nl_msg *m;
	int err;

	if (nkgenl_open(&g))
		return 1;
	m = nkgenl_msg(&g, NKIPC_CMD_SET_CONFIG, 0);
	if (!m || nla_put_u32(m, attr, value)) {
		nkgenl_close(&g);
		return 1;
	}
	err = nkgenl_do(&g, m, "changing the configuration", NULL, NULL);
	nkgenl_close(&g);
	return err ? 1 : 0;
}

int cmd_mode(int argc, char **argv)
{
	if (argc == 1) {
		struct nkstate s;
		struct nkgenl g;
		int err;

		if (nkgenl_open(&g))
			return 1;
		err = nkgenl_get_state(&g, &s);
		nkgenl_close(&g);
		if (err)
			return 1;
		printf("%s\n", mode_name(s.mode));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "enforcing"))
		return set_config(NKIPC_A_MODE, NKIPC_MODE_ENFORCING);
	if (argc == 2 && !strcmp(argv[1], "permissive"))
		return set_config(NKIPC_A_MODE, NKIPC_MODE_PERMISSIVE);
	if (argc == 3 && !strcmp(argv[1], "audit-grants") &&
	    (!strcmp(argv[2], "on") || !strcmp(argv[2], "off")))
		return set_config(NKIPC_A_AUDIT_FLAGS,
				  !strcmp(argv[2], "on") ? NKIPC_AUDIT_F_GRANTS : 0);
	return usage_error("mode");
}
