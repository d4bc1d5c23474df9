// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - talking to the "nkipc" generic netlink family with libnl-genl-3:
 * family resolution with a clear message when the module is missing,
 * requests with acks, extended-ack error strings.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nkpolicy.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int nkgenl_open(struct nkgenl *g)
{
	int one = 1;

	memset(g, 0, sizeof(*g));
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	if (genl_connect(g->sk)) {
		fprintf(stderr, "%s: cannot open a generic netlink socket\n", prog);
		nkgenl_close(g);
		return -1;
	}
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	nl_socket_set_msg_buf_size(g->sk, 1 << 16);
	g->family = genl_ctrl_resolve(g->sk, NKIPC_GENL_NAME);
	if (g->family < 0) {
		fprintf(stderr,
			"%s: the nkipc module is not loaded (no generic netlink family \"%s\"): run 'modprobe nkipc' or 'insmod nkipc.ko'\n",
			prog, NKIPC_GENL_NAME);
		nkgenl_close(g);
		return -1;
	}
	return 0;
}

void nkgenl_close(struct nkgenl *g)
{
	if (g->sk)
		nl_socket_free(g->sk);
	g->sk = NULL;
}

struct nl_msg *nkgenl_msg(struct nkgenl *g, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(1 << 16);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0, flags,
			 cmd, NKIPC_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct req_ctx {
	int err;
	int done;
	int intr;
	char msg[256];
	int (*cb)(struct nl_msg *, void *);
	void *arg;
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_ctx *c = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN;
	size_t off = sizeof(*e);

	(void)nla;
	c->err = e->error;
	c->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	while ((int)(off + NLA_HDRLEN) <= len) {
		struct nlattr *a = (struct nlattr *)((char *)e + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > (size_t)len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(c->msg, sizeof(c->msg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (char *)a + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req_ctx *c = arg;

	(void)msg;
	c->done = 1;
	return NL_STOP;
}

/* NLMSG_DONE carries NLM_F_DUMP_INTR when the last part saw a change */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct req_ctx *c = arg;

	if (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP_INTR)
		c->intr = 1;
	c->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req_ctx *c = arg;

	if (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP_INTR)
		c->intr = 1;
	return c->cb ? c->cb(msg, c->arg) : NL_OK;
}

const char *nkgenl_strerror(int err)
{
	if (err == -EPERM || err == -EACCES)
		return "permission denied (this needs CAP_MAC_ADMIN)";
	return strerror(-err);
}

int nkgenl_do(struct nkgenl *g, struct nl_msg *msg, const char *what,
	      int (*cb)(struct nl_msg *, void *), void *arg)
{
	struct req_ctx c = { .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int ret;

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	ret = nl_send_auto(g->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		if (what)
			fprintf(stderr, "%s: %s: %s\n", prog, what, nl_geterror(ret));
		return -EIO;
	}
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb)
		return -ENOMEM;
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &c);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &c);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &c);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &c);
	while (!c.done) {
		ret = nl_recvmsgs(g->sk, nlcb);
		if (ret < 0 && !c.done) {
			c.err = -EIO;
			snprintf(c.msg, sizeof(c.msg), "%s", nl_geterror(ret));
			break;
		}
	}
	nl_cb_put(nlcb);
	if (!c.err && c.intr)
		c.err = -EINTR;		/* dump interrupted: caller retries */
	if (c.err == -EPERM && !strcmp(c.msg, "needs CAP_MAC_ADMIN"))
		c.msg[0] = 0;	/* nkgenl_strerror() says it */
	if (c.err && what && c.err != -EINTR)
		fprintf(stderr, "%s: %s: %s%s%s\n", prog, what,
			nkgenl_strerror(c.err), c.msg[0] ? ": " : "", c.msg);
	return c.err;
}
