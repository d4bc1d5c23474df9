// SPDX-License-Identifier: GPL-2.0
/*
 * Services (channels) and the registry of named ones.
 *
 * A named service is in the registry from REGISTER until its server handle
 * is released; CONNECT may wait for a name to appear.  Dynamic channels
 * (CM_ACCEPT) have no name and are never in the registry.
 */
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <uapi/linux/nkipc_genl.h>

#include "core.h"

static DEFINE_SPINLOCK(nkipc_registry_lock);
static LIST_HEAD(nkipc_registry);		/* under nkipc_registry_lock */
static DECLARE_WAIT_QUEUE_HEAD(nkipc_registry_wait);	/* name waiters */
/* For consistent channels dumps; starts at 1 (netlink: 0 = no sequence). */
static atomic_t nkipc_channels_gen = ATOMIC_INIT(1);

u32 nkipc_channels_generation(void)
{
	return atomic_read(&nkipc_channels_gen);
}

void nkipc_channels_changed(void)
{
	/* skip 0 on wrap-around */
	if (!atomic_inc_return(&nkipc_channels_gen))
		atomic_inc(&nkipc_channels_gen);
}

static void nkipc_service_free(struct kref *ref)
{
	struct nkipc_service *svc = container_of(ref, struct nkipc_service, ref);

	WARN_ON_ONCE(!list_empty(&svc->queue));
	kfree(svc->table.riids);
	kvfree(svc->table.rows);
	nkipc_ctx_put(svc->server);
	kfree(svc);
}

void nkipc_service_put(struct nkipc_service *svc)
{
	kref_put(&svc->ref, nkipc_service_free);
}

/*
 * A service without its endpoint table yet (nkipc_service_set_table()).
 * @name may be NULL for a dynamic channel.
 */
struct nkipc_service *nkipc_service_alloc(struct nkipc_ctx *server,
					  const char *name)
{
	struct nkipc_service *svc;

	svc = kzalloc(sizeof(*svc), GFP_KERNEL_ACCOUNT);
	if (!svc)
		return ERR_PTR(-ENOMEM);
	kref_init(&svc->ref);
	spin_lock_init(&svc->lock);
	INIT_LIST_HEAD(&svc->queue);
	INIT_LIST_HEAD(&svc->clients);
	INIT_LIST_HEAD(&svc->reg_node);
	hash_init(svc->inflight);
	init_waitqueue_head(&svc->recv_wait);
	init_waitqueue_head(&svc->poll_wait);
	atomic_set(&svc->n_clients, 0);
	svc->server = nkipc_ctx_get(server);
	if (name)
		strscpy(svc->name, name, sizeof(svc->name));
	return svc;
}

/*
 * Copies and checks the endpoint table of a service that has none yet,
 * before anybody else can see the service.  The two large allocations a
 * user can make the module do (up to ~280 + 32 KiB) fail with -ENOMEM
 * at the memory cgroup's limit rather than OOM-kill (NKIPC_GFP_LARGE);
 * REGISTER makes them last, after the small ones, so that a caller
 * filling its cgroup with tables is refused by them.
 */
int nkipc_service_set_table(struct nkipc_service *svc, u64 uendpoints,
			    u32 n_endpoints)
{
	struct nkipc_endpoint *rows;

	if (!n_endpoints || n_endpoints > NKIPC_MAX_ENDPOINTS)
		return -EINVAL;
	rows = nkipc_memdup_user_account(uendpoints,
					 array_size(n_endpoints, sizeof(*rows)));
	if (IS_ERR(rows))
		return PTR_ERR(rows);
	svc->table.rows = rows;
	svc->table.n_rows = n_endpoints;
	return nkipc_check_table(&svc->table);
}

/* @name may be NULL for a dynamic channel. */
struct nkipc_service *nkipc_service_create(struct nkipc_ctx *server,
					   const char *name,
					   u64 uendpoints, u32 n_endpoints)
{
	struct nkipc_service *svc;
	int ret;

	if (!n_endpoints || n_endpoints > NKIPC_MAX_ENDPOINTS)
		return ERR_PTR(-EINVAL);
	svc = nkipc_service_alloc(server, name);
	if (IS_ERR(svc))
		return svc;
	ret = nkipc_service_set_table(svc, uendpoints, n_endpoints);
	if (ret) {
		nkipc_service_put(svc);
		return ERR_PTR(ret);
	}
	return svc;
}

static struct nkipc_service *nkipc_registry_find(const char *name)
{
	struct nkipc_service *svc;

	lockdep_assert_held(&nkipc_registry_lock);
	list_for_each_entry(svc, &nkipc_registry, reg_node)
		if (!strcmp(svc->name, name))
			return svc;
	return NULL;
}

/*
 * Puts @svc under its name (-EEXIST if taken), after the register verdict.
 * The name counts against the server's uid (-EDQUOT) until the service is
 * killed.
 */
int nkipc_service_publish(struct nkipc_service *svc)
{
	struct nkipc_user *u = svc->server->names_user;
	int ret;

	ret = nkipc_security_register_name(&svc->server->id, NULL,
					   svc->name);
	if (ret)
		return -EACCES;
	ret = nkipc_user_name_charge(u);
	if (ret)
		return ret;

	spin_lock(&nkipc_registry_lock);
	if (nkipc_registry_find(svc->name)) {
		ret = -EEXIST;
	} else {
		list_add_tail(&svc->reg_node, &nkipc_registry);
		svc->registered = true;
		nkipc_service_get(svc);
	}
	spin_unlock(&nkipc_registry_lock);

	if (!ret) {
		nkipc_channels_changed();
		wake_up_interruptible_all(&nkipc_registry_wait);
	} else {
		nkipc_user_name_uncharge(u);
	}
	return ret;
}

static struct nkipc_service *nkipc_service_lookup(const char *name)
{
	struct nkipc_service *svc;

	spin_lock(&nkipc_registry_lock);
	svc = nkipc_registry_find(name);
	if (svc)
		nkipc_service_get(svc);
	spin_unlock(&nkipc_registry_lock);
	return svc;
}

/* CONNECT: waits up to @timeout_ns for @name to be registered. */
struct nkipc_service *nkipc_service_wait(const char *name, u64 timeout_ns)
{
	struct nkipc_service *svc;
	int ret;

	svc = nkipc_service_lookup(name);
	if (svc || !timeout_ns)
		return svc ?: ERR_PTR(-ENOENT);
	ret = wait_event_interruptible_hrtimeout(nkipc_registry_wait,
						 (svc = nkipc_service_lookup(name)),
						 nkipc_timeout_ktime(timeout_ns));
	if (svc)
		return svc;
	return ERR_PTR(ret == -ETIME ? -ETIMEDOUT : -EINTR);
}

/* The server handle is gone: unname the service and fail its calls. */
void nkipc_service_kill(struct nkipc_service *svc)
{
	bool was_registered;

	spin_lock(&nkipc_registry_lock);
	was_registered = svc->registered;
	if (was_registered) {
		list_del_init(&svc->reg_node);
		svc->registered = false;
	}
	spin_unlock(&nkipc_registry_lock);

	nkipc_txn_fail_all(svc);
	if (was_registered) {
		nkipc_user_name_uncharge(svc->server->names_user);
		nkipc_channels_changed();
		nkipc_service_put(svc);
	}
}

const struct nkipc_endpoint *nkipc_service_find_endpoint(struct nkipc_service *svc,
							 const char *name)
{
	u32 i;

	for (i = 0; i < svc->table.n_rows; i++)
		if (!strcmp(svc->table.rows[i].name, name))
			return &svc->table.rows[i];
	return NULL;
}

int nkipc_service_walk(int (*cb)(struct nkipc_service *svc, void *arg),
		       void *arg)
{
	struct nkipc_service *svc;
	int ret = 0;

	spin_lock(&nkipc_registry_lock);
	list_for_each_entry(svc, &nkipc_registry, reg_node) {
		ret = cb(svc, arg);
		if (ret)
			break;
	}
	spin_unlock(&nkipc_registry_lock);
	return ret;
}

void nkipc_service_stats(struct nkipc_service *svc,
			 struct nkipc_service_stats *st)
{
	spin_lock(&svc->lock);
	nkipc_txn_count(svc, &st->queued, &st->inflight);
	st->dead = svc->dead;
	spin_unlock(&svc->lock);
	st->name = svc->name;
	st->server = &svc->server->id;
	st->clients = atomic_read(&svc->n_clients);
}

static void nkipc_txn_info_fill(struct nkipc_txn_info *ti,
				const struct nkipc_txn *t)
{
	ti->txid = t->txid;
	ti->state = t->state == NKIPC_TXN_QUEUED ? NKIPC_CHAN_TXN_QUEUED :
		    t->state == NKIPC_TXN_CANCELLED ? NKIPC_CHAN_TXN_CANCELLED :
		    NKIPC_CHAN_TXN_INFLIGHT;
	ti->tgid = t->client->id.tgid;
	ti->riid = t->req_hdr.riid;
	ti->mid = t->req_hdr.mid;
	ti->req_len = t->req_hdr.size;
	ti->req_arena_len = t->req_hdr.arena_size;
	ti->res_cap = t->res_cap;
	ti->res_arena_cap = t->res_arena_cap;
	strscpy(ti->class_name, t->client->id.class_name,
		sizeof(ti->class_name));
}

/*
 * One pending transaction: its fingerprint term (txns are slab objects,
 * so address + a small state number is unique while it lives), then @cb
 * unless it is before @start or @cb already stopped the walk.
 */
static void nkipc_txn_visit(const struct nkipc_txn *t, u32 *i, u32 start,
			    int (*cb)(const struct nkipc_txn_info *ti,
				      void *arg),
			    void *arg, u64 *fp, int *ret)
{
	struct nkipc_txn_info ti;

	nkipc_txn_info_fill(&ti, t);
	*fp += hash_64((u64)(unsigned long)t + ti.state, 64);
	if (!*ret && *i >= start)
		*ret = cb(&ti, arg);
	(*i)++;
}

int nkipc_service_walk_txns(struct nkipc_service *svc, u32 start,
			    int (*cb)(const struct nkipc_txn_info *ti,
				      void *arg),
			    void *arg, u64 *fingerprint)
{
	struct nkipc_txn *t;
	u64 fp = 0;
	u32 i = 0;
	int ret = 0;
	int bkt;

	spin_lock(&svc->lock);
	list_for_each_entry(t, &svc->queue, node)
		nkipc_txn_visit(t, &i, start, cb, arg, &fp, &ret);
	hash_for_each(svc->inflight, bkt, t, hnode)
		nkipc_txn_visit(t, &i, start, cb, arg, &fp, &ret);
	spin_unlock(&svc->lock);
	*fingerprint = fp + i;
	return ret;
}

void nkipc_registry_exit(void)
{
	/* Every service pins the module through its handle file. */
	WARN_ON(!list_empty(&nkipc_registry));
}
