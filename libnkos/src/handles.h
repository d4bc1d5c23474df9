/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * handles.h - handles in messages, between the generated code and the
 * ioctls (docs/kos-api.md, Handles in messages).
 *
 * Sending: the generated proxy or dispatcher attaches the message's
 * handle fields (nk_msg_handles_attach); the send ioctl takes the
 * attachment as the kernel's handle table (nk_handles_out), and when the
 * kernel has accepted the message, closes the handles sent with
 * NK_HANDLE_MOVE (nk_handles_sent).
 * Receiving: every receive gives the kernel a table of
 * NK_MSG_MAX_HANDLES entries; what arrives is kept for the thread
 * (nk_handles_in) until the generated code takes it into the message's
 * fields (nk_msg_handles_take); anything not taken is closed at the
 * thread's next receive, by NkKosDoDispatch after a failed dispatch, or
 * at thread exit.
 */
#ifndef NKOS_HANDLES_H
#define NKOS_HANDLES_H

#include <linux/nkipc.h>
#include <nk/transport.h>

/* The thread's outgoing attachment (one message at a time). */
struct nk_handles_out {
	const struct nk_message *msg;	/* NULL: none */
	nk_uint32_t n;
	int owned;
	nk_handle_desc_t d[NK_MSG_MAX_HANDLES];
};

/* The handles the thread received and has not taken yet. */
struct nk_handles_in {
	const struct nk_message *msg;	/* the message they came with */
	nk_uint32_t n;
	struct nkipc_handle_desc d[NK_MSG_MAX_HANDLES];
};

/*
 * Read by the inline fast paths below: a message without handles costs
 * a load and a test per call instead of a call into handles.c.
 */
extern __thread struct nk_handles_out nk_hout;
extern __thread struct nk_handles_in nk_hin;

int nk_handles_out_slow(const struct nk_message *msg,
			struct nkipc_handle_desc *tab);
void nk_handles_sent_slow(const struct nk_message *msg, int err);
void nk_handles_in_slow(const struct nk_message *msg,
			const struct nkipc_handle_desc *tab, nk_uint32_t n);

/*
 * The kernel table for sending @msg (msg->ncaps entries) into @tab.
 * 0, or EINVAL (ncaps without a matching attachment, a descriptor the
 * kernel cannot take), EBADF (not an open fd).
 */
static inline int nk_handles_out(const struct nk_message *msg,
				 struct nkipc_handle_desc *tab)
{
	return msg->ncaps ? nk_handles_out_slow(msg, tab) : 0;
}

/*
 * After the send of @msg: @err 0 closes the handles sent with
 * NK_HANDLE_MOVE (and those of an attachment marked owned, whatever @err);
 * the attachment is dropped either way.  Nothing to do unless @msg is the
 * attachment's (it may be with ncaps 0: a handler's response replaced by
 * a status response still closes what it moved).
 */
static inline void nk_handles_sent(const struct nk_message *msg, int err)
{
	if (nk_hout.msg == msg)
		nk_handles_sent_slow(msg, err);
}

/*
 * Keeps the @n handles received with @msg for nk_msg_handles_take, after
 * closing what the thread did not take of its last message.  Nothing to
 * do when neither has any.
 */
static inline void nk_handles_in(const struct nk_message *msg,
				 const struct nkipc_handle_desc *tab,
				 nk_uint32_t n)
{
	if (n || nk_hin.n)
		nk_handles_in_slow(msg, tab, n);
}
/* The attachment of @msg is the sender's to close even if sending fails. */
void nk_handles_owned(const struct nk_message *msg);
/* The kind of @fd into *@kind: NKIPC_HANDLE_CHANNEL for a client handle,
 * else _FD.  0, or the errno of fstat (EBADF). */
int nk_handle_kind(int fd, int *kind);

#endif
