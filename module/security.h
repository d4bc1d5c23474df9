/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: the verdict hook
 *
 * Every request and every response passes nkipc_security_msg() after the
 * structure check and before it is delivered.  Identities are captured at
 * open() of /dev/nkipc (credentials, tgid, entity class), never task
 * pointers, so a verdict can be computed from any context.
 *
 * One nkipc_security_ops may be registered at a time; it is read under RCU.
 * With none registered every message is allowed (the built-in default).
 * The callbacks run in process context of the sender, may not sleep
 * (rcu_read_lock() is held), and return 0 to allow, -EACCES to deny or
 * -EBADMSG for a message whose structure the policy rejects.
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
	/* Fill id->class_name at open(); may sleep (not under RCU). */
	void (*assign_class)(struct nkipc_identity *id);
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
};

/* the class of processes nothing binds (uapi/linux/nkipc_genl.h) */
#define NKIPC_DEFAULT_CLASS	NKIPC_DEFAULT_CLASS_NAME

int nkipc_security_register(const struct nkipc_security_ops *ops);
void nkipc_security_unregister(const struct nkipc_security_ops *ops);

/* Used by the core: */
bool nkipc_security_active(void);
int nkipc_security_msg(const struct nkipc_msg_info *info);
int nkipc_security_connect(const struct nkipc_identity *client,
			   const struct nkipc_identity *server,
			   const char *server_name, const char *channel);
int nkipc_security_register_name(const struct nkipc_identity *server,
				 const char *server_name, const char *channel);
void nkipc_identity_init(struct nkipc_identity *id);
void nkipc_identity_release(struct nkipc_identity *id);

#endif /* _NKIPC_SECURITY_H */
