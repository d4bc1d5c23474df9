/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: the verdict hook
 *
 * Every request and every response passes nkipc_security_msg() after the
 * structure check and before it is delivered.  Identities are captured at
 * open() of /dev/nkipc (credentials, tgid, entity class), never task
 * pointers, so a verdict can be computed from any context.
 *
 * Up to NKIPC_SECURITY_MAX nkipc_security_ops may be registered at once
 * (nkipc_security_register(), exported GPL); the built-in policy engine is
 * one registrant like any other.  The set is read under RCU and replaced
 * as a whole (copy, publish, synchronize_rcu()), so a verdict sees either
 * the set before a change or the one after it, never a partial one:
 *
 *  - a verdict (message, connect, register) asks every registrant in
 *    registration order and stops at the first that refuses: any denial
 *    wins, as with stacked LSMs.  With none registered everything is
 *    allowed.
 *  - assign_class() is asked in registration order until one leaves a
 *    class other than NKIPC_DEFAULT_CLASS in the identity: the first
 *    registrant that assigns a class wins.
 *  - a replacement engine registers first and the old one unregisters
 *    afterwards: in between both are asked, so there is no moment at
 *    which neither judges.  nkipc_security_unregister() returns once no
 *    verdict runs on the ops any more.
 *
 * The verdict callbacks run in process context of the sender, may not
 * sleep (rcu_read_lock() is held), and return 0 to allow, -EACCES to deny
 * or -EBADMSG for a message whose structure the policy rejects.  The two
 * that may sleep, assign_class() and ioctl(), run under SRCU instead.
 *
 * The core calls a registrant only through these callbacks; a registrant
 * may look at the core's objects through introspect.h.
 *
 * The core asks nkipc_security_active() before a pinned message is sent:
 * only when a registrant may read message bytes beyond the header
 * (reads_msg()) does it record what the verdict read (snap.c), which costs
 * an allocation per message.  nkipc_security_enforcing() (some registrant
 * judges at all, active()) is what NKIPC_IOC_VERSION reports as
 * NKIPC_FEAT_POLICY.  Both callbacks must change with release/acquire
 * ordering against what the verdict then reads (see policy/policy.c): a
 * registrant that starts reading message bytes sets reads_msg() before it
 * publishes the rules that read them, and clears it only after.
 */
#ifndef _NKIPC_SECURITY_H
#define _NKIPC_SECURITY_H

#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/types.h>
#include <uapi/linux/nkipc.h>
#include <uapi/linux/nkipc_genl.h>

/* Captured at open() of /dev/nkipc; immutable afterwards. */
struct nkipc_identity {
	const struct cred *cred;	/* get_current_cred() at open */
	struct pid *pid;		/* get_pid(task_tgid(current)) at open */
	pid_t tgid;			/* in the init pid namespace */
	char class_name[NKIPC_CLASS_MAX];
};

enum nkipc_msg_dir {
	NKIPC_DIR_REQUEST,
	NKIPC_DIR_RESPONSE,
};

enum nkipc_msg_part {
	NKIPC_PART_CONST,
	NKIPC_PART_ARENA,
};

/* One handle a message carries (uapi: DOC: handles in messages). */
struct nkipc_handle_info {
	u16 kind;				/* NKIPC_HANDLE_* */
	u32 rights;				/* NKIPC_RIGHT_* passed */
	/* NKIPC_HANDLE_CHANNEL: the service the receiver can call */
	const char *service;			/* "" for a dynamic channel */
	const struct nkipc_identity *server;	/* its server */
};

/* What a verdict sees of one message. */
struct nkipc_msg_info {
	enum nkipc_msg_dir dir;
	const struct nkipc_identity *src;	/* sender of this message */
	const struct nkipc_identity *dst;	/* receiver of this message */
	const char *channel;			/* service name */
	const char *iface;			/* interface of the endpoint */
	const char *endpoint;			/* first name of the riid */
	u32 riid;
	u32 mid;
	u32 const_len;
	u32 arena_len;
	/* the handles it carries, hdr.ncaps of them, in table order */
	u32 n_handles;
	const struct nkipc_handle_info *handles;
	/*
	 * Set when a pinned message is checked a second time, on a kernel
	 * copy, because the first verdict (which granted) read more than the
	 * core can record and replay over the delivered copy.  This verdict
	 * decides: it sees exactly what will be delivered.  A policy should
	 * decide the same way; it may skip auditing a grant twice.
	 */
	bool recheck;
	/*
	 * Reads @len bytes at @off of a part of the message (from the pinned
	 * pages or the inline buffer); 0 or -EFAULT if out of range.  Does not
	 * sleep.
	 */
	int (*read)(const struct nkipc_msg_info *info, enum nkipc_msg_part part,
		    u32 off, void *buf, u32 len);
	const void *priv;			/* for read() */
};

struct nkipc_security_ops {
	/*
	 * Fill id->class_name at open(); may sleep (not under RCU).  Leaving
	 * NKIPC_DEFAULT_CLASS means "no class from me": the next registrant
	 * is asked.
	 */
	void (*assign_class)(struct nkipc_identity *id);
	/*
	 * An ioctl of /dev/nkipc in the registrants' range
	 * (_IOC_NR NKIPC_SECURITY_IOC_FIRST..LAST, e.g. the launcher grant of the
	 * built-in engine).  Asked in registration order until one returns
	 * other than -ENOTTY.  May sleep; checks its own privileges.
	 */
	long (*ioctl)(unsigned int cmd, void __user *arg);
	int (*msg_verdict)(const struct nkipc_msg_info *info);
	/*
	 * A client connecting to a service: @server is the context that
	 * will serve it; @server_name is the name-server name it is reached
	 * under (dynamic channels), NULL for a static channel.
	 */
	int (*connect_verdict)(const struct nkipc_identity *client,
			       const struct nkipc_identity *server,
			       const char *server_name, const char *channel);
	/*
	 * A server taking a name: REGISTER (@server_name NULL), NS_PUBLISH
	 * and CM_ACCEPT (the server name it publishes or was reached under).
	 */
	int (*register_verdict)(const struct nkipc_identity *server,
				const char *server_name, const char *channel);
	/*
	 * Whether this registrant judges anything right now (the built-in
	 * engine: a policy is loaded).  NULL: always, while registered.
	 * Called under RCU; must not sleep.
	 */
	bool (*active)(void);
	/*
	 * Whether msg_verdict() may now read message bytes beyond the
	 * header through info->read().  NULL: whenever msg_verdict is set.
	 * Called under RCU; must not sleep.  A pinned message sent while
	 * no registrant said so has nothing to record the bytes a verdict
	 * reads: info->read() refuses them (-EAGAIN) except on a recheck.
	 */
	bool (*reads_msg)(void);
};

/* ioctl numbers of /dev/nkipc handed to registrants (uapi: 0x10 - 0x1f) */
#define NKIPC_SECURITY_IOC_FIRST	0x10
#define NKIPC_SECURITY_IOC_LAST		0x1f

/* registrants at most (-ENOSPC beyond) */
#define NKIPC_SECURITY_MAX	4

/* the class of processes nothing binds (uapi/linux/nkipc_genl.h) */
#define NKIPC_DEFAULT_CLASS	NKIPC_DEFAULT_CLASS_NAME

int nkipc_security_register(const struct nkipc_security_ops *ops);
void nkipc_security_unregister(const struct nkipc_security_ops *ops);

/* Used by the core: */
bool nkipc_security_active(void);	/* some registrant reads message bytes */
bool nkipc_security_enforcing(void);	/* some registrant judges */
int nkipc_security_msg(const struct nkipc_msg_info *info);
int nkipc_security_connect(const struct nkipc_identity *client,
			   const struct nkipc_identity *server,
			   const char *server_name, const char *channel);
int nkipc_security_register_name(const struct nkipc_identity *server,
				 const char *server_name, const char *channel);
long nkipc_security_ioctl(unsigned int cmd, void __user *arg);
void nkipc_identity_init(struct nkipc_identity *id);
void nkipc_identity_release(struct nkipc_identity *id);

#endif /* _NKIPC_SECURITY_H */
