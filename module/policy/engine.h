/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The built-in policy engine as the core sees it: started and stopped
 * with the module (main.c), reached otherwise only through the verdict
 * hook it registers (security.h).  It lives in this folder; nothing of
 * the core includes its other headers.
 */
#ifndef _NKIPC_POLICY_ENGINE_H
#define _NKIPC_POLICY_ENGINE_H

/* Registers the generic netlink family and the verdict hook. */
int nkipc_policy_init(void);
void nkipc_policy_exit(void);

#endif /* _NKIPC_POLICY_ENGINE_H */
