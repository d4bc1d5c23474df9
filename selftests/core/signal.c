// SPDX-License-Identifier: GPL-2.0
/*
 * A signal during CALL (docs/uapi.md, "Signals"): the call ends with EINTR
 * and is not restarted; a request nobody received is withdrawn, a received
 * one is cancelled and the server's REPLY gets EPIPE.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("signal")

static void on_signal(int sig)
{
	(void)sig;
}

struct sig_caller {
	int cli;
	int sa_flags;
	bool ignore;
};

/* Child: handler (or SIG_IGN) for SIGUSR1, one call; exit = errno. */
static int sig_caller_child(void *arg)
{
	struct sig_caller *s = arg;
	struct sigaction sa = { .sa_handler = on_signal,
				.sa_flags = s->sa_flags };

	if (s->ignore)
		sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR1, &sa, NULL);
	return -nkt_echo_call(s->cli, 64, 64, 13, 0);
}

static void assert_queue_empty(struct __test_metadata *_metadata, int srv)
{
	struct nkipc_recv r;
	struct nkt_msg m;

	nkt_msg_alloc(&m, 4096, 4096);
	EXPECT_EQ(-EAGAIN, nkt_recv(srv, &m, 0, &r));
	nkt_msg_free(&m);
}

TEST_F(svc, signal_while_queued_withdraws_request)
{
	struct sig_caller s = { .cli = self->cli };
	pid_t pid = nkt_fork(sig_caller_child, &s);

	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	kill(pid, SIGUSR1);
	EXPECT_EQ(EINTR, nkt_wait_child(pid));
	assert_queue_empty(_metadata, self->srv);
}

/* SA_RESTART does not restart it either: the exchange may have happened. */
TEST_F(svc, sa_restart_still_eintr)
{
	struct sig_caller s = { .cli = self->cli, .sa_flags = SA_RESTART };
	pid_t pid = nkt_fork(sig_caller_child, &s);

	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	kill(pid, SIGUSR1);
	EXPECT_EQ(EINTR, nkt_wait_child(pid));
	assert_queue_empty(_metadata, self->srv);
}

TEST_F(svc, signal_after_receive_cancels_transaction)
{
	struct sig_caller s = { .cli = self->cli };
	struct nkipc_recv r;
	struct nkt_msg got;
	pid_t pid = nkt_fork(sig_caller_child, &s);

	nkt_msg_alloc(&got, 4096, 4096);
	ASSERT_EQ(0, nkt_recv(self->srv, &got, 10 * NKT_SEC, &r));
	kill(pid, SIGUSR1);
	EXPECT_EQ(EINTR, nkt_wait_child(pid));
	nkt_msg_fill(&got, 0, 13 % NKT_ECHO_METHODS, 64, 64,
		     nkt_reply_seed(13));
	EXPECT_EQ(-EPIPE, nkt_reply(self->srv, r.txid, &got));
	nkt_msg_free(&got);
}

/* An ignored signal is never delivered, so it does not end the call. */
TEST_F(svc, ignored_signal_does_not_interrupt)
{
	struct sig_caller s = { .cli = self->cli, .ignore = true };
	pid_t pid = nkt_fork(sig_caller_child, &s);

	ASSERT_TRUE(nkt_poll_for(self->srv, POLLIN, 10000));
	kill(pid, SIGUSR1);
	EXPECT_EQ(0, nkt_serve_one(self->srv, 10 * NKT_SEC));
	EXPECT_EQ(0, nkt_wait_child(pid));
}

struct recv_child_arg {
	int srv;
	int ready[2];
};

static int recv_child(void *arg)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct recv_child_arg *a = arg;
	struct nkipc_recv r;
	struct nkt_msg m;

	sigaction(SIGUSR1, &sa, NULL);
	nkt_msg_alloc(&m, 4096, 4096);
	if (write(a->ready[1], "r", 1) != 1)
		return 100;
	return -nkt_recv(a->srv, &m, NKIPC_TIMEOUT_INFINITE, &r);
}

/* A server thread blocked in RECV is interruptible too. */
TEST_F(svc, signal_interrupts_recv)
{
	struct recv_child_arg a = { .srv = self->srv };
	int status, i;
	pid_t pid;
	char x;

	ASSERT_EQ(0, pipe(a.ready));
	pid = nkt_fork(recv_child, &a);
	ASSERT_EQ(1, read(a.ready[0], &x, 1));
	/* A signal that lands before the ioctl only runs the handler: repeat. */
	for (i = 0; i < 200; i++) {
		kill(pid, SIGUSR1);
		usleep(50 * 1000);
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	ASSERT_LT(i, 200);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EINTR, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
