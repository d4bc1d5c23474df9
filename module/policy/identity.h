/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: entity classes
 *
 * The class of a /dev/nkipc context is chosen at open() by the kernel
 * (see DOC: identity in uapi/linux/nkipc_genl.h): a launcher grant, else
 * the first matching binding of the active policy, else the default
 * class.  Grants live here, independent of policy reloads.
 */
#ifndef _NKIPC_IDENTITY_H
#define _NKIPC_IDENTITY_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "security.h"

struct nkipc_binding;

/* nkipc_security_ops.assign_class; may sleep. */
void nkipc_identity_assign(struct nkipc_identity *id);

/*
 * nkipc_security_ops.ioctl: the range 0x10 - 0x1f of /dev/nkipc
 * (NKIPC_IOC_LAUNCH_CLASS).  -ENOTTY for unknown commands.
 */
long nkipc_identity_ioctl(unsigned int cmd, void __user *argp);

/* At load: resolve the executable path and the cgroup of a binding. */
int nkipc_binding_resolve(struct nkipc_binding *b, const char **why);

void nkipc_identity_exit(void);

#endif /* _NKIPC_IDENTITY_H */
