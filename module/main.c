// SPDX-License-Identifier: GPL-2.0
/*
 * nkipc: KasperskyOS-style synchronous IPC for Linux.  Module entry and
 * parameters.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>

#include "core.h"
#include "policy/engine.h"

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

/*
 * Messages up to this size (constant part + arena) are copied in instead
 * of pinned (copy.c); 0 pins everything.  At most PAGE_SIZE.
 */
unsigned int nkipc_inline_threshold = NKIPC_INLINE_DEFAULT;

static int nkipc_set_inline_threshold(const char *val,
				      const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v > PAGE_SIZE)
		return -EINVAL;
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops nkipc_inline_threshold_ops = {
	.set = nkipc_set_inline_threshold,
	.get = param_get_uint,
};

module_param_cb(inline_threshold, &nkipc_inline_threshold_ops,
		&nkipc_inline_threshold, 0644);
MODULE_PARM_DESC(inline_threshold,
		 "Messages up to this many bytes are copied instead of pinned (0..PAGE_SIZE)");

/* The uapi layout must not depend on the ABI (i386 aligns __u64 to 4). */
#define NKIPC_ABI_U64(type, field) \
	BUILD_BUG_ON(offsetof(struct type, field) % 8)
#define NKIPC_ABI_SIZE(type) BUILD_BUG_ON(sizeof(struct type) % 8)

static void __init nkipc_abi_check(void)
{
	BUILD_BUG_ON(sizeof(struct nkipc_msg_hdr) != NKIPC_MSG_HDR_SIZE);
	NKIPC_ABI_SIZE(nkipc_version);
	NKIPC_ABI_U64(nkipc_version, features);
	NKIPC_ABI_U64(nkipc_version, reserved);
	NKIPC_ABI_SIZE(nkipc_endpoint);
	NKIPC_ABI_SIZE(nkipc_register);
	NKIPC_ABI_U64(nkipc_register, name);
	NKIPC_ABI_U64(nkipc_register, endpoints);
	NKIPC_ABI_SIZE(nkipc_connect);
	NKIPC_ABI_U64(nkipc_connect, timeout_ns);
	NKIPC_ABI_SIZE(nkipc_get_riid);
	NKIPC_ABI_SIZE(nkipc_call);
	NKIPC_ABI_U64(nkipc_call, req);
	NKIPC_ABI_U64(nkipc_call, res_arena);
	NKIPC_ABI_U64(nkipc_call, timeout_ns);
	NKIPC_ABI_U64(nkipc_call, reserved);
	NKIPC_ABI_SIZE(nkipc_recv);
	NKIPC_ABI_U64(nkipc_recv, timeout_ns);
	NKIPC_ABI_U64(nkipc_recv, txid);
	NKIPC_ABI_U64(nkipc_recv, reserved);
	NKIPC_ABI_SIZE(nkipc_reply);
	NKIPC_ABI_U64(nkipc_reply, txid);
	NKIPC_ABI_U64(nkipc_reply, reserved);
	NKIPC_ABI_SIZE(nkipc_reply_recv);
	NKIPC_ABI_U64(nkipc_reply_recv, txid);
	NKIPC_ABI_U64(nkipc_reply_recv, req);
	NKIPC_ABI_U64(nkipc_reply_recv, timeout_ns);
	NKIPC_ABI_U64(nkipc_reply_recv, reserved);
	NKIPC_ABI_SIZE(nkipc_ns_entry);
	NKIPC_ABI_U64(nkipc_ns_entry, reserved);
	NKIPC_ABI_SIZE(nkipc_ns_enum);
	NKIPC_ABI_U64(nkipc_ns_enum, reserved);
	NKIPC_ABI_SIZE(nkipc_cm_connect);
	NKIPC_ABI_U64(nkipc_cm_connect, timeout_ns);
	NKIPC_ABI_U64(nkipc_cm_connect, reserved);
	NKIPC_ABI_SIZE(nkipc_cm_listen);
	NKIPC_ABI_U64(nkipc_cm_listen, timeout_ns);
	NKIPC_ABI_U64(nkipc_cm_listen, reserved);
	NKIPC_ABI_SIZE(nkipc_cm_accept);
	NKIPC_ABI_U64(nkipc_cm_accept, endpoints);
	NKIPC_ABI_U64(nkipc_cm_accept, reserved);
	NKIPC_ABI_SIZE(nkipc_cm_drop);
	NKIPC_ABI_U64(nkipc_cm_drop, reserved);
}

static int __init nkipc_init(void)
{
	int ret;

	nkipc_abi_check();

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
	nkipc_account_exit();
}

module_init(nkipc_init);
module_exit(nkipc_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(NKIPC_VERSION);
MODULE_DESCRIPTION("KasperskyOS-style synchronous IPC (Call/Recv/Reply)");
MODULE_AUTHOR("nkipc developers");
