// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user accounting of the memory held by calls in flight: the pinned
 * pages of the client's four buffers and the kernel copies of inline
 * requests.  A call keeps them for as long as it waits for its server, so
 * without a bound one user could pin or allocate any amount of memory by
 * opening many handles and blocking many threads in CALL.
 *
 * Users are keyed by the real uid captured at open (as RLIMIT_MEMLOCK and
 * struct user_struct are).  Each context holds a reference to its user;
 * the hot path is one atomic add at CALL and one atomic sub when the
 * transaction releases its buffers.  Contexts opened with CAP_IPC_LOCK are
 * not charged, as mlock() ignores RLIMIT_MEMLOCK for them.
 *
 * The same per-uid object counts the names a user holds in the two global
 * namespaces (named services and name-server entries; max_user_names):
 * their memory is charged to the memory cgroup like everything else, but
 * a cgroup does not bound how long the lists that every REGISTER, CONNECT,
 * NS_* and CM_CONNECT scans under a global lock become, nor how many names
 * one user takes from everybody.  Contexts opened with CAP_SYS_RESOURCE
 * are not counted.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "core.h"
#include "stop.h"

/* Bytes one user's calls in flight may hold; 0: unlimited. */
static unsigned long nkipc_max_user_bytes = SZ_256M;
module_param_named(max_user_bytes, nkipc_max_user_bytes, ulong, 0644);
MODULE_PARM_DESC(max_user_bytes,
		 "Memory (bytes) one uid's calls in flight may pin or hold in kernel buffers; CALL beyond it fails with EDQUOT; 0 = unlimited (default 256 MiB)");

/* Names one user may hold (REGISTER + NS_PUBLISH); 0: unlimited. */
static unsigned int nkipc_max_user_names = 4096;
module_param_named(max_user_names, nkipc_max_user_names, uint, 0644);
MODULE_PARM_DESC(max_user_names,
		 "Named services plus name-server entries one uid may hold; REGISTER/NS_PUBLISH beyond it fail with EDQUOT; 0 = unlimited (default 4096)");

struct nkipc_user {
	refcount_t ref;
	struct hlist_node node;		/* under nkipc_users_lock */
	kuid_t uid;
	atomic_long_t bytes;		/* charged by calls in flight */
	atomic_t names;			/* named services + ns entries */
};

static DEFINE_HASHTABLE(nkipc_users, 6);
static DEFINE_SPINLOCK(nkipc_users_lock);

static struct nkipc_user *nkipc_user_find(kuid_t uid)
{
	struct nkipc_user *u;

	lockdep_assert_held(&nkipc_users_lock);
	hash_for_each_possible(nkipc_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/* The user object of @cred's real uid, with a reference, or NULL. */
static struct nkipc_user *nkipc_user_lookup(const struct cred *cred)
{
	struct nkipc_user *u, *n;

	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return NULL;
	spin_lock(&nkipc_users_lock);
	u = nkipc_user_find(cred->uid);
	if (u) {
		refcount_inc(&u->ref);
	} else {
		refcount_set(&n->ref, 1);
		n->uid = cred->uid;
		atomic_long_set(&n->bytes, 0);
		atomic_set(&n->names, 0);
		hash_add(nkipc_users, &n->node, __kuid_val(n->uid));
		u = n;
		n = NULL;
	}
	spin_unlock(&nkipc_users_lock);
	kfree(n);
	return u;
}

/*
 * The user a context opened with @cred charges for its calls in flight,
 * with a reference; NULL if it is exempt (CAP_IPC_LOCK, checked now: in
 * the opener's context), or ERR_PTR(-ENOMEM).
 */
struct nkipc_user *nkipc_user_get(const struct cred *cred)
{
	struct nkipc_user *u;

	if (capable(CAP_IPC_LOCK))
		return NULL;
	u = nkipc_user_lookup(cred);
	return u ?: ERR_PTR(-ENOMEM);
}

/* Same for its names: exempt with CAP_SYS_RESOURCE. */
struct nkipc_user *nkipc_names_user_get(const struct cred *cred)
{
	struct nkipc_user *u;

	if (capable(CAP_SYS_RESOURCE))
		return NULL;
	u = nkipc_user_lookup(cred);
	return u ?: ERR_PTR(-ENOMEM);
}

/* Only at close: taking the lock every time is cheap enough. */
void nkipc_user_put(struct nkipc_user *u)
{
	if (!u)
		return;
	spin_lock(&nkipc_users_lock);
	if (!refcount_dec_and_test(&u->ref)) {
		spin_unlock(&nkipc_users_lock);
		return;
	}
	hash_del(&u->node);
	spin_unlock(&nkipc_users_lock);
	/* Every charge is returned before its context's last reference. */
	WARN_ON_ONCE(atomic_long_read(&u->bytes) || atomic_read(&u->names));
	kfree(u);
}

/*
 * Charges @bytes to @u: 0 if within max_user_bytes (or @u is exempt or
 * there is no limit; *@charged says what to uncharge later), -EDQUOT if
 * the user's calls in flight already hold too much.
 */
int nkipc_user_charge(struct nkipc_user *u, unsigned long bytes,
		      unsigned long *charged)
{
	unsigned long max = READ_ONCE(nkipc_max_user_bytes);

	*charged = 0;
	if (!u || !max || !bytes)
		return 0;
	if ((unsigned long)atomic_long_add_return(bytes, &u->bytes) > max) {
		atomic_long_sub(bytes, &u->bytes);
		return -EDQUOT;
	}
	*charged = bytes;
	return 0;
}

void nkipc_user_uncharge(struct nkipc_user *u, unsigned long bytes)
{
	if (bytes)
		atomic_long_sub(bytes, &u->bytes);
}

/*
 * One more name for @u: 0 (also if @u is exempt or there is no limit) or
 * -EDQUOT if the user already holds max_user_names.  Returned with
 * nkipc_user_name_uncharge(@u) when the name goes.
 */
int nkipc_user_name_charge(struct nkipc_user *u)
{
	unsigned int max = READ_ONCE(nkipc_max_user_names);

	if (!u)
		return 0;
	if ((unsigned int)atomic_inc_return(&u->names) > max && max) {
		atomic_dec(&u->names);
		return -EDQUOT;
	}
	return 0;
}

void nkipc_user_name_uncharge(struct nkipc_user *u)
{
	if (u)
		atomic_dec(&u->names);
}

#ifdef NKIPC_TEST
/* Test builds (stop.c): "uid bytes" of every user with a context. */
void nkipc_account_show(struct seq_file *m)
{
	struct nkipc_user *u;
	unsigned int bkt;

	spin_lock(&nkipc_users_lock);
	hash_for_each(nkipc_users, bkt, u, node)
		seq_printf(m, "%u %ld\n", from_kuid(&init_user_ns, u->uid),
			   atomic_long_read(&u->bytes));
	spin_unlock(&nkipc_users_lock);
}
#endif

/* Module unload: every context is gone, so is every user. */
void nkipc_account_exit(void)
{
	WARN_ON_ONCE(!hash_empty(nkipc_users));
}
