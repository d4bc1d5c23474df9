// SPDX-License-Identifier: GPL-2.0
/*
 * Entity classes: launcher grants and policy bindings.
 *
 * A launcher grant is keyed by the child's struct pid, its start time and
 * the value its exec counter (task->self_exec_id) will have after its next
 * execve().  The counter only grows, so the grant matches exactly one
 * image: not the launcher's child before exec, not what that image execs
 * in turn, not another process that reuses the pid.
 */
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/namei.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "identity.h"
#include "policy.h"

#define NKIPC_MAX_GRANTS	1024

struct nkipc_grant {
	struct list_head node;
	struct pid *pid;		/* reference held */
	u64 start_boottime;
	u64 exec_id;			/* self_exec_id after the next exec */
	char class_name[NKIPC_CLASS_MAX];
};

/* nkipc_grant_lock protects nkipc_grants and nkipc_n_grants. */
static DEFINE_SPINLOCK(nkipc_grant_lock);
static LIST_HEAD(nkipc_grants);
static unsigned int nkipc_n_grants;

static void nkipc_grant_free(struct nkipc_grant *g)
{
	put_pid(g->pid);
	kfree(g);
}

/* Class names are EDL names: letters, digits, '_' and '.'. */
static bool nkipc_class_valid(const char *name, size_t max)
{
	size_t len = strnlen(name, max);
	size_t i;

	if (!len || len == max)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && name[i] != '_' && name[i] != '.')
			return false;
	return true;
}

static bool nkipc_grant_stale(struct nkipc_grant *g)
{
	struct task_struct *t;
	bool stale;

	rcu_read_lock();
	t = pid_task(g->pid, PIDTYPE_TGID);
	stale = !t || READ_ONCE(t->self_exec_id) > g->exec_id;
	rcu_read_unlock();
	return stale;
}

/* Drops grants of dead processes and used-up grants; @same is replaced. */
static void nkipc_grants_reap(struct pid *same, struct list_head *dead)
{
	struct nkipc_grant *g, *tmp;

	lockdep_assert_held(&nkipc_grant_lock);
	list_for_each_entry_safe(g, tmp, &nkipc_grants, node) {
		if (g->pid == same || nkipc_grant_stale(g)) {
			list_move(&g->node, dead);
			nkipc_n_grants--;
		}
	}
}

static void nkipc_grants_free_list(struct list_head *dead)
{
	struct nkipc_grant *g, *tmp;

	list_for_each_entry_safe(g, tmp, dead, node)
		nkipc_grant_free(g);
}

static int nkipc_launch_check_child(struct task_struct *child)
{
	bool ours;

	rcu_read_lock();
	ours = rcu_dereference(child->real_parent)->tgid == current->tgid;
	rcu_read_unlock();
	if (!ours)
		return -EPERM;
	if (READ_ONCE(child->self_exec_id) != READ_ONCE(child->parent_exec_id))
		return -EALREADY;
	return 0;
}

static long nkipc_launch_class(void __user *argp)
{
	struct nkipc_launch_class lc;
	struct nkipc_grant *g;
	struct task_struct *child;
	LIST_HEAD(dead);
	u32 usize;
	int err;

	/* Assigning a class is a MAC decision, like loading the policy. */
	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (get_user(usize, (u32 __user *)argp))
		return -EFAULT;
	if (usize < NKIPC_LAUNCH_CLASS_SIZE_VER0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(&lc, sizeof(lc), argp, usize);
	if (err)
		return err;
	if (lc.flags || lc.reserved0 || lc.reserved[0] || lc.reserved[1] ||
	    !nkipc_class_valid(lc.class_name, sizeof(lc.class_name)))
		return -EINVAL;

	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	strscpy(g->class_name, lc.class_name, sizeof(g->class_name));
	g->pid = find_get_pid(lc.pid);
	child = g->pid ? get_pid_task(g->pid, PIDTYPE_TGID) : NULL;
	if (!child) {
		nkipc_grant_free(g);
		return -ESRCH;
	}
	err = nkipc_launch_check_child(child);
	if (err)
		goto out;
	g->start_boottime = child->start_boottime;
	g->exec_id = READ_ONCE(child->self_exec_id) + 1;

	spin_lock(&nkipc_grant_lock);
	nkipc_grants_reap(g->pid, &dead);
	if (nkipc_n_grants >= NKIPC_MAX_GRANTS) {
		spin_unlock(&nkipc_grant_lock);
		err = -ENOSPC;
		goto out;
	}
	list_add(&g->node, &nkipc_grants);
	nkipc_n_grants++;
	spin_unlock(&nkipc_grant_lock);

	/* An exec that raced with us would make the grant skip an image. */
	smp_mb();
	if (READ_ONCE(child->self_exec_id) + 1 != g->exec_id) {
		spin_lock(&nkipc_grant_lock);
		list_del(&g->node);
		nkipc_n_grants--;
		spin_unlock(&nkipc_grant_lock);
		err = -EALREADY;
		goto out;
	}
	g = NULL;
out:
	put_task_struct(child);
	if (g)
		nkipc_grant_free(g);
	nkipc_grants_free_list(&dead);
	return err;
}

long nkipc_identity_ioctl(unsigned int cmd, void __user *argp)
{
	if (_IOC_TYPE(cmd) == _IOC_TYPE(NKIPC_IOC_LAUNCH_CLASS) &&
	    _IOC_NR(cmd) == _IOC_NR(NKIPC_IOC_LAUNCH_CLASS) &&
	    _IOC_DIR(cmd) == _IOC_DIR(NKIPC_IOC_LAUNCH_CLASS))
		return nkipc_launch_class(argp);
	return -ENOTTY;
}

static bool nkipc_grant_lookup(struct nkipc_identity *id)
{
	struct task_struct *leader = current->group_leader;
	struct pid *pid = task_tgid(current);
	u64 exec_id = READ_ONCE(current->self_exec_id);
	struct nkipc_grant *g;
	bool found = false;

	spin_lock(&nkipc_grant_lock);
	list_for_each_entry(g, &nkipc_grants, node) {
		if (g->pid == pid && g->exec_id == exec_id &&
		    g->start_boottime == leader->start_boottime) {
			strscpy(id->class_name, g->class_name,
				sizeof(id->class_name));
			found = true;
			break;
		}
	}
	spin_unlock(&nkipc_grant_lock);
	return found;
}

/* Device and inode of the current executable; false if there is none. */
static bool nkipc_current_exe(dev_t *dev, unsigned long *ino)
{
	struct mm_struct *mm = current->mm;
	struct file *exe = NULL;

	if (!mm)
		return false;
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	if (!exe)
		return false;
	*dev = file_inode(exe)->i_sb->s_dev;
	*ino = file_inode(exe)->i_ino;
	fput(exe);
	return true;
}

/*
 * The opener's LSM context (what /proc/self/attr/current shows), or NULL.
 * security_cred_getsecid() is not implemented by AppArmor: open() runs in
 * the opener, so its current subject secid is the one to use.
 */
static char *nkipc_current_label(u32 *len)
{
	char *ctx = NULL;
	u32 secid = 0;

	security_current_getsecid_subj(&secid);
	if (!secid || security_secid_to_secctx(secid, &ctx, len))
		return NULL;
	return ctx;
}

static bool nkipc_label_eq(const char *want, const char *label, u32 len)
{
	if (!label)
		return false;
	/* SELinux counts the NUL, AppArmor does not */
	while (len && !label[len - 1])
		len--;
	return strlen(want) == len && !memcmp(want, label, len);
}

static bool nkipc_binding_matches(const struct nkipc_binding *b,
				  const struct cred *cred, bool have_exe,
				  dev_t dev, unsigned long ino,
				  const char *label, u32 label_len)
{
	/*
	 * Only in the initial user namespace: holding CAP_SYS_ADMIN or
	 * CAP_CHECKPOINT_RESTORE in a user namespace of its own, a process
	 * can point its exe link at any file (prctl(PR_SET_MM_MAP)).
	 */
	if (b->has_exe && (!have_exe || b->dev != dev || b->ino != ino ||
			   cred->user_ns != &init_user_ns))
		return false;
	if (b->has_uid && !uid_eq(b->uid, cred->euid))
		return false;
	if (b->has_gid && !gid_eq(b->gid, cred->egid))
		return false;
	if (b->cgrp && !task_under_cgroup_hierarchy(current, b->cgrp))
		return false;
	if (b->label && !nkipc_label_eq(b->label, label, label_len))
		return false;
	return true;
}

void nkipc_identity_assign(struct nkipc_identity *id)
{
	const struct cred *cred = id->cred ?: current_cred();
	struct nkipc_policy *p;
	unsigned long ino = 0;
	u32 i, label_len = 0;
	char *label;
	dev_t dev = 0;
	bool have_exe;

	if (nkipc_grant_lookup(id))
		return;
	have_exe = nkipc_current_exe(&dev, &ino);
	label = nkipc_current_label(&label_len);
	strscpy(id->class_name, NKIPC_DEFAULT_CLASS_NAME,
		sizeof(id->class_name));
	rcu_read_lock();
	p = rcu_dereference(nkipc_active_policy);
	for (i = 0; p && i < p->n_bindings; i++) {
		struct nkipc_binding *b = &p->bindings[i];

		if (nkipc_binding_matches(b, cred, have_exe, dev, ino, label,
					  label_len)) {
			atomic64_inc(&b->hits);
			strscpy(id->class_name, b->class_name,
				sizeof(id->class_name));
			break;
		}
	}
	rcu_read_unlock();
	if (label)
		security_release_secctx(label, label_len);
}

/* where systemd and virtme-ng mount cgroup v2 */
#define NKIPC_CGROUP_MNT	"/sys/fs/cgroup"
#define NKIPC_PROCS_FILE	"/cgroup.procs"

/*
 * Moving a process into a cgroup needs write access to the cgroup.procs of
 * that cgroup and of the common ancestor.  If the file is root's and not
 * group/other-writable in @cgrp and in every ancestor, a process outside
 * the bound subtree cannot enter it without CAP_DAC_OVERRIDE: no
 * delegated subtree (systemd's user@UID.service, a container's) can hold
 * a bound cgroup.  @cpath is the path of @cgrp.
 */
static int nkipc_cgroup_closed(struct cgroup *cgrp, const char *cpath,
			       const char **why)
{
	size_t size = sizeof(NKIPC_CGROUP_MNT) + NKIPC_PATH_MAX +
		      sizeof(NKIPC_PROCS_FILE);
	size_t len = strlen(cpath);
	bool leaf = true;
	char *buf;
	int err;

	buf = kmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct inode *inode;
		struct path path;

		while (len && cpath[len - 1] == '/')
			len--;
		snprintf(buf, size, NKIPC_CGROUP_MNT "%.*s" NKIPC_PROCS_FILE,
			 (int)len, cpath);
		err = kern_path(buf, LOOKUP_FOLLOW, &path);
		if (err) {
			*why = "binding: cgroup v2 is not mounted at " NKIPC_CGROUP_MNT;
			break;
		}
		inode = d_backing_inode(path.dentry);
		if (leaf && inode->i_private != cgrp->procs_file.kn) {
			*why = "binding: " NKIPC_CGROUP_MNT " is not the cgroup v2 hierarchy";
			err = -EINVAL;
		} else if (!uid_eq(inode->i_uid, GLOBAL_ROOT_UID) ||
			   inode->i_mode & 0022) {
			*why = "binding: cgroup or a parent delegated to non-root";
			err = -EPERM;
		}
		path_put(&path);
		if (err || !len)
			break;
		leaf = false;
		while (len && cpath[len - 1] != '/')
			len--;
	}
	kfree(buf);
	return err;
}

int nkipc_binding_resolve(struct nkipc_binding *b, const char **why)
{
	struct path path;
	struct inode *inode;
	int err;

	if (b->exe) {
		err = kern_path(b->exe, LOOKUP_FOLLOW, &path);
		if (err) {
			*why = "binding: cannot resolve the executable path";
			return err;
		}
		inode = d_backing_inode(path.dentry);
		if (!S_ISREG(inode->i_mode)) {
			path_put(&path);
			*why = "binding: the executable is not a regular file";
			return -EINVAL;
		}
		b->dev = inode->i_sb->s_dev;
		b->ino = inode->i_ino;
		b->has_exe = true;
		path_put(&path);
	}
	if (b->cgroup_path) {
		struct cgroup *cgrp = cgroup_get_from_path(b->cgroup_path);

		if (IS_ERR(cgrp)) {
			*why = "binding: no such cgroup (v2 path)";
			return PTR_ERR(cgrp);
		}
		b->cgrp = cgrp;
		err = nkipc_cgroup_closed(cgrp, b->cgroup_path, why);
		if (err)
			return err;
	}
	return 0;
}

void nkipc_identity_exit(void)
{
	struct nkipc_grant *g, *tmp;
	LIST_HEAD(dead);

	spin_lock(&nkipc_grant_lock);
	list_for_each_entry_safe(g, tmp, &nkipc_grants, node) {
		list_move(&g->node, &dead);
		nkipc_n_grants--;
	}
	spin_unlock(&nkipc_grant_lock);
	nkipc_grants_free_list(&dead);
}
