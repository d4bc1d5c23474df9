// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict hook: one registered nkipc_security_ops, default allow.
 */
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "security.h"

static DEFINE_MUTEX(nkipc_security_mutex);
static const struct nkipc_security_ops __rcu *nkipc_security_ops;

int nkipc_security_register(const struct nkipc_security_ops *ops)
{
	int ret = 0;

	mutex_lock(&nkipc_security_mutex);
	if (rcu_access_pointer(nkipc_security_ops))
		ret = -EBUSY;
	else
		rcu_assign_pointer(nkipc_security_ops, ops);
	mutex_unlock(&nkipc_security_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(nkipc_security_register);

void nkipc_security_unregister(const struct nkipc_security_ops *ops)
{
	mutex_lock(&nkipc_security_mutex);
	if (rcu_access_pointer(nkipc_security_ops) == ops)
		RCU_INIT_POINTER(nkipc_security_ops, NULL);
	mutex_unlock(&nkipc_security_mutex);
	/* No verdict still runs on @ops once this returns. */
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(nkipc_security_unregister);

bool nkipc_security_active(void)
{
	return rcu_access_pointer(nkipc_security_ops);
}

int nkipc_security_msg(const struct nkipc_msg_info *info)
{
	const struct nkipc_security_ops *ops;
	int ret = 0;

	rcu_read_lock();
	ops = rcu_dereference(nkipc_security_ops);
	if (ops && ops->msg_verdict)
		ret = ops->msg_verdict(info);
	rcu_read_unlock();
	return ret;
}

int nkipc_security_connect(const struct nkipc_identity *client,
			   const struct nkipc_identity *server,
			   const char *server_name, const char *channel)
{
	const struct nkipc_security_ops *ops;
	int ret = 0;

	rcu_read_lock();
	ops = rcu_dereference(nkipc_security_ops);
	if (ops && ops->connect_verdict)
		ret = ops->connect_verdict(client, server, server_name,
					   channel);
	rcu_read_unlock();
	return ret;
}

int nkipc_security_register_name(const struct nkipc_identity *server,
				 const char *server_name, const char *channel)
{
	const struct nkipc_security_ops *ops;
	int ret = 0;

	rcu_read_lock();
	ops = rcu_dereference(nkipc_security_ops);
	if (ops && ops->register_verdict)
		ret = ops->register_verdict(server, server_name, channel);
	rcu_read_unlock();
	return ret;
}

void nkipc_identity_init(struct nkipc_identity *id)
{
	const struct nkipc_security_ops *ops;

	id->cred = get_current_cred();
	id->pid = get_pid(task_tgid(current));
	id->tgid = task_tgid_nr(current);
	strscpy(id->class_name, NKIPC_DEFAULT_CLASS, sizeof(id->class_name));

	/* assign_class() may sleep: the mutex, not RCU, keeps @ops alive. */
	mutex_lock(&nkipc_security_mutex);
	ops = rcu_dereference_protected(nkipc_security_ops,
					lockdep_is_held(&nkipc_security_mutex));
	if (ops && ops->assign_class)
		ops->assign_class(id);
	mutex_unlock(&nkipc_security_mutex);
	id->class_name[sizeof(id->class_name) - 1] = '\0';
}

void nkipc_identity_release(struct nkipc_identity *id)
{
	put_pid(id->pid);
	id->pid = NULL;
	put_cred(id->cred);
	id->cred = NULL;
}
