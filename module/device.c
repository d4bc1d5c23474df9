// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/nkipc: a context per open (ctx.c) and the ioctls that create
 * handles: VERSION, REGISTER, CONNECT, and the dynamic-channel
 * range handed to nameserver.c / connmgr.c.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

static int nkipc_dev_open(struct inode *inode, struct file *file)
{
	struct nkipc_ctx *ctx = nkipc_ctx_create();

	if (!ctx)
		return -ENOMEM;
	file->private_data = ctx;
	return nonseekable_open(inode, file);
}

static int nkipc_dev_release(struct inode *inode, struct file *file)
{
	struct nkipc_ctx *ctx = file->private_data;

	/* Unpublish first, so that no new connection request is routed here. */
	nkipc_ns_ctx_release(ctx);
	nkipc_cm_ctx_release(ctx);
	nkipc_ctx_put(ctx);
	return 0;
}

static long nkipc_ioc_version(void __user *uarg)
{
	struct nkipc_version v = {
		.size = sizeof(v),
		.abi_version = NKIPC_ABI_VERSION,
		.max_msg_size = nkipc_max_msg_size,
		.features = NKIPC_FEAT_PINNED_COPY | NKIPC_FEAT_SECURITY |
			    NKIPC_FEAT_DYNAMIC,
		.inline_threshold = READ_ONCE(nkipc_inline_threshold),
	};
	u32 usize;

	if (nkipc_security_enforcing())
		v.features |= NKIPC_FEAT_POLICY;
	/*
	 * Only the size is input (hence _IOWR): it says how much to write.
	 * Sizes follow the rule of every other struct, except that the
	 * tail of a larger struct is output (zeroed), not checked.
	 */
	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < NKIPC_VERSION_SIZE_VER0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	if (usize > sizeof(v) &&
	    clear_user(uarg + sizeof(v), usize - sizeof(v)))
		return -EFAULT;
	return nkipc_put_arg(uarg, &v, sizeof(v), usize);
}

static long nkipc_ioc_register(struct nkipc_ctx *ctx, void __user *uarg)
{
	char name[NKIPC_NAME_MAX];
	struct nkipc_service *svc;
	struct nkipc_register r;
	struct file *file;
	int fd, ret;
	u32 usize;

	ret = nkipc_get_arg(&r, sizeof(r), uarg, NKIPC_REGISTER_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (r.flags & ~NKIPC_F_INHERIT || r.reserved)
		return -EINVAL;
	ret = nkipc_get_name(name, sizeof(name), r.name);
	if (ret)
		return ret;
	if (!r.n_endpoints || r.n_endpoints > NKIPC_MAX_ENDPOINTS)
		return -EINVAL;
	svc = nkipc_service_alloc(ctx, name);
	if (IS_ERR(svc))
		return PTR_ERR(svc);

	fd = nkipc_handle_create(svc, NULL, r.flags, &file);
	if (fd < 0)
		goto out;
	/* The large allocations last (see nkipc_service_set_table()). */
	ret = nkipc_service_set_table(svc, r.endpoints, r.n_endpoints);
	if (!ret)
		ret = nkipc_service_publish(svc);
	if (ret) {
		put_unused_fd(fd);
		fput(file);
		fd = ret;
		goto out;
	}
	fd_install(fd, file);
out:
	nkipc_service_put(svc);
	return fd;
}

static long nkipc_ioc_connect(struct nkipc_ctx *ctx, void __user *uarg)
{
	char name[NKIPC_NAME_MAX];
	struct nkipc_service *svc;
	struct nkipc_connect c;
	struct file *file;
	int fd, ret;
	u32 usize;

	ret = nkipc_get_arg(&c, sizeof(c), uarg, NKIPC_CONNECT_SIZE_VER0,
			    &usize);
	if (ret)
		return ret;
	if (c.flags & ~NKIPC_F_INHERIT || c.reserved)
		return -EINVAL;
	ret = nkipc_get_name(name, sizeof(name), c.name);
	if (ret)
		return ret;
	svc = nkipc_service_wait(name, c.timeout_ns);
	if (IS_ERR(svc))
		return PTR_ERR(svc);

	fd = -EACCES;
	if (nkipc_security_connect(&ctx->id, &svc->server->id, NULL,
				   svc->name))
		goto out;
	fd = nkipc_handle_create(svc, ctx, c.flags, &file);
	if (fd >= 0)
		fd_install(fd, file);
out:
	nkipc_service_put(svc);
	return fd;
}

static long nkipc_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct nkipc_ctx *ctx = file->private_data;
	void __user *uarg = (void __user *)arg;

	if (_IOC_TYPE(cmd) != NKIPC_IOC_MAGIC)
		return -ENOTTY;
	/* the security registrants' range (the engine's launcher grant) */
	if (_IOC_NR(cmd) >= NKIPC_SECURITY_IOC_FIRST &&
	    _IOC_NR(cmd) <= NKIPC_SECURITY_IOC_LAST)
		return nkipc_security_ioctl(cmd, uarg);
	switch (NKIPC_IOC_BASE(cmd)) {
	case NKIPC_IOC_BASE(NKIPC_IOC_VERSION):
		return nkipc_ioc_version(uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_REGISTER):
		return nkipc_ioc_register(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_CONNECT):
		return nkipc_ioc_connect(ctx, uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_NS_PUBLISH):
	case NKIPC_IOC_BASE(NKIPC_IOC_NS_UNPUBLISH):
	case NKIPC_IOC_BASE(NKIPC_IOC_NS_ENUM):
		return nkipc_ns_ioctl(ctx, NKIPC_IOC_BASE(cmd), uarg);
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_CONNECT):
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_LISTEN):
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_ACCEPT):
	case NKIPC_IOC_BASE(NKIPC_IOC_CM_DROP):
		return nkipc_cm_ioctl(ctx, NKIPC_IOC_BASE(cmd), uarg);
	}
	return -ENOTTY;
}

static const struct file_operations nkipc_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= nkipc_dev_open,
	.release	= nkipc_dev_release,
	.unlocked_ioctl	= nkipc_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= no_llseek,
};

/* A /dev/nkipc context: carries its opener's identity, never sent. */
bool nkipc_device_file(const struct file *file)
{
	return file->f_op == &nkipc_dev_fops;
}

static struct miscdevice nkipc_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "nkipc",
	.fops	= &nkipc_dev_fops,
	.mode	= 0666,
};

int nkipc_device_init(void)
{
	return misc_register(&nkipc_miscdev);
}

void nkipc_device_exit(void)
{
	misc_deregister(&nkipc_miscdev);
}
