// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handles.c - handles in messages (see handles.h): the thread's outgoing
 * attachment and its received, not yet taken handles.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <services/ocap.h>

#include "handles.h"
#include "ipc.h"

nk_static_assert(NK_MSG_MAX_HANDLES == NKIPC_MSG_MAX_HANDLES, "handle table size");
nk_static_assert(OCAP_FILE_READ == NKIPC_RIGHT_READ, "read right");
nk_static_assert(OCAP_FILE_WRITE == NKIPC_RIGHT_WRITE, "write right");
nk_static_assert(OCAP_IPC_CALL == NKIPC_RIGHT_CALL, "call right");
nk_static_assert(OCAP_HANDLE_TRANSFER == NKIPC_RIGHT_TRANSFER, "transfer right");

__thread struct nk_handles_out nk_hout;
__thread struct nk_handles_in nk_hin;
static pthread_key_t hin_key;
static pthread_once_t hin_once = PTHREAD_ONCE_INIT;
static int hin_key_err;

static void close_fd(int fd)
{
	nk_ipc_forget(fd);
	close(fd);
}

static void hin_close(struct nk_handles_in *in)
{
	nk_uint32_t i;

	for (i = 0; i < in->n; i++)
		close_fd(in->d[i].fd);
	in->n = 0;
	in->msg = NULL;
}

static void hin_destroy(void *p)
{
	hin_close(p);
}

static void hin_key_init(void)
{
	hin_key_err = pthread_key_create(&hin_key, hin_destroy);
}

int nk_handle_kind(int fd, int *kind)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return errno;
	/*
	 * Client and server handles are anon-inode files (no file type);
	 * only a client handle knows NKIPC_IOC_GET_RIID, and reads its
	 * argument first (EFAULT for none): nothing is changed.
	 */
	if ((st.st_mode & S_IFMT) == 0 &&
	    ioctl(fd, NKIPC_IOC_GET_RIID, NULL) < 0 && errno == EFAULT)
		*kind = NKIPC_HANDLE_CHANNEL;
	else
		*kind = NKIPC_HANDLE_FD;
	return 0;
}

/* The rights of @fd's open mode into *@rights; 0 or the errno of fcntl. */
static int fd_rights(int fd, int *rights)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return errno;
	if (fl & O_PATH)
		*rights = 0;
	else if ((fl & O_ACCMODE) == O_RDONLY)
		*rights = NKIPC_RIGHT_READ;
	else if ((fl & O_ACCMODE) == O_WRONLY)
		*rights = NKIPC_RIGHT_WRITE;
	else
		*rights = NKIPC_RIGHT_READ | NKIPC_RIGHT_WRITE;
	return 0;
}

/* One descriptor to a kernel table entry: kind and rights. */
static int desc_out(const nk_handle_desc_t *d, struct nkipc_handle_desc *k)
{
	nk_rights_t r = d->rights & ~NK_HANDLE_MOVE;
	int fd = (int)d->handle, kind, have = 0, err;

	if (fd < 0)
		return EBADF;
	err = nk_handle_kind(fd, &kind);
	if (err)
		return err;
	memset(k, 0, sizeof(*k));
	k->fd = fd;
	k->kind = (nk_uint16_t)kind;
	if (kind == NKIPC_HANDLE_CHANNEL) {
		if (r & NK_RIGHTS_SAME)
			r = NKIPC_RIGHTS_CHANNEL;
		if (r & ~(nk_rights_t)NKIPC_RIGHTS_CHANNEL)
			return EINVAL;
	} else {
		if (r & NK_RIGHTS_SAME) {
			err = fd_rights(fd, &have);
			if (err)
				return err;
			r = (nk_rights_t)have;
		}
		/* an fd is always transferable */
		r &= ~OCAP_HANDLE_TRANSFER;
		if (r & ~(nk_rights_t)NKIPC_RIGHTS_FD)
			return EINVAL;
	}
	if (!r)
		return EINVAL;
	k->rights = r;
	return 0;
}

nk_err_t nk_msg_handles_attach(struct nk_message *msg, nk_handle_desc_t *const *desc,
			       nk_uint32_t n)
{
	nk_uint32_t i;

	if (!msg || n > NK_MSG_MAX_HANDLES || (n && !desc))
		return NK_EINVAL;
	nk_hout.msg = NULL;
	msg->ncaps = (nk_uint16_t)n;
	if (!n)
		return NK_EOK;
	for (i = 0; i < n; i++)
		nk_hout.d[i] = *desc[i];
	nk_hout.n = n;
	nk_hout.owned = 0;
	nk_hout.msg = msg;
	return NK_EOK;
}

int nk_handles_out_slow(const struct nk_message *msg,
			struct nkipc_handle_desc *tab)
{
	nk_uint32_t i;
	int err;

	if (!msg->ncaps)
		return 0;
	if (nk_hout.msg != msg || nk_hout.n != msg->ncaps)
		return EINVAL;
	for (i = 0; i < nk_hout.n; i++) {
		err = desc_out(&nk_hout.d[i], &tab[i]);
		if (err)
			return err;
	}
	return 0;
}

void nk_handles_owned(const struct nk_message *msg)
{
	if (nk_hout.msg == msg)
		nk_hout.owned = 1;
}

void nk_handles_sent_slow(const struct nk_message *msg, int err)
{
	nk_uint32_t i;

	if (nk_hout.msg != msg)
		return;
	nk_hout.msg = NULL;
	if (err && !nk_hout.owned)
		return;
	for (i = 0; i < nk_hout.n; i++) {
		if (nk_hout.d[i].rights & NK_HANDLE_MOVE)
			close_fd((int)nk_hout.d[i].handle);
	}
}

void nk_handles_in_slow(const struct nk_message *msg,
			const struct nkipc_handle_desc *tab, nk_uint32_t n)
{
	hin_close(&nk_hin);	/* what the thread did not take of its last message */
	if (!n)
		return;
	if (n > NK_MSG_MAX_HANDLES)
		n = NK_MSG_MAX_HANDLES;
	pthread_once(&hin_once, hin_key_init);
	if (!hin_key_err)
		(void)pthread_setspecific(hin_key, &nk_hin);
	memcpy(nk_hin.d, tab, n * sizeof(*tab));
	nk_hin.n = n;
	nk_hin.msg = msg;
}

nk_err_t nk_msg_handles_take(const struct nk_message *msg, nk_handle_desc_t *const *desc,
			     nk_uint32_t n)
{
	nk_uint32_t i, have = nk_hin.msg == msg ? nk_hin.n : 0;
	nk_rights_t r;

	if (!msg || n != have || n != msg->ncaps || (n && !desc)) {
		hin_close(&nk_hin);
		for (i = 0; desc && i < n; i++)
			*desc[i] = nk_handle_desc(NK_INVALID_HANDLE, 0);
		return NK_EBADMSG;
	}
	for (i = 0; i < n; i++) {
		r = nk_hin.d[i].rights;
		if (nk_hin.d[i].kind == NKIPC_HANDLE_FD)
			r |= OCAP_HANDLE_TRANSFER;
		*desc[i] = nk_handle_desc((nk_handle_t)nk_hin.d[i].fd, r);
	}
	nk_hin.n = 0;
	nk_hin.msg = NULL;
	return NK_EOK;
}

void nk_msg_handles_drop(void)
{
	hin_close(&nk_hin);
	nk_hout.msg = NULL;
}
