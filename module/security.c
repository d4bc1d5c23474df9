// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict hook: a bounded set of registered nkipc_security_ops, every
 * verdict asks all of them, default allow (DOC in security.h).
 */
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/srcu.h>
#include <linux/string.h>

#include "security.h"

struct nkipc_security_set {
	unsigned int n;
	const struct nkipc_security_ops *ops[NKIPC_SECURITY_MAX];
};

/*
 * Two sets: the published one and a spare.  A change fills the spare,
 * publishes it and waits for a grace period before the mutex is dropped,
 * so the set it replaced is no longer read when the next change reuses it.
 * Nothing to allocate, so unregistering cannot fail.  Verdicts read the
 * set under RCU; the callbacks that may sleep under SRCU (a reader that
 * sleeps holds up only a change of the set, never another reader).
 */
static struct nkipc_security_set nkipc_security_sets[2];
static DEFINE_MUTEX(nkipc_security_mutex);
DEFINE_STATIC_SRCU(nkipc_security_srcu);
static struct nkipc_security_set __rcu *nkipc_security_cur =
	RCU_INITIALIZER(&nkipc_security_sets[0]);

static const struct nkipc_security_set *nkipc_security_locked(void)
{
	return rcu_dereference_protected(nkipc_security_cur,
					 lockdep_is_held(&nkipc_security_mutex));
}

/* Caller holds the mutex; @next is the spare, filled in. */
static void nkipc_security_publish(struct nkipc_security_set *next)
{
	rcu_assign_pointer(nkipc_security_cur, next);
	/* No callback still runs on the previous set once this returns. */
	synchronize_rcu();
	synchronize_srcu(&nkipc_security_srcu);
}

static struct nkipc_security_set *nkipc_security_spare(void)
{
	const struct nkipc_security_set *cur = nkipc_security_locked();

	return cur == &nkipc_security_sets[0] ? &nkipc_security_sets[1] :
						&nkipc_security_sets[0];
}

int nkipc_security_register(const struct nkipc_security_ops *ops)
{
	const struct nkipc_security_set *cur;
	struct nkipc_security_set *next;
	unsigned int i;
	int ret = 0;

	mutex_lock(&nkipc_security_mutex);
	cur = nkipc_security_locked();
	for (i = 0; i < cur->n; i++)
		if (cur->ops[i] == ops)
			ret = -EEXIST;
	if (!ret && cur->n == NKIPC_SECURITY_MAX)
		ret = -ENOSPC;
	if (!ret) {
		next = nkipc_security_spare();
		*next = *cur;
		next->ops[next->n++] = ops;
		nkipc_security_publish(next);
	}
	mutex_unlock(&nkipc_security_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(nkipc_security_register);

void nkipc_security_unregister(const struct nkipc_security_ops *ops)
{
	const struct nkipc_security_set *cur;
	struct nkipc_security_set *next;
	unsigned int i;

	mutex_lock(&nkipc_security_mutex);
	cur = nkipc_security_locked();
	next = nkipc_security_spare();
	next->n = 0;
	for (i = 0; i < cur->n; i++)
		if (cur->ops[i] != ops)
			next->ops[next->n++] = cur->ops[i];
	if (next->n != cur->n)
		nkipc_security_publish(next);
	mutex_unlock(&nkipc_security_mutex);
}
EXPORT_SYMBOL_GPL(nkipc_security_unregister);

bool nkipc_security_active(void)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	bool ret = false;
	unsigned int i;

	rcu_read_lock();
	set = rcu_dereference(nkipc_security_cur);
	for (i = 0; i < set->n; i++) {
		ops = set->ops[i];
		if (ops->msg_verdict &&
		    (!ops->reads_msg || ops->reads_msg())) {
			ret = true;
			break;
		}
	}
	rcu_read_unlock();
	return ret;
}

bool nkipc_security_enforcing(void)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	bool ret = false;
	unsigned int i;

	rcu_read_lock();
	set = rcu_dereference(nkipc_security_cur);
	for (i = 0; i < set->n; i++) {
		ops = set->ops[i];
		if (!ops->active || ops->active()) {
			ret = true;
			break;
		}
	}
	rcu_read_unlock();
	return ret;
}

int nkipc_security_msg(const struct nkipc_msg_info *info)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	unsigned int i;
	int ret = 0;

	rcu_read_lock();
	set = rcu_dereference(nkipc_security_cur);
	for (i = 0; i < set->n; i++) {
		ops = set->ops[i];
		if (ops->msg_verdict)
			ret = ops->msg_verdict(info);
		if (ret)
			break;
	}
	rcu_read_unlock();
	return ret;
}

int nkipc_security_connect(const struct nkipc_identity *client,
			   const struct nkipc_identity *server,
			   const char *server_name, const char *channel)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	unsigned int i;
	int ret = 0;

	rcu_read_lock();
	set = rcu_dereference(nkipc_security_cur);
	for (i = 0; i < set->n; i++) {
		ops = set->ops[i];
		if (ops->connect_verdict)
			ret = ops->connect_verdict(client, server, server_name,
						   channel);
		if (ret)
			break;
	}
	rcu_read_unlock();
	return ret;
}

int nkipc_security_register_name(const struct nkipc_identity *server,
				 const char *server_name, const char *channel)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	unsigned int i;
	int ret = 0;

	rcu_read_lock();
	set = rcu_dereference(nkipc_security_cur);
	for (i = 0; i < set->n; i++) {
		ops = set->ops[i];
		if (ops->register_verdict)
			ret = ops->register_verdict(server, server_name,
						    channel);
		if (ret)
			break;
	}
	rcu_read_unlock();
	return ret;
}

long nkipc_security_ioctl(unsigned int cmd, void __user *arg)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	long ret = -ENOTTY;
	unsigned int i;
	int idx;

	idx = srcu_read_lock(&nkipc_security_srcu);
	set = srcu_dereference(nkipc_security_cur, &nkipc_security_srcu);
	for (i = 0; i < set->n && ret == -ENOTTY; i++) {
		ops = set->ops[i];
		if (ops->ioctl)
			ret = ops->ioctl(cmd, arg);
	}
	srcu_read_unlock(&nkipc_security_srcu, idx);
	return ret;
}

void nkipc_identity_init(struct nkipc_identity *id)
{
	const struct nkipc_security_set *set;
	const struct nkipc_security_ops *ops;
	unsigned int i;
	int idx;

	id->cred = get_current_cred();
	id->pid = get_pid(task_tgid(current));
	id->tgid = task_tgid_nr(current);
	strscpy(id->class_name, NKIPC_DEFAULT_CLASS, sizeof(id->class_name));

	/* The first registrant that assigns a class other than the default wins. */
	idx = srcu_read_lock(&nkipc_security_srcu);
	set = srcu_dereference(nkipc_security_cur, &nkipc_security_srcu);
	for (i = 0; i < set->n; i++) {
		ops = set->ops[i];
		if (!ops->assign_class)
			continue;
		ops->assign_class(id);
		id->class_name[sizeof(id->class_name) - 1] = '\0';
		if (strcmp(id->class_name, NKIPC_DEFAULT_CLASS))
			break;
	}
	srcu_read_unlock(&nkipc_security_srcu, idx);
	id->class_name[sizeof(id->class_name) - 1] = '\0';
}

void nkipc_identity_release(struct nkipc_identity *id)
{
	put_pid(id->pid);
	id->pid = NULL;
	put_cred(id->cred);
	id->cred = NULL;
}
