// SPDX-License-Identifier: GPL-2.0
/*
 * nkipc_hooktest: a second registrant of the nkipc verdict hook, for the
 * VM selftest policy/tests/vm/hook.c only.
 *
 * Two engines, A and B, judge alike: they deny every request on a service
 * whose name starts with "hooktest.deny" and count it in "denied".  A is
 * registered at load.  Writing N to "swaps" replaces the engine N times
 * (register the other one, then unregister the current one), as a policy
 * engine taking over from another would.  A also gives the class
 * "hooktest.Class" to a process named "hooktest-cls" if no registrant
 * before it assigned one.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "security.h"

#define HOOKTEST_PREFIX	"hooktest.deny"

static atomic_t hooktest_denied = ATOMIC_INIT(0);

static int hooktest_msg(const struct nkipc_msg_info *info)
{
	if (info->dir == NKIPC_DIR_REQUEST && info->channel &&
	    !strncmp(info->channel, HOOKTEST_PREFIX,
		     sizeof(HOOKTEST_PREFIX) - 1)) {
		atomic_inc(&hooktest_denied);
		return -EACCES;
	}
	return 0;
}

static void hooktest_assign(struct nkipc_identity *id)
{
	if (!strcmp(current->comm, "hooktest-cls"))
		strscpy(id->class_name, "hooktest.Class",
			sizeof(id->class_name));
}

/* reads only the header: no snapshot needed for it */
static bool hooktest_reads_msg(void)
{
	return false;
}

static const struct nkipc_security_ops hooktest_a = {
	.assign_class = hooktest_assign,
	.msg_verdict = hooktest_msg,
	.reads_msg = hooktest_reads_msg,
};

static const struct nkipc_security_ops hooktest_b = {
	.msg_verdict = hooktest_msg,
	.reads_msg = hooktest_reads_msg,
};

static DEFINE_MUTEX(hooktest_lock);
static const struct nkipc_security_ops *hooktest_cur = &hooktest_a;

static int hooktest_swap(const char *val, const struct kernel_param *kp)
{
	const struct nkipc_security_ops *next;
	unsigned int n, i;
	int err;

	err = kstrtouint(val, 0, &n);
	if (err)
		return err;
	mutex_lock(&hooktest_lock);
	for (i = 0; i < n && !err; i++) {
		next = hooktest_cur == &hooktest_a ? &hooktest_b : &hooktest_a;
		err = nkipc_security_register(next);
		if (!err) {
			nkipc_security_unregister(hooktest_cur);
			hooktest_cur = next;
		}
	}
	mutex_unlock(&hooktest_lock);
	return err;
}

static const struct kernel_param_ops hooktest_swap_ops = {
	.set = hooktest_swap,
};
module_param_cb(swaps, &hooktest_swap_ops, NULL, 0200);
MODULE_PARM_DESC(swaps, "write N: replace the engine N times");

static int hooktest_get_denied(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&hooktest_denied));
}

static const struct kernel_param_ops hooktest_denied_ops = {
	.get = hooktest_get_denied,
};
module_param_cb(denied, &hooktest_denied_ops, NULL, 0444);
MODULE_PARM_DESC(denied, "requests denied so far");

static int __init hooktest_init(void)
{
	return nkipc_security_register(&hooktest_a);
}

static void __exit hooktest_exit(void)
{
	nkipc_security_unregister(hooktest_cur);
}

module_init(hooktest_init);
module_exit(hooktest_exit);
MODULE_DESCRIPTION("nkipc verdict hook test registrant (selftests only)");
MODULE_LICENSE("GPL");
