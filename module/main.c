// SPDX-License-Identifier: GPL-2.0
/*
 * nkipc: KasperskyOS-style synchronous IPC for Linux.  Module entry and
 * parameters.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>

#include "nkipc.h"
#include "policy.h"

/* Constant part + arena of one message; fixed at load time. */
unsigned int nkipc_max_msg_size = SZ_4M;

static int nkipc_set_max_msg_size(const char *val,
				  const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v != SZ_4M && v != SZ_8M && v != SZ_16M)
		return -EINVAL;
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops nkipc_max_msg_size_ops = {
	.set = nkipc_set_max_msg_size,
	.get = param_get_uint,
};

module_param_cb(max_msg_size, &nkipc_max_msg_size_ops, &nkipc_max_msg_size,
		0444);
MODULE_PARM_DESC(max_msg_size,
		 "Largest message (constant part + arena) in bytes: 4194304 (default), 8388608 or 16777216");

static int __init nkipc_init(void)
{
	int ret;

	ret = nkipc_txn_init();
	if (ret)
		return ret;
	/* the policy registers the security ops before anyone can open */
	ret = nkipc_policy_init();
	if (ret) {
		nkipc_txn_exit();
		return ret;
	}
	ret = nkipc_device_init();
	if (ret) {
		nkipc_policy_exit();
		nkipc_txn_exit();
		return ret;
	}
	pr_info("loaded, max_msg_size %u\n", nkipc_max_msg_size);
	return 0;
}

static void __exit nkipc_exit(void)
{
	nkipc_device_exit();
	nkipc_policy_exit();
	nkipc_registry_exit();
	nkipc_txn_exit();
}

module_init(nkipc_init);
module_exit(nkipc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KasperskyOS-style synchronous IPC (Call/Recv/Reply)");
MODULE_AUTHOR("nkipc developers");
