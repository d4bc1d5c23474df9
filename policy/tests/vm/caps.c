// SPDX-License-Identifier: GPL-2.0
/*
 * Who controls the policy: CAP_MAC_ADMIN (init user namespace), of the
 * sender and of the socket's opener.  Root holding CAP_NET_ADMIN and even
 * CAP_SYS_ADMIN, but not CAP_MAC_ADMIN, can neither change nor read the
 * policy, bindings, counters or channels, nor listen to audit events, nor
 * assign a class with the launcher ioctl; uid 65534 neither.  Root with
 * CAP_MAC_ADMIN can (the other policy suites run as such).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nkipc_genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"
#include "pt.h"

static const char base_policy[] =
	"use EDL test.Server\n"
	"request method=Ping dst=test.Server { grant() }\n";

static int caps_get(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capget, &h, d);
}

static bool cap_has(const struct __user_cap_data_struct d[2], int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

/*
 * Removes CAP_MAC_ADMIN and CAP_AUDIT_READ from the bounding, permitted,
 * effective and inheritable sets (execve of nkpolicy as root then does not
 * get them back); everything else stays.  0 if it worked and
 * CAP_NET_ADMIN and CAP_SYS_ADMIN are still there.
 */
static int drop_mac_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	static const int drop[] = { CAP_MAC_ADMIN, CAP_AUDIT_READ };
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (prctl(PR_CAPBSET_DROP, drop[i], 0, 0, 0))
			return -1;
	if (caps_get(d))
		return -1;
	for (i = 0; i < 2; i++) {
		unsigned int bit = 1u << (drop[i] % 32);

		d[drop[i] / 32].effective &= ~bit;
		d[drop[i] / 32].permitted &= ~bit;
		d[drop[i] / 32].inheritable &= ~bit;
	}
	if (syscall(SYS_capset, &h, d) || caps_get(d))
		return -1;
	if (cap_has(d, CAP_MAC_ADMIN) || cap_has(d, CAP_AUDIT_READ) ||
	    !cap_has(d, CAP_NET_ADMIN) || !cap_has(d, CAP_SYS_ADMIN))
		return -1;
	return 0;
}

static int as_nobody(void)
{
	return setresgid(65534, 65534, 65534) ||
	       setresuid(65534, 65534, 65534) ? -1 : 0;
}

/* A dump request; its answer: 0 or -errno. */
static int dump(struct nl_sock *sk, int family, uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
		    NLM_F_DUMP | NLM_F_ACK, cmd, NKIPC_GENL_VERSION);
	return pt_nl_send(sk, m);
}

struct state_seen {
	int attrs;		/* NKIPC_A_* seen, as bits */
};

static int on_state(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1];
	struct state_seen *s = arg;
	int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL))
		return NL_OK;
	for (i = 0; i <= NKIPC_A_MAX && i < 32; i++)
		if (tb[i])
			s->attrs |= 1 << i;
	return NL_OK;
}

/* GET_STATE: the attributes of the reply as bits, -1 on error. */
static int state_attrs(struct nl_sock *sk, int family)
{
	struct state_seen s = { 0 };
	struct nl_msg *m = pt_nl_msg(family, NKIPC_CMD_GET_STATE);
	int ret;

	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_state, &s);
	ret = nl_send_auto(sk, m);
	nlmsg_free(m);
	if (ret < 0 || nl_wait_for_ack(sk) < 0)
		return -1;
	return s.attrs;
}

/*
 * Everything a process without CAP_MAC_ADMIN tries; 0 if all of it is
 * refused (and the public part of GET_STATE still answers).
 */
static int everything_refused(const char *policy_path)
{
	const char *load[] = { "load", policy_path, NULL };
	const char *unload[] = { "unload", NULL };
	const char *mode[] = { "mode", "permissive", NULL };
	const char *show[] = { "show", NULL };
	const char *audit[] = { "audit", "-n", "1", NULL };
	struct nkipc_launch_class lc = { .size = sizeof(lc) };
	char out[4096];
	struct nl_sock *sk;
	struct nl_msg *m;
	int family, dev, attrs;
	pid_t child;

	/* the tool says what is missing */
	if (pt_nkpolicy_run(out, sizeof(out), load) != 1 ||
	    !strstr(out, "needs CAP_MAC_ADMIN"))
		return 20;
	if (pt_nkpolicy_run(out, sizeof(out), unload) != 1 ||
	    !strstr(out, "needs CAP_MAC_ADMIN"))
		return 21;
	if (pt_nkpolicy_run(out, sizeof(out), mode) != 1 ||
	    !strstr(out, "needs CAP_MAC_ADMIN"))
		return 22;
	if (pt_nkpolicy_run(out, sizeof(out), show) != 1 ||
	    !strstr(out, "needs CAP_MAC_ADMIN"))
		return 23;
	if (pt_nkpolicy_run(out, sizeof(out), audit) != 1 ||
	    !strstr(out, "CAP_AUDIT_READ"))
		return 24;

	/* the kernel refuses, whatever the tool does */
	sk = pt_nl_open(&family);
	if (!sk)
		return 30;
	if (pt_nl_begin(sk, family))
		return 31;
	if (pt_nl_send(sk, pt_nl_msg(family, NKIPC_CMD_UNLOAD)) != -EPERM)
		return 32;
	m = pt_nl_msg(family, NKIPC_CMD_SET_CONFIG);
	nla_put_u32(m, NKIPC_A_MODE, NKIPC_MODE_PERMISSIVE);
	if (pt_nl_send(sk, m) != -EPERM)
		return 33;
	m = pt_nl_msg(family, NKIPC_CMD_LOAD_COMMIT);
	nla_put_u64(m, NKIPC_A_GENERATION, 1);
	if (pt_nl_send(sk, m) != -EPERM)
		return 34;
	if (dump(sk, family, NKIPC_CMD_GET_POLICY) != -EPERM)
		return 35;
	if (dump(sk, family, NKIPC_CMD_GET_CHANNELS) != -EPERM)
		return 36;
	if (pt_nl_send(sk, pt_nl_msg(family, NKIPC_CMD_AUDIT_SUBSCRIBE)) != -EPERM)
		return 37;
	/* public: generation and mode, nothing about rules or counters */
	attrs = state_attrs(sk, family);
	if (attrs < 0 || !(attrs & (1 << NKIPC_A_GENERATION)) ||
	    !(attrs & (1 << NKIPC_A_MODE)) ||
	    (attrs & ((1 << NKIPC_A_N_RULES) | (1 << NKIPC_A_STATS) |
		      (1 << NKIPC_A_N_BINDINGS) | (1 << NKIPC_A_DEFAULT) |
		      (1 << NKIPC_A_AUDIT_FLAGS))))
		return 38;
	nl_socket_free(sk);

	/* no class for a child either */
	child = fork();
	if (!child) {
		pause();
		_exit(0);
	}
	lc.pid = child;
	snprintf(lc.class_name, sizeof(lc.class_name), "test.Forged");
	dev = nkt_open();
	errno = 0;
	if (dev < 0 || ioctl(dev, NKIPC_IOC_LAUNCH_CLASS, &lc) != -1 ||
	    errno != EPERM) {
		kill(child, SIGKILL);
		return 40;
	}
	close(dev);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}

FIXTURE(caps) {
	uint64_t gen;
	char path[256];
};

FIXTURE_SETUP(caps)
{
	ASSERT_EQ(0, pt_load_text(base_policy));
	self->gen = pt_active_generation();
	ASSERT_NE(0, self->gen);
	snprintf(self->path, sizeof(self->path), "%s",
		 pt_write_policy(base_policy));
	chmod(self->path, 0644);
}

FIXTURE_TEARDOWN(caps)
{
	pt_unload();
}

static int net_and_sys_admin(void *arg)
{
	if (drop_mac_admin())
		return 10;
	return everything_refused(arg);
}

TEST_F(caps, net_admin_and_sys_admin_are_not_enough)
{
	pid_t pid = nkt_fork(net_and_sys_admin, self->path);

	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(self->gen, pt_active_generation());
	EXPECT_EQ(0, pt_mode("enforcing"));
}

static int nobody(void *arg)
{
	if (as_nobody())
		return 10;
	return everything_refused(arg);
}

TEST_F(caps, nobody_refused)
{
	pid_t pid = nkt_fork(nobody, self->path);

	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
	EXPECT_EQ(self->gen, pt_active_generation());
}

/* The opener counts too: a socket made without the capability, used by root. */
static int open_and_pass(void *arg)
{
	int sv = *(int *)arg, fd;
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	if (drop_mac_admin())
		return 10;
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0)
		return 11;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sv, &mh, 0) == 1 ? 0 : 12;
}

static int recv_fd(int sv)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sv, &mh, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&mh);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* Sends a bare command on a raw socket; the error of its ack. */
static int raw_cmd(int fd, int family, uint8_t cmd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
	} req = {
		.n = { .nlmsg_len = sizeof(req), .nlmsg_type = (uint16_t)family,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1 },
		.g = { .cmd = cmd, .version = NKIPC_GENL_VERSION },
	};
	char buf[4096];
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	ssize_t len;

	if (send(fd, &req, sizeof(req), 0) != sizeof(req))
		return -EIO;
	len = recv(fd, buf, sizeof(buf), 0);
	if (len < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
	    n->nlmsg_type != NLMSG_ERROR)
		return -EIO;
	return ((struct nlmsgerr *)NLMSG_DATA(n))->error;
}

TEST_F(caps, opener_without_mac_admin_refused)
{
	int sv[2], fd, family;
	struct nl_sock *sk;
	pid_t pid;

	sk = pt_nl_open(&family);
	ASSERT_NE(NULL, sk);
	nl_socket_free(sk);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	pid = nkt_fork(open_and_pass, &sv[1]);
	ASSERT_LT(0, pid);
	fd = recv_fd(sv[0]);
	EXPECT_EQ(0, nkt_wait_child(pid));
	ASSERT_LE(0, fd);
	/* root with every capability sends, on a socket it did not open */
	EXPECT_EQ(-EPERM, raw_cmd(fd, family, NKIPC_CMD_UNLOAD));
	EXPECT_EQ(-EPERM, raw_cmd(fd, family, NKIPC_CMD_AUDIT_SUBSCRIBE));
	EXPECT_EQ(self->gen, pt_active_generation());
	/* the same on a socket of its own works */
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, raw_cmd(fd, family, NKIPC_CMD_AUDIT_SUBSCRIBE));
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

/* Root with CAP_MAC_ADMIN reads everything. */
TEST_F(caps, mac_admin_reads_and_listens)
{
	const char *show[] = { "show", NULL };
	const char *channels[] = { "channels", NULL };
	const char *stats[] = { "stats", NULL };
	struct nl_sock *sk;
	int family, attrs;

	sk = pt_nl_open(&family);
	ASSERT_NE(NULL, sk);
	attrs = state_attrs(sk, family);
	ASSERT_LE(0, attrs);
	EXPECT_TRUE(attrs & (1 << NKIPC_A_N_RULES));
	EXPECT_TRUE(attrs & (1 << NKIPC_A_STATS));
	EXPECT_EQ(0, dump(sk, family, NKIPC_CMD_GET_POLICY));
	EXPECT_NE(-EPERM, dump(sk, family, NKIPC_CMD_GET_CHANNELS));
	EXPECT_EQ(0, pt_nl_send(sk, pt_nl_msg(family, NKIPC_CMD_AUDIT_SUBSCRIBE)));
	nl_socket_free(sk);
	/* and the tool does it all */
	EXPECT_EQ(0, pt_nkpolicy_run(NULL, 0, show));
	EXPECT_EQ(0, pt_nkpolicy_run(NULL, 0, channels));
	EXPECT_EQ(0, pt_nkpolicy_run(NULL, 0, stats));
}

TEST_HARNESS_MAIN
