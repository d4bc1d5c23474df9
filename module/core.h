/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nkipc core: objects, lifetimes and lock order.
 *
 * DOC: objects
 *
 * nkipc_ctx      one open() of /dev/nkipc: the caller's identity (creds,
 *                pid, entity class) captured at open, plus its name-server
 *                entries and connection requests.  kref: the device file,
 *                every service and handle created through it, and every
 *                transaction it sends hold a reference.
 * nkipc_service  a channel: name (empty for dynamic channels), endpoint
 *                table, server identity (ctx ref), request queue and
 *                in-flight table.  kref: registry entry, server handle,
 *                client handles, transactions.  Dies (->dead) when its
 *                server handle file is released.
 * nkipc_handle   private_data of a server or client handle file.  Freed at
 *                ->release.  The VFS holds a file reference for the whole
 *                of every ioctl/poll, so ->release never races with them
 *                on the same handle; this is what bus1's active references
 *                give, for free.  What races is one side's release against
 *                the other side's ioctls: the service's ->dead flag and
 *                transaction states, all under svc->lock, settle that.
 * nkipc_txn      one Call: pinned client buffers, header snapshot, state.
 *                kref: the calling thread, and the service while queued or
 *                in flight.
 *
 * DOC: lock order (outer first); no lock is held while sleeping or
 * copying from/to user memory, except nkipc_security_mutex.
 *
 *   nkipc_security_mutex   the registered ops pointer (writers); held while
 *                          assign_class() runs (may sleep)
 *   nkipc_ns_lock          name-server entries, ctx->cm_* (connection
 *                          requests); spinlock
 *   nkipc_registry_lock    the named-service table; spinlock
 *   svc->lock              svc->dead, svc->queue, svc->inflight,
 *                          svc->clients, every txn->state/result of txns
 *                          of this service; spinlock
 *   nkipc_users_lock       the per-user accounting table (account.c);
 *                          spinlock, innermost: nothing is taken under it
 *
 * Security ops are read under RCU (verdicts may not sleep).  Wait queues
 * have their own internal locks and are woken after dropping svc->lock;
 * so is a calling thread (wake_up_process(txn->caller), see txn.c).
 *
 * DOC: module lifetime
 *
 * The misc device and every anon-inode handle use fops with .owner =
 * THIS_MODULE, so each open file pins the module: rmmod while a handle is
 * open fails with EBUSY.
 */
#ifndef _NKIPC_CORE_H
#define _NKIPC_CORE_H

#include <linux/gfp.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <uapi/linux/nkipc.h>

#include "introspect.h"
#include "security.h"

extern unsigned int nkipc_max_msg_size;
extern unsigned int nkipc_inline_threshold;
#define NKIPC_INLINE_DEFAULT	1024	/* bytes; measured, see docs/architecture.md */

struct mm_struct;
struct nkipc_user;

struct nkipc_ctx {
	struct kref ref;
	struct nkipc_identity id;	/* immutable after open */
	struct nkipc_user *user;	/* charged for its calls; NULL: exempt */
	struct nkipc_user *names_user;	/* counts its names; NULL: exempt */
	/* connection manager, under nkipc_ns_lock */
	struct list_head cm_requests;	/* nkipc_cm_request.node, oldest first */
	wait_queue_head_t cm_wait;	/* CM_LISTEN waiters */
	bool cm_closed;			/* device file released */
	/*
	 * One freed txn of this context's calls, kept for its next CALL
	 * (xchg/cmpxchg; nkipc_txn_alloc()): no slab round trip per call, and
	 * the object stays charged to the memory cgroup that allocated it.
	 */
	struct nkipc_txn *spare;
};

/* One riid of an endpoint table; rows of aliases point here. */
struct nkipc_riid_info {
	const char *iface;
	const char *first_name;
	u32 n_methods;
	bool present;
};

struct nkipc_svc_table {
	struct nkipc_endpoint *rows;	/* as registered, names NUL-terminated */
	u32 n_rows;
	u32 n_riids;			/* 1 + highest riid */
	struct nkipc_riid_info *riids;	/* [n_riids] */
};

struct nkipc_service {
	struct kref ref;
	char name[NKIPC_NAME_MAX];	/* "" for a dynamic channel; immutable */
	struct nkipc_svc_table table;	/* immutable */
	struct nkipc_ctx *server;	/* immutable; identity of the server */
	struct list_head reg_node;	/* under nkipc_registry_lock */
	bool registered;		/* under nkipc_registry_lock */

	spinlock_t lock;		/* protects the fields marked "under lock" */
	bool dead;			/* under lock; set once */
	struct list_head queue;		/* under lock: QUEUED txns, oldest first */
	DECLARE_HASHTABLE(inflight, 6);	/* under lock: by txid */
	u64 next_txid;			/* under lock */
	atomic_t n_clients;		/* client handles open */
	struct list_head clients;	/* under lock: client handles, oldest first */
	wait_queue_head_t recv_wait;	/* RECV waiters */
	wait_queue_head_t poll_wait;	/* client POLLHUP, server POLLIN */
};

/* Pinned user buffer, or its copy in @kbuf (inline, see copy.c). */
struct nkipc_pinned {
	void *kbuf;
	bool borrowed;			/* kbuf is the txn's or the caller's */
	struct page **pages;
	unsigned int npages;
	unsigned int offset;		/* of the buffer in pages[0] */
	u32 len;
	bool write;
	bool dirty;
};

/* snap.c: the bytes a verdict read (see there). */
#define NKIPC_SNAP_RANGES	16
#define NKIPC_SNAP_BYTES	512

/* Sorted by (part, off), disjoint; data[] holds them back to back. */
struct nkipc_snap_range {
	u32 part;	/* enum nkipc_msg_part */
	u32 off;
	u32 len;
	u32 pos;	/* in data[] */
};

struct nkipc_snap {
	u32 n;
	u32 used;
	bool overflow;
	struct nkipc_snap_range ranges[NKIPC_SNAP_RANGES];
	u8 data[NKIPC_SNAP_BYTES];
};

struct nkipc_snap *nkipc_snap_alloc(void);
void nkipc_snap_read(struct nkipc_snap *snap, const struct nkipc_pinned *p,
		     enum nkipc_msg_part part, u32 off, void *buf, u32 len);
int nkipc_snap_to_user(const struct nkipc_snap *snap, enum nkipc_msg_part part,
		       const struct nkipc_pinned *src, u32 from,
		       void __user *dst, u32 len);
void nkipc_snap_to_pinned(const struct nkipc_snap *snap,
			  enum nkipc_msg_part part,
			  const struct nkipc_pinned *src, u32 from,
			  struct nkipc_pinned *dst, u32 len);

enum nkipc_txn_state {
	NKIPC_TXN_QUEUED,	/* on svc->queue */
	NKIPC_TXN_RECEIVING,	/* a RECV copies it; in svc->inflight */
	NKIPC_TXN_RECEIVED,	/* waits for REPLY; in svc->inflight */
	NKIPC_TXN_REPLYING,	/* a REPLY copies into it; in svc->inflight */
	NKIPC_TXN_DONE,		/* result is final; nobody touches pages */
	NKIPC_TXN_CANCELLED,	/* client gave up; REPLY gets -EPIPE */
};

/*
 * A request or response of up to this many bytes (constant part + arena)
 * travels in a buffer inside the txn: no allocation, no pinning (txn.c).
 */
#define NKIPC_TXN_BUF		256

struct nkipc_txn {
	struct kref ref;
	struct nkipc_service *svc;	/* immutable, holds a ref */
	struct nkipc_ctx *client;	/* immutable, holds a ref */
	struct nkipc_msg_hdr req_hdr;	/* snapshot checked at CALL */
	struct nkipc_snap *req_snap;	/* pinned + policy: what it read */
	struct nkipc_pinned req, req_arena;
	/* The client's response buffers, pinned at REPLY if need be; immutable */
	u64 ures, ures_arena;
	u32 res_cap, res_arena_cap;	/* offered response capacity */
	struct mm_struct *mm;		/* client's (mmgrab), for a large reply */
	unsigned long charged;		/* bytes charged to client->user */
	/*
	 * The calling thread (a task reference, dropped with the txn, or
	 * when the call is cancelled: NULL then, under svc->lock): every
	 * wakeup of the call is wake_up_process() of it, the only waiter;
	 * @wait is the queue only a timed CALL sleeps on.
	 */
	struct task_struct *caller;
	wait_queue_head_t wait;
	u8 *res_buf;			/* DONE: rbuf[] or res_kbuf to copy out */
	void *res_kbuf;			/* a large response staged (kvfree) */

	/* under svc->lock */
	enum nkipc_txn_state state;
	struct list_head node;		/* svc->queue */
	struct hlist_node hnode;	/* svc->inflight */
	u64 txid;
	int result;			/* DONE: 0 or -errno for CALL */
	u32 res_len;			/* DONE: written, or needed (ENOBUFS) */
	u32 res_arena_len;
	u16 res_ncaps;			/* DONE: response handles (or needed) */

	/* Handles (xfer.c); NULL: none */
	struct nkipc_xfer *req_x;	/* until delivered by RECV */
	struct nkipc_xfer *res_x;	/* set at REPLYING, for the woken CALL */
	u32 res_handles_cap;		/* immutable */

	/*
	 * Last: nkipc_txn_alloc() zeroes everything before them (a reused
	 * spare must not keep its txid or state), and they are the cache's
	 * usercopy region.
	 */
	u8 qbuf[NKIPC_TXN_BUF];		/* a small request */
	u8 rbuf[NKIPC_TXN_BUF];		/* a small response, REPLYING on */
};

/* uarg.c: struct arguments with a leading size field. */
int __nkipc_get_arg(void *karg, size_t ksize, const void __user *uarg,
		    size_t min_size, u32 size, u32 *usize);

/*
 * The common case, a caller built against these headers (size == @ksize),
 * is one copy of constant length (hot path: CALL, RECV, REPLY); the rules
 * for other sizes are in uarg.c.  @ksize is at most a page (BUILD_BUG_ON),
 * so the E2BIG rule cannot apply to it.
 *
 * The hot-path structs (a multiple of 8 bytes, at most 256) are read a
 * word at a time in one user-access section: copy_from_user()'s `rep
 * movsb` has a start-up cost that dominates at this size on hardware, and
 * TCG's -icount counts it one instruction per byte (docs/benchmarks.md).
 */
static __always_inline int nkipc_get_arg(void *karg, size_t ksize,
					 const void __user *uarg,
					 size_t min_size, u32 *usize)
{
	u32 size;

	BUILD_BUG_ON(ksize > PAGE_SIZE);
	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (likely(size == ksize && size >= min_size)) {
		if (ksize % sizeof(u64) == 0 && ksize <= 256) {
			const u64 __user *src = uarg;
			u64 *dst = karg;
			size_t i;

			if (!user_read_access_begin(src, ksize))
				return -EFAULT;
			for (i = 0; i < ksize / sizeof(u64); i++)
				unsafe_get_user(dst[i], &src[i], efault);
			user_read_access_end();
		} else if (copy_from_user(karg, uarg, ksize)) {
			return -EFAULT;
		}
		*usize = size;
		return 0;
	}
	return __nkipc_get_arg(karg, ksize, uarg, min_size, size, usize);
efault:
	user_read_access_end();
	return -EFAULT;
}

int nkipc_put_arg(void __user *uarg, const void *karg, size_t ksize,
		  u32 usize);
int nkipc_get_name(char *dst, size_t size, u64 uptr);
int nkipc_check_name(const char *name, size_t size);
ktime_t nkipc_timeout_ktime(u64 timeout_ns);
ktime_t nkipc_deadline(u64 timeout_ns);
void *nkipc_memdup_user_account(u64 uptr, size_t len);
/*
 * Every allocation a user can cause is charged to the memory cgroup of
 * the task that makes it (GFP_KERNEL_ACCOUNT, SLAB_ACCOUNT); see
 * docs/architecture.md for who pays for what.  A service's allocations
 * (up to ~310 KiB for a full endpoint table) also fail rather than OOM-kill
 * at the cgroup's limit: REGISTER / CM_ACCEPT return -ENOMEM.
 * Failures the module handles (-ENOMEM to the caller) do not warn:
 * __GFP_NOWARN also on the vmalloc fallback of kvmalloc(), whose failure
 * would otherwise print a call trace (fault injection makes that common).
 */
#define NKIPC_GFP_LARGE		(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | \
				 __GFP_NOWARN)
bool nkipc_all_zero(const void *p, size_t len);
#define NKIPC_IOC_BASE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* device.c */
int nkipc_device_init(void);
void nkipc_device_exit(void);

/* ctx.c: a context lives while its file or a handle/txn refers to it */
struct nkipc_ctx *nkipc_ctx_create(void);
void nkipc_ctx_put(struct nkipc_ctx *ctx);
static inline struct nkipc_ctx *nkipc_ctx_get(struct nkipc_ctx *ctx)
{
	kref_get(&ctx->ref);
	return ctx;
}

/* handle.c */
struct file;
int nkipc_handle_create(struct nkipc_service *svc, struct nkipc_ctx *client,
			u32 flags, struct file **filep);
struct file *nkipc_handle_server_file(int fd, struct nkipc_service **svcp);
bool nkipc_handle_file(const struct file *file);
int nkipc_handle_client_get(struct file *file, struct nkipc_service **svcp,
			    u32 *rights);
void nkipc_handle_set_rights(struct file *file, u32 rights);

/* device.c */
bool nkipc_device_file(const struct file *file);

/* xfer.c: handles in messages */
struct nkipc_xfer;
struct nkipc_xfer_out {
	u32 n;
	int fd[NKIPC_MSG_MAX_HANDLES];
	struct file *file[NKIPC_MSG_MAX_HANDLES];
};

int nkipc_xfer_get(struct nkipc_xfer **xp, u64 utable, u32 n);
void nkipc_xfer_free(struct nkipc_xfer *x);
void nkipc_xfer_info(const struct nkipc_xfer *x, struct nkipc_msg_info *info);
u32 nkipc_xfer_count(const struct nkipc_xfer *x);
int nkipc_xfer_prepare(const struct nkipc_xfer *x, struct nkipc_ctx *rcv,
		       u64 utable, struct nkipc_xfer_out *o);
void nkipc_xfer_commit(struct nkipc_xfer_out *o);
void nkipc_xfer_abort(struct nkipc_xfer_out *o);

/* service.c */
struct nkipc_service *nkipc_service_alloc(struct nkipc_ctx *server,
					  const char *name);
int nkipc_service_set_table(struct nkipc_service *svc, u64 uendpoints,
			    u32 n_endpoints);
struct nkipc_service *nkipc_service_create(struct nkipc_ctx *server,
					   const char *name,
					   u64 uendpoints, u32 n_endpoints);
void nkipc_service_put(struct nkipc_service *svc);
static inline struct nkipc_service *nkipc_service_get(struct nkipc_service *svc)
{
	kref_get(&svc->ref);
	return svc;
}

int nkipc_service_publish(struct nkipc_service *svc);
struct nkipc_service *nkipc_service_wait(const char *name, u64 timeout_ns);
void nkipc_service_kill(struct nkipc_service *svc);
const struct nkipc_endpoint *nkipc_service_find_endpoint(struct nkipc_service *svc,
							 const char *name);
void nkipc_registry_exit(void);

/* check.c */
int nkipc_check_table(struct nkipc_svc_table *table);
int nkipc_check_msg(const struct nkipc_msg_hdr *hdr, u32 len, u32 arena_len);
const struct nkipc_riid_info *nkipc_check_target(const struct nkipc_service *svc,
						 const struct nkipc_msg_hdr *hdr);

/* copy.c */
int nkipc_pin(struct nkipc_pinned *p, u64 uaddr, u32 len, unsigned int foll);
int nkipc_copy_in(struct nkipc_pinned *p, u64 uaddr, u32 len);
int nkipc_copy_in_buf(struct nkipc_pinned *p, u64 uaddr, u32 len, void *buf,
		      u32 room);
int nkipc_small_from_user(void *dst, const void __user *src, u32 len);
int nkipc_small_to_user(void __user *dst, const void *src, u32 len);
int nkipc_pin_remote(struct nkipc_pinned *p, struct mm_struct *mm, u64 uaddr,
		     u32 len);
int nkipc_pinned_bounce(struct nkipc_pinned *p);
void nkipc_unpin(struct nkipc_pinned *p);
void nkipc_pinned_read(const struct nkipc_pinned *p, u32 off, void *buf,
		       u32 len);
void nkipc_pinned_write(struct nkipc_pinned *p, u32 off, const void *buf,
			u32 len);
int nkipc_pinned_to_user(const struct nkipc_pinned *p, u32 off,
			 void __user *dst, u32 len);
void nkipc_pinned_copy(struct nkipc_pinned *dst, u32 dst_off,
		       const struct nkipc_pinned *src, u32 src_off, u32 len);

/* account.c: memory held by calls in flight and names held, per uid */
struct nkipc_user *nkipc_user_get(const struct cred *cred);
struct nkipc_user *nkipc_names_user_get(const struct cred *cred);
void nkipc_user_put(struct nkipc_user *u);
int nkipc_user_name_charge(struct nkipc_user *u);
void nkipc_user_name_uncharge(struct nkipc_user *u);
int nkipc_user_charge(struct nkipc_user *u, unsigned long bytes,
		      unsigned long *charged);
void nkipc_user_uncharge(struct nkipc_user *u, unsigned long bytes);
void nkipc_account_exit(void);

/* txn.c */
long nkipc_txn_call(struct nkipc_service *svc, struct nkipc_ctx *client,
		    void __user *uarg);
long nkipc_txn_recv(struct nkipc_service *svc, void __user *uarg);
long nkipc_txn_reply(struct nkipc_service *svc, void __user *uarg);
long nkipc_txn_reply_recv(struct nkipc_service *svc, void __user *uarg);
void nkipc_txn_fail_all(struct nkipc_service *svc);
void nkipc_txn_count(struct nkipc_service *svc, u32 *queued, u32 *inflight);
void nkipc_txn_free_spare(struct nkipc_ctx *ctx);
int nkipc_txn_init(void);
void nkipc_txn_exit(void);

/* nameserver.c, connmgr.c: dynamic channels */
extern spinlock_t nkipc_ns_lock;
long nkipc_ns_ioctl(struct nkipc_ctx *ctx, unsigned int cmd, void __user *uarg);
long nkipc_cm_ioctl(struct nkipc_ctx *ctx, unsigned int cmd, void __user *uarg);
void nkipc_ns_ctx_release(struct nkipc_ctx *ctx);
void nkipc_cm_ctx_release(struct nkipc_ctx *ctx);
struct nkipc_ctx *nkipc_ns_owner(const char *server);

void nkipc_channels_changed(void);

#endif /* _NKIPC_CORE_H */
