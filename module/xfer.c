// SPDX-License-Identifier: GPL-2.0
/*
 * Handles in messages (uapi: DOC: handles in messages).
 *
 * Sending (CALL, REPLY; the sender's context): nkipc_xfer_get() reads the
 * handle table, checks every entry and takes what the receiver will get:
 * a file reference (fget, or a narrower reopen of a regular file) for an
 * fd, a service reference for a client handle.  The verdict sees them
 * (nkipc_xfer_info()).  Nothing of the sender changes.
 *
 * Delivering (RECV, and the woken CALL for a response; the receiver's
 * context) is two-phase, because installing an fd cannot be undone:
 * nkipc_xfer_prepare() reserves every fd, creates the new client handles
 * (under the receiver's identity) and writes the table out; only when the
 * rest of the delivery has succeeded too does nkipc_xfer_commit()
 * fd_install() them all.  nkipc_xfer_abort() undoes a prepare.
 * nkipc_xfer_free() drops whatever the sender's side still holds: a
 * denied, cancelled or undeliverable message leaks nothing.
 *
 * The LSM hook security_file_receive() (SCM_RIGHTS, binder) is not
 * exported to modules: the nkipc verdict, which sees every handle, is
 * what judges a transfer.
 */
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"
#include "stop.h"

struct nkipc_xfer {
	u32 n;
	struct nkipc_handle_info info[NKIPC_MSG_MAX_HANDLES];
	u16 flags[NKIPC_MSG_MAX_HANDLES];			/* verified */
	struct file *file[NKIPC_MSG_MAX_HANDLES];		/* FD */
	struct nkipc_service *svc[NKIPC_MSG_MAX_HANDLES];	/* CHANNEL */
};

static u32 nkipc_file_rights(const struct file *file)
{
	return (file->f_mode & FMODE_READ ? NKIPC_RIGHT_READ : 0) |
	       (file->f_mode & FMODE_WRITE ? NKIPC_RIGHT_WRITE : 0);
}

/*
 * An ordinary fd.  A narrower mask than the file's mode opens the same
 * regular file again, read- or write-only: the sender opened it for both,
 * so the new file grants nothing it did not have (dentry_open() does no
 * permission check of its own; the file_open LSM hook runs).
 */
static int nkipc_xfer_take_fd(struct nkipc_xfer *x, u32 i, struct file *file,
			      u32 rights)
{
	u32 have = nkipc_file_rights(file);
	struct file *nf;
	int flags;

	if (rights & ~NKIPC_RIGHTS_FD)
		return -EINVAL;
	if ((file->f_mode & FMODE_PATH) || nkipc_handle_file(file) ||
	    nkipc_device_file(file))
		return -EINVAL;
	if (rights & ~have)
		return -EPERM;
	if (rights != have) {
		if (!S_ISREG(file_inode(file)->i_mode))
			return -EINVAL;
		flags = (file->f_flags & ~O_ACCMODE) |
			(rights == NKIPC_RIGHT_READ ? O_RDONLY : O_WRONLY);
		nf = dentry_open(&file->f_path, flags, current_cred());
		if (IS_ERR(nf))
			return PTR_ERR(nf);
		fput(file);
		file = nf;
	}
	x->file[i] = file;
	return 0;
}

/*
 * NKIPC_HANDLE_F_MEMORY: what the sender claims of @file (the inode the
 * receiver gets a file of) is checked here, once, at send time; seals can
 * be added but never removed, so it still holds when the receiver maps
 * the file, and for as long as the file lives.
 *
 * Only a shmem file can be sealed (memfd_create(MFD_ALLOW_SEALING); other
 * shmem files have F_SEAL_SEAL from birth and no other seal), and the
 * seals live in its shmem_inode_info, whose layout the headers give:
 * memfd_fcntl()/memfd_get_seals() are not exported, shmem_aops is (for
 * shmem_file()).  Seals only grow, under the inode lock; F_SEAL_WRITE is
 * set after every writable mapping is gone, so a single read is enough.
 * Hugetlbfs memfds are not shmem and are refused.
 */
static int nkipc_xfer_check_memory(struct file *file, u32 rights, u16 flags)
{
	unsigned int seals;

	if (!shmem_file(file))
		return -EINVAL;
	seals = READ_ONCE(SHMEM_I(file_inode(file))->seals);
	if (!(seals & F_SEAL_SHRINK))
		return -EBADFD;
	/* F_SEAL_FUTURE_WRITE leaves the sender's writable mappings alone */
	if ((flags & NKIPC_HANDLE_F_IMMUTABLE) && !(seals & F_SEAL_WRITE))
		return -EBADFD;
	/*
	 * A memfd's inode is mode 0777: a read-only fd of it can be opened
	 * again for writing through /proc/self/fd/N by anyone who holds it.
	 * READ alone means something only with writes sealed.
	 */
	if (!(rights & NKIPC_RIGHT_WRITE) &&
	    !(seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		return -EBADFD;
	return 0;
}

static int nkipc_xfer_take(struct nkipc_xfer *x, u32 i,
			   const struct nkipc_handle_desc *d)
{
	struct nkipc_handle_info *hi = &x->info[i];
	struct nkipc_service *svc;
	struct file *file;
	u32 have;
	int ret;

	if (d->reserved || !d->rights || (d->flags & ~NKIPC_HANDLE_FLAGS))
		return -EINVAL;
	if (d->kind != NKIPC_HANDLE_FD && d->kind != NKIPC_HANDLE_CHANNEL)
		return -EINVAL;
	if (d->flags && (d->kind != NKIPC_HANDLE_FD ||
			 !(d->flags & NKIPC_HANDLE_F_MEMORY)))
		return -EINVAL;
	file = fget(d->fd);
	if (!file)
		return -EBADF;
	if (d->kind == NKIPC_HANDLE_FD) {
		ret = d->flags ? nkipc_xfer_check_memory(file, d->rights,
							 d->flags) : 0;
		if (!ret)
			ret = nkipc_xfer_take_fd(x, i, file, d->rights);
		if (ret)
			fput(file);
		else
			nkipc_stop_handle_count(1);
		x->flags[i] = d->flags;
	} else {
		ret = nkipc_handle_client_get(file, &svc, &have);
		fput(file);
		if (ret)
			return ret;
		if (d->rights & ~NKIPC_RIGHTS_CHANNEL)
			ret = -EINVAL;
		else if (!(have & NKIPC_RIGHT_TRANSFER) || (d->rights & ~have))
			ret = -EPERM;
		if (ret) {
			nkipc_service_put(svc);
			return ret;
		}
		x->svc[i] = svc;
		hi->service = svc->name;
		hi->server = &svc->server->id;
		nkipc_stop_handle_count(1);
	}
	if (ret)
		return ret;
	hi->kind = d->kind;
	hi->rights = d->rights;
	x->n = i + 1;
	return 0;
}

void nkipc_xfer_free(struct nkipc_xfer *x)
{
	u32 i;

	if (!x)
		return;
	for (i = 0; i < x->n; i++) {
		if (x->file[i]) {
			fput(x->file[i]);
			nkipc_stop_handle_count(-1);
		}
		if (x->svc[i]) {
			nkipc_service_put(x->svc[i]);
			nkipc_stop_handle_count(-1);
		}
	}
	kfree(x);
}

/*
 * Reads @n entries of the table at @utable and takes their handles into
 * *@xp (NULL when @n is 0).  -EBADMSG: too many, or no table.
 */
int nkipc_xfer_get(struct nkipc_xfer **xp, u64 utable, u32 n)
{
	struct nkipc_handle_desc d[NKIPC_MSG_MAX_HANDLES];
	struct nkipc_xfer *x;
	u32 i;
	int ret;

	*xp = NULL;
	if (!n)
		return 0;
	if (n > NKIPC_MSG_MAX_HANDLES || !utable)
		return -EBADMSG;
	if (copy_from_user(d, u64_to_user_ptr(utable), n * sizeof(d[0])))
		return -EFAULT;
	x = kzalloc(sizeof(*x), GFP_KERNEL_ACCOUNT);
	if (!x)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ret = nkipc_xfer_take(x, i, &d[i]);
		if (ret) {
			nkipc_xfer_free(x);
			return ret;
		}
	}
	*xp = x;
	return 0;
}

/* What the verdict sees of the handles (none: @x NULL). */
void nkipc_xfer_info(const struct nkipc_xfer *x, struct nkipc_msg_info *info)
{
	info->n_handles = x ? x->n : 0;
	info->handles = x ? x->info : NULL;
}

u32 nkipc_xfer_count(const struct nkipc_xfer *x)
{
	return x ? x->n : 0;
}

void nkipc_xfer_abort(struct nkipc_xfer_out *o)
{
	u32 i;

	for (i = 0; i < o->n; i++) {
		put_unused_fd(o->fd[i]);
		fput(o->file[i]);
	}
	o->n = 0;
}

/*
 * Reserves the receiver's fds for @x, creates its new client handles (for
 * the identity @rcv) and writes the table to @utable.  On error nothing
 * is left behind.
 */
int nkipc_xfer_prepare(const struct nkipc_xfer *x, struct nkipc_ctx *rcv,
		       u64 utable, struct nkipc_xfer_out *o)
{
	struct nkipc_handle_desc d[NKIPC_MSG_MAX_HANDLES];
	struct file *file;
	u32 i;
	int fd, ret;

	o->n = 0;
	memset(d, 0, sizeof(d));
	for (i = 0; i < x->n; i++) {
		if (x->file[i]) {
			fd = get_unused_fd_flags(O_CLOEXEC);
			file = fd < 0 ? NULL : get_file(x->file[i]);
		} else {
			fd = nkipc_handle_create(x->svc[i], rcv, 0, &file);
			if (fd >= 0)
				nkipc_handle_set_rights(file, x->info[i].rights);
		}
		if (fd < 0) {
			ret = fd;
			goto fail;
		}
		o->fd[i] = fd;
		o->file[i] = file;
		o->n = i + 1;
		d[i].fd = fd;
		d[i].kind = x->info[i].kind;
		d[i].flags = x->flags[i];
		d[i].rights = x->info[i].rights;
	}
	if (copy_to_user(u64_to_user_ptr(utable), d, x->n * sizeof(d[0]))) {
		ret = -EFAULT;
		goto fail;
	}
	return 0;
fail:
	nkipc_xfer_abort(o);
	return ret;
}

/* The point of no return: every reserved fd gets its file. */
void nkipc_xfer_commit(struct nkipc_xfer_out *o)
{
	u32 i;

	for (i = 0; i < o->n; i++)
		fd_install(o->fd[i], o->file[i]);
	o->n = 0;
}
