// SPDX-License-Identifier: GPL-2.0
/*
 * Names belong to classes.  A register rule that grants a service name or
 * a server name to a class makes that class its owner: no other class may
 * REGISTER it, NS_PUBLISH under it, or answer for it with CM_ACCEPT, even
 * where the policy grants registrations in general.  The squatting attack
 * of issue 8: publish (FileServer, evil.Svc) so that the real FileServer
 * gets EEXIST and clients connecting to (FileServer, fs.Ops) reach the
 * attacker, which accepts them as a channel named fs.Ops.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pt.h"

#define ATTACKER_UID	65534

FIXTURE(names) {
	char fs[NKIPC_NAME_MAX];	/* the FileServer's server name */
	char ops[NKIPC_NAME_MAX];	/* its service name */
	char evil[NKIPC_NAME_MAX];	/* the attacker's own server name */
};

FIXTURE_SETUP(names)
{
	char policy[1024];

	snprintf(self->fs, sizeof(self->fs), "FileServer.%d", getpid());
	snprintf(self->ops, sizeof(self->ops), "fs.Ops.%d", getpid());
	snprintf(self->evil, sizeof(self->evil), "Evil.%d", getpid());
	snprintf(policy, sizeof(policy),
		 "default grant\n"
		 "bind test.FileServer uid=0\n"
		 "bind test.Attacker uid=%d\n"
		 "register src=test.FileServer server=\"%s\" { grant() }\n"
		 "register src=test.FileServer channel=\"%s\" { grant() }\n",
		 ATTACKER_UID, self->fs, self->ops);
	ASSERT_EQ(0, pt_load_text(policy));
}

FIXTURE_TEARDOWN(names)
{
	pt_unload();
}

static int ns(int dev, unsigned long cmd, const char *server,
	      const char *service)
{
	struct nkipc_ns_entry e = { .size = sizeof(e) };

	snprintf(e.server, sizeof(e.server), "%s", server);
	snprintf(e.service, sizeof(e.service), "%s", service);
	snprintf(e.type, sizeof(e.type), "test.Type");
	return nkt_ioctl(dev, cmd, &e);
}

static int cm_drop(int dev, const struct nkipc_cm_listen *l)
{
	struct nkipc_cm_drop d = { .size = sizeof(d) };

	memcpy(d.client, l->client, sizeof(d.client));
	memcpy(d.service, l->service, sizeof(d.service));
	return nkt_ioctl(dev, NKIPC_IOC_CM_DROP, &d);
}

/* A client thread: CM_CONNECT to (server, service), then one echo call. */
struct client {
	pthread_t thread;
	char server[NKIPC_NAME_MAX], service[NKIPC_NAME_MAX];
	int connect_ret, call_ret;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct nkipc_cm_connect cc = { .size = sizeof(cc),
				       .timeout_ns = 10 * NKT_SEC };
	int dev = nkt_open();

	memcpy(cc.server, c->server, sizeof(cc.server));
	memcpy(cc.service, c->service, sizeof(cc.service));
	c->connect_ret = nkt_ioctl(dev, NKIPC_IOC_CM_CONNECT, &cc);
	c->call_ret = -ENOTCONN;
	if (c->connect_ret >= 0) {
		c->call_ret = nkt_echo_call(c->connect_ret, 64, 0, 7, 10 * NKT_SEC);
		close(c->connect_ret);
	}
	close(dev);
	return NULL;
}

static void client_start(struct client *c, const char *server,
			 const char *service)
{
	snprintf(c->server, sizeof(c->server), "%s", server);
	snprintf(c->service, sizeof(c->service), "%s", service);
	pthread_create(&c->thread, NULL, client_main, c);
}

struct attack {
	const char *fs, *ops, *evil;
};

static int as_attacker(void)
{
	return setresgid(ATTACKER_UID, ATTACKER_UID, ATTACKER_UID) ||
	       setresuid(ATTACKER_UID, ATTACKER_UID, ATTACKER_UID);
}

/* Child, uid 65534 (class test.Attacker): every squatting move fails. */
static int squat(void *arg)
{
	const struct attack *a = arg;
	int dev;

	if (as_attacker())
		return 100;
	dev = nkt_open();
	if (dev < 0)
		return 101;
	if (ns(dev, NKIPC_IOC_NS_PUBLISH, a->fs, "evil.Svc") != -EACCES)
		return 1;	/* the FileServer's server name */
	if (ns(dev, NKIPC_IOC_NS_PUBLISH, a->evil, a->ops) != -EACCES)
		return 2;	/* its service name under another server */
	if (nkt_register_std(dev, a->ops) != -EACCES)
		return 3;	/* the service name as a static channel */
	/* names nobody owns are still free under "default grant" */
	if (ns(dev, NKIPC_IOC_NS_PUBLISH, a->evil, "evil.Svc"))
		return 4;
	close(dev);
	return 0;
}

TEST_F(names, squatting_an_owned_name_fails)
{
	struct attack a = { self->fs, self->ops, self->evil };
	pid_t pid = nkt_fork(squat, &a);
	int dev;

	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
	/* the real FileServer is not locked out */
	dev = nkt_open();
	ASSERT_LE(0, dev);
	EXPECT_EQ(0, ns(dev, NKIPC_IOC_NS_PUBLISH, self->fs, self->ops));
	close(dev);
}

static bool published(int dev, const char *server)
{
	struct nkipc_ns_enum q = { .size = sizeof(q) };

	for (q.index = 0; !nkt_ioctl(dev, NKIPC_IOC_NS_ENUM, &q); q.index++)
		if (!strcmp(q.server, server))
			return true;
	return false;
}

static void wait_published(const char *server)
{
	int dev = nkt_open(), i;

	for (i = 0; dev >= 0 && i < 1000 && !published(dev, server); i++)
		usleep(10000);
	close(dev);
}

/*
 * Child, test.Attacker: takes a server name nobody owns and waits for the
 * clients of the FileServer's service.  None must reach it: CM_CONNECT
 * judges whether the context behind the server name may answer for the
 * service.
 */
static int collect_clients(void *arg)
{
	const struct attack *a = arg;
	struct nkipc_cm_listen l;
	int dev, ret;

	if (as_attacker())
		return 100;
	dev = nkt_open();
	if (dev < 0)
		return 101;
	if (ns(dev, NKIPC_IOC_NS_PUBLISH, a->evil, "evil.Svc"))
		return 102;
	ret = nkt_cm_listen(dev, 2 * NKT_SEC, &l);
	close(dev);
	return ret == -ETIMEDOUT ? 0 : 1;
}

TEST_F(names, clients_of_an_owned_service_never_reach_another_class)
{
	struct attack a = { self->fs, self->ops, self->evil };
	struct client c;
	pid_t pid = nkt_fork(collect_clients, &a);

	ASSERT_LT(0, pid);
	wait_published(self->evil);
	client_start(&c, self->evil, self->ops);
	pthread_join(c.thread, NULL);
	EXPECT_EQ(-EACCES, c.connect_ret);
	EXPECT_EQ(0, nkt_wait_child(pid));
}

/*
 * CM_ACCEPT judges again: a request that reached the attacker before the
 * policy gave the service an owner cannot be answered afterwards.
 */
struct late {
	struct attack a;
	int ready[2], go[2];
};

static int answer_after_reload(void *arg)
{
	struct late *lt = arg;
	struct nkipc_cm_listen l;
	int dev, ret;
	char c = 0;

	if (as_attacker())
		return 100;
	dev = nkt_open();
	if (dev < 0)
		return 101;
	if (ns(dev, NKIPC_IOC_NS_PUBLISH, lt->a.evil, "evil.Svc"))
		return 102;
	if (nkt_cm_listen(dev, 10 * NKT_SEC, &l) || strcmp(l.service, lt->a.ops))
		return 103;
	if (write(lt->ready[1], &c, 1) != 1 || read(lt->go[0], &c, 1) != 1)
		return 104;
	ret = nkt_cm_accept(dev, &l, -1);
	if (ret != -EACCES)
		return 1;
	if (cm_drop(dev, &l))
		return 2;
	close(dev);
	return 0;
}

TEST_F(names, accepting_for_an_owned_name_fails)
{
	struct late lt = { .a = { self->fs, self->ops, self->evil } };
	char policy[512], c = 0;
	struct client cl;
	pid_t pid;

	/* no owners yet */
	snprintf(policy, sizeof(policy),
		 "default grant\nbind test.FileServer uid=0\nbind test.Attacker uid=%d\n",
		 ATTACKER_UID);
	ASSERT_EQ(0, pt_load_text(policy));
	ASSERT_EQ(0, pipe(lt.ready));
	ASSERT_EQ(0, pipe(lt.go));
	pid = nkt_fork(answer_after_reload, &lt);
	ASSERT_LT(0, pid);
	wait_published(self->evil);
	client_start(&cl, self->evil, self->ops);
	ASSERT_EQ(1, read(lt.ready[0], &c, 1));
	/* now the service has an owner */
	snprintf(policy, sizeof(policy),
		 "default grant\nbind test.FileServer uid=0\nbind test.Attacker uid=%d\n"
		 "register src=test.FileServer channel=\"%s\" { grant() }\n",
		 ATTACKER_UID, self->ops);
	ASSERT_EQ(0, pt_load_text(policy));
	ASSERT_EQ(1, write(lt.go[1], &c, 1));
	EXPECT_EQ(0, nkt_wait_child(pid));
	pthread_join(cl.thread, NULL);
	EXPECT_EQ(-ECONNREFUSED, cl.connect_ret);
}

/* The owner itself publishes, accepts and serves. */
TEST_F(names, the_owner_serves_its_name)
{
	struct nkipc_cm_listen l;
	struct client c;
	int dev = nkt_open(), srv;

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ns(dev, NKIPC_IOC_NS_PUBLISH, self->fs, self->ops));
	client_start(&c, self->fs, self->ops);
	ASSERT_EQ(0, nkt_cm_listen(dev, 10 * NKT_SEC, &l));
	srv = nkt_cm_accept(dev, &l, -1);
	ASSERT_LE(0, srv);
	EXPECT_EQ(0, nkt_serve_one(srv, 10 * NKT_SEC));
	pthread_join(c.thread, NULL);
	EXPECT_LE(0, c.connect_ret);
	EXPECT_EQ(0, c.call_ret);
	close(srv);
	close(dev);
}

/*
 * A listener handle serves under the identity of the context that made
 * it: accepting into another context's channel would let a class answer
 * under someone else's verdict.
 */
TEST_F(names, accepting_into_another_contexts_channel_fails)
{
	char chan[NKIPC_NAME_MAX];
	struct nkipc_cm_listen l;
	struct client c;
	int dev = nkt_open(), other = nkt_open(), listener;

	ASSERT_LE(0, dev);
	ASSERT_LE(0, other);
	snprintf(chan, sizeof(chan), "%s", nkt_name("names.listener"));
	listener = nkt_register_std(other, chan);
	ASSERT_LE(0, listener);
	ASSERT_EQ(0, ns(dev, NKIPC_IOC_NS_PUBLISH, self->fs, self->ops));
	client_start(&c, self->fs, self->ops);
	ASSERT_EQ(0, nkt_cm_listen(dev, 10 * NKT_SEC, &l));
	EXPECT_EQ(-EACCES, nkt_cm_accept(dev, &l, listener));
	EXPECT_EQ(0, cm_drop(dev, &l));
	pthread_join(c.thread, NULL);
	EXPECT_EQ(-ECONNREFUSED, c.connect_ret);
	close(listener);
	close(other);
	close(dev);
}

TEST_HARNESS_MAIN
