// SPDX-License-Identifier: GPL-2.0
/*
 * Server and client handles: anon-inode files, so their lifetime follows
 * close()/exit and they work with poll/epoll.
 *
 * Releasing a server handle kills its service (every pending call fails
 * with -EPIPE).  A client handle has no call pending when it is released:
 * a CALL holds the file for its whole duration, and a thread killed in
 * CALL withdraws its transaction before the file can go.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "core.h"

struct nkipc_handle {
	struct nkipc_service *svc;	/* immutable, holds a ref */
	struct nkipc_ctx *client;	/* client handles: the caller identity */
	struct list_head node;		/* client handles: svc->clients */
	u32 rights;			/* client handles: NKIPC_RIGHT_* */
};

static const struct file_operations nkipc_server_fops;
static const struct file_operations nkipc_client_fops;

static int nkipc_server_release(struct inode *inode, struct file *file)
{
	struct nkipc_handle *h = file->private_data;

	nkipc_service_kill(h->svc);
	nkipc_service_put(h->svc);
	kfree(h);
	return 0;
}

static int nkipc_client_release(struct inode *inode, struct file *file)
{
	struct nkipc_handle *h = file->private_data;

	spin_lock(&h->svc->lock);
	list_del(&h->node);
	spin_unlock(&h->svc->lock);
	atomic_dec(&h->svc->n_clients);
	nkipc_channels_changed();
	nkipc_service_put(h->svc);
	nkipc_ctx_put(h->client);
	kfree(h);
	return 0;
}

static __poll_t nkipc_server_poll(struct file *file, poll_table *pt)
{
	struct nkipc_handle *h = file->private_data;
	struct nkipc_service *svc = h->svc;
	__poll_t mask = 0;

	poll_wait(file, &svc->poll_wait, pt);
	spin_lock(&svc->lock);
	if (!list_empty(&svc->queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&svc->lock);
	return mask;
}

static __poll_t nkipc_client_poll(struct file *file, poll_table *pt)
{
	struct nkipc_handle *h = file->private_data;

	poll_wait(file, &h->svc->poll_wait, pt);
	if (READ_ONCE(h->svc->dead))
		return EPOLLHUP | EPOLLERR;
	return EPOLLOUT | EPOLLWRNORM;
}

static long nkipc_get_riid(struct nkipc_service *svc, void __user *uarg)
{
	const struct nkipc_endpoint *ep;
	char name[NKIPC_NAME_MAX];
	struct nkipc_get_riid g;
	u32 usize;
	int ret;

	ret = nkipc_get_arg(&g, sizeof(g), uarg, NKIPC_GET_RIID_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (g.flags)
		return -EINVAL;
	ret = nkipc_get_name(name, sizeof(name), g.name);
	if (ret)
		return ret;
	ep = nkipc_service_find_endpoint(svc, name);
	if (!ep)
		return -ENOENT;
	g.riid = ep->riid;
	g.n_methods = ep->n_methods;
	return nkipc_put_arg(uarg, &g, sizeof(g), usize);
}

static long nkipc_server_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct nkipc_handle *h = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (NKIPC_IOC_BASE(cmd)) {
	case NKIPC_IOC_BASE(NKIPC_IOC_RECV):
		return nkipc_txn_recv(h->svc, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_REPLY):
		return nkipc_txn_reply(h->svc, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_REPLY_RECV):
		return nkipc_txn_reply_recv(h->svc, uarg);
	}
	return -ENOTTY;
}

static long nkipc_client_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct nkipc_handle *h = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (NKIPC_IOC_BASE(cmd)) {
	case NKIPC_IOC_BASE(NKIPC_IOC_CALL):
		/* A handle received with its CALL right narrowed away. */
		if (!(READ_ONCE(h->rights) & NKIPC_RIGHT_CALL))
			return -EPERM;
		return nkipc_txn_call(h->svc, h->client, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_GET_RIID):
		return nkipc_get_riid(h->svc, uarg);
	}
	return -ENOTTY;
}

static const struct file_operations nkipc_server_fops = {
	.owner		= THIS_MODULE,
	.release	= nkipc_server_release,
	.poll		= nkipc_server_poll,
	.unlocked_ioctl	= nkipc_server_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static const struct file_operations nkipc_client_fops = {
	.owner		= THIS_MODULE,
	.release	= nkipc_client_release,
	.poll		= nkipc_client_poll,
	.unlocked_ioctl	= nkipc_client_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/*
 * Creates a handle file for @svc (a client handle if @client is set) and
 * reserves an fd for it.  The caller either fd_install()s it or undoes
 * both with put_unused_fd() and fput().  The handle takes its own refs.
 */
int nkipc_handle_create(struct nkipc_service *svc, struct nkipc_ctx *client,
			u32 flags, struct file **filep)
{
	unsigned int oflags = flags & NKIPC_F_INHERIT ? 0 : O_CLOEXEC;
	struct nkipc_handle *h;
	struct file *file;
	int fd;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	fd = get_unused_fd_flags(oflags);
	if (fd < 0) {
		kfree(h);
		return fd;
	}
	file = anon_inode_getfile(client ? "[nkipc-client]" : "[nkipc-server]",
				  client ? &nkipc_client_fops : &nkipc_server_fops,
				  h, O_RDWR | oflags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		kfree(h);
		return PTR_ERR(file);
	}
	h->svc = nkipc_service_get(svc);
	h->rights = NKIPC_RIGHTS_CHANNEL;
	if (client) {
		h->client = nkipc_ctx_get(client);
		spin_lock(&svc->lock);
		list_add_tail(&h->node, &svc->clients);
		spin_unlock(&svc->lock);
		atomic_inc(&svc->n_clients);
		nkipc_channels_changed();
	}
	*filep = file;
	return fd;
}

/*
 * The server handle file behind @fd, with a file reference, and its
 * service (with a reference): CM_ACCEPT on a listener.
 */
struct file *nkipc_handle_server_file(int fd, struct nkipc_service **svcp)
{
	struct nkipc_handle *h;
	struct file *file;

	file = fget(fd);
	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &nkipc_server_fops) {
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	h = file->private_data;
	*svcp = nkipc_service_get(h->svc);
	return file;
}

/* Server or client handle: never sent as an ordinary fd (xfer.c). */
bool nkipc_handle_file(const struct file *file)
{
	return file->f_op == &nkipc_server_fops ||
	       file->f_op == &nkipc_client_fops;
}

/* The service (with a reference) and rights of a client handle file. */
int nkipc_handle_client_get(struct file *file, struct nkipc_service **svcp,
			    u32 *rights)
{
	struct nkipc_handle *h;

	if (file->f_op != &nkipc_client_fops)
		return -EINVAL;
	h = file->private_data;
	*rights = READ_ONCE(h->rights);
	*svcp = nkipc_service_get(h->svc);
	return 0;
}

/* A client handle created for a transfer, before its fd is installed. */
void nkipc_handle_set_rights(struct file *file, u32 rights)
{
	struct nkipc_handle *h = file->private_data;

	WRITE_ONCE(h->rights, rights);
}

int nkipc_service_walk_clients(struct nkipc_service *svc, u32 start,
			       int (*cb)(const struct nkipc_client_info *ci,
					 void *arg),
			       void *arg)
{
	struct nkipc_client_info ci;
	struct nkipc_handle *h;
	u32 i = 0;
	int ret = 0;

	spin_lock(&svc->lock);
	list_for_each_entry(h, &svc->clients, node) {
		if (i++ < start)
			continue;
		ci.tgid = h->client->id.tgid;
		ci.uid = from_kuid_munged(&init_user_ns,
					  h->client->id.cred->euid);
		strscpy(ci.class_name, h->client->id.class_name,
			sizeof(ci.class_name));
		ret = cb(&ci, arg);
		if (ret)
			break;
	}
	spin_unlock(&svc->lock);
	return ret;
}
