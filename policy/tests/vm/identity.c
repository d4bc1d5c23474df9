// SPDX-License-Identifier: GPL-2.0
/*
 * Entity classes cannot be forged: bindings follow the executable's
 * inode (not its name) and need an identity the process cannot choose
 * (uid, gid, LSM label, a closed cgroup), an exec'd image gets its own
 * class, and launcher grants apply to exactly the next image of the
 * launcher's child.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/nkipc_genl.h>

#include "kselftest_harness.h"
#include "time_scale.h"
#include "pt.h"

FIXTURE(id) {
	struct pt_server srv;
	char name[NKIPC_NAME_MAX];
	char dir[64], helper[128], copy[128];
};

static int copy_file(const char *from, const char *to)
{
	char cmd[3 * PATH_MAX + 64];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && chmod 0755 '%s'", from, to, to);
	return system(cmd);
}

FIXTURE_SETUP(id)
{
	char built[PATH_MAX], policy[1024];

	snprintf(self->dir, sizeof(self->dir), "/tmp/ptid-%d", getpid());
	mkdir(self->dir, 0755);
	snprintf(self->helper, sizeof(self->helper), "%s/helper", self->dir);
	snprintf(self->copy, sizeof(self->copy), "%s/copy", self->dir);
	snprintf(built, sizeof(built), "%s/build/policy/pt-id-helper", pt_top());
	ASSERT_EQ(0, copy_file(built, self->helper));
	ASSERT_EQ(0, copy_file(built, self->copy));
	snprintf(policy, sizeof(policy),
		 "default grant\n"
		 "bind test.Bound exe=\"%s\" uid=0\n"
		 "bind test.Nobody uid=65534\n", self->helper);
	ASSERT_EQ(0, pt_load_text(policy));
	snprintf(self->name, sizeof(self->name), "%s", nkt_name("pt.id"));
	ASSERT_EQ(0, pt_server_start(&self->srv, self->name));
}

FIXTURE_TEARDOWN(id)
{
	char cmd[128];

	pt_server_stop(&self->srv);
	pt_unload();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	system(cmd);
}

/* Runs argv, waits, returns the class the server saw ("" if no call). */
static const char *run(FIXTURE_DATA(id) *self, const char *const argv[])
{
	static char cls[NKIPC_CLASS_MAX];
	long before = atomic_load(&self->srv.received);
	int status;
	pid_t pid = fork();

	if (!pid) {
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	cls[0] = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) ||
	    atomic_load(&self->srv.received) != before + 1)
		return cls;
	pthread_mutex_lock(&self->srv.lock);
	memcpy(cls, self->srv.last_class, sizeof(cls));
	pthread_mutex_unlock(&self->srv.lock);
	return cls;
}

TEST_F(id, bound_executable_gets_its_class)
{
	const char *argv[] = { self->helper, self->name, NULL };

	EXPECT_STREQ("test.Bound", run(self, argv));
}

TEST_F(id, copied_binary_is_unbound)
{
	const char *argv[] = { self->copy, self->name, NULL };

	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, run(self, argv));
}

TEST_F(id, identity_follows_the_inode_not_the_name)
{
	char moved[160];
	const char *m[] = { moved, self->name, NULL };
	const char *h[] = { self->helper, self->name, NULL };

	snprintf(moved, sizeof(moved), "%s/renamed", self->dir);
	ASSERT_EQ(0, rename(self->helper, moved));
	EXPECT_STREQ("test.Bound", run(self, m));
	/* another file put at the bound path later is not bound */
	ASSERT_EQ(0, copy_file(self->copy, self->helper));
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, run(self, h));
}

TEST_F(id, exec_gives_the_new_image_its_own_class)
{
	const char *b2u[] = { self->helper, "exec", self->copy, self->name, NULL };
	const char *u2b[] = { self->copy, "exec", self->helper, self->name, NULL };

	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, run(self, b2u));
	EXPECT_STREQ("test.Bound", run(self, u2b));
}

static int launch_class(pid_t pid, const char *cls, uint32_t flags)
{
	struct nkipc_launch_class lc = { .size = sizeof(lc), .flags = flags,
					 .pid = pid };
	int dev = nkt_open(), ret;

	snprintf(lc.class_name, sizeof(lc.class_name), "%s", cls);
	ret = nkt_ioctl(dev, NKIPC_IOC_LAUNCH_CLASS, &lc);
	close(dev);
	return ret;
}

/* Forks a child that waits for the go, then execs argv; grants @cls. */
static const char *launch(FIXTURE_DATA(id) *self, const char *cls,
			  const char *const argv[], int *ioctl_ret)
{
	static char out[NKIPC_CLASS_MAX];
	long before = atomic_load(&self->srv.received);
	int go[2], status;
	char c = 0;
	pid_t pid;

	out[0] = 0;
	if (pipe(go))
		return out;
	pid = fork();
	if (!pid) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(go[0]);
	*ioctl_ret = launch_class(pid, cls, 0);
	if (write(go[1], &c, 1) != 1)
		*ioctl_ret = -EPIPE;
	close(go[1]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) ||
	    atomic_load(&self->srv.received) != before + 1)
		return out;
	pthread_mutex_lock(&self->srv.lock);
	memcpy(out, self->srv.last_class, sizeof(out));
	pthread_mutex_unlock(&self->srv.lock);
	return out;
}

TEST_F(id, launcher_grant_applies_to_the_next_image)
{
	const char *argv[] = { self->copy, self->name, NULL };
	const char *b[] = { self->helper, self->name, NULL };
	int ret = 1;

	EXPECT_STREQ("test.Launched", launch(self, "test.Launched", argv, &ret));
	EXPECT_EQ(0, ret);
	/* and beats a binding */
	EXPECT_STREQ("test.Launched", launch(self, "test.Launched", b, &ret));
}

TEST_F(id, launcher_grant_not_inherited_by_a_further_exec)
{
	const char *argv[] = { self->copy, "exec", self->copy, self->name, NULL };
	int ret = 1;

	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME,
		     launch(self, "test.Launched", argv, &ret));
	EXPECT_EQ(0, ret);
}

TEST_F(id, launcher_errors)
{
	pid_t pid;
	int status, i;
	char exe[PATH_MAX];
	char link[64];

	EXPECT_EQ(-EPERM, launch_class(1, "x.Y", 0));	/* not our child */
	EXPECT_EQ(-ESRCH, launch_class(999999, "x.Y", 0));
	pid = fork();
	if (!pid) {
		execl("/bin/sleep", "sleep", "30", NULL);
		_exit(127);
	}
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	for (i = 0; i < 500; i++) {
		ssize_t n = readlink(link, exe, sizeof(exe) - 1);

		if (n > 0) {
			exe[n] = 0;
			if (strstr(exe, "sleep"))
				break;
		}
		usleep(10000);
	}
	EXPECT_EQ(-EINVAL, launch_class(pid, "x.Y", 1));	/* flags */
	EXPECT_EQ(-EINVAL, launch_class(pid, "bad name", 0));
	EXPECT_EQ(-EINVAL, launch_class(pid, "", 0));
	EXPECT_EQ(-EALREADY, launch_class(pid, "x.Y", 0));	/* exec'd */
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static int unprivileged_launch(void *arg)
{
	pid_t pid;
	int ret, status;

	(void)arg;
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 10;
	pid = fork();
	if (!pid) {
		pause();
		_exit(0);
	}
	ret = launch_class(pid, "test.Forged", 0);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return ret == -EPERM ? 0 : 11;
}

TEST_F(id, launcher_needs_privilege)
{
	pid_t pid = nkt_fork(unprivileged_launch, NULL);

	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
}

static int as_nobody(void *arg)
{
	const char *const *argv = arg;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 10;
	execv(argv[0], (char *const *)argv);
	return 127;
}

static int in_userns(void *arg)
{
	const char *const *argv = arg;

	if (unshare(CLONE_NEWUSER))
		return 10;
	execv(argv[0], (char *const *)argv);
	return 127;
}

TEST_F(id, exe_binding_needs_the_initial_user_namespace)
{
	const char *argv[] = { self->helper, self->name, NULL };
	long before = atomic_load(&self->srv.received);
	pid_t pid = nkt_fork(in_userns, (void *)argv);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, nkt_wait_child(pid));
	ASSERT_EQ(before + 1, atomic_load(&self->srv.received));
	pthread_mutex_lock(&self->srv.lock);
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, self->srv.last_class);
	pthread_mutex_unlock(&self->srv.lock);
}

TEST_F(id, uid_binding)
{
	const char *argv[] = { self->copy, self->name, NULL };
	long before = atomic_load(&self->srv.received);
	pid_t pid = nkt_fork(as_nobody, (void *)argv);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, nkt_wait_child(pid));
	ASSERT_EQ(before + 1, atomic_load(&self->srv.received));
	pthread_mutex_lock(&self->srv.lock);
	EXPECT_STREQ("test.Nobody", self->srv.last_class);
	pthread_mutex_unlock(&self->srv.lock);
}

/*
 * The attack of issue 8: another user runs the bound executable with code
 * of its own (LD_PRELOAD here; ptrace does the same).  The exe binding
 * needs uid 0 as well, so the attacker gets its own class, never the
 * bound one.
 */
static int preloaded_as_nobody(void *arg)
{
	const char *const *argv = arg;
	char *const envp[] = { "LD_PRELOAD=/nonexistent/shim.so", NULL };

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 10;
	execve(argv[0], (char *const *)argv, envp);
	return 127;
}

TEST_F(id, bound_executable_run_by_another_user_is_not_bound)
{
	const char *argv[] = { self->helper, self->name, NULL };
	long before = atomic_load(&self->srv.received);
	pid_t pid = nkt_fork(preloaded_as_nobody, (void *)argv);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, nkt_wait_child(pid));
	ASSERT_EQ(before + 1, atomic_load(&self->srv.received));
	pthread_mutex_lock(&self->srv.lock);
	EXPECT_STREQ("test.Nobody", self->srv.last_class);
	pthread_mutex_unlock(&self->srv.lock);
}

TEST_F(id, exe_alone_is_refused)
{
	char policy[512], out[4096];
	const char *argv[] = { "check", policy, NULL };

	snprintf(policy, sizeof(policy), "%s",
		 pt_write_policy("bind test.Trusted exe=\"/usr/bin/true\"\n"));
	EXPECT_NE(0, pt_nkpolicy_run(out, sizeof(out), argv));
	EXPECT_NE(NULL, strstr(out, "exe= alone does not identify a process"));
}

/* The opener's LSM context as the LSM prints it, without a mode suffix. */
static int current_label(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/attr/current", "r");
	char *p;

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	p = strstr(buf, " (");	/* AppArmor: "profile (enforce)" */
	if (p)
		*p = 0;
	return buf[0] ? 0 : -1;
}

TEST_F(id, label_binding)
{
	const char *argv[] = { self->copy, self->name, NULL };
	char label[256], policy[512];

	if (current_label(label, sizeof(label)))
		SKIP(return, "no LSM gives this process a context");
	snprintf(policy, sizeof(policy),
		 "default grant\nbind test.Labelled label=\"%s\" uid=0\n", label);
	ASSERT_EQ(0, pt_load_text(policy));
	EXPECT_STREQ("test.Labelled", run(self, argv));
	snprintf(policy, sizeof(policy),
		 "default grant\nbind test.Labelled label=\"%s_other\" uid=0\n",
		 label);
	ASSERT_EQ(0, pt_load_text(policy));
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, run(self, argv));
}

/*
 * Two AppArmor profiles that allow everything but changing profile.  The
 * label of a confined process is its profile name (no mode suffix).
 */
static const char aa_profiles[] =
	"profile nkipc_test_trusted { file, capability, network, signal, ptrace, unix, }\n"
	"profile nkipc_test_other { file, capability, network, signal, ptrace, unix, }\n";

static int aa_load(const char *dir, const char *op)
{
	char path[128], cmd[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/profiles", dir);
	f = fopen(path, "w");
	if (!f || fputs(aa_profiles, f) < 0 || fclose(f))
		return -1;
	snprintf(cmd, sizeof(cmd), "apparmor_parser %s '%s' 2>&1", op, path);
	return system(cmd);
}

/* apparmor_parser and five aa-exec runs: minutes under a loaded TCG guest */
TEST_F_TIMEOUT(id, apparmor_label_of_a_confined_process, 240)
{
	const char *trusted[] = { "/usr/bin/aa-exec", "-p", "nkipc_test_trusted",
				  "--", self->copy, self->name, NULL };
	const char *other[] = { "/usr/bin/aa-exec", "-p", "nkipc_test_other",
				"--", self->copy, self->name, NULL };
	/* confined in one profile, trying to enter the bound one */
	const char *hop[] = { "/usr/bin/aa-exec", "-p", "nkipc_test_other", "--",
			      "/usr/bin/aa-exec", "-p", "nkipc_test_trusted",
			      "--", self->copy, self->name, NULL };
	long before;
	pid_t pid;

	if (access("/sys/kernel/security/apparmor", F_OK))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		      NULL);
	if (access("/sys/kernel/security/apparmor", F_OK) ||
	    access("/usr/sbin/apparmor_parser", X_OK) ||
	    access(trusted[0], X_OK))
		SKIP(return, "AppArmor or its tools are not available");
	ASSERT_EQ(0, aa_load(self->dir, "-r"));
	ASSERT_EQ(0, pt_load_text("default grant\n"
				  "bind test.Confined label=\"nkipc_test_trusted\" uid=0\n"));
	EXPECT_STREQ("test.Confined", run(self, trusted));
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, run(self, other));
	/* a confined attacker cannot change into the bound profile */
	before = atomic_load(&self->srv.received);
	pid = nkt_fork(as_nobody, (void *)hop);
	ASSERT_LT(0, pid);
	EXPECT_NE(0, nkt_wait_child(pid));
	EXPECT_EQ(before, atomic_load(&self->srv.received));
	/*
	 * AppArmor lets an unconfined process change_profile into any
	 * profile: it gets the label, but not the uid the binding needs
	 * too (which is why a label alone is refused).
	 */
	before = atomic_load(&self->srv.received);
	pid = nkt_fork(as_nobody, (void *)trusted);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
	ASSERT_EQ(before + 1, atomic_load(&self->srv.received));
	pthread_mutex_lock(&self->srv.lock);
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, self->srv.last_class);
	pthread_mutex_unlock(&self->srv.lock);
	aa_load(self->dir, "-R");
}

/* The child joins the cgroup, then runs the (unbound) copy. */
struct cg_child {
	const char *procs;
	const char *const *argv;
};

static int in_cgroup(void *arg)
{
	struct cg_child *c = arg;
	FILE *f = fopen(c->procs, "w");

	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f))
		return 10;
	execv(c->argv[0], (char *const *)c->argv);
	return 127;
}

TEST_F(id, cgroup_binding)
{
	const char *argv[] = { self->copy, self->name, NULL };
	char cg[128], procs[160], policy[512];
	struct cg_child c = { procs, argv };
	long before;
	pid_t pid;

	if (access("/sys/fs/cgroup/cgroup.procs", F_OK))
		SKIP(return, "no cgroup v2 hierarchy at /sys/fs/cgroup");
	snprintf(cg, sizeof(cg), "/sys/fs/cgroup/ptid-%d", getpid());
	ASSERT_EQ(0, mkdir(cg, 0755));
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
	snprintf(policy, sizeof(policy),
		 "default grant\nbind test.Cgroup cgroup=\"/ptid-%d\"\n", getpid());
	ASSERT_EQ(0, pt_load_text(policy));
	before = atomic_load(&self->srv.received);
	pid = nkt_fork(in_cgroup, &c);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, nkt_wait_child(pid));
	ASSERT_EQ(before + 1, atomic_load(&self->srv.received));
	pthread_mutex_lock(&self->srv.lock);
	EXPECT_STREQ("test.Cgroup", self->srv.last_class);
	pthread_mutex_unlock(&self->srv.lock);
	/* outside the cgroup: unbound */
	EXPECT_STREQ(NKIPC_DEFAULT_CLASS_NAME, run(self, argv));
	pt_unload();	/* drops the policy's reference to the cgroup */
	EXPECT_EQ(0, rmdir(cg));
}

TEST_HARNESS_MAIN
